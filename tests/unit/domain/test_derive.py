"""Address derivation: the values around it, and properties of the offset arithmetic and MAC rule.

The spec's worked examples (networking.md §3.6) are rows of features/network/address_derivation.feature;
here are the properties: offsets that fit round-trip and agree with v0.0.1's formula, offsets that
do not fit are errors, and the bridge MAC is always locally administered unicast.
"""

from __future__ import annotations

import ipaddress
import re
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from booty.domain.config import NetworkConfig
from booty.domain.config.model import IPAddress, IPNetwork
from booty.domain.network import (
    DEFAULT_BRIDGE_MAC,
    AddressDerivationError,
    DerivedAddresses,
    IpmiIdentity,
    OffsetDoesNotFit,
    SourceOutsideSubnet,
    derive_addresses,
    derive_bridge_mac,
    derive_ip_from_offset,
    vxlan_mtu,
    vxlan_name,
)

## Strategies


def _network(version: int, address: int, prefix: int) -> IPNetwork:
    kind = IPv4Network if version == 4 else IPv6Network
    return kind((address, prefix), strict=False)


networks = st.one_of(
    st.builds(_network, st.just(4), st.integers(0, 2**32 - 1), st.integers(0, 32)),
    st.builds(_network, st.just(6), st.integers(0, 2**128 - 1), st.integers(0, 128)),
)


@st.composite
def fitting(draw: st.DrawFn) -> tuple[IPAddress, IPNetwork, IPNetwork, int]:
    """A source inside its subnet whose offset fits the target subnet."""
    source_net, target_net = draw(networks), draw(networks)
    offset = draw(st.integers(0, min(source_net.num_addresses, target_net.num_addresses) - 1))
    return source_net.network_address + offset, source_net, target_net, offset


## Legacy oracle: v0.0.1's DeriveIPFromOffset (spec §3.2), copied as a formula


def _u32(packed: bytes) -> int:
    return int.from_bytes(packed[-4:], "big")


def _as16(address: IPAddress) -> bytes:
    return (IPv6Address(f"::ffff:{address}") if isinstance(address, IPv4Address) else address).packed


def legacy_derive(source: IPAddress, source_net: IPNetwork, target_net: IPNetwork) -> str:
    """The v0.0.1 result, printed as Go prints it (IPv4-mapped as dotted IPv4)."""
    target = target_net.network_address
    if isinstance(source, IPv4Address) and isinstance(target, IPv4Address):
        offset = int(source) - int(source_net.network_address)
        return str(IPv4Address((int(target) + offset) % 2**32))
    offset = (_u32(_as16(source)) - _u32(_as16(source_net.network_address))) % 2**32
    base = _as16(target)
    result = IPv6Address(base[:12] + ((_u32(base) + offset) % 2**32).to_bytes(4, "big"))
    return str(result.ipv4_mapped or result)


## Properties of derive_ip_from_offset


@given(fitting())
def test_an_offset_that_fits_lands_at_the_same_offset_and_round_trips(
    case: tuple[IPAddress, IPNetwork, IPNetwork, int],
) -> None:
    source, source_net, target_net, offset = case
    result = derive_ip_from_offset(source, source_net, target_net)
    assert result in target_net
    assert int(result) - int(target_net.network_address) == offset
    assert derive_ip_from_offset(result, target_net, source_net) == source


@given(fitting())
def test_whenever_the_offset_fits_the_result_is_v001s(
    case: tuple[IPAddress, IPNetwork, IPNetwork, int],
) -> None:
    """The departure only turns v0.0.1's wrap-arounds into errors; it never changes a result."""
    source, source_net, target_net, offset = case
    assume(offset < 2**32)  # v0.0.1 carried only the low 32 bits of an offset
    assert str(derive_ip_from_offset(source, source_net, target_net)) == legacy_derive(
        source, source_net, target_net
    )


@given(
    source_net=st.builds(_network, st.just(4), st.integers(0, 2**32 - 1), st.integers(0, 32)),
    target_net=st.builds(_network, st.just(6), st.integers(0, 2**128 - 1), st.integers(0, 96)),
    data=st.data(),
)
def test_ipv4_onto_ipv6_sets_the_low_32_bits_and_keeps_the_upper_96(
    source_net: IPv4Network, target_net: IPv6Network, data: st.DataObject
) -> None:
    offset = data.draw(st.integers(0, source_net.num_addresses - 1))
    result = derive_ip_from_offset(source_net.network_address + offset, source_net, target_net)
    assert isinstance(result, IPv6Address)
    assert result.packed[:12] == target_net.network_address.packed[:12]
    assert _u32(result.packed) == _u32(target_net.network_address.packed) + offset


@given(networks, networks, st.data())
def test_an_offset_beyond_the_target_subnet_is_an_error(
    source_net: IPNetwork, target_net: IPNetwork, data: st.DataObject
) -> None:
    assume(source_net.num_addresses > target_net.num_addresses)
    offset = data.draw(st.integers(target_net.num_addresses, source_net.num_addresses - 1))
    source = source_net.network_address + offset
    with pytest.raises(OffsetDoesNotFit) as raised:
        derive_ip_from_offset(source, source_net, target_net)
    assert raised.value.offset == offset
    assert f"does not fit {target_net}" in str(raised.value)


@given(networks, networks, st.integers(1, 2**128))
def test_a_source_outside_its_subnet_is_an_error(
    source_net: IPNetwork, target_net: IPNetwork, distance: int
) -> None:
    below = int(source_net.network_address) - distance
    above = int(source_net.broadcast_address) + distance
    outside = [n for n in (below, above) if 0 <= n < 2**source_net.max_prefixlen]
    assume(outside)
    source = type(source_net.network_address)(outside[0])
    with pytest.raises(SourceOutsideSubnet, match="so it has no offset to carry over"):
        derive_ip_from_offset(source, source_net, target_net)


def test_an_ipv4_source_in_an_ipv6_subnet_is_a_mismatch() -> None:
    with pytest.raises(AddressDerivationError, match=r"^IPv4/IPv6 mismatch"):
        derive_ip_from_offset(IPv4Address("10.0.0.1"), IPv6Network("fd00::/64"), IPv4Network("10.0.0.0/24"))


## Properties of derive_bridge_mac

octet = st.integers(0, 255).map(lambda n: f"{n:02x}")
hwaddrs = st.lists(octet, min_size=6, max_size=20)
MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")


@given(hwaddrs, st.sampled_from([":", "-"]), st.booleans())
def test_the_bridge_mac_is_locally_administered_unicast_and_depends_only_on_octets_3_to_6(
    octets: list[str], separator: str, upper: bool
) -> None:
    text = separator.join(octets)
    mac = derive_bridge_mac(text.upper() if upper else text)
    assert MAC.fullmatch(mac)
    first = int(mac[:2], 16)
    assert first & 0b10, "locally administered bit is set"
    assert not first & 0b1, "multicast bit is clear"
    assert mac == derive_bridge_mac(":".join(["ff", "ff", *octets[2:6]]))
    assert mac.split(":")[2:] == octets[2:6]


@given(st.lists(octet, min_size=1, max_size=5))
def test_fewer_than_six_octets_give_the_default_mac(octets: list[str]) -> None:
    assert derive_bridge_mac(":".join(octets)) == DEFAULT_BRIDGE_MAC


def test_the_default_mac_is_locally_administered_unicast() -> None:
    assert int(DEFAULT_BRIDGE_MAC[:2], 16) & 0b11 == 0b10


## derive_addresses and its values


def test_without_ipmi_detection_a_configured_underlay_is_used_alone() -> None:
    network = NetworkConfig(
        underlay_ip=IPv4Address("10.0.0.20"),
        overlay_subnet=IPv6Network("fd00::/64"),
        ipmi_subnet=IPv4Network("172.30.0.0/24"),
    )
    assert derive_addresses(network) == DerivedAddresses(
        IPv4Address("10.0.0.20"), IPv4Address("10.0.0.20"), DEFAULT_BRIDGE_MAC
    )


def test_a_detected_mac_that_is_not_a_mac_fails_the_bridge_mac_derivation() -> None:
    network = NetworkConfig(underlay_ip=IPv4Address("10.0.0.20"))
    with pytest.raises(AddressDerivationError, match=r"^derive bridge MAC: not a hardware address: 'zz'$"):
        derive_addresses(network, IpmiIdentity(mac="zz"))


@pytest.mark.parametrize(
    ("underlay", "overlay", "underlay_host", "overlay_host", "ipv6"),
    [
        ("10.0.0.20", "10.0.0.20", "10.0.0.20/32", "10.0.0.20/32", False),
        ("10.0.0.20", "2a01:598:40a:5481::14", "10.0.0.20/32", "2a01:598:40a:5481::14/128", True),
        ("fd00::1", "10.0.0.1", "fd00::1/128", "10.0.0.1/32", False),
    ],
)
def test_loopback_addresses_are_host_routes(
    underlay: str, overlay: str, underlay_host: str, overlay_host: str, ipv6: bool
) -> None:
    addresses = DerivedAddresses(ipaddress.ip_address(underlay), ipaddress.ip_address(overlay), "")
    assert str(addresses.underlay_loopback) == underlay_host
    assert str(addresses.overlay_loopback) == overlay_host
    assert addresses.overlay_is_ipv6 is ipv6


@pytest.mark.parametrize(("vni", "name"), [(100, "vx100"), (0, "vx0"), (16777215, "vx16777215")])
def test_vxlan_interface_names(vni: int, name: str) -> None:
    assert vxlan_name(vni) == name


@pytest.mark.parametrize(("mtu", "inner"), [(9000, 8950), (1500, 1450), (51, 1), (50, 1500), (0, 1500)])
def test_vxlan_mtu_leaves_room_for_the_headers(mtu: int, inner: int) -> None:
    assert vxlan_mtu(mtu) == inner


def test_an_ipv6_source_addresses_for_derivation_may_be_ipv4_mapped() -> None:
    result = derive_ip_from_offset(
        IPv6Address("::ffff:172.30.0.42"), IPv4Network("172.30.0.0/24"), IPv6Network("fd00::/64")
    )
    assert result == IPv6Address("fd00::2a")


@pytest.mark.parametrize(
    ("source", "source_net", "target_net", "result"),
    [
        ("172.30.0.42", "172.30.0.0/24", "fd00::/64", "fd00::2a"),
        ("172.30.1.44", "172.30.0.0/23", "10.0.0.0/24", "10.0.1.44"),
        ("172.20.20.5", "172.30.0.0/24", "10.0.0.0/24", "9.246.20.5"),
        ("172.30.1.44", "172.30.0.0/23", "fd00::ffff:ff00/120", "fd00::2c"),
        ("fd00::a", "fd00::/64", "10.0.0.0/24", "10.0.0.10"),
    ],
)
def test_the_legacy_oracle_reproduces_the_spec_rows_including_the_wrap_arounds(
    source: str, source_net: str, target_net: str, result: str
) -> None:
    """The oracle above is v0.0.1's formula: it gives spec §3.6's results, wrap-arounds included."""
    assert (
        legacy_derive(
            ipaddress.ip_address(source), ipaddress.ip_network(source_net), ipaddress.ip_network(target_net)
        )
        == result
    )
