"""What the network bring-up did, as values: the app returns them, teardown and reports read them.

Each use case of ``booty.app.network`` returns one of these and logs nothing the value does not
also carry: which links were created or reused, which slaves or VLANs were skipped and why
(STYLE rule 6), which addresses and routes booty installed (so that teardown removes exactly
those), and the DNS servers the installed system should use.
"""

from __future__ import annotations

import enum
from ipaddress import IPv4Address, IPv6Address

import attrs

from booty.domain.config.model import VlanSpec
from booty.domain.dhcp import DhcpLease
from booty.domain.netdev import BondSpec, Route
from booty.domain.system import IPInterface

IPAddress = IPv4Address | IPv6Address


class NetworkMode(enum.Enum):
    """How the address that reaches the controller was obtained."""

    DHCP = "dhcp"
    STATIC = "static"


@attrs.frozen
class NetworkUp:
    """An interface with an address (and usually a default route) that should reach the controller."""

    mode: NetworkMode
    interface: str
    addresses: tuple[IPInterface, ...]
    gateway: IPAddress | None = None
    dns: tuple[IPAddress, ...] = ()
    """Name servers for the installed system's resolv.conf (from the lease, or DNS_RESOLVERS)."""
    routes: tuple[Route, ...] = ()
    """Routes booty installed, removed again by teardown."""
    lease: DhcpLease | None = None
    """The whole lease in DHCP mode."""


@attrs.frozen
class BondUp:
    """The bond booty created (or found already there) and what happened to each slave."""

    spec: BondSpec
    slaves: tuple[str, ...]
    """Slaves enslaved, in BOND_INTERFACES order."""
    skipped: tuple[tuple[str, str], ...] = ()
    """``(name, reason)`` for every BOND_INTERFACES entry that is not a slave."""
    created: bool = True
    """False when a bond of that name existed and was reused; teardown then leaves it."""

    @property
    def name(self) -> str:
        return self.spec.name


@attrs.frozen
class VlanUp:
    """One VLAN sub-interface booty set up."""

    spec: VlanSpec
    address: IPInterface | None = None
    routes: tuple[Route, ...] = ()
    created: bool = True
    """False when the link existed and was reused; teardown then leaves it."""

    @property
    def name(self) -> str:
        return self.spec.name


@attrs.frozen
class VlansUp:
    """The VLAN pre-step: what came up and what did not (spec networking.md §2.2 step 2)."""

    up: tuple[VlanUp, ...] = ()
    failed: tuple[tuple[VlanSpec, str], ...] = ()
    """``(vlan, reason)`` for every VLAN that could not be set up; the others went on."""

    @property
    def first(self) -> str:
        """The name of the first VLAN that came up, or ``""``."""
        return self.up[0].name if self.up else ""


@attrs.frozen
class NetworkState:
    """Everything ``configure_network`` set up, in the order it did; teardown undoes it backwards."""

    up: NetworkUp
    vlans: VlansUp = attrs.field(factory=VlansUp)
    bond: BondUp | None = None
    fallbacks: tuple[str, ...] = ()
    """Why a mode was abandoned for the next one, e.g. ``static network setup failed: ...``."""


@attrs.frozen
class ControllerReached:
    """The controller answered: connectivity is there (spec networking.md §8, later-upstream rule)."""

    url: str
    """The URL probed, redacted."""
    attempts: int
    """Probes made, the successful one included."""
    method: str
    """``HEAD``, or ``GET`` when HEAD was refused with 405/501."""
    status: int | None
    """The HTTP status of the answer; None when the answer was cut off for being too large."""
    elapsed_s: float
