"""Use case: static mode (STATIC_IP, STATIC_GATEWAY, STATIC_IFACE; spec networking.md §7.1),
and the teardown of any ``NetworkUp``.

Idempotent: running it again with the same values changes nothing and does not fail (the
address add accepts EEXIST, the default route is replaced). Departures from v0.0.1, as later
upstream: address and route failures are errors, not warnings (§10.1 item 10), and teardown
removes the route before the address. New here: without STATIC_IFACE the first physical NIC
*with carrier* is used, and a gateway outside the address's network is installed on-link.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from booty.app.network.common import attempt
from booty.domain.config.model import IPAddress, IPInterface
from booty.domain.errors import NetworkSetupFailed
from booty.domain.netdev import Route, physical_nics
from booty.domain.netresult import NetworkMode, NetworkUp
from booty.ports.clock import Clock
from booty.ports.netlink import Netlink

CARRIER_TIMEOUT_S = 10.0
"""How long a freshly brought-up NIC may take to report carrier (autonegotiation)."""
CARRIER_POLL_S = 0.5

log = logging.getLogger("booty.network")


def static_up(
    netlink: Netlink,
    clock: Clock,
    *,
    address: IPInterface,
    gateway: IPAddress | None = None,
    interface: str = "",
    dns: Sequence[IPAddress] = (),
    carrier_timeout_s: float = CARRIER_TIMEOUT_S,
) -> NetworkUp:
    """Put *address* on *interface* (or the first NIC with carrier) with a default route via *gateway*.

    Raises:
        NetworkSetupFailed: no interface given and no physical NIC got carrier in time.
        LinkNotFound: *interface* does not exist.
        NetlinkOperationFailed: the kernel refused the address or the route.
    """
    name = interface or interface_with_carrier(netlink, clock, timeout_s=carrier_timeout_s)
    netlink.set_up(name)
    netlink.add_address(name, address)
    routes: tuple[Route, ...] = ()
    if gateway is not None:
        routes = (Route.default(gateway, name=name, onlink=gateway not in address.network),)
        netlink.add_route(routes[0])
    log.info(
        "Static network configured",
        extra={"interface": name, "address": str(address), "gateway": str(gateway or "")},
    )
    return NetworkUp(NetworkMode.STATIC, name, (address,), gateway=gateway, dns=tuple(dns), routes=routes)


def interface_with_carrier(netlink: Netlink, clock: Clock, *, timeout_s: float = CARRIER_TIMEOUT_S) -> str:
    """The first physical NIC (index order) that reports carrier once the NICs are up.

    Raises:
        NetworkSetupFailed: no physical NIC, or none with carrier within *timeout_s*.
    """
    candidates = physical_nics(netlink.links())
    if not candidates:
        raise NetworkSetupFailed("static", "no physical interface found")
    for name in candidates:
        netlink.set_up(name)
    deadline = clock.monotonic() + timeout_s
    while True:
        with_carrier = [link.name for link in netlink.links() if link.name in candidates and link.carrier]
        if with_carrier:
            log.info(
                "Interface detected", extra={"interface": with_carrier[0], "candidates": ",".join(candidates)}
            )
            return with_carrier[0]
        if clock.monotonic() >= deadline:
            raise NetworkSetupFailed(
                "static", f"no carrier on {', '.join(candidates)} within {timeout_s:g} s; set STATIC_IFACE"
            )
        clock.sleep(CARRIER_POLL_S)


def network_down(netlink: Netlink, up: NetworkUp) -> tuple[str, ...]:
    """Undo *up*: stop the DHCP client, delete its routes, then its addresses.

    Best effort, and safe to repeat: every step runs even when an earlier one failed.

    Returns:
        What could not be undone, one sentence each (empty when all went well).
    """
    problems = []
    if up.mode is NetworkMode.DHCP:
        netlink.stop_dhcp()
    for route in reversed(up.routes):
        problems += attempt(
            f"remove route {route.destination} via {route.gateway}", netlink.delete_route, route
        )
    for address in up.addresses:
        problems += attempt(
            f"remove {address} from {up.interface}", netlink.delete_address, up.interface, address
        )
    return tuple(problems)
