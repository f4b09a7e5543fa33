"""Virtual links and routes as values: what booty asks the kernel to create, and what it reads back.

A ``LinkSpec`` (bond, VLAN, bridge, VXLAN, VRF, dummy) crosses the Netlink port in both directions:
``create_link(spec)`` builds it and ``link_settings(name)`` returns the kernel's view in the same
shape, so a contract test can compare the two. ``Route`` is one unicast route.

Rules of this file:

1. Pure: no kernel numbers beyond the order of the kernel's own name tables (``BOND_MODES`` is
   indexed by the kernel's mode number, as ``/sys/class/net/<bond>/bonding/mode`` prints it).
2. ``bond_spec`` holds the bond rules of spec networking.md §7.2, with the later-upstream fixes:
   miimon 100 ms, and LACP rate / hash policy only for the modes that have them (§10.1 item 11).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

import attrs

from booty.domain.config.model import BondMode
from booty.domain.system import Link

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

BOND_MODES = (
    "balance-rr",
    "active-backup",
    "balance-xor",
    "broadcast",
    "802.3ad",
    "balance-tlb",
    "balance-alb",
)
"""Kernel bonding modes, indexed by the kernel's mode number."""
XMIT_HASH_POLICIES = ("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac")
"""Kernel transmit hash policies, indexed by the kernel's number."""
LACP_RATES = ("slow", "fast")
"""802.3ad LACPDU rates, indexed by the kernel's number."""
HASHING_MODES = frozenset({"802.3ad", "balance-xor", "balance-tlb", "balance-alb"})
"""Modes that pick a slave by hashing, so a transmit hash policy means something."""
VXLAN_PORT = 4789
"""IANA VXLAN UDP port (the kernel's default is 8472, the old Linux one)."""
MAIN_TABLE = 254
"""The kernel's main routing table."""
MIN_MTU = 68
MAX_MTU = 65535

_MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")


@attrs.frozen
class BondSpec:
    """A Linux bond (``kind bond``)."""

    name: str
    mode: str = "802.3ad"
    """One of ``BOND_MODES``."""
    miimon_ms: int = 100
    """Link monitoring interval; 0 disables MII monitoring (the kernel default)."""
    lacp_rate: str | None = None
    """``fast`` or ``slow``; None leaves the kernel default. Only 802.3ad has one."""
    xmit_hash_policy: str | None = None
    """One of ``XMIT_HASH_POLICIES``; None leaves the kernel default (``layer2``)."""

    @property
    def kind(self) -> str:
        return "bond"


@attrs.frozen
class VlanLinkSpec:
    """An 802.1Q sub-interface of *parent* (``kind vlan``)."""

    name: str
    parent: str
    vlan_id: int

    @property
    def kind(self) -> str:
        return "vlan"


@attrs.frozen
class BridgeSpec:
    """A Linux bridge; ``mac`` empty lets the kernel choose one."""

    name: str
    mac: str = ""

    @property
    def kind(self) -> str:
        return "bridge"


@attrs.frozen
class VxlanSpec:
    """A VXLAN tunnel endpoint without an underlying device, as EVPN wants it."""

    name: str
    vni: int
    local: IPAddress | None = None
    """The local VTEP address (source of the encapsulated packets)."""
    port: int = VXLAN_PORT
    learning: bool = False
    """MAC learning from received packets; EVPN fills the FDB itself, so off."""
    mtu: int = 0
    """0 keeps the kernel default (1500 without an underlying device)."""

    @property
    def kind(self) -> str:
        return "vxlan"


@attrs.frozen
class VrfSpec:
    """A VRF master device bound to routing table ``table``."""

    name: str
    table: int

    @property
    def kind(self) -> str:
        return "vrf"


@attrs.frozen
class DummySpec:
    """A dummy link (a place to hang an address that is always up)."""

    name: str

    @property
    def kind(self) -> str:
        return "dummy"


LinkSpec = BondSpec | VlanLinkSpec | BridgeSpec | VxlanSpec | VrfSpec | DummySpec
MASTER_KINDS = frozenset({"bond", "bridge", "vrf"})
"""Kinds other links can be enslaved to."""


@attrs.frozen
class Route:
    """One unicast route in a routing table."""

    destination: IPNetwork
    gateway: IPAddress | None = None
    name: str = ""
    """The outgoing link; empty when the kernel picks it from the gateway."""
    onlink: bool = False
    """Use the gateway even though no connected network contains it (/32 addresses, unnumbered BGP)."""
    table: int = MAIN_TABLE

    @classmethod
    def default(cls, gateway: IPAddress, *, name: str, onlink: bool = False) -> Route:
        """The default route of *gateway*'s address family via *gateway* on link *name*."""
        return cls(ip_network("0.0.0.0/0" if gateway.version == 4 else "::/0"), gateway, name, onlink)

    @property
    def is_default(self) -> bool:
        return self.destination.prefixlen == 0


def bond_spec(name: str, mode: BondMode) -> BondSpec:
    """The bond booty creates for BOND_MODE *mode* (spec networking.md §7.2).

    miimon is 100 ms (later upstream; v0.0.1 left MII monitoring off). The LACP rate is ``fast``
    for 802.3ad only, and the hash policy ``layer3+4`` only for the hashing modes: v0.0.1 set both
    for every mode, which the kernel refuses for the LACP rate (§10.1 item 11).
    """
    kernel_mode = mode.value
    return BondSpec(
        name,
        mode=kernel_mode,
        miimon_ms=100,
        lacp_rate="fast" if kernel_mode == "802.3ad" else None,
        xmit_hash_policy="layer3+4" if kernel_mode in HASHING_MODES else None,
    )


def normalize_mac(text: str) -> str:
    """*text* as lower-case colon-separated hex (Go's ``HardwareAddr.String()``).

    Accepts ``-`` separators and upper case too.

    Raises:
        ValueError: not six octets.
    """
    mac = text.strip().lower().replace("-", ":")
    if not _MAC.match(mac):
        raise ValueError(f"not an Ethernet MAC address: {text!r}")
    return mac


def is_multicast_mac(mac: str) -> bool:
    """True when the group bit of the first octet is set (the kernel refuses such a link MAC)."""
    return bool(int(normalize_mac(mac)[:2], 16) & 1)


def check_sysctl_path(path: str) -> str:
    """*path* if it names a network sysctl below /proc/sys (``net/ipv4/ip_forward``).

    Network sysctls belong to a network namespace, which is why the Netlink port sets them; the
    rest of /proc/sys is the Host's business.

    Raises:
        ValueError: not under ``net/``, absolute, or climbing out with ``..``.
    """
    parts = path.split("/")
    if (
        path.startswith("/")
        or parts[0] != "net"
        or len(parts) < 2
        or any(p in {"", ".", ".."} for p in parts)
    ):
        raise ValueError(f"not a network sysctl path below /proc/sys: {path!r}")
    return path


def bond_spec_problem(spec: BondSpec) -> str:
    """Why the kernel could not take *spec*'s names (mode, LACP rate, hash policy), or ``""``."""
    for what, value, names in (
        ("bond mode", spec.mode, BOND_MODES),
        ("LACP rate", spec.lacp_rate, LACP_RATES),
        ("hash policy", spec.xmit_hash_policy, XMIT_HASH_POLICIES),
    ):
        if value is not None and value not in names:
            return f"unknown {what} {value!r} (known: {', '.join(names)})"
    return ""


def physical_nics(links: Iterable[Link], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Names of the physical NICs with a MAC address, in index order, minus *exclude*.

    The candidates for DHCP and for static mode's interface detection. ``Link.physical`` is the
    kernel's word (a parent device), which also keeps bonds, VLANs, bridges, tunnels and
    ``br.provision`` out: later upstream's rule (spec networking.md §6.1), not v0.0.1's name filter.
    """
    skip = set(exclude)
    ordered = sorted(links, key=lambda link: link.index)
    return tuple(link.name for link in ordered if link.physical and link.mac and link.name not in skip)
