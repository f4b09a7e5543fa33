"""Port: enumerate whole disks, and the block-device operations that are not commands (partition
re-read, size, zeroing a byte range). Partition tables, wipes and growth run tools through the
Shell port; their pure halves live in ``booty.domain.disk``."""

from __future__ import annotations

from typing import Protocol

from booty.domain.disk.targets import ApprovedDisk, ImageFile
from booty.domain.system import BlockDevice
from booty.ports.device import DeviceReader, DeviceWriter


class BlockDevices(Protocol):
    """The disks the kernel exposes."""

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """Every whole disk, sorted by name; partitions are listed on their disk."""
        ...

    def open_writer(self, target: ApprovedDisk | ImageFile) -> DeviceWriter:
        """Open *target* for writing from offset 0: a disk the domain approved, or an image file.

        An ``ImageFile`` must be an existing regular file; a device node given as an ``ImageFile``
        is refused, since a disk is written only after disk selection approved it. Nothing is
        created or truncated: a mistyped path fails here.

        Raises:
            UnapprovedDisk: *target* is neither (a path string is refused).
            DeviceWriteFailed: the path does not exist or cannot be opened for writing, or an
                ``ImageFile`` is not a regular file.
        """
        ...

    def open_reader(self, path: str) -> DeviceReader:
        """Open *path* (a block device or a regular file) for reading from offset 0.

        Raises:
            OSError: the path does not exist or cannot be read.
        """
        ...

    def reread_partitions(self, device: str) -> None:
        """Ask the kernel to re-read the partition table of *device* (the BLKRRPART ioctl).

        Raises:
            BlockOperationFailed: the kernel refused (EBUSY while a partition is in use, EINVAL
                for a device without partition support) or *device* cannot be opened.
        """
        ...

    def size_bytes(self, device: str) -> int:
        """The size of *device* in bytes as the kernel sees it now (BLKGETSIZE64).

        Raises:
            BlockOperationFailed: *device* cannot be opened or is not a block device (or image file).
        """
        ...

    def zero_range(self, disk: ApprovedDisk, offset: int, length: int) -> None:
        """Write *length* zero bytes at *offset* of the approved *disk*, then fsync.

        Raises:
            UnapprovedDisk: *disk* is not an ``ApprovedDisk`` (a path string is refused).
            BlockOperationFailed: the range lies outside the disk, the disk is in use (opened
                exclusively: a mounted or held disk gives EBUSY), or a write or the fsync failed.
        """
        ...
