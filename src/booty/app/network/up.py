"""Use case: bring the network up by the domain's plan, and take it down again (spec networking.md §2).

``choose_network_modes`` decides; this module executes the plan through a handler table: the
preparation steps (VLANs, then the bond; failures only recorded), then each attempt in order
until one comes up: GoBGP (not built: it fails with "GoBGP mode is not available in this
build" and the plan's fallback follows), FRR, static, and DHCP as the floor. The first VLAN that
came up, else the bond, is the interface of static and DHCP mode when STATIC_IFACE is empty.

The result is a ``NetworkOutcome`` value, never an exception for a mode that failed: it says
which mode is up, every failure with its reason, and the ``NetworkRecord`` teardown needs. When
even DHCP gets no lease the outcome is not ``connected`` (its mode stays DHCP, the floor) and
what the preparation created is removed again; ``outcome.require_connected()`` turns that into
``NetworkUnavailable`` for callers that want an exception. v0.0.1 returned the failed DHCP mode
and let the connectivity wait time out five minutes later (§2.2).

Departures from v0.0.1: DHCP runs on that VLAN or bond rather than on every NIC (bond slaves
and VLAN parents carry no DHCP of their own); a VLAN with its own address needs no further mode;
DNS_RESOLVERS, when set, win over the lease's name servers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs

from booty.app.network.bond import bond_up
from booty.app.network.context import NetworkOptions, NetworkPorts
from booty.app.network.dhcp import dhcp_up
from booty.app.network.frr import frr_up
from booty.app.network.static import static_up
from booty.app.network.teardown import undo_record
from booty.app.network.vlan import vlans_up
from booty.domain.config.model import NetworkConfig
from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import physical_nics
from booty.domain.netresult import BondUp, NetworkUp, VlansUp
from booty.domain.netresult import NetworkMode as AddressMode
from booty.domain.network import choose_network_modes
from booty.domain.network.modes import NetworkMode, NetworkPlan
from booty.domain.network.state import (
    FrrUp,
    ModeFailure,
    NetworkOutcome,
    NetworkRecord,
    record_of_bond,
    record_of_up,
    record_of_vlans,
)

GOBGP_MISSING = "GoBGP mode is not available in this build"

log = logging.getLogger("booty.network")


@attrs.frozen
class _Prepared:
    """What the preparation steps left for the modes: the VLANs, the bond, the interface."""

    vlans: VlansUp
    bond: BondUp | None
    interface: str
    """Static mode's interface: STATIC_IFACE, else the first VLAN up, else the bond."""
    options: NetworkOptions

    @property
    def dhcp_interface(self) -> str:
        """DHCP's interface: the first VLAN up, else the bond; empty asks every NIC.

        Unlike static mode, DHCP ignores STATIC_IFACE: it is the fallback for when that failed.
        """
        return self.vlans.first or (self.bond.name if self.bond else "")


ModeHandler = Callable[[NetworkPorts, NetworkConfig, _Prepared], tuple[NetworkUp | FrrUp, NetworkRecord]]


def configure_network(
    ports: NetworkPorts, network: NetworkConfig, *, options: NetworkOptions | None = None
) -> NetworkOutcome:
    """Prepare VLANs and bond, then try the plan's modes in order until one comes up.

    Returns:
        The outcome; ``connected`` is False when every mode failed, DHCP included.
    """
    options = options or NetworkOptions()
    plan = choose_network_modes(network)
    for choice in plan.skipped:
        log.debug("Network mode skipped", extra={"mode": choice.mode.value, "reason": choice.reason})
    failures: list[ModeFailure] = []
    prepared = _prepare(ports, network, plan, options, failures)
    before = record_of_vlans(prepared.vlans).then(record_of_bond(prepared.bond))
    for choice in plan.attempts:
        log.info("Trying network mode", extra={"mode": choice.mode.value, "reason": choice.reason})
        try:
            up, record = MODE_HANDLERS[choice.mode](ports, network, prepared)
        except BootyError as e:
            failures.append(ModeFailure(choice.mode, str(e)))
            log.warning("Network mode failed", extra={"mode": choice.mode.value, "reason": str(e)})
            continue
        record = attrs.evolve(before.then(record), netns=options.netns)
        outcome = NetworkOutcome(
            plan,
            record.mode or choice.mode,
            up=up if isinstance(up, NetworkUp) else None,
            frr=up if isinstance(up, FrrUp) else None,
            vlans=prepared.vlans,
            bond=prepared.bond,
            failures=tuple(failures),
            record=record,
        )
        log.info(
            "Network up",
            extra={"mode": outcome.mode.value, "interface": record.interface, "fallbacks": len(failures)},
        )
        return outcome
    problems = undo_record(ports, before)
    log.error(
        "No network mode came up", extra={"failures": "; ".join(map(str, failures)), "cleanup": problems}
    )
    return NetworkOutcome(
        plan, NetworkMode.DHCP, vlans=prepared.vlans, bond=prepared.bond, failures=tuple(failures)
    )


def teardown_network(ports: NetworkPorts, record: NetworkRecord) -> tuple[str, ...]:
    """Undo what ``configure_network`` recorded (``outcome.record``), in reverse order.

    Returns:
        What could not be undone (empty when all went well); each was logged.
    """
    return undo_record(ports, record)


def _prepare(
    ports: NetworkPorts,
    network: NetworkConfig,
    plan: NetworkPlan,
    options: NetworkOptions,
    failures: list[ModeFailure],
) -> _Prepared:
    """The plan's preparation: VLANs, then the bond (spec §2.2 steps 2 and 3); their failures
    are recorded, not raised."""
    wanted = {choice.mode for choice in plan.prepare}
    for choice in plan.prepare:
        log.info("Preparing the network", extra={"step": choice.mode.value, "reason": choice.reason})
    vlans = vlans_up(ports.netlink, network.vlans) if NetworkMode.VLAN in wanted else VlansUp()
    failures += [ModeFailure(NetworkMode.VLAN, f"{spec.name}: {why}") for spec, why in vlans.failed]
    bond = None
    if NetworkMode.BOND in wanted:
        try:
            bond = bond_up(ports.netlink, slaves=network.bond_interfaces, mode=network.bond_mode)
        except BootyError as e:
            log.warning("Bond setup failed", extra={"reason": str(e)})
            failures.append(ModeFailure(NetworkMode.BOND, str(e)))
    interface = network.static_iface or vlans.first or (bond.name if bond else "")
    return _Prepared(vlans, bond, interface, options)


def _gobgp(
    _ports: NetworkPorts, _network: NetworkConfig, _prepared: _Prepared
) -> tuple[NetworkUp | FrrUp, NetworkRecord]:
    """GoBGP mode keeps its place in the priority list, but this build has no BGP speaker of its own."""
    raise NetworkSetupFailed("gobgp", GOBGP_MISSING)


def _frr(
    ports: NetworkPorts, network: NetworkConfig, prepared: _Prepared
) -> tuple[NetworkUp | FrrUp, NetworkRecord]:
    up = frr_up(ports, network, options=prepared.options)
    return up, up.record


def _static(
    ports: NetworkPorts, network: NetworkConfig, prepared: _Prepared
) -> tuple[NetworkUp | FrrUp, NetworkRecord]:
    if network.static_ip is None:  # the plan tries static only when STATIC_IP is set
        raise NetworkSetupFailed("static", "STATIC_IP is not set")
    up = static_up(
        ports.netlink,
        ports.clock,
        address=network.static_ip,
        gateway=network.static_gateway,
        interface=prepared.interface or next(iter(prepared.options.interfaces), ""),
        dns=network.dns_resolvers,
        carrier_timeout_s=prepared.options.carrier_timeout_s,
    )
    return up, record_of_up(up)


def _dhcp(
    ports: NetworkPorts, network: NetworkConfig, prepared: _Prepared
) -> tuple[NetworkUp | FrrUp, NetworkRecord]:
    """A VLAN with its own address first (no DHCP needed); else DHCP on the chosen interface, on
    ``--iface`` links, or on every physical NIC that is not a bond slave."""
    from_vlan = _from_vlan(network, prepared.vlans)
    if from_vlan is not None:
        # The VLAN's address and route belong to the VLAN step's record already.
        return from_vlan, NetworkRecord(mode=NetworkMode.STATIC, interface=from_vlan.interface)
    slaves = prepared.bond.slaves if prepared.bond else ()
    if prepared.dhcp_interface:
        names: tuple[str, ...] = (prepared.dhcp_interface,)
    else:
        names = prepared.options.interfaces or physical_nics(ports.netlink.links(), exclude=slaves)
    up = dhcp_up(ports.netlink, interfaces=names, timeout_s=prepared.options.dhcp_timeout_s)
    if network.dns_resolvers:
        up = attrs.evolve(up, dns=network.dns_resolvers)
    return up, record_of_up(up)


def _from_vlan(network: NetworkConfig, vlans: VlansUp) -> NetworkUp | None:
    """Without STATIC_IP, the first VLAN that brought its own address is the static configuration."""
    if network.static_ip is not None:
        return None
    for vlan in vlans.up:
        if vlan.address is not None:
            return NetworkUp(
                AddressMode.STATIC,
                vlan.name,
                (vlan.address,),
                gateway=vlan.spec.gateway,
                dns=network.dns_resolvers,
            )
    return None


MODE_HANDLERS: dict[NetworkMode, ModeHandler] = {
    NetworkMode.GOBGP: _gobgp,
    NetworkMode.FRR: _frr,
    NetworkMode.STATIC: _static,
    NetworkMode.DHCP: _dhcp,
}
"""How each attempted mode of the plan is brought up."""
