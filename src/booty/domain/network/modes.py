"""Which network modes to bring up, in which order, and why (spec networking.md §2).

VLANs and the bond are preparatory steps: they run first when configured and their failures are
only logged. Then one mode is tried, falling back on failure: GoBGP → FRR → DHCP, FRR → DHCP,
static → DHCP, else DHCP alone. DHCP is the floor: its mode is kept even when it fails, and the
connectivity wait decides. ``choose_network_modes`` returns this as a ``NetworkPlan`` that records
the reason for every mode it uses or skips, so the app can log them and tests can assert them.

Rules of this file:

1. The predicates are those of spec §2.1, on the typed config (NETWORK_MODE is already an enum).
2. Departure from v0.0.1 (§2.2 step 4): after a failed GoBGP setup, FRR is tried only when its
   own predicate holds. v0.0.1 tried it regardless; without asn_server and an underlay FRR can
   only fail or (with ASN 0) start a BGP instance FRR rejects.
3. As in v0.0.1, a failed BGP mode falls back to DHCP, never to static; the plan says so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence

import attrs

from booty.domain.config.model import NetworkConfig, NetworkModeRequest

BOND_NAME = "bond0"


class NetworkMode(enum.Enum):
    """A way of reaching the network, or a step preparing for one."""

    VLAN = "vlan"
    BOND = "bond"
    GOBGP = "gobgp"
    FRR = "frr"
    STATIC = "static"
    DHCP = "dhcp"


BGP_MODES = frozenset({NetworkMode.GOBGP, NetworkMode.FRR})


@attrs.frozen
class ModeChoice:
    """One mode and why it is used (or skipped)."""

    mode: NetworkMode
    reason: str


@attrs.frozen
class NetworkPlan:
    """The network bring-up order of one machine."""

    prepare: tuple[ModeChoice, ...]
    """Preparatory steps (VLAN, then bond) to run first; a failure is only logged."""
    attempts: tuple[ModeChoice, ...]
    """Modes to try in order, each the fallback of the one before; DHCP is always last."""
    skipped: tuple[ModeChoice, ...]
    """Every mode not used, with the reason, in priority order."""

    @property
    def modes(self) -> tuple[NetworkMode, ...]:
        """The attempted modes alone, in order."""
        return tuple(choice.mode for choice in self.attempts)

    @property
    def needs_ipmi_detection(self) -> bool:
        """Whether IPMI detection must run first: GoBGP and FRR derive addresses (spec §3.5)."""
        return any(mode in BGP_MODES for mode in self.modes)

    def reason(self, mode: NetworkMode) -> str:
        """Why *mode* is prepared, attempted or skipped."""
        choices = (*self.prepare, *self.attempts, *self.skipped)
        return next(choice.reason for choice in choices if choice.mode is mode)


def wants_vlans(network: NetworkConfig) -> bool:
    """IsVLANMode: the VLAN list is not empty."""
    return bool(network.vlans)


def wants_bond(network: NetworkConfig) -> bool:
    """IsBondMode: BOND_INTERFACES is set (BOND_MODE alone is not enough)."""
    return bool(network.bond_interfaces)


def wants_gobgp(network: NetworkConfig) -> bool:
    """IsGoBGPMode: NETWORK_MODE is gobgp."""
    return network.network_mode is NetworkModeRequest.GOBGP


def wants_frr(network: NetworkConfig) -> bool:
    """IsFRRMode: an underlay (address or subnet) and a non-zero ASN."""
    return not _frr_missing(network)


def wants_static(network: NetworkConfig) -> bool:
    """IsStaticMode: STATIC_IP is set (a gateway alone is not enough)."""
    return network.static_ip is not None


def _frr_missing(network: NetworkConfig) -> list[str]:
    missing = []
    if network.underlay_ip is None and network.underlay_subnet is None:
        missing.append("neither underlay_ip nor underlay_subnet is set")
    if network.asn == 0:
        missing.append("asn_server is not set")
    return missing


def choose_network_modes(network: NetworkConfig) -> NetworkPlan:
    """The ordered modes to bring up, with fallbacks and reasons (spec §2.2).

    Args:
        network: the machine's network configuration.

    Returns:
        A plan: VLAN and bond preparation when configured; then GoBGP, FRR or static when
        configured, in that priority, each followed by its fallbacks; DHCP last.
    """
    prepare: list[ModeChoice] = []
    skipped: list[ModeChoice] = []
    for choice, used in _preparations(network):
        (prepare if used else skipped).append(choice)
    attempts: list[ModeChoice] = []
    for choice, used in _modes(network):
        (attempts if used else skipped).append(choice)
    floor = (
        f"fallback when {attempts[-1].mode.value} fails; kept even if it fails too"
        if attempts
        else "no other mode is configured"
    )
    attempts.append(ModeChoice(NetworkMode.DHCP, floor))
    return NetworkPlan(prepare=tuple(prepare), attempts=tuple(attempts), skipped=tuple(skipped))


def _preparations(network: NetworkConfig) -> Iterator[tuple[ModeChoice, bool]]:
    vlans = wants_vlans(network)
    names = ", ".join(vlan.name for vlan in network.vlans)
    yield ModeChoice(NetworkMode.VLAN, f"VLANS creates {names}" if vlans else "VLANS is empty"), vlans
    bond = wants_bond(network)
    slaves = ", ".join(network.bond_interfaces)
    reason = f"BOND_INTERFACES {slaves} form {BOND_NAME} ({network.bond_mode.value})"
    yield ModeChoice(NetworkMode.BOND, reason if bond else "BOND_INTERFACES is empty"), bond


def _modes(network: NetworkConfig) -> Iterator[tuple[ModeChoice, bool]]:
    gobgp, frr, static = wants_gobgp(network), wants_frr(network), wants_static(network)
    yield ModeChoice(NetworkMode.GOBGP, f"NETWORK_MODE is {'' if gobgp else 'not '}gobgp"), gobgp
    yield ModeChoice(NetworkMode.FRR, _frr_reason(network, after_gobgp=gobgp)), frr
    bgp = gobgp or frr
    yield ModeChoice(NetworkMode.STATIC, _static_reason(static=static, bgp=bgp)), static and not bgp


def _frr_reason(network: NetworkConfig, *, after_gobgp: bool) -> str:
    missing = _frr_missing(network)
    if missing:
        return " and ".join(missing)
    underlay = "underlay_ip" if network.underlay_ip is not None else "underlay_subnet"
    reason = f"asn_server and {underlay} are set"
    return f"fallback when gobgp fails: {reason}" if after_gobgp else reason


def _static_reason(*, static: bool, bgp: bool) -> str:
    if not static:
        return "STATIC_IP is not set"
    if bgp:
        return "STATIC_IP is set, but a failed BGP mode falls back to DHCP, not static (spec §2.2)"
    return "STATIC_IP is set"


def choose_static_iface(configured: str, *, vlans_up: Sequence[str], bond_up: bool) -> str:
    """The interface static mode uses after the preparatory steps (spec §2.2 steps 2 and 3).

    Args:
        configured: STATIC_IFACE; kept when set.
        vlans_up: names of the VLAN interfaces created, in order; the first one wins.
        bond_up: whether ``bond0`` was created; used when no VLAN interface was.

    Returns:
        The interface name, or empty to let static mode pick the first physical NIC.
    """
    if configured:
        return configured
    if vlans_up:
        return vlans_up[0]
    return BOND_NAME if bond_up else ""
