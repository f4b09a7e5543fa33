"""Use case: DHCP mode (spec networking.md §6), with the v0.0.1 bugs fixed.

Every candidate link is asked at once rather than one after another for 15 s each (§6.2, §10.1
item 8); the first lease wins and the other clients stop. The lease's address goes on its link
and its first ROUTER becomes the default gateway (not the server identifier); the name servers
are kept in the result for the installed system.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import Route, physical_nics
from booty.domain.netresult import NetworkMode, NetworkUp
from booty.ports.netlink import Netlink

DHCP_TIMEOUT_S = 30.0
"""One wait for all links together; v0.0.1 waited 15 s per link, in turn."""

log = logging.getLogger("booty.network")


def dhcp_up(
    netlink: Netlink, *, interfaces: Sequence[str] | None = None, timeout_s: float = DHCP_TIMEOUT_S
) -> NetworkUp:
    """Get a lease on one of *interfaces* (default: every physical NIC) and configure it.

    Args:
        netlink: the namespace to configure.
        interfaces: links to ask, all at once; None means ``physical_nics`` of the machine.
        timeout_s: how long to wait for the first lease.

    Returns:
        The winning link with its address, gateway, DNS servers and lease; the client keeps
        renewing until ``network_down`` (or ``Netlink.stop_dhcp``).

    Raises:
        NetworkSetupFailed: no candidate link, or none could be brought up.
        NoLeaseReceived: no lease within *timeout_s* (names the links and the timeout).
        NetlinkOperationFailed: the leased address or route was refused.
    """
    names = tuple(interfaces) if interfaces is not None else physical_nics(netlink.links())
    if not names:
        raise NetworkSetupFailed("dhcp", "no candidate interface (no physical NIC with a MAC address)")
    usable = _bring_up(netlink, names)
    if not usable:
        raise NetworkSetupFailed("dhcp", f"could not bring up any of {', '.join(names)}")
    log.info("DHCP started", extra={"interfaces": ",".join(usable), "timeout_s": timeout_s})
    lease = netlink.dhcp_lease(usable, timeout_s=timeout_s)
    log.info(
        "DHCP lease obtained",
        extra={
            "interface": lease.interface,
            "address": str(lease.address),
            "gateway": str(lease.gateway or ""),
            "dns": ",".join(map(str, lease.dns)),
            "server": str(lease.server or ""),
            "lease_s": lease.lease_time_s if lease.lease_time_s is not None else "infinite",
        },
    )
    routes: tuple[Route, ...] = ()
    try:
        netlink.add_address(lease.interface, lease.address)
        if lease.gateway is not None:
            # A /32 lease (or a router outside the subnet) needs the on-link flag to be usable.
            onlink = lease.gateway not in lease.address.network
            routes = (Route.default(lease.gateway, name=lease.interface, onlink=onlink),)
            netlink.add_route(routes[0])
    except BootyError:
        netlink.stop_dhcp()
        raise
    return NetworkUp(
        NetworkMode.DHCP,
        lease.interface,
        (lease.address,),
        gateway=lease.gateway,
        dns=lease.dns,
        routes=routes,
        lease=lease,
    )


def _bring_up(netlink: Netlink, names: Sequence[str]) -> tuple[str, ...]:
    """Bring every link up; one that refuses is left out with a warning (spec §6.2 step 1)."""
    usable = []
    for name in names:
        try:
            netlink.set_up(name)
        except BootyError as e:
            log.warning("DHCP skips an interface", extra={"interface": name, "reason": str(e)})
        else:
            usable.append(name)
    return tuple(usable)
