"""Use case: wait for the controller the way the network mode that is up needs it (spec
networking.md §8).

Every mode waits with ``wait_for_controller``. FRR mode (§4.8) adds two things: its daemons are
restarted whenever the controller stayed unreachable for 120 s since the wait began or since the
last restart, because a BGP session that came up wrong stays wrong; and FRR's state is dumped
(§4.10) when the wait times out. No other mode restarts anything.

Departure from v0.0.1: the restart is booty's own (``restart_frr``: stop the daemons, start them,
``vtysh -b``), not ``systemctl restart frr`` or ``frrinit.sh restart``, since booty supervises
the daemons itself. Each restart gives the daemons new pids, so the record teardown needs changes:
the caller is told the new one (``on_record``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs

from booty.app.network.connectivity import CONNECTIVITY_TIMEOUT_S, Stall, wait_for_controller
from booty.app.network.context import DAEMON_READY_TIMEOUT_S, NetworkPorts
from booty.app.network.frr import VTYSH_TIMEOUT_S, dump_frr_state, restart_frr
from booty.domain.errors import BootyError, ControllerUnreachable
from booty.domain.netresult import ControllerReached
from booty.domain.network import FrrLayout
from booty.domain.network.modes import NetworkMode
from booty.domain.network.state import NetworkRecord

FRR_RESTART_AFTER_S = 120.0
"""How long the controller may stay unreachable before FRR is restarted (again), spec §4.8."""
MIN_RESTART_BUDGET_S = 1.0

RecordListener = Callable[[NetworkRecord], None]
"""Told the record after each FRR restart (new pids): ``booty net up`` rewrites its state file."""

log = logging.getLogger("booty.network")


@attrs.define
class FrrRestart:
    """FRR mode's remedy for a stalled connectivity wait: restart booty's FRR daemons."""

    ports: NetworkPorts
    record: NetworkRecord
    """What teardown must undo; its daemons are replaced at each successful restart."""
    every_s: float = FRR_RESTART_AFTER_S
    on_record: RecordListener | None = None
    ready_timeout_s: float = DAEMON_READY_TIMEOUT_S
    restarts: int = 0
    """Restarts that brought the daemons back."""

    def __call__(self, stall: Stall) -> None:
        """Restart FRR, within the time the wait has left; a failed restart is only logged."""
        log.warning(
            "Restarting FRR: controller not reachable after %g s",
            self.every_s,
            extra={
                "restart": stall.count,
                "waited_s": round(stall.waited_s, 1),
                "attempts": stall.attempts,
                "time_left_s": round(stall.time_left_s, 1),
            },
        )
        budget = max(stall.time_left_s, MIN_RESTART_BUDGET_S)
        try:
            self.record = restart_frr(
                self.ports,
                self.record,
                ready_timeout_s=min(self.ready_timeout_s, budget),
                load_timeout_s=min(VTYSH_TIMEOUT_S, budget),
            )
        except BootyError as e:  # the wait goes on; the next stall tries again
            log.warning("FRR restart failed", extra={"restart": stall.count, "reason": str(e)})
            return
        self.restarts += 1
        daemons = ", ".join(f"{d.name} (pid {d.pid})" for d in self.record.daemons)
        log.info("FRR restarted", extra={"restart": stall.count, "daemons": daemons})
        if self.on_record is not None:
            self.on_record(self.record)


def wait_for_network(
    ports: NetworkPorts,
    record: NetworkRecord,
    url: str,
    *,
    timeout_s: float = CONNECTIVITY_TIMEOUT_S,
    restart_after_s: float = FRR_RESTART_AFTER_S,
    on_record: RecordListener | None = None,
) -> ControllerReached:
    """Wait for the controller at *url*; in FRR mode, restart FRR on the way and dump its state
    on timeout.

    Args:
        record: what the bring-up made (``outcome.record``); FRR mode is its ``mode`` with daemons.
        restart_after_s: FRR is restarted whenever the controller stayed unreachable this long.
        on_record: told the new record after each FRR restart. Callers that tear down later
            must keep it: the old record names daemons that are gone.

    Returns:
        How the controller answered.

    Raises:
        HttpRequestInvalid: *url* is empty or can never be requested.
        ControllerUnreachable: no answer within *timeout_s* (FRR's state was dumped first).
    """
    if record.mode is not NetworkMode.FRR or not record.daemons:
        return wait_for_controller(ports.http, ports.clock, url, timeout_s=timeout_s)
    restart = FrrRestart(ports, record, every_s=restart_after_s, on_record=on_record)
    try:
        return wait_for_controller(ports.http, ports.clock, url, timeout_s=timeout_s, on_stall=restart)
    except ControllerUnreachable:
        log.warning("Controller unreachable in FRR mode", extra={"restarts": restart.restarts})
        dump_frr_state(ports, FrrLayout(restart.record.frr_root))
        raise
