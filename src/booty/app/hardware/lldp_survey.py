"""LLDP for the inventory: which switch port each NIC is cabled to.

Switches send LLDP every 30 s, so waiting for them inside collect-inventory would hold the run
up by that much. The agent therefore starts the listening as soon as the network is up
(``start_lldp_survey``) and collect-inventory only collects what was heard
(``LldpSurvey.neighbors``); the listening also ends early once every NIC has heard a neighbour.

A listen that fails (a NIC gone, no raw sockets) is a warning and an inventory without
neighbours: the hardware report must not be lost for the sake of its cabling section.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import attrs

from booty.domain.errors import BootyError
from booty.domain.lldp import LldpNeighbor
from booty.domain.netdev import physical_nics
from booty.ports.lldp import Lldp
from booty.ports.netlink import Netlink

log = logging.getLogger("booty.inventory")


@attrs.define
class LldpSurvey:
    """One listen running on its own thread; ``neighbors`` waits for it to end."""

    interfaces: tuple[str, ...]
    timeout_s: float
    _thread: threading.Thread | None = None
    _heard: tuple[LldpNeighbor, ...] = ()
    _failure: BootyError | None = None
    _reported: bool = False

    def start(self, lldp: Lldp) -> None:
        """Listen on a thread of its own; a second call does nothing."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._listen, args=(lldp,), name="lldp-survey", daemon=True
            )
            self._thread.start()

    def _listen(self, lldp: Lldp) -> None:
        """The thread's body; a failure is kept for ``neighbors`` to report."""
        try:
            self._heard = lldp.listen(self.interfaces, timeout_s=self.timeout_s, until_each_heard=True)
        except BootyError as e:
            self._failure = e

    def neighbors(self) -> tuple[LldpNeighbor, ...]:
        """The neighbours heard, once the listen has ended; logged the first time."""
        if self._thread is not None:
            self._thread.join()
        if not self._reported:
            self._reported = True
            self._log()
        return self._heard

    def _log(self) -> None:
        if self._failure is not None:
            log.warning(
                "LLDP listening failed; inventory without neighbours", extra={"reason": str(self._failure)}
            )
            return
        for n in self._heard:
            log.info(
                "LLDP neighbour",
                extra={
                    "interface": n.interface,
                    "switch": n.system_name or n.chassis_id.value,
                    "port": n.port_id.value,
                    "vlan": n.port_vlan_id,
                },
            )
        silent = sorted(set(self.interfaces) - {n.interface for n in self._heard})
        if silent:
            log.info(
                "No LLDP neighbour heard",
                extra={"interfaces": ",".join(silent), "timeout_s": self.timeout_s},
            )


def start_lldp_survey(lldp: Lldp, interfaces: Sequence[str], *, timeout_s: float) -> LldpSurvey:
    """Start listening on *interfaces* in the background for at most *timeout_s* seconds."""
    survey = LldpSurvey(tuple(interfaces), timeout_s)
    log.info(
        "Listening for LLDP neighbours", extra={"interfaces": ",".join(interfaces), "timeout_s": timeout_s}
    )
    survey.start(lldp)
    return survey


def lldp_interfaces(netlink: Netlink, chosen: Sequence[str] = ()) -> tuple[str, ...]:
    """The NICs to listen on: those chosen for the network (``--iface``), else every physical NIC."""
    return tuple(chosen) or tuple(physical_nics(netlink.links()))
