"""Use case: the VLAN pre-step (VLANS; spec networking.md §7.3), run before every other mode.

For each ``ID:parent[:address[:gateway]]`` entry, in order: bring the parent up, create (or
reuse) ``<parent>.<id>``, bring it up, add the address, and route everything via the gateway.
A VLAN that fails is logged, cleaned up if booty created it (later upstream; v0.0.1 left it
behind) and skipped; the others go on. Teardown deletes what was created.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from booty.app.network.common import attempt, ensure_link
from booty.domain.config.model import VlanSpec
from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import Route, VlanLinkSpec
from booty.domain.netresult import VlansUp, VlanUp
from booty.ports.netlink import Netlink

log = logging.getLogger("booty.network")


def vlans_up(netlink: Netlink, vlans: Sequence[VlanSpec]) -> VlansUp:
    """Set up every VLAN of *vlans*; failures are reported in the result, never raised.

    A later VLAN's gateway replaces an earlier one's default route (one default per family).
    """
    up: list[VlanUp] = []
    failed: list[tuple[VlanSpec, str]] = []
    for vlan in vlans:
        try:
            up.append(vlan_up(netlink, vlan))
        except BootyError as e:
            log.warning("VLAN skipped", extra={"vlan": vlan.name, "reason": str(e)})
            failed.append((vlan, str(e)))
    return VlansUp(tuple(up), tuple(failed))


def vlan_up(netlink: Netlink, vlan: VlanSpec) -> VlanUp:
    """Set up one VLAN; a link booty created is removed again when a later step fails.

    Raises:
        NetworkSetupFailed: the VLAN id is outside 1..4094, or the name is taken by another kind.
        LinkNotFound: the parent does not exist.
        NetlinkOperationFailed: the kernel refused (EOPNOTSUPP: no 8021q support).
    """
    if not 1 <= vlan.vlan_id <= 4094:
        raise NetworkSetupFailed("vlan", f"VLAN id {vlan.vlan_id} of {vlan.name} is outside 1..4094")
    netlink.set_up(vlan.parent)
    created = ensure_link(netlink, VlanLinkSpec(vlan.name, vlan.parent, vlan.vlan_id), mode="vlan")
    try:
        routes = _configure(netlink, vlan)
    except BootyError:
        if created:
            netlink.delete_link(vlan.name)
        raise
    log.info(
        "VLAN up",
        extra={"vlan": vlan.name, "address": str(vlan.address or ""), "gateway": str(vlan.gateway or "")},
    )
    return VlanUp(vlan, address=vlan.address, routes=routes, created=created)


def vlans_down(netlink: Netlink, vlans: VlansUp) -> tuple[str, ...]:
    """Delete the VLAN links booty created, last first; reused ones only lose their address and route.

    Returns:
        What could not be undone (empty when all went well).
    """
    problems: list[str] = []
    for vlan in reversed(vlans.up):
        if vlan.created:
            problems += attempt(f"delete {vlan.name}", netlink.delete_link, vlan.name)
            continue
        for route in vlan.routes:
            problems += attempt(f"remove route via {route.gateway}", netlink.delete_route, route)
        if vlan.address is not None:
            problems += attempt(f"remove {vlan.address}", netlink.delete_address, vlan.name, vlan.address)
    return tuple(problems)


def _configure(netlink: Netlink, vlan: VlanSpec) -> tuple[Route, ...]:
    netlink.set_up(vlan.name)
    if vlan.address is not None:
        netlink.add_address(vlan.name, vlan.address)
    if vlan.gateway is None:
        return ()
    onlink = vlan.address is None or vlan.gateway not in vlan.address.network
    route = Route.default(vlan.gateway, name=vlan.name, onlink=onlink)
    netlink.add_route(route)
    return (route,)
