"""An in-memory Lldp: neighbours (or raw frames) scripted per interface, heard at once.

Kept honest by ``tests/contract/test_lldp_contract.py``: the same folding rules as the real
listener (they are the domain's ``NeighborTable``), ``LldpListenFailed`` with ENODEV for a link
that does not exist, and an empty interface list hears nothing.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence

import attrs

from booty.domain.errors import LldpListenFailed
from booty.domain.lldp import LldpNeighbor, NeighborTable, SkippedFrame


@attrs.define
class FakeLldp:
    """Never waits out the timeout: every scripted frame is "heard" the moment ``listen`` runs."""

    heard: dict[str, list[LldpNeighbor | bytes]] = attrs.field(factory=dict)
    """What each interface hears during a listen, in order: neighbour values, or raw frames that
    go through the real decoder (so malformed ones are skipped as on the wire). Only interfaces
    listed here exist; an empty list is a link with nothing on the other end."""
    listens: list[tuple[tuple[str, ...], float]] = attrs.field(factory=list)
    """Every ``listen`` call: (interfaces, timeout_s)."""
    waited_s: float = 0.0
    """The time the listens would have taken on the wire: the timeout, unless ``until_each_heard``
    was asked and every interface heard a neighbour (then nothing)."""
    last_table: NeighborTable = attrs.field(factory=NeighborTable)

    def add_interface(self, name: str, *heard: LldpNeighbor | bytes) -> None:
        """Make link *name* exist and hear *heard* (appended to what it hears already)."""
        self.heard.setdefault(name, []).extend(heard)

    @property
    def skipped(self) -> tuple[SkippedFrame, ...]:
        """The frames the latest ``listen`` skipped, with their reasons."""
        return self.last_table.skipped

    def listen(
        self, interfaces: Sequence[str], *, timeout_s: float, until_each_heard: bool = False
    ) -> tuple[LldpNeighbor, ...]:
        """What the scripted interfaces hear, folded as the real listener folds it.

        Raises:
            LldpListenFailed: an interface was never added (ENODEV, as the kernel says).
        """
        names = tuple(dict.fromkeys(interfaces))
        self.listens.append((names, timeout_s))
        for name in names:
            if name not in self.heard:
                raise LldpListenFailed(name, errno=errno.ENODEV, reason=os.strerror(errno.ENODEV))
        table = NeighborTable()
        for name in names:
            for item in self.heard[name]:
                if isinstance(item, bytes):
                    table = table.hear(name, item)
                else:
                    table = table.add(attrs.evolve(item, interface=name))
        self.last_table = table
        if not (until_each_heard and table.heard_on(set(names))):
            self.waited_s += timeout_s
        return table.neighbors
