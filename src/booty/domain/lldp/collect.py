"""What a listener accumulates: the neighbours heard so far and the frames it had to skip.

Rules of this file: the table is a frozen value evolved frame by frame (``hear`` returns a new
table), so the real listener, the fake and the tests all apply the same rules: one neighbour per
(interface, chassis ID, port ID) with the latest frame winning, a shutdown LLDPDU (TTL 0) forgets
its neighbour, and a malformed frame is recorded with its reason and otherwise ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

import attrs

from booty.domain.errors import MalformedLldpFrame
from booty.domain.lldp.decode import decode_frame
from booty.domain.lldp.model import LldpNeighbor, ManagementAddress, SkippedFrame

MAX_SKIPPED_KEPT = 32
"""Skipped frames whose reason is kept; the count goes on beyond it (a flood must not grow memory)."""


@attrs.frozen
class NeighborTable:
    """Neighbours in the order first heard, and the frames skipped along the way."""

    neighbors: tuple[LldpNeighbor, ...] = ()
    skipped: tuple[SkippedFrame, ...] = ()
    """The first ``MAX_SKIPPED_KEPT`` skipped frames with their reasons."""
    skipped_count: int = 0
    """Every skipped frame, also those beyond ``MAX_SKIPPED_KEPT``."""

    def hear(self, interface: str, frame: bytes) -> NeighborTable:
        """The table after *frame* arrived on *interface*; a malformed frame is only recorded."""
        try:
            neighbor = attrs.evolve(decode_frame(frame), interface=interface)
        except MalformedLldpFrame as e:
            return self.skip(SkippedFrame(interface, e.reason))
        return self.add(neighbor)

    def add(self, neighbor: LldpNeighbor) -> NeighborTable:
        """The table with *neighbor* in it, replacing the one with the same key in place.

        A TTL of 0 is 802.1AB's shutdown LLDPDU: the neighbour is removed instead.
        """
        if neighbor.ttl == 0:
            return attrs.evolve(self, neighbors=tuple(n for n in self.neighbors if n.key != neighbor.key))
        if any(n.key == neighbor.key for n in self.neighbors):
            replaced = tuple(neighbor if n.key == neighbor.key else n for n in self.neighbors)
            return attrs.evolve(self, neighbors=replaced)
        return attrs.evolve(self, neighbors=(*self.neighbors, neighbor))

    def heard_on(self, interfaces: Set[str]) -> bool:
        """True when every one of *interfaces* has a neighbour in the table (vacuously for none)."""
        return interfaces <= {n.interface for n in self.neighbors}

    def skip(self, frame: SkippedFrame) -> NeighborTable:
        """The table with one more skipped frame."""
        kept = self.skipped if len(self.skipped) >= MAX_SKIPPED_KEPT else (*self.skipped, frame)
        return attrs.evolve(self, skipped=kept, skipped_count=self.skipped_count + 1)


def neighbors_to_inventory(neighbors: Iterable[LldpNeighbor]) -> list[dict[str, Any]]:
    """The ``lldpNeighbors`` list of the inventory report (and of ``booty lldp --json``).

    One object per neighbour, keys in camelCase like the rest of the inventory document (spec
    provisioning.md §8)::

        {"interface": "eno1", "chassisId": "00:11:22:33:44:55", "chassisIdSubtype": "mac-address",
         "portId": "Ethernet1", "portIdSubtype": "interface-name", "ttl": 120,
         "systemName": "leaf01", "systemDescription": "...", "portDescription": "...",
         "sourceMac": "00:11:22:33:44:56",
         "managementAddresses"?: [{"address": "10.0.0.1", "family": "ipv4",
                                   "interfaceNumbering": "ifindex", "interfaceNumber": 5,
                                   "oid"?: "2b06..."}],
         "portVlanId"?: 100, "capabilities"?: ["bridge", "router"], "enabledCapabilities"?: ["router"]}

    Keys marked ``?`` are left out when empty or absent, as the inventory document does.
    """
    return [_neighbor_to_dict(n) for n in neighbors]


def _neighbor_to_dict(n: LldpNeighbor) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "interface": n.interface,
        "chassisId": n.chassis_id.value,
        "chassisIdSubtype": n.chassis_id.kind,
        "portId": n.port_id.value,
        "portIdSubtype": n.port_id.kind,
        "ttl": n.ttl,
        "systemName": n.system_name,
        "systemDescription": n.system_description,
        "portDescription": n.port_description,
        "sourceMac": n.source_mac,
    }
    if n.management_addresses:
        doc["managementAddresses"] = [_address_to_dict(a) for a in n.management_addresses]
    if n.port_vlan_id is not None:
        doc["portVlanId"] = n.port_vlan_id
    if n.capabilities:
        doc["capabilities"] = list(n.capabilities)
    if n.enabled_capabilities:
        doc["enabledCapabilities"] = list(n.enabled_capabilities)
    return doc


def _address_to_dict(address: ManagementAddress) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "address": address.address,
        "family": address.family_name,
        "interfaceNumbering": address.interface_numbering,
        "interfaceNumber": address.interface_number,
    }
    if address.oid:
        doc["oid"] = address.oid
    return doc
