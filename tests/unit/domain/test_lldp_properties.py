"""Properties of the LLDP decoder: it never raises anything but MalformedLldpFrame, whatever the
bytes, and every neighbour the encoder can write decodes back to itself."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address

import attrs
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.errors import MalformedLldpFrame
from booty.domain.lldp import (
    LldpId,
    LldpNeighbor,
    ManagementAddress,
    NeighborTable,
    decode_frame,
    encode_frame,
    encode_tlv,
)
from booty.domain.lldp.model import CAPABILITY_NAMES, CHASSIS_ID_KINDS, PORT_ID_KINDS

HEADER = bytes.fromhex("0180c200000e020000000001") + b"\x88\xcc"
MANDATORY = bytes.fromhex("020704001122334455") + bytes.fromhex("04040561626304020078")


def decodes_or_is_malformed(frame: bytes) -> LldpNeighbor | None:
    try:
        return decode_frame(frame)
    except MalformedLldpFrame as e:
        assert e.reason  # every rejection says why
        return None


@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise_anything_else(frame: bytes) -> None:
    decodes_or_is_malformed(frame)


@given(st.binary(max_size=600))
def test_arbitrary_lldpdus_never_raise_anything_else(lldpdu: bytes) -> None:
    decodes_or_is_malformed(HEADER + lldpdu)


tlvs = st.builds(
    encode_tlv,
    st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 126, 127]),
    st.one_of(
        st.binary(max_size=40),
        st.builds(
            lambda sub, rest: bytes.fromhex("0080c2") + bytes([sub]) + rest,
            st.integers(0, 3),
            st.binary(max_size=4),
        ),
        st.builds(
            lambda n, family, rest: bytes([n, family]) + rest,
            st.integers(0, 40),
            st.integers(0, 7),
            st.binary(max_size=40),
        ),
    ),
)


@given(st.lists(tlvs, max_size=8), st.binary(max_size=4))
def test_well_framed_tlv_soup_never_raises_anything_else(soup: list[bytes], tail: bytes) -> None:
    """Valid mandatory TLVs then random (but well-framed) TLVs reach deep into the value decoders."""
    decodes_or_is_malformed(HEADER + MANDATORY + b"".join(soup) + tail)


## Round trip

text = st.text(
    st.characters(blacklist_categories=("Cs",), min_codepoint=0x20).filter(lambda c: c != "\x7f"), max_size=60
).filter(lambda t: len(t.encode()) <= 255)
identifier_text = text.filter(lambda t: 1 <= len(t.encode()) <= 255)
macs = st.binary(min_size=6, max_size=6).map(lambda b: ":".join(f"{x:02x}" for x in b))
ipv4 = st.integers(0, 2**32 - 1).map(lambda n: str(IPv4Address(n)))
ipv6 = st.integers(0, 2**128 - 1).map(lambda n: str(IPv6Address(n)))
hexes = st.binary(min_size=1, max_size=30).map(bytes.hex)


def identifier_values(kind: str) -> st.SearchStrategy[str]:
    if kind == "mac-address":
        return macs
    if kind == "network-address":
        return st.one_of(
            ipv4, ipv6, st.binary(min_size=1, max_size=20).filter(lambda b: b[0] not in (1, 2)).map(bytes.hex)
        )
    if kind in ("agent-circuit-id", "reserved"):
        return hexes
    return identifier_text


def identifiers(kinds: dict[int, str], make: Callable[[int, str], LldpId]) -> st.SearchStrategy[LldpId]:
    subtypes = st.one_of(st.sampled_from(sorted(kinds)), st.sampled_from([0, 8, 200, 255]))
    return subtypes.flatmap(
        lambda sub: identifier_values(kinds.get(sub, "reserved")).map(lambda v: make(sub, v))
    )


management = st.one_of(
    st.builds(ManagementAddress, address=ipv4, family=st.just(1)),
    st.builds(ManagementAddress, address=ipv6, family=st.just(2)),
    st.builds(ManagementAddress, address=hexes, family=st.integers(3, 255)),
).flatmap(
    lambda m: st.builds(
        attrs.evolve,
        st.just(m),
        interface_subtype=st.integers(0, 255),
        interface_number=st.integers(0, 2**32 - 1),
        oid=st.binary(max_size=128).map(bytes.hex),
    )
)
capability_sets = st.sets(st.integers(0, 15)).map(
    lambda bits: tuple(CAPABILITY_NAMES[b] if b < len(CAPABILITY_NAMES) else f"bit-{b}" for b in sorted(bits))
)

neighbors = st.builds(
    LldpNeighbor,
    chassis_id=identifiers(CHASSIS_ID_KINDS, LldpId.chassis),
    port_id=identifiers(PORT_ID_KINDS, LldpId.port),
    ttl=st.integers(0, 65535),
    source_mac=macs,
    port_description=text,
    system_name=text,
    system_description=text,
    management_addresses=st.lists(management, max_size=3).map(tuple),
    port_vlan_id=st.one_of(st.none(), st.integers(0, 65535)),
    capabilities=capability_sets,
    enabled_capabilities=capability_sets,
)


@given(neighbors, st.one_of(st.none(), st.integers(0, 4095)))
def test_encode_then_decode_gives_the_neighbour_back(neighbor: LldpNeighbor, vlan: int | None) -> None:
    assert decode_frame(encode_frame(neighbor, vlan=vlan)) == neighbor


@given(st.lists(st.tuples(st.sampled_from(["eno1", "eno2"]), neighbors), max_size=12))
def test_a_table_holds_one_neighbour_per_key_the_latest(heard: list[tuple[str, LldpNeighbor]]) -> None:
    table = NeighborTable()
    for interface, neighbor in heard:
        table = table.hear(interface, encode_frame(neighbor))
    keys = [n.key for n in table.neighbors]
    assert len(keys) == len(set(keys))
    latest = {}
    for interface, neighbor in heard:
        latest[(interface, neighbor.chassis_id.value, neighbor.port_id.value)] = attrs.evolve(
            neighbor, interface=interface
        )
    assert set(table.neighbors) == {n for n in latest.values() if n.ttl != 0}
