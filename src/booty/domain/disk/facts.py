"""Small facts derived from a ``BlockDevice``: size in GiB, NVMe or not, virtual kind.

These are the original's measures (spec disk-and-image.md §1.3-1.4): sizes are whole GiB truncated
towards zero, NVMe means the kernel name starts with ``nvme``, and a device is virtual by its name
prefix, because the kernel names these devices after their driver.
"""

from __future__ import annotations

from booty.domain.system import BlockDevice

GIB = 2**30
"""Bytes in one GiB; ``MIN_DISK_SIZE_GB`` and the ``size`` hint count in these (the original's "GB")."""

VIRTUAL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("loop", "loop device"),
    ("zram", "compressed RAM disk"),
    ("ram", "RAM disk"),
    ("sr", "optical drive"),
    ("dm-", "device-mapper device"),
    ("md", "software RAID array"),
    ("nbd", "network block device"),
    ("zd", "ZFS volume"),
)
"""Kernel name prefixes of block devices that are never an install target, with what they are.

v0.0.1 excluded only ``loop``, ``sr``, ``ram`` and ``dm-``; the later upstream (and booty) also
``zram``, ``md``, ``nbd`` and ``zd`` (spec §1.2)."""


def size_gib(disk: BlockDevice) -> int:
    """The disk's size in whole GiB, truncated (1,000,204,886,016 bytes -> 931)."""
    return disk.size_bytes // GIB


def is_nvme(disk: BlockDevice) -> bool:
    """True for NVMe namespaces (``nvme0n1``), which the original prefers over every other disk."""
    return disk.name.startswith("nvme")


def virtual_kind(disk: BlockDevice) -> str:
    """What kind of virtual device *disk* is (``"loop device"``), or ``""`` for a physical disk."""
    return next((kind for prefix, kind in VIRTUAL_PREFIXES if disk.name.startswith(prefix)), "")
