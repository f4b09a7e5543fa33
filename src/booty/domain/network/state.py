"""What a network bring-up leaves behind, as values: daemons started, links created, addresses,
routes and sysctls changed; and the outcome of ``configure_network``.

``NetworkRecord`` is the one thing teardown needs. The agent keeps it in memory; ``booty net up``
writes it to a state file (JSON at the edge, ``booty.app.network.record_json``) and ``booty net
down``, a different process, reads it back. It therefore holds names, addresses and pids only,
never a handle: a daemon is found again by its pid and the kernel's start time of that pid.

Rules of this file:

1. Pure values and the functions that build them from the results of the mode use cases.
2. Teardown order is fixed by the record, not by the caller: daemons, DHCP client, routes,
   addresses, enslavements, links (last created first), then MTUs and sysctls back to their old
   values.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from booty.domain.config.model import IPAddress, IPInterface
from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import Route
from booty.domain.netresult import BondUp, NetworkUp, VlansUp
from booty.domain.network.bgp_status import BgpSummary
from booty.domain.network.derive import DerivedAddresses
from booty.domain.network.modes import NetworkMode, NetworkPlan

## Daemons


@attrs.frozen
class DaemonSpec:
    """A long-running program booty starts and supervises (no systemd in an initramfs)."""

    name: str
    """Short name for logs and the record, e.g. ``zebra``."""
    argv: tuple[str, ...]
    """Program and arguments, run without a shell, in the foreground."""
    log: str
    """File its standard output and error are appended to."""
    ready_path: str = ""
    """A path that exists once the daemon serves (its vty socket); empty: ready once running."""
    netns: str | None = None
    """Run inside this named network namespace (``ip netns``); None: booty's own."""


@attrs.frozen
class DaemonRecord:
    """A daemon booty started: enough to check on it and stop it, from any process."""

    name: str
    pid: int
    argv: tuple[str, ...]
    log: str
    ready_path: str = ""
    netns: str | None = None
    start_ticks: int = 0
    """The kernel's start time of *pid* (``/proc/PID/stat`` field 22), so that a recycled pid is
    never signalled; 0 when unknown."""


@attrs.frozen
class DaemonStatus:
    """How a started daemon is doing."""

    running: bool
    ready: bool = False
    """Running and its ``ready_path`` exists (or it has none)."""
    returncode: int | None = None
    """The exit status once it ended and was reaped by booty; None while running or unknown."""


class DaemonFailed(BootyError):
    """A daemon could not be started, died, or never became ready."""

    def __init__(self, name: str, reason: str, *, log_tail: str = "") -> None:
        tail = f" (last output: {' | '.join(log_tail.strip().splitlines()[-3:])})" if log_tail.strip() else ""
        super().__init__(f"{name}: {reason}{tail}")
        self.name = name
        self.reason = reason
        self.log_tail = log_tail


## The record


@attrs.frozen
class AddedAddress:
    """An address booty put on a link it did not create (``lo``, a NIC, a reused VLAN)."""

    link: str
    address: IPInterface


@attrs.frozen
class Enslaved:
    """A link booty enslaved to a master it did not create (a reused bond)."""

    link: str
    master: str


@attrs.frozen
class ChangedSysctl:
    """A network sysctl booty changed, with the value to put back."""

    path: str
    previous: str


@attrs.frozen
class ChangedMtu:
    """The MTU booty set on a link it did not create (a fabric NIC), with the value to put back."""

    link: str
    previous: int


@attrs.frozen
class NetworkRecord:
    """Everything one bring-up created or changed, in the order it did; what teardown undoes."""

    mode: NetworkMode | None = None
    """The mode that is up; None when nothing is."""
    interface: str = ""
    netns: str | None = None
    links: tuple[str, ...] = ()
    """Links booty created, oldest first; deleted newest first (with their addresses)."""
    addresses: tuple[AddedAddress, ...] = ()
    routes: tuple[Route, ...] = ()
    enslaved: tuple[Enslaved, ...] = ()
    sysctls: tuple[ChangedSysctl, ...] = ()
    mtus: tuple[ChangedMtu, ...] = ()
    daemons: tuple[DaemonRecord, ...] = ()
    dhcp: bool = False
    """A DHCP client was kept running (only in the process that started it)."""
    frr_root: str = ""
    """Where FRR mode keeps its files and daemon logs; empty when FRR did not run."""

    @property
    def empty(self) -> bool:
        """True when there is nothing to undo."""
        return not (
            self.links or self.addresses or self.routes or self.enslaved or self.sysctls or self.daemons
        ) and not (self.mtus or self.dhcp)

    def then(self, later: NetworkRecord) -> NetworkRecord:
        """This record followed by *later*: lists concatenated, mode and interface from *later* if set."""
        return NetworkRecord(
            mode=later.mode or self.mode,
            interface=later.interface or self.interface,
            netns=later.netns if later.netns is not None else self.netns,
            links=self.links + later.links,
            addresses=self.addresses + later.addresses,
            routes=self.routes + later.routes,
            enslaved=self.enslaved + later.enslaved,
            sysctls=self.sysctls + later.sysctls,
            mtus=self.mtus + later.mtus,
            daemons=self.daemons + later.daemons,
            dhcp=self.dhcp or later.dhcp,
            frr_root=later.frr_root or self.frr_root,
        )


def record_of_up(up: NetworkUp) -> NetworkRecord:
    """What static or DHCP mode added: its addresses and routes, and the DHCP client."""
    mode = NetworkMode(up.mode.value)
    return NetworkRecord(
        mode=mode,
        interface=up.interface,
        addresses=tuple(AddedAddress(up.interface, a) for a in up.addresses),
        routes=up.routes,
        dhcp=mode is NetworkMode.DHCP,
    )


def record_of_vlans(vlans: VlansUp) -> NetworkRecord:
    """VLAN links booty created; on reused ones, the address and routes it added."""
    created = tuple(v.name for v in vlans.up if v.created)
    reused = [v for v in vlans.up if not v.created]
    return NetworkRecord(
        links=created,
        addresses=tuple(AddedAddress(v.name, v.address) for v in reused if v.address is not None),
        routes=tuple(route for v in reused for route in v.routes),
    )


def record_of_bond(bond: BondUp | None) -> NetworkRecord:
    """The bond booty created, or the slaves it added to a reused one."""
    if bond is None:
        return NetworkRecord()
    if bond.created:
        return NetworkRecord(links=(bond.name,))
    return NetworkRecord(enslaved=tuple(Enslaved(slave, bond.name) for slave in bond.slaves))


## The outcome of configure_network


@attrs.frozen
class ModeFailure:
    """A mode (or preparation step) that failed, and why."""

    mode: NetworkMode
    reason: str

    def __str__(self) -> str:
        return f"{self.mode.value}: {self.reason}"


@attrs.frozen
class FrrUp:
    """FRR/EVPN mode up: kernel objects made, daemons running, BGP sessions Established."""

    addresses: DerivedAddresses
    nics: tuple[str, ...]
    """The fabric NICs BGP peers over (unnumbered)."""
    underlay_link: str
    """``dummy.underlay``, or ``lo`` where the kernel has no dummy links (spec §4.1 step 4)."""
    loopbacks: tuple[IPInterface, ...]
    """Underlay and overlay host addresses (and the provision address), as added."""
    bgp: BgpSummary
    """The summary that showed the sessions Established."""
    dns: tuple[IPAddress, ...] = ()
    warnings: tuple[str, ...] = ()
    """Best-effort steps that failed (a NIC's MTU, a sysctl), each with its reason."""
    record: NetworkRecord = attrs.field(factory=NetworkRecord)


@attrs.frozen
class NetworkOutcome:
    """What ``configure_network`` did: which mode is up, how it got there, what to undo.

    When no mode came up, ``mode`` is still DHCP (the floor is kept, spec §2.2) but
    ``connected`` is False and ``failures`` says why each attempt failed.
    """

    plan: NetworkPlan
    mode: NetworkMode
    up: NetworkUp | None = None
    """The address of static or DHCP mode."""
    frr: FrrUp | None = None
    vlans: VlansUp = attrs.field(factory=VlansUp)
    bond: BondUp | None = None
    failures: tuple[ModeFailure, ...] = ()
    """Preparation steps and modes that failed, in the order they were tried."""
    record: NetworkRecord = attrs.field(factory=NetworkRecord)

    @property
    def connected(self) -> bool:
        """True when a mode is up (an address, or BGP sessions)."""
        return self.up is not None or self.frr is not None

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Each failure as ``mode: reason``."""
        return tuple(str(failure) for failure in self.failures)

    @property
    def interfaces(self) -> tuple[str, ...]:
        if self.frr is not None:
            return self.frr.nics
        return (self.up.interface,) if self.up is not None else ()

    @property
    def addresses(self) -> tuple[IPInterface, ...]:
        if self.frr is not None:
            return self.frr.loopbacks
        return self.up.addresses if self.up is not None else ()

    @property
    def gateway(self) -> IPAddress | None:
        """The default gateway; None in FRR mode, where BGP brings the routes."""
        return self.up.gateway if self.up is not None else None

    @property
    def dns(self) -> tuple[IPAddress, ...]:
        if self.frr is not None:
            return self.frr.dns
        return self.up.dns if self.up is not None else ()

    def require_connected(self) -> NetworkOutcome:
        """Self when a mode is up.

        Raises:
            NetworkUnavailable: no mode came up, not even DHCP.
        """
        if not self.connected:
            raise NetworkUnavailable(self.failures)
        return self


class NetworkUnavailable(NetworkSetupFailed):
    """Every mode failed, DHCP (the floor) included: the agent cannot reach anything."""

    def __init__(self, failures: Sequence[ModeFailure]) -> None:
        self.failures = tuple(failures)
        reasons = "; ".join(map(str, self.failures)) or "nothing was tried"
        super().__init__("dhcp", f"no network mode came up ({reasons})")
