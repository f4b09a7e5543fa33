"""Use case: bring the network up by mode priority, and take it down again (spec networking.md §2).

Order: the VLAN pre-step, the bond pre-step, then static mode when STATIC_IP is set, else DHCP;
a failed static setup falls back to DHCP. The first VLAN that came up, else the bond, becomes
the interface of the mode above it when STATIC_IFACE is empty. GoBGP and FRR modes, which sit
between the bond and static in the priority list, are not handled here.

Departures from v0.0.1: DHCP runs on that VLAN or bond rather than on every NIC (bond slaves
and VLAN parents carry no DHCP of their own); a VLAN with its own address needs no further mode;
when even DHCP fails, what was created is removed and the error raised, instead of returning a
mode that cannot work (§2.2). DNS_RESOLVERS, when set, win over the lease's name servers.
"""

from __future__ import annotations

import logging

import attrs

from booty.app.network.bond import bond_down, bond_up
from booty.app.network.dhcp import DHCP_TIMEOUT_S, dhcp_up
from booty.app.network.static import CARRIER_TIMEOUT_S, network_down, static_up
from booty.app.network.vlan import vlans_down, vlans_up
from booty.domain.config.model import NetworkConfig
from booty.domain.errors import BootyError
from booty.domain.netdev import physical_nics
from booty.domain.netresult import BondUp, NetworkMode, NetworkState, NetworkUp, VlansUp
from booty.ports.clock import Clock
from booty.ports.netlink import Netlink

log = logging.getLogger("booty.network")


def configure_network(
    netlink: Netlink,
    clock: Clock,
    network: NetworkConfig,
    *,
    dhcp_timeout_s: float = DHCP_TIMEOUT_S,
    carrier_timeout_s: float = CARRIER_TIMEOUT_S,
) -> NetworkState:
    """VLANs, bond, then static or DHCP, as *network* asks.

    Raises:
        NoLeaseReceived, NetworkSetupFailed, NetlinkOperationFailed: DHCP, the last resort,
            failed too; VLANs and bond created on the way are removed first.
    """
    vlans = vlans_up(netlink, network.vlans) if network.vlans else VlansUp()
    fallbacks: list[str] = [f"vlan {spec.name}: {why}" for spec, why in vlans.failed]
    bond = None
    if network.bond_interfaces:
        try:
            bond = bond_up(netlink, slaves=network.bond_interfaces, mode=network.bond_mode)
        except BootyError as e:
            log.warning("Bond setup failed", extra={"reason": str(e)})
            fallbacks.append(str(e))
    interface = network.static_iface or vlans.first or (bond.name if bond else "")
    try:
        up = _static(
            netlink, clock, network, interface=interface, fallbacks=fallbacks, timeout_s=carrier_timeout_s
        )
        up = (
            up
            or _from_vlan(network, vlans)
            or _dhcp(netlink, network, bond, interface, timeout_s=dhcp_timeout_s)
        )
    except BootyError:
        _undo(netlink, vlans, bond)
        raise
    log.info(
        "Network up", extra={"mode": up.mode.value, "interface": up.interface, "fallbacks": len(fallbacks)}
    )
    return NetworkState(up, vlans=vlans, bond=bond, fallbacks=tuple(fallbacks))


def teardown_network(netlink: Netlink, state: NetworkState) -> tuple[str, ...]:
    """Undo *state* in reverse order: addresses and routes, the bond, the VLANs.

    Returns:
        What could not be undone (empty when all went well); each was logged.
    """
    problems = list(network_down(netlink, state.up))
    return tuple(problems) + _undo(netlink, state.vlans, state.bond)


def _static(
    netlink: Netlink,
    clock: Clock,
    network: NetworkConfig,
    *,
    interface: str,
    fallbacks: list[str],
    timeout_s: float,
) -> NetworkUp | None:
    """Static mode when STATIC_IP is set; a failure is recorded and means "try DHCP"."""
    if network.static_ip is None:
        return None
    try:
        return static_up(
            netlink,
            clock,
            address=network.static_ip,
            gateway=network.static_gateway,
            interface=interface,
            dns=network.dns_resolvers,
            carrier_timeout_s=timeout_s,
        )
    except BootyError as e:
        log.warning("Static setup failed, falling back to DHCP", extra={"reason": str(e)})
        fallbacks.append(f"static: {e}")
        return None


def _from_vlan(network: NetworkConfig, vlans: VlansUp) -> NetworkUp | None:
    """Without STATIC_IP, the first VLAN that brought its own address is the static configuration."""
    if network.static_ip is not None:
        return None
    for vlan in vlans.up:
        if vlan.address is not None:
            return NetworkUp(
                NetworkMode.STATIC,
                vlan.name,
                (vlan.address,),
                gateway=vlan.spec.gateway,
                dns=network.dns_resolvers,
            )
    return None


def _dhcp(
    netlink: Netlink, network: NetworkConfig, bond: BondUp | None, interface: str, *, timeout_s: float
) -> NetworkUp:
    """DHCP on the chosen interface, else on every physical NIC that is not a bond slave."""
    slaves = bond.slaves if bond else ()
    names = (interface,) if interface else physical_nics(netlink.links(), exclude=slaves)
    up = dhcp_up(netlink, interfaces=names, timeout_s=timeout_s)
    return attrs.evolve(up, dns=network.dns_resolvers) if network.dns_resolvers else up


def _undo(netlink: Netlink, vlans: VlansUp, bond: BondUp | None) -> tuple[str, ...]:
    problems = bond_down(netlink, bond) if bond else ()
    return problems + vlans_down(netlink, vlans)
