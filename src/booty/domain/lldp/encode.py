"""Build LLDP frames from neighbour values: the inverse of ``decode`` for well-formed input.

Used by the tests (round trips, malformed-frame tables, frames sent to a real lldpd) and by
anything that must emit LLDP. ``decode_frame(encode_frame(n))`` gives ``n`` back for every
neighbour whose text fields are already sanitised (see ``decode.sanitize``).
"""

from __future__ import annotations

from ipaddress import ip_address

from booty.domain.lldp.model import (
    BINARY_KINDS,
    CAPABILITY_NAMES,
    LLDP_ETHERTYPE,
    LLDP_MULTICAST,
    LldpId,
    LldpNeighbor,
    ManagementAddress,
)
from booty.domain.lldp.wire import (
    IEEE_8021_OUI,
    PORT_VLAN_ID_SUBTYPE,
    TLV_CAPABILITIES,
    TLV_CHASSIS_ID,
    TLV_END,
    TLV_MANAGEMENT_ADDRESS,
    TLV_ORGANIZATIONAL,
    TLV_PORT_DESCRIPTION,
    TLV_PORT_ID,
    TLV_SYSTEM_DESCRIPTION,
    TLV_SYSTEM_NAME,
    TLV_TTL,
)

DEFAULT_SOURCE_MAC = "02:00:00:00:00:01"
"""A locally administered address for frames built without one."""


def encode_frame(
    neighbor: LldpNeighbor,
    *,
    source_mac: str = "",
    destination: str = LLDP_MULTICAST,
    vlan: int | None = None,
) -> bytes:
    """An Ethernet frame carrying *neighbor*'s LLDPDU, padded to the 60-byte minimum.

    Args:
        neighbor: what to announce; ``interface`` is ignored.
        source_mac: the frame's source; defaults to ``neighbor.source_mac``, then a fixed local MAC.
        destination: the group address to send to.
        vlan: when given, an 802.1Q tag with this VLAN ID is inserted.

    Raises:
        ValueError: a value cannot be put on the wire (bad MAC text, text longer than a TLV holds).
    """
    header = mac_bytes(destination) + mac_bytes(source_mac or neighbor.source_mac or DEFAULT_SOURCE_MAC)
    if vlan is not None:
        header += (0x8100).to_bytes(2, "big") + vlan.to_bytes(2, "big")
    frame = header + LLDP_ETHERTYPE.to_bytes(2, "big") + encode_lldpdu(neighbor)
    return frame.ljust(60, b"\0")


def encode_lldpdu(neighbor: LldpNeighbor) -> bytes:
    """The LLDPDU announcing *neighbor*: mandatory TLVs, the non-empty optional ones, End.

    Raises:
        ValueError: a value cannot be put on the wire.
    """
    tlvs = [
        encode_tlv(TLV_CHASSIS_ID, identifier_bytes(neighbor.chassis_id)),
        encode_tlv(TLV_PORT_ID, identifier_bytes(neighbor.port_id)),
        encode_tlv(TLV_TTL, neighbor.ttl.to_bytes(2, "big")),
    ]
    texts = (
        (TLV_PORT_DESCRIPTION, neighbor.port_description),
        (TLV_SYSTEM_NAME, neighbor.system_name),
        (TLV_SYSTEM_DESCRIPTION, neighbor.system_description),
    )
    tlvs += [encode_tlv(kind, text.encode()) for kind, text in texts if text]
    if neighbor.capabilities or neighbor.enabled_capabilities:
        bits = capability_bits(neighbor.capabilities), capability_bits(neighbor.enabled_capabilities)
        tlvs.append(encode_tlv(TLV_CAPABILITIES, b"".join(b.to_bytes(2, "big") for b in bits)))
    tlvs += [encode_tlv(TLV_MANAGEMENT_ADDRESS, management_bytes(m)) for m in neighbor.management_addresses]
    if neighbor.port_vlan_id is not None:
        pvid = IEEE_8021_OUI + bytes([PORT_VLAN_ID_SUBTYPE]) + neighbor.port_vlan_id.to_bytes(2, "big")
        tlvs.append(encode_tlv(TLV_ORGANIZATIONAL, pvid))
    return b"".join([*tlvs, encode_tlv(TLV_END, b"")])


def encode_tlv(kind: int, value: bytes) -> bytes:
    """One TLV: 7-bit type, 9-bit length, value.

    Raises:
        ValueError: *value* is longer than 511 bytes or *kind* is not 0..127.
    """
    if len(value) > 0x1FF or not 0 <= kind <= 127:
        raise ValueError(f"cannot encode TLV type {kind} with {len(value)} bytes")
    return (kind << 9 | len(value)).to_bytes(2, "big") + value


def identifier_bytes(identifier: LldpId) -> bytes:
    """Subtype byte and value of a Chassis ID or Port ID TLV."""
    if identifier.kind == "mac-address":
        raw = mac_bytes(identifier.value)
    elif identifier.kind == "network-address":
        raw = _address_bytes(identifier.value)
    elif identifier.kind in BINARY_KINDS:
        raw = bytes.fromhex(identifier.value)
    else:
        raw = identifier.value.encode()
    return bytes([identifier.subtype]) + raw


def management_bytes(address: ManagementAddress) -> bytes:
    """The value of a Management Address TLV."""
    known = address.family in (1, 2)
    raw = ip_address(address.address).packed if known else bytes.fromhex(address.address)
    oid = bytes.fromhex(address.oid)
    return (
        bytes([len(raw) + 1, address.family])
        + raw
        + bytes([address.interface_subtype])
        + address.interface_number.to_bytes(4, "big")
        + bytes([len(oid)])
        + oid
    )


def capability_bits(names: tuple[str, ...]) -> int:
    """The 16-bit map of capability *names* (``bridge``, ``router``, ``bit-12``...)."""
    bits = 0
    for name in names:
        bit = CAPABILITY_NAMES.index(name) if name in CAPABILITY_NAMES else int(name.removeprefix("bit-"))
        bits |= 1 << bit
    return bits


def mac_bytes(mac: str) -> bytes:
    """The six bytes of ``aa:bb:cc:dd:ee:ff``.

    Raises:
        ValueError: not six colon-separated hex bytes.
    """
    raw = bytes.fromhex(mac.replace(":", ""))
    if len(raw) != 6 or mac.count(":") != 5:
        raise ValueError(f"not a MAC address: {mac!r}")
    return raw


def _address_bytes(value: str) -> bytes:
    """Family byte and address of a network-address identifier (hex when the family is unknown)."""
    try:
        address = ip_address(value)
    except ValueError:
        return bytes.fromhex(value)
    return bytes([1 if address.version == 4 else 2]) + address.packed
