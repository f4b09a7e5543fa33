"""Edges of the LLDP domain the feature files do not reach: encoder refusals, rendering helpers,
and the original agent's LLDP test vectors (spec networking.md §9.7)."""

from __future__ import annotations

import pytest

from booty.domain.errors import BootyError, LldpError, MalformedLldpFrame
from booty.domain.lldp import (
    LldpId,
    LldpNeighbor,
    ManagementAddress,
    decode_frame,
    decode_lldpdu,
    encode_frame,
    encode_lldpdu,
    encode_tlv,
    neighbors_to_inventory,
    sanitize,
)
from booty.domain.lldp.encode import capability_bits, mac_bytes

LEAF = LldpNeighbor(LldpId.chassis(4, "00:11:22:33:44:55"), LldpId.port(5, "Ethernet1"), ttl=120)


def test_the_original_agents_vector_decodes_the_same() -> None:
    """§9.7: chassis MAC, port interface-name Ethernet1, TTL 120; names absent are empty."""
    lldpdu = (
        bytes.fromhex("020704001122334455")
        + bytes.fromhex("040a05")
        + b"Ethernet1"
        + bytes.fromhex("060200780000")
    )
    neighbor = decode_lldpdu(lldpdu)
    assert (str(neighbor.chassis_id), str(neighbor.port_id), neighbor.ttl) == (
        "00:11:22:33:44:55",
        "Ethernet1",
        120,
    )
    assert (neighbor.system_name, neighbor.system_description, neighbor.interface) == ("", "", "")


def test_the_original_agents_garbage_is_no_neighbour() -> None:
    with pytest.raises(MalformedLldpFrame):
        decode_lldpdu(b"\x01\x02\x03")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"switch-leaf01", "switch-leaf01"),
        (b"bad\x00\x1f\x7fname", "bad???name"),
        (b"", ""),
        # Departure from later upstream (255 '?'): trailing NULs are C string terminators, dropped.
        (b"\x00" * 300, ""),
        (b"\x00leaf", "?leaf"),
    ],
)
def test_sanitize(raw: bytes, text: str) -> None:
    assert sanitize(raw) == text


def test_malformed_frames_are_booty_errors_and_value_errors() -> None:
    error = MalformedLldpFrame("missing Port ID TLV")
    assert isinstance(error, LldpError)
    assert isinstance(error, BootyError)
    assert isinstance(error, ValueError)
    assert (error.reason, str(error)) == ("missing Port ID TLV", "malformed LLDP frame: missing Port ID TLV")


def test_identifiers_print_as_their_value_and_name_their_kind() -> None:
    assert str(LldpId.chassis(4, "00:11:22:33:44:55")) == "00:11:22:33:44:55"
    assert LldpId.chassis(6, "swp1").kind == "interface-name"
    assert LldpId.port(6, "0102").kind == "agent-circuit-id"
    assert LldpId.port(99, "ff").kind == "reserved"


def test_management_address_names() -> None:
    address = ManagementAddress("192.0.2.1", family=1, interface_subtype=2, interface_number=3)
    assert (address.family_name, address.interface_numbering) == ("ipv4", "ifindex")
    other = ManagementAddress("aabb", family=16, interface_subtype=0)
    assert (other.family_name, other.interface_numbering) == ("family-16", "subtype-0")


def test_the_inventory_keeps_an_oid_when_there_is_one() -> None:
    address = ManagementAddress("192.0.2.1", family=1, interface_subtype=2, interface_number=3, oid="2b0601")
    neighbor = LldpNeighbor(LEAF.chassis_id, LEAF.port_id, ttl=120, management_addresses=(address,))
    (entry,) = neighbors_to_inventory([neighbor])
    assert entry["managementAddresses"] == [
        {
            "address": "192.0.2.1",
            "family": "ipv4",
            "interfaceNumbering": "ifindex",
            "interfaceNumber": 3,
            "oid": "2b0601",
        }
    ]


def test_the_inventory_of_nobody_is_an_empty_list() -> None:
    assert neighbors_to_inventory([]) == []


@pytest.mark.parametrize(
    ("kind", "value"),
    [(-1, b""), (128, b""), (5, b"a" * 512)],
    ids=["negative type", "type 128", "512 bytes"],
)
def test_encode_tlv_refuses_what_the_header_cannot_say(kind: int, value: bytes) -> None:
    with pytest.raises(ValueError, match="cannot encode TLV"):
        encode_tlv(kind, value)


@pytest.mark.parametrize("mac", ["00:11:22:33:44", "0011:22:33:44:55:66", "zz:11:22:33:44:55"])
def test_mac_bytes_refuses_what_is_not_a_mac(mac: str) -> None:
    with pytest.raises(ValueError, match=r"not a MAC address|non-hexadecimal"):
        mac_bytes(mac)


def test_frames_are_padded_to_the_ethernet_minimum_and_default_their_source() -> None:
    frame = encode_frame(LEAF)
    assert len(frame) == 60
    assert decode_frame(frame).source_mac == "02:00:00:00:00:01"
    assert decode_frame(encode_frame(LEAF, source_mac="02:aa:bb:cc:dd:ee")).source_mac == "02:aa:bb:cc:dd:ee"


def test_the_lldpdu_ends_with_the_end_tlv() -> None:
    assert encode_lldpdu(LEAF).endswith(b"\x00\x00")


def test_capability_bits_accept_names_and_bit_numbers() -> None:
    assert capability_bits(("bridge", "router", "bit-12")) == 1 << 2 | 1 << 4 | 1 << 12
