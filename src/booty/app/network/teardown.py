"""Use case: undo a network bring-up from its ``NetworkRecord`` (spec networking.md §4.9, later
upstream: everything booty created is removed, "not found" counting as success).

The same function serves the agent (the record in memory) and ``booty net down`` (the record
read back from the state file of ``booty net up``). Every step runs even when an earlier one
failed; what could not be undone is returned, one sentence each, and logged.
"""

from __future__ import annotations

import logging

from booty.app.network.common import attempt
from booty.app.network.context import NetworkPorts
from booty.domain.errors import BootyError
from booty.domain.network.state import NetworkRecord

log = logging.getLogger("booty.network")


def undo_record(ports: NetworkPorts, record: NetworkRecord) -> tuple[str, ...]:
    """Stop the daemons, the DHCP client; remove routes, addresses, enslavements, links; put the
    MTUs and sysctls back. Safe to repeat.

    Returns:
        What could not be undone (empty when all went well).
    """
    netlink = ports.netlink
    problems: list[str] = []
    for daemon in reversed(record.daemons):
        problems += attempt(f"stop {daemon.name} (pid {daemon.pid})", ports.processes.stop, daemon)
    if record.dhcp:
        netlink.stop_dhcp()
    for route in reversed(record.routes):
        problems += attempt(
            f"remove route {route.destination} via {route.gateway}", netlink.delete_route, route
        )
    for added in reversed(record.addresses):
        problems += attempt(
            f"remove {added.address} from {added.link}", netlink.delete_address, added.link, added.address
        )
    for slave in reversed(record.enslaved):
        problems += attempt(f"release {slave.link} from {slave.master}", _release, ports, slave.link)
    for name in reversed(record.links):
        problems += attempt(f"delete {name}", netlink.delete_link, name)
    for mtu in reversed(record.mtus):
        problems += attempt(f"restore the MTU of {mtu.link}", netlink.set_mtu, mtu.link, mtu.previous)
    for changed in reversed(record.sysctls):
        problems += attempt(f"restore {changed.path}", netlink.set_sysctl, changed.path, changed.previous)
    log.info(
        "Network torn down",
        extra={
            "mode": record.mode.value if record.mode else "",
            "daemons": len(record.daemons),
            "links": ",".join(record.links),
            "problems": len(problems),
        },
    )
    return tuple(problems)


def _release(ports: NetworkPorts, link: str) -> None:
    try:
        ports.netlink.set_master(link, None)
    except BootyError:
        if link in {existing.name for existing in ports.netlink.links()}:
            raise  # a link that is gone is released already
