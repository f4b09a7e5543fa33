"""Partition naming and the root-partition growth decision, pure.

Rules of this file:

1. Partition nodes are named as the kernel names them (``disk_name()`` in block/partitions): a disk
   whose name ends in a digit gets a ``p`` before the number (``nvme0n1p2``, ``mmcblk0p1``,
   ``loop0p2``, ``md127p1``), any other disk none (``sda2``, ``vdb1``). v0.0.1's legacy
   ``pvresize <drive><partition>`` glued the number on unconditionally and named ``/dev/nvme0n11``
   for partition 1 of ``/dev/nvme0n1`` (spec disk-and-image.md §2.18 [bug]).
2. ``partition_number`` is the exact inverse of ``partition_path``: a node that is not a partition
   of the given disk gives 0 (v0.0.1 took any trailing digits, so ``/dev/sdb1`` was partition 1
   of ``/dev/sda``, and panicked on a node shorter than the disk: spec §2.10 and §7.26).
3. Growth is decided from the table sfdisk read and the disk size the kernel reports: the backup
   GPT header must sit at the end of the disk before a partition can grow into the new space, and
   only a root partition with nothing after it can grow.
"""

from __future__ import annotations

import attrs

from booty.domain.disk.sfdisk import Partition, PartitionTable

GPT_ENTRIES_BYTES = 128 * 128
"""A GPT partition entry array: 128 entries of 128 bytes (what every partitioning tool writes)."""
MIN_GROWTH_BYTES = 1024 * 1024
"""Less free space than this after the root partition is not worth a growpart run (alignment eats it)."""


def partition_path(disk: str, number: int) -> str:
    """The node of partition *number* of *disk*: ``("/dev/nvme0n1", 2)`` -> ``/dev/nvme0n1p2``.

    Raises:
        ValueError: *number* is below 1 or *disk* is empty.
    """
    if number < 1:
        raise ValueError(f"partition numbers start at 1, got {number}")
    if not disk:
        raise ValueError("no disk given")
    separator = "p" if disk[-1].isdigit() else ""
    return f"{disk}{separator}{number}"


def partition_number(node: str, disk: str) -> int:
    """The number of partition *node* on *disk*, or 0 when *node* is not a partition of *disk*.

    ``("/dev/sda10", "/dev/sda")`` -> 10, ``("/dev/nvme0n1p2", "/dev/nvme0n1")`` -> 2,
    ``("/dev/sda", "/dev/sda")`` -> 0, ``("/dev/sdb1", "/dev/sda")`` -> 0.
    """
    if not disk or not node.startswith(disk):
        return 0
    rest = node[len(disk) :]
    if disk[-1].isdigit():
        if not rest.startswith("p"):
            return 0
        rest = rest[1:]
    if not rest.isascii() or not rest.isdigit() or rest.startswith("0"):
        return 0
    return int(rest)


def gpt_last_usable_lba(total_sectors: int, sector_size: int) -> int:
    """The last sector a partition may use when the backup GPT sits at the end of the disk.

    The backup header takes the last sector and the backup entry array the sectors before it
    (32 sectors of 512 bytes, 4 of 4096); 512-byte disks end at ``total - 34``.
    """
    entry_sectors = -(-GPT_ENTRIES_BYTES // sector_size)
    return total_sectors - 2 - entry_sectors


@attrs.frozen
class GrowPlan:
    """What ``grow-partition`` does for the root partition, and why."""

    relocate_backup_gpt: bool
    """Move the backup GPT header to the end of the disk first (``sgdisk -e``)."""
    grow: bool
    """Grow the partition (``growpart``); False means there is nothing to gain."""
    reason: str
    """E.g. ``1.9 GiB free after partition 2`` or ``partition 3 follows partition 2``."""
    free_bytes: int = 0
    """Bytes between the end of the partition and the last usable sector."""


def plan_root_growth(table: PartitionTable, root: Partition, *, disk_bytes: int) -> GrowPlan:
    """Whether *root* can grow to the end of a disk of *disk_bytes*, after the table sfdisk read.

    Raises:
        ValueError: *root* is not a partition of *table*.
    """
    if root not in table.partitions:
        raise ValueError(f"{root.node} is not in the partition table of {table.device}")
    total = disk_bytes // table.sector_size
    gpt = table.label == "gpt"
    last_usable = gpt_last_usable_lba(total, table.sector_size) if gpt else total - 1
    relocate = gpt and table.last_lba < last_usable
    after = [p for p in table.partitions if p.start > root.start]
    if after:
        follower = min(after, key=lambda p: p.start)
        return GrowPlan(relocate, False, f"{follower.node} follows {root.node}: no room to grow")
    free = (last_usable - root.end) * table.sector_size
    if free < MIN_GROWTH_BYTES:
        return GrowPlan(relocate, False, f"{root.node} already ends at the end of the disk", max(free, 0))
    return GrowPlan(relocate, True, f"{_human(free)} free after {root.node}", free)


def _human(size: int) -> str:
    return f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.1f} MiB"
