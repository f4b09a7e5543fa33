"""Address derivation: underlay, overlay and bridge MAC of a machine (spec networking.md §3).

A machine's fabric addresses are either configured (``underlay_ip``) or carried over from its
IPMI address: the offset of the IPMI address inside ``ipmi_subnet`` is applied to
``underlay_subnet`` / ``overlay_subnet``. The provision bridge MAC is built from the IPMI MAC.

Rules of this file:

1. Pure: values in, values out. The IPMI address and MAC are detected by the app and handed in.
2. Departure from v0.0.1 (§3.2, §10.1 item 3): an offset that does not fit the target subnet, or
   an IPMI address outside ``ipmi_subnet``, is an error instead of a silent wrap-around modulo
   2**32. Whenever the offset fits, the result equals v0.0.1's (the low-32-bit rule never wraps
   then), which the property tests check against a copy of the original formula.
3. An IPv4 target yields an ``IPv4Address``, so addresses print as Go's ``net.IP.String()`` does,
   including the IPv4-mapped case of §3.6.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from ipaddress import IPv6Address, ip_interface

import attrs

from booty.domain.config.model import IPAddress, IPInterface, IPNetwork, NetworkConfig
from booty.domain.network.errors import AddressDerivationError, OffsetDoesNotFit, SourceOutsideSubnet
from booty.domain.system import Link

DEFAULT_BRIDGE_MAC = "02:54:00:00:00:01"
"""The bridge MAC when no IPMI MAC is known (or it has fewer than 6 octets), spec §3.1 and §3.3."""
BRIDGE_NAME = "br.provision"
UNDERLAY_DUMMY = "dummy.underlay"
DEFAULT_MTU = 9000
VXLAN_OVERHEAD = 50
"""Bytes VXLAN adds to every frame (outer Ethernet, IP, UDP and VXLAN headers)."""

_OCTET = re.compile(r"[0-9A-Fa-f]{2}")


@attrs.frozen
class IpmiIdentity:
    """What IPMI detection found (spec §3.5): the first addressed NIC's IP and MAC.

    Both may be unknown: detection fails on a fresh machine whose NICs have no address yet.
    """

    ip: IPAddress | None = None
    mac: str = ""
    """Hardware address as ``aa:bb:cc:dd:ee:ff`` (``-`` separators are accepted too), or empty."""


def may_be_ipmi_nic(link: Link) -> bool:
    """Whether IPMI detection looks at *link*'s addresses (spec §3.5): not the loopback, and a MAC."""
    return link.name != "lo" and bool(link.mac) and link.mac != "00:00:00:00:00:00"


def ipmi_address(addresses: Sequence[IPInterface]) -> IPAddress | None:
    """The address IPMI detection takes from a candidate NIC: its first one, link-local excepted.

    Departure from spec §3.5: IPv6 link-local addresses do not count. Every NIC that is up has
    one, and v0.0.1 took it for the IPMI address, so that the derivation failed on it.
    """
    return next((a.ip for a in addresses if not a.ip.is_link_local), None)


@attrs.frozen
class DerivedAddresses:
    """The addresses a machine uses on the fabric, as derived by ``derive_addresses``."""

    underlay: IPAddress
    """BGP router-id, VTEP source and the address of ``dummy.underlay``."""
    overlay: IPAddress
    """The address put on ``lo``; equals the underlay when no overlay subnet can be used."""
    bridge_mac: str
    """MAC of the provision bridge: locally administered unicast ``02:54:…``."""

    @property
    def overlay_is_ipv6(self) -> bool:
        """Whether FRR carries IPv6 unicast too (spec §4.3: on iff the overlay is IPv6)."""
        return isinstance(self.overlay, IPv6Address)

    @property
    def underlay_loopback(self) -> IPInterface:
        """The underlay as a host address (``/32``, or ``/128`` for IPv6), spec §3.4."""
        return _host(self.underlay)

    @property
    def overlay_loopback(self) -> IPInterface:
        """The overlay as a host address on ``lo`` (``/32``, or ``/128`` for IPv6), spec §3.4."""
        return _host(self.overlay)


def _host(address: IPAddress) -> IPInterface:
    return ip_interface(f"{address}/{address.max_prefixlen}")


def derive_addresses(network: NetworkConfig, ipmi: IpmiIdentity | None = None) -> DerivedAddresses:
    """Underlay, overlay and bridge MAC of this machine (spec §3.1).

    Args:
        network: the machine's network configuration.
        ipmi: what IPMI detection found; ``None`` when detection was not run or failed.

    Returns:
        The underlay (``underlay_ip``, else derived from ``underlay_subnet``), the overlay
        (derived from ``overlay_subnet`` when the IPMI address and subnet are known, else the
        underlay) and the bridge MAC.

    Raises:
        AddressDerivationError: no underlay can be had (message contains ``underlay IP or``),
            or a derivation failed (message starts ``derive underlay IP`` / ``derive overlay
            IP`` / ``derive bridge MAC``; the cause is chained).
    """
    ipmi = ipmi or IpmiIdentity()
    underlay = network.underlay_ip
    if underlay is None:
        underlay = _at_ipmi_offset("underlay", network.underlay_subnet, network=network, ipmi=ipmi)
    if underlay is None:
        raise AddressDerivationError(
            "no underlay IP or way to derive one: set underlay_ip, or underlay_subnet and "
            "ipmi_subnet with a detected IPMI address"
        )
    overlay = _at_ipmi_offset("overlay", network.overlay_subnet, network=network, ipmi=ipmi)
    overlay = underlay if overlay is None else overlay
    try:
        mac = derive_bridge_mac(ipmi.mac)
    except AddressDerivationError as e:
        raise AddressDerivationError(f"derive bridge MAC: {e}") from e
    return DerivedAddresses(underlay=underlay, overlay=overlay, bridge_mac=mac)


def _at_ipmi_offset(
    what: str, target: IPNetwork | None, *, network: NetworkConfig, ipmi: IpmiIdentity
) -> IPAddress | None:
    """*target*'s address at the IPMI offset, or None when an input is missing."""
    if target is None or network.ipmi_subnet is None or ipmi.ip is None:
        return None
    try:
        return derive_ip_from_offset(ipmi.ip, network.ipmi_subnet, target)
    except AddressDerivationError as e:
        raise AddressDerivationError(f"derive {what} IP: {e}") from e


def derive_ip_from_offset(source: IPAddress, source_net: IPNetwork, target_net: IPNetwork) -> IPAddress:
    """The address of *target_net* at the offset *source* has inside *source_net* (spec §3.2).

    Families may differ: an IPv4 source maps onto an IPv6 target and back. An IPv4-mapped IPv6
    source (``::ffff:a.b.c.d``) counts as IPv4 in an IPv4 subnet.

    Args:
        source: the IPMI address.
        source_net: the IPMI subnet that *source* lies in.
        target_net: the underlay or overlay subnet.

    Returns:
        ``target_net.network_address + offset``; the network address itself is accepted
        (offset 0), as in v0.0.1.

    Raises:
        AddressDerivationError: *source* and *source_net* are of different IP versions
            (``IPv4/IPv6 mismatch``).
        SourceOutsideSubnet: *source* is not inside *source_net*.
        OffsetDoesNotFit: the offset is not below the size of *target_net* (v0.0.1 wrapped).
    """
    if isinstance(source, IPv6Address) and source.ipv4_mapped is not None and source_net.version == 4:
        source = source.ipv4_mapped
    if source.version != source_net.version:
        raise AddressDerivationError(
            f"IPv4/IPv6 mismatch: {source} is IPv{source.version} but {source_net} is IPv{source_net.version}"
        )
    if source not in source_net:
        raise SourceOutsideSubnet(source, source_net)
    offset = int(source) - int(source_net.network_address)
    if offset >= target_net.num_addresses:
        raise OffsetDoesNotFit(source, source_net, target_net)
    return target_net.network_address + offset


def derive_ip_from_text(source: str, source_subnet: str, target_subnet: str) -> IPAddress:
    """``derive_ip_from_offset`` on text, as v0.0.1's ``DeriveIPFromOffset`` took it (spec §3.2).

    Host bits in the subnets are ignored (only the masked network address is used); a subnet
    must carry its ``/prefix``.

    Raises:
        AddressDerivationError: ``invalid source IP``, ``invalid source CIDR``, ``invalid target
            CIDR``, or any error of ``derive_ip_from_offset``.
    """
    try:
        address = ipaddress.ip_address(source)
    except ValueError:
        raise AddressDerivationError(f"invalid source IP {source!r}") from None
    return derive_ip_from_offset(
        address, _network(source_subnet, "source"), _network(target_subnet, "target")
    )


def _network(text: str, role: str) -> IPNetwork:
    try:
        if "/" not in text:
            raise ValueError(text)
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise AddressDerivationError(f"invalid {role} CIDR {text!r}") from None


def derive_bridge_mac(hwaddr: str) -> str:
    """The provision bridge MAC: ``02:54:`` followed by octets 3 to 6 of *hwaddr* (spec §3.3).

    ``02`` makes the result a locally administered unicast MAC. Octets may be separated by ``:``
    or ``-``; the result is lower case, as Go prints MACs.

    Args:
        hwaddr: the IPMI MAC; empty, or fewer than 6 octets, gives ``DEFAULT_BRIDGE_MAC``.
            Octets beyond the sixth (as on 20-octet InfiniBand addresses) are ignored.

    Raises:
        AddressDerivationError: an octet is not two hex digits. (v0.0.1 copied such text into
            the MAC and failed later, when the bridge was created.)
    """
    if not hwaddr:
        return DEFAULT_BRIDGE_MAC
    octets = hwaddr.replace("-", ":").split(":")
    if not all(_OCTET.fullmatch(o) for o in octets):
        raise AddressDerivationError(f"not a hardware address: {hwaddr!r}")
    if len(octets) < 6:
        return DEFAULT_BRIDGE_MAC
    return ":".join(["02", "54", *(o.lower() for o in octets[2:6])])


def parse_ipmi_identity(*, ip: str = "", mac: str = "") -> IpmiIdentity:
    """An ``IpmiIdentity`` from text, as an operator types it (``--ipmi-ip``, ``--ipmi-mac``).

    Raises:
        AddressDerivationError: *ip* is not an IP address, or *mac* not a hardware address.
    """
    try:
        address = ipaddress.ip_address(ip) if ip else None
    except ValueError:
        raise AddressDerivationError(f"invalid IPMI IP {ip!r}") from None
    try:
        derive_bridge_mac(mac)
    except AddressDerivationError:
        raise AddressDerivationError(f"invalid IPMI MAC {mac!r}") from None
    return IpmiIdentity(ip=address, mac=mac)


def vxlan_name(vni: int) -> str:
    """The VXLAN interface of *vni*: ``vx`` + decimal VNI, e.g. ``vx100`` (spec §3.4)."""
    return f"vx{vni}"


def vxlan_mtu(mtu: int) -> int:
    """The VXLAN MTU for a fabric *mtu*: 50 bytes less, or 1500 if that is not positive (§3.4)."""
    inner = mtu - VXLAN_OVERHEAD
    return inner if inner > 0 else 1500
