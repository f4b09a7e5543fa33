"""The values LLDP listening produces: a neighbour, its identifiers and management addresses.

Rules of this file: values only, no parsing of bytes (that is ``decode``); every value is frozen and
already rendered for people (MAC as ``aa:bb:..``, network addresses as IP text, text TLVs
sanitised), while the numeric subtypes are kept so that ``encode`` can rebuild the wire form.
"""

from __future__ import annotations

import attrs

LLDP_ETHERTYPE = 0x88CC
"""EtherType of an LLDPDU (IEEE 802.1AB)."""

LLDP_MULTICAST = "01:80:c2:00:00:0e"
"""Nearest-bridge group address: the one lldpd and switches send to by default."""

LLDP_GROUP_ADDRESSES = (LLDP_MULTICAST, "01:80:c2:00:00:03", "01:80:c2:00:00:00")
"""Every destination 802.1AB-2016 allows: nearest bridge, nearest non-TPMR bridge, nearest
customer bridge. Frames to any other address are not LLDP, whatever their EtherType."""

CHASSIS_ID_KINDS: dict[int, str] = {
    1: "chassis-component",
    2: "interface-alias",
    3: "port-component",
    4: "mac-address",
    5: "network-address",
    6: "interface-name",
    7: "local",
}
"""Chassis ID subtypes (802.1AB table 8-2) by number."""

PORT_ID_KINDS: dict[int, str] = {
    1: "interface-alias",
    2: "port-component",
    3: "mac-address",
    4: "network-address",
    5: "interface-name",
    6: "agent-circuit-id",
    7: "local",
}
"""Port ID subtypes (802.1AB table 8-3) by number."""

BINARY_KINDS = frozenset({"agent-circuit-id", "reserved"})
"""Identifier kinds whose value is opaque bytes, rendered as lower-case hex."""

CAPABILITY_NAMES = (
    "other",
    "repeater",
    "bridge",
    "wlan-access-point",
    "router",
    "telephone",
    "docsis-cable-device",
    "station-only",
    "c-vlan",
    "s-vlan",
    "two-port-mac-relay",
)
"""System capabilities (802.1AB table 8-4) by bit number; higher bits are ``bit-N``."""

ADDRESS_FAMILIES: dict[int, str] = {1: "ipv4", 2: "ipv6"}
"""IANA address family numbers rendered as addresses; any other family is kept as hex."""

INTERFACE_NUMBERINGS: dict[int, str] = {1: "unknown", 2: "ifindex", 3: "system-port"}
"""Management address interface numbering subtypes (802.1AB table 8-6)."""


@attrs.frozen
class LldpId:
    """A chassis or port identifier: its numeric subtype and the value rendered as text."""

    subtype: int
    """The subtype number from the wire (4 = MAC for a chassis, 3 = MAC for a port, ...)."""
    kind: str
    """The subtype's name (``mac-address``, ``network-address``, ``interface-name``, ``local``...);
    ``reserved`` for numbers 802.1AB does not assign."""
    value: str
    """MAC as ``aa:bb:cc:dd:ee:ff``, network address as IP text (or hex for a family other than
    IPv4/IPv6), opaque kinds as hex, the text kinds as sanitised text."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def chassis(cls, subtype: int, value: str) -> LldpId:
        """A chassis identifier, its kind named from *subtype* (802.1AB table 8-2)."""
        return cls(subtype, CHASSIS_ID_KINDS.get(subtype, "reserved"), value)

    @classmethod
    def port(cls, subtype: int, value: str) -> LldpId:
        """A port identifier, its kind named from *subtype* (802.1AB table 8-3)."""
        return cls(subtype, PORT_ID_KINDS.get(subtype, "reserved"), value)


@attrs.frozen
class ManagementAddress:
    """One Management Address TLV: where the neighbour can be managed, and on which interface."""

    address: str
    """IP text for IPv4/IPv6; lower-case hex of the raw bytes for any other family."""
    family: int
    """IANA address family number: 1 IPv4, 2 IPv6, others kept as given."""
    interface_subtype: int = 1
    """How ``interface_number`` counts: 1 unknown, 2 ifIndex, 3 system port number."""
    interface_number: int = 0
    oid: str = ""
    """Object identifier as lower-case hex of its BER bytes; empty when the TLV carries none."""

    @property
    def family_name(self) -> str:
        """``ipv4``, ``ipv6`` or ``family-N``."""
        return ADDRESS_FAMILIES.get(self.family, f"family-{self.family}")

    @property
    def interface_numbering(self) -> str:
        """``unknown``, ``ifindex``, ``system-port`` or ``subtype-N``."""
        return INTERFACE_NUMBERINGS.get(self.interface_subtype, f"subtype-{self.interface_subtype}")


@attrs.frozen
class LldpNeighbor:
    """What one LLDPDU says about the device at the other end of a link.

    ``interface`` is not on the wire: the listener adds the local interface the frame arrived on.
    """

    chassis_id: LldpId
    port_id: LldpId
    ttl: int
    """Seconds the information stays valid; 0 is a shutdown LLDPDU (the neighbour is leaving)."""
    interface: str = ""
    source_mac: str = ""
    """Ethernet source address of the frame (empty when decoding a bare LLDPDU)."""
    port_description: str = ""
    system_name: str = ""
    system_description: str = ""
    management_addresses: tuple[ManagementAddress, ...] = ()
    port_vlan_id: int | None = None
    """From the IEEE 802.1 Port VLAN ID TLV (OUI 00-80-c2, subtype 1); None when absent. 0 means
    the port does not support port-based VLANs."""
    capabilities: tuple[str, ...] = ()
    """Supported system capabilities, in bit order (``bridge``, ``router``, ...)."""
    enabled_capabilities: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes a neighbour distinct: (local interface, chassis ID, port ID)."""
        return (self.interface, self.chassis_id.value, self.port_id.value)


@attrs.frozen
class SkippedFrame:
    """A frame the listener heard but could not use, and why.

    A receive error that ends listening on an interface (the link went away) is recorded the same
    way, with a reason starting ``receive failed:``.
    """

    interface: str
    reason: str
