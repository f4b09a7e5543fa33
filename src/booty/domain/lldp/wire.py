"""The framing of LLDP: Ethernet header, TLV headers, the mandatory TLVs and their order.

Rules of this file: bytes in, ``Tlv`` values or ``MalformedLldpFrame`` out, nothing else raised.
What the TLV values mean is ``decode``'s business; this file only cuts the frame into TLVs and
checks the structure 802.1AB-2016 §8 requires of every LLDPDU.
"""

from __future__ import annotations

import attrs

from booty.domain.errors import MalformedLldpFrame
from booty.domain.lldp.model import LLDP_ETHERTYPE, LLDP_GROUP_ADDRESSES

TLV_END, TLV_CHASSIS_ID, TLV_PORT_ID, TLV_TTL = 0, 1, 2, 3
TLV_PORT_DESCRIPTION, TLV_SYSTEM_NAME, TLV_SYSTEM_DESCRIPTION = 4, 5, 6
TLV_CAPABILITIES, TLV_MANAGEMENT_ADDRESS, TLV_ORGANIZATIONAL = 7, 8, 127

TLV_NAMES: dict[int, str] = {
    TLV_END: "End of LLDPDU",
    TLV_CHASSIS_ID: "Chassis ID",
    TLV_PORT_ID: "Port ID",
    TLV_TTL: "Time To Live",
    TLV_PORT_DESCRIPTION: "Port Description",
    TLV_SYSTEM_NAME: "System Name",
    TLV_SYSTEM_DESCRIPTION: "System Description",
    TLV_CAPABILITIES: "System Capabilities",
    TLV_MANAGEMENT_ADDRESS: "Management Address",
    TLV_ORGANIZATIONAL: "Organizationally Specific",
}

MANDATORY: tuple[tuple[int, str], ...] = (
    (TLV_CHASSIS_ID, "first"),
    (TLV_PORT_ID, "second"),
    (TLV_TTL, "third"),
)
"""The TLVs every LLDPDU starts with, in this order (802.1AB 8.2)."""

ONCE_ONLY = frozenset(range(TLV_CHASSIS_ID, TLV_CAPABILITIES + 1))
"""TLV types an LLDPDU may carry at most once."""

IEEE_8021_OUI = b"\x00\x80\xc2"
PORT_VLAN_ID_SUBTYPE = 1
VLAN_TPIDS = (0x8100, 0x88A8)
"""802.1Q customer and 802.1ad service tags, which may sit between the addresses and 0x88cc."""


@attrs.frozen
class Tlv:
    """One TLV as found on the wire; *offset* counts from the start of the LLDPDU."""

    type: int
    value: bytes
    offset: int


def strip_ethernet(frame: bytes) -> tuple[str, bytes]:
    """The source MAC and the LLDPDU of an LLDP Ethernet frame.

    Raises:
        MalformedLldpFrame: too short, another EtherType, or not sent to an LLDP group address.
    """
    if len(frame) < 14:
        raise MalformedLldpFrame(f"{count_bytes(len(frame))} is too short for an Ethernet header")
    offset = 12
    ethertype = int.from_bytes(frame[offset : offset + 2], "big")
    while ethertype in VLAN_TPIDS:
        offset += 4
        if len(frame) < offset + 2:
            raise MalformedLldpFrame("frame ends inside its VLAN tag")
        ethertype = int.from_bytes(frame[offset : offset + 2], "big")
    if ethertype != LLDP_ETHERTYPE:
        raise MalformedLldpFrame(f"EtherType 0x{ethertype:04x} is not LLDP (0x88cc)")
    destination = format_mac(frame[0:6])
    if destination not in LLDP_GROUP_ADDRESSES:
        raise MalformedLldpFrame(f"destination {destination} is not an LLDP group address")
    return format_mac(frame[6:12]), frame[offset + 2 :]


def split_tlvs(data: bytes) -> tuple[Tlv, ...]:
    """The TLVs before the End TLV; bytes after it (Ethernet padding) are ignored.

    Raises:
        MalformedLldpFrame: a TLV runs past the data, or the End TLV is missing or not empty.
    """
    tlvs: list[Tlv] = []
    offset = 0
    while True:
        if offset == len(data):
            raise MalformedLldpFrame("missing End of LLDPDU TLV")
        if offset + 2 > len(data):
            raise MalformedLldpFrame(f"truncated TLV header at offset {offset}")
        header = int.from_bytes(data[offset : offset + 2], "big")
        kind, length, start = header >> 9, header & 0x1FF, offset + 2
        if start + length > len(data):
            left = len(data) - start
            raise MalformedLldpFrame(
                f"{tlv_name(kind)} TLV at offset {offset} claims {count_bytes(length)}, only {left} left"
            )
        if kind == TLV_END:
            if length:
                raise MalformedLldpFrame(f"End of LLDPDU TLV has {count_bytes(length)} (expected 0)")
            return tuple(tlvs)
        tlvs.append(Tlv(kind, data[start : start + length], offset))
        offset = start + length


def check_mandatory(tlvs: tuple[Tlv, ...]) -> None:
    """Chassis ID, Port ID and Time To Live come first, in that order.

    Raises:
        MalformedLldpFrame: one is missing ("missing Port ID TLV") or out of place.
    """
    for position, (kind, ordinal) in enumerate(MANDATORY):
        if all(tlv.type != kind for tlv in tlvs):
            raise MalformedLldpFrame(f"missing {tlv_name(kind)} TLV")
        if tlvs[position].type != kind:
            found = tlv_name(tlvs[position].type)
            raise MalformedLldpFrame(f"{tlv_name(kind)} TLV must come {ordinal}, found {found}")


def tlv_name(kind: int) -> str:
    """The standard's name of TLV type *kind* (``reserved type 42`` for unassigned ones)."""
    return TLV_NAMES.get(kind, f"reserved type {kind}")


def format_mac(raw: bytes) -> str:
    """``aa:bb:cc:dd:ee:ff``, as Go's ``HardwareAddr.String()`` prints it."""
    return ":".join(f"{b:02x}" for b in raw)


def count_bytes(count: int) -> str:
    return f"{count} byte" if count == 1 else f"{count} bytes"
