"""LLDP (IEEE 802.1AB): decoding the frames neighbours send, and what a listener keeps of them.

``decode_frame(frame)`` turns one Ethernet frame into an ``LldpNeighbor`` or raises
``MalformedLldpFrame`` with the reason; ``NeighborTable.hear`` folds frames into the neighbours a
listener reports (latest frame per interface, chassis and port wins; malformed frames are recorded
and skipped); ``neighbors_to_inventory`` gives the inventory report's JSON shape. ``encode_frame``
builds frames, for tests and for anything that announces itself. Everything here is pure: the
sockets live in ``booty.adapters.linux.lldp``.
"""

from booty.domain.lldp.collect import MAX_SKIPPED_KEPT, NeighborTable, neighbors_to_inventory
from booty.domain.lldp.decode import decode_frame, decode_lldpdu, sanitize
from booty.domain.lldp.encode import encode_frame, encode_lldpdu, encode_tlv
from booty.domain.lldp.model import (
    LLDP_ETHERTYPE,
    LLDP_GROUP_ADDRESSES,
    LLDP_MULTICAST,
    LldpId,
    LldpNeighbor,
    ManagementAddress,
    SkippedFrame,
)

__all__ = [
    "LLDP_ETHERTYPE",
    "LLDP_GROUP_ADDRESSES",
    "LLDP_MULTICAST",
    "MAX_SKIPPED_KEPT",
    "LldpId",
    "LldpNeighbor",
    "ManagementAddress",
    "NeighborTable",
    "SkippedFrame",
    "decode_frame",
    "decode_lldpdu",
    "encode_frame",
    "encode_lldpdu",
    "encode_tlv",
    "neighbors_to_inventory",
    "sanitize",
]
