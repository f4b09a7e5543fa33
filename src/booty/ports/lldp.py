"""Port: listen for LLDP neighbours on a set of interfaces for a bounded time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from booty.domain.lldp import LldpNeighbor, SkippedFrame


class Lldp(Protocol):
    """Passive LLDP reception: booty hears its switches, it does not announce itself."""

    def listen(
        self, interfaces: Sequence[str], *, timeout_s: float, until_each_heard: bool = False
    ) -> tuple[LldpNeighbor, ...]:
        """Collect LLDP neighbours heard on *interfaces* until *timeout_s* seconds have passed.

        Frames are folded with ``NeighborTable`` rules: at most one neighbour per (interface,
        chassis ID, port ID), the latest frame winning; a shutdown LLDPDU (TTL 0) removes its
        neighbour; malformed frames are skipped and never end the listening early. Interfaces
        that are down simply hear nothing; one that disappears meanwhile is recorded in
        ``skipped`` and no longer listened on.

        Args:
            interfaces: local link names; an empty sequence returns ``()`` at once.
            timeout_s: how long to listen; switches send every 30 s by default, so callers that
                want every neighbour wait a little longer than that.
            until_each_heard: return as soon as every interface still listened on has heard a
                neighbour (one switch per NIC, as cabled in a rack), not at the timeout.

        Returns:
            The neighbours, each with ``interface`` set to the link it was heard on, in the order
            they were first heard.

        Raises:
            LldpListenFailed: a link does not exist, the namespace cannot be entered, or raw
                sockets are not allowed (no CAP_NET_RAW).
        """
        ...

    @property
    def skipped(self) -> tuple[SkippedFrame, ...]:
        """The frames the latest ``listen`` skipped, each with its interface and reason.

        At most ``MAX_SKIPPED_KEPT`` are kept, so that a flood of garbage cannot grow memory.
        """
        ...
