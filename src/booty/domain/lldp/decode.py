"""Decode an Ethernet frame carrying an LLDPDU (IEEE 802.1AB-2016) into an ``LldpNeighbor``.

Rules of this file: bytes in, a value or ``MalformedLldpFrame`` out, and nothing else is ever
raised (a hypothesis property holds the decoder to that). Every rejection carries its reason in
words pinned by ``features/lldp``.

Stricter than v0.0.1, which accepted any frame holding the three mandatory TLVs somewhere (spec
networking.md §7.4): here they must come first and in order, the End TLV must be present, every
length must match its TLV's definition, and a TLV that may occur once must not occur twice.
Reserved TLV types and unknown organisationally specific TLVs are skipped, as the standard asks.
Text is sanitised as later upstream does (§10.2): control characters become ``?``; trailing NUL
bytes, which some switches send as C string terminators, are dropped first.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address

import attrs

from booty.domain.errors import MalformedLldpFrame
from booty.domain.lldp.model import (
    BINARY_KINDS,
    CAPABILITY_NAMES,
    CHASSIS_ID_KINDS,
    PORT_ID_KINDS,
    LldpId,
    LldpNeighbor,
    ManagementAddress,
)
from booty.domain.lldp.wire import (
    IEEE_8021_OUI,
    ONCE_ONLY,
    PORT_VLAN_ID_SUBTYPE,
    TLV_CAPABILITIES,
    TLV_CHASSIS_ID,
    TLV_MANAGEMENT_ADDRESS,
    TLV_ORGANIZATIONAL,
    TLV_PORT_DESCRIPTION,
    TLV_PORT_ID,
    TLV_SYSTEM_DESCRIPTION,
    TLV_SYSTEM_NAME,
    TLV_TTL,
    Tlv,
    check_mandatory,
    count_bytes,
    format_mac,
    split_tlvs,
    strip_ethernet,
    tlv_name,
)

MAX_TEXT = 255

TEXT_FIELDS: dict[int, Callable[[LldpNeighbor, str], LldpNeighbor]] = {
    TLV_PORT_DESCRIPTION: lambda n, text: attrs.evolve(n, port_description=text),
    TLV_SYSTEM_NAME: lambda n, text: attrs.evolve(n, system_name=text),
    TLV_SYSTEM_DESCRIPTION: lambda n, text: attrs.evolve(n, system_description=text),
}
"""The text TLVs, each with how it fills its ``LldpNeighbor`` attribute."""


def decode_frame(frame: bytes) -> LldpNeighbor:
    """The neighbour an Ethernet frame describes (untagged, or with 802.1Q/802.1ad tags).

    Args:
        frame: the whole frame from the destination address on, as a packet socket delivers it.

    Returns:
        The neighbour, with ``source_mac`` from the frame and ``interface`` left empty.

    Raises:
        MalformedLldpFrame: not an LLDP frame, or an LLDPDU that breaks 802.1AB; ``reason`` says how.
    """
    source, lldpdu = strip_ethernet(frame)
    return attrs.evolve(decode_lldpdu(lldpdu), source_mac=source)


def decode_lldpdu(data: bytes) -> LldpNeighbor:
    """The neighbour one LLDPDU (the payload after the EtherType) describes.

    Raises:
        MalformedLldpFrame: the LLDPDU breaks 802.1AB; ``reason`` says how.
    """
    tlvs = split_tlvs(data)
    check_mandatory(tlvs)
    neighbor = LldpNeighbor(
        chassis_id=_identifier(tlvs[0], CHASSIS_ID_KINDS),
        port_id=_identifier(tlvs[1], PORT_ID_KINDS),
        ttl=_ttl(tlvs[2]),
    )
    seen = {TLV_CHASSIS_ID, TLV_PORT_ID, TLV_TTL}
    for tlv in tlvs[3:]:
        if tlv.type in ONCE_ONLY:
            if tlv.type in seen:
                raise MalformedLldpFrame(f"duplicate {tlv_name(tlv.type)} TLV")
            seen.add(tlv.type)
        neighbor = _apply(neighbor, tlv)
    return neighbor


def _apply(neighbor: LldpNeighbor, tlv: Tlv) -> LldpNeighbor:
    if tlv.type in TEXT_FIELDS:
        return TEXT_FIELDS[tlv.type](neighbor, _text_tlv(tlv))
    if tlv.type == TLV_CAPABILITIES:
        supported, enabled = _capabilities(tlv)
        return attrs.evolve(neighbor, capabilities=supported, enabled_capabilities=enabled)
    if tlv.type == TLV_MANAGEMENT_ADDRESS:
        addresses = (*neighbor.management_addresses, _management_address(tlv))
        return attrs.evolve(neighbor, management_addresses=addresses)
    if tlv.type == TLV_ORGANIZATIONAL:
        return _organizational(neighbor, tlv)
    return neighbor  # a reserved TLV type: skipped, as 802.1AB 9.2.7.7.1 asks


def _identifier(tlv: Tlv, kinds: dict[int, str]) -> LldpId:
    name = tlv_name(tlv.type)
    if not 2 <= len(tlv.value) <= 256:
        raise MalformedLldpFrame(f"{name} TLV has {count_bytes(len(tlv.value))} (expected 2 to 256)")
    subtype = tlv.value[0]
    kind = kinds.get(subtype, "reserved")
    return LldpId(subtype, kind, _render_id(kind, tlv.value[1:], what=name))


def _render_id(kind: str, raw: bytes, *, what: str) -> str:
    if kind == "mac-address":
        if len(raw) != 6:
            raise MalformedLldpFrame(f"{what} MAC address has {count_bytes(len(raw))} (expected 6)")
        return format_mac(raw)
    if kind == "network-address":
        return _network_address(raw[0], raw[1:], what=what) if raw[0] in (1, 2) else raw.hex()
    if kind in BINARY_KINDS:
        return raw.hex()
    return sanitize(raw)


def _network_address(family: int, raw: bytes, *, what: str) -> str:
    """IP text of an IPv4 (family 1) or IPv6 (family 2) address of the right size."""
    size, make = (4, IPv4Address) if family == 1 else (16, IPv6Address)
    if len(raw) != size:
        version = "IPv4" if family == 1 else "IPv6"
        raise MalformedLldpFrame(f"{what} {version} address has {count_bytes(len(raw))} (expected {size})")
    return str(make(raw))


def _ttl(tlv: Tlv) -> int:
    if len(tlv.value) != 2:
        raise MalformedLldpFrame(f"Time To Live TLV has {count_bytes(len(tlv.value))} (expected 2)")
    return int.from_bytes(tlv.value, "big")


def _text_tlv(tlv: Tlv) -> str:
    if len(tlv.value) > MAX_TEXT:
        raise MalformedLldpFrame(f"{tlv_name(tlv.type)} TLV has {count_bytes(len(tlv.value))} (at most 255)")
    return sanitize(tlv.value)


def sanitize(raw: bytes) -> str:
    """Text for people and reports: UTF-8 (invalid bytes become U+FFFD), control characters ``?``."""
    text = raw.rstrip(b"\0").decode("utf-8", errors="replace")
    return "".join("?" if ord(c) < 0x20 or c == "\x7f" else c for c in text)


def _capabilities(tlv: Tlv) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if len(tlv.value) != 4:
        raise MalformedLldpFrame(f"System Capabilities TLV has {count_bytes(len(tlv.value))} (expected 4)")
    supported = int.from_bytes(tlv.value[0:2], "big")
    enabled = int.from_bytes(tlv.value[2:4], "big")
    return capability_names(supported), capability_names(enabled)


def capability_names(bits: int) -> tuple[str, ...]:
    """The names of the set bits of a 16-bit capability map, lowest bit first."""
    return tuple(
        CAPABILITY_NAMES[bit] if bit < len(CAPABILITY_NAMES) else f"bit-{bit}"
        for bit in range(16)
        if bits >> bit & 1
    )


def _management_address(tlv: Tlv) -> ManagementAddress:
    """802.1AB 8.5.9: string length, family, address, numbering, interface number, OID."""
    value = tlv.value
    if not 9 <= len(value) <= 167:
        raise MalformedLldpFrame(f"Management Address TLV has {count_bytes(len(value))} (expected 9 to 167)")
    string_length = value[0]
    if not 2 <= string_length <= 32:
        raise MalformedLldpFrame(f"management address string length {string_length} (expected 2 to 32)")
    after = 1 + string_length
    if after + 6 > len(value):
        raise MalformedLldpFrame(f"management address string length {string_length} overruns the TLV")
    family, raw = value[1], value[2:after]
    oid_length = value[after + 5]
    if after + 6 + oid_length != len(value):
        raise MalformedLldpFrame(f"management address OID length {oid_length} does not match the TLV")
    if oid_length > 128:
        raise MalformedLldpFrame(f"management address OID length {oid_length} (at most 128)")
    address = _network_address(family, raw, what="management") if family in (1, 2) else raw.hex()
    return ManagementAddress(
        address=address,
        family=family,
        interface_subtype=value[after],
        interface_number=int.from_bytes(value[after + 1 : after + 5], "big"),
        oid=value[after + 6 :].hex(),
    )


def _organizational(neighbor: LldpNeighbor, tlv: Tlv) -> LldpNeighbor:
    value = tlv.value
    if len(value) < 4:
        raise MalformedLldpFrame(
            f"Organizationally Specific TLV has {count_bytes(len(value))} (expected at least 4)"
        )
    if value[0:3] != IEEE_8021_OUI or value[3] != PORT_VLAN_ID_SUBTYPE:
        return neighbor  # another organisation's TLV, or another 802.1 one: not ours to judge
    if len(value) != 6:
        raise MalformedLldpFrame(f"Port VLAN ID TLV has {count_bytes(len(value))} (expected 6)")
    if neighbor.port_vlan_id is not None:
        raise MalformedLldpFrame("duplicate Port VLAN ID TLV")
    return attrs.evolve(neighbor, port_vlan_id=int.from_bytes(value[4:6], "big"))
