"""The BlockDevices port over sysfs: every entry of ``/sys/block`` becomes a ``BlockDevice``.

Rules of this file: a missing or unreadable attribute gives an empty or zero value, never an
exception (sysfs differs between drivers and kernels); the sysfs root is a parameter so that tests
read a tree they wrote themselves.

Besides sysfs, two files of the same machine are read: the ``/dev/disk/by-path`` links (a disk's
bus position) and the mounts table (``/proc/self/mounts``: which disks are busy). By default both
are found next to the sysfs root, so a tree copied from a machine (``sys/``, ``dev/disk/by-path/``,
``proc/self/mounts``) reads as a whole, and ``/sys`` gives ``/dev/disk/by-path`` and
``/proc/self/mounts``.

The block-device operations (BLKRRPART, BLKGETSIZE64, zeroing a range) open the node under
``dev_root``; a regular file there stands in for a disk in labs and tests (its size is its length;
re-reading its table is refused like on any non-block device). Zeroing takes an ``ApprovedDisk``
only and opens a block device with O_EXCL, so a mounted or otherwise held disk is refused by the
kernel (EBUSY) before a byte is written.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import struct
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import attrs

from booty.adapters.linux.device_writer import LinuxDeviceReader, LinuxDeviceWriter
from booty.domain.disk.mounts import mounts_of, parse_proc_mounts
from booty.domain.disk.targets import (
    NOT_AN_IMAGE_FILE,
    ApprovedDisk,
    ImageFile,
    require_approved,
    require_write_target,
)
from booty.domain.errors import BlockOperationFailed, DeviceWriteFailed
from booty.domain.system import BlockDevice, Mount

SECTOR_BYTES = 512
"""sysfs ``size`` counts 512-byte sectors whatever the device's logical block size."""
BLKRRPART = 0x125F
"""``_IO(0x12, 95)``: re-read the partition table."""
BLKGETSIZE64 = 0x80081272
"""``_IOR(0x12, 114, size_t)``: the device size in bytes (64-bit)."""
ZERO_CHUNK = 1024 * 1024

NAME_TRANSPORTS: tuple[tuple[str, str], ...] = (
    ("nvme", "nvme"),
    ("vd", "virtio"),
    ("xvd", "xen"),
    ("mmcblk", "mmc"),
    ("loop", "loop"),
    ("nbd", "nbd"),
    ("md", "md"),
    ("dm-", "dm"),
    ("zram", "zram"),
    ("ram", "ram"),
)
"""Name prefixes that say the transport by themselves (the kernel names these disks by driver)."""

PATH_TRANSPORTS: tuple[tuple[str, str], ...] = (
    ("/usb", "usb"),
    ("/rport-", "fc"),
    ("/session", "iscsi"),
    ("/end_device-", "sas"),
    ("/ata", "sata"),
)
"""Components of the resolved ``/sys/block/<name>`` path that name the bus of a SCSI disk
(``sd*``, ``sr*``); the first match wins, so USB-to-SATA bridges report ``usb``. A SCSI disk
with a ``device`` directory that matches none of these reports ``scsi``."""


@attrs.frozen
class SysfsBlockDevices:
    """Reads the disks the kernel exposes under ``<sysfs_root>/block``."""

    sysfs_root: str = "/sys"
    dev_root: str = "/dev"
    """Where device nodes live; listing does not open them, later disk operations will."""
    by_path_dir: str | None = None
    """The ``disk/by-path`` links (``pci-...-ata-1 -> ../../sda``); ``None``: next to the sysfs root."""
    mounts_file: str | None = None
    """The mounts table; ``None``: ``proc/self/mounts`` next to the sysfs root."""

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """Every entry of ``/sys/block``, sorted by name, with partitions, holders, slot and mounts."""
        block = Path(self.sysfs_root, "block")
        if not block.is_dir():
            return ()
        entries = sorted(block.iterdir(), key=lambda p: p.name)
        by_path = _by_path_links(Path(self.by_path_dir or self._beside_sysfs("dev", "disk", "by-path")))
        mounts = parse_proc_mounts(
            _read_text(Path(self.mounts_file or self._beside_sysfs("proc", "self", "mounts")))
        )
        dm_names = {_read_text(e / "dm" / "name"): e.name for e in entries if e.name.startswith("dm-")}
        return tuple(_read_disk(entry, block, by_path, mounts, dm_names) for entry in entries)

    def open_writer(self, target: ApprovedDisk | ImageFile) -> LinuxDeviceWriter:
        """Open the approved disk (its node under ``dev_root``), or the image file (a regular file
        only), for writing; see the port."""
        checked = require_write_target(target)
        if isinstance(checked, ImageFile):
            _require_regular_file(checked.path)
            return LinuxDeviceWriter(checked.path)
        return LinuxDeviceWriter(str(self._node(checked.path)))

    def open_reader(self, path: str) -> LinuxDeviceReader:
        """Open *path* (a device node or a regular file) for reading; see device_writer."""
        return LinuxDeviceReader(path)

    def reread_partitions(self, device: str) -> None:
        """BLKRRPART on *device* (see the port); a regular file is refused with ENOTTY."""
        with _open(self._node(device), os.O_RDONLY, op="BLKRRPART", device=device) as fd:
            try:
                fcntl.ioctl(fd, BLKRRPART)
            except OSError as e:
                raise _failed("BLKRRPART", device, e) from e

    def size_bytes(self, device: str) -> int:
        """BLKGETSIZE64 of *device*, or the length of a regular file standing in for one."""
        with _open(self._node(device), os.O_RDONLY, op="BLKGETSIZE64", device=device) as fd:
            return _size(fd, device)

    def zero_range(self, disk: ApprovedDisk, offset: int, length: int) -> None:
        """Zero ``[offset, offset + length)`` of the approved *disk* and fsync (see the port)."""
        approved = require_approved(disk)
        node = self._node(approved.path)
        try:
            exclusive = os.O_EXCL if stat.S_ISBLK(node.stat().st_mode) else 0
        except OSError as e:
            raise _failed("zero", approved.path, e) from e
        with _open(node, os.O_WRONLY | exclusive, op="zero", device=approved.path) as fd:
            size = _size(fd, approved.path)
            if offset < 0 or length < 0 or offset + length > size:
                reason = f"range {offset}+{length} is outside the disk ({size} bytes)"
                raise BlockOperationFailed("zero", device=approved.path, errno=errno.EINVAL, reason=reason)
            try:
                _write_zeros(fd, offset, length)
                os.fsync(fd)
            except OSError as e:
                raise _failed("zero", approved.path, e) from e

    def _node(self, device: str) -> Path:
        """Where *device* (``/dev/sda``) lives under ``dev_root``."""
        return Path(self.dev_root, device.removeprefix("/dev/"))

    def _beside_sysfs(self, *parts: str) -> Path:
        return Path(self.sysfs_root).parent.joinpath(*parts)


def _read_disk(
    sys_dir: Path,
    block: Path,
    by_path: Mapping[str, str],
    mounts: tuple[Mount, ...],
    dm_names: Mapping[str, str],
) -> BlockDevice:
    """Build one disk from its sysfs directory (``/sys/block/<name>``, usually a symlink)."""
    name = sys_dir.name
    partitions = _partitions(sys_dir)
    holders = _list_names(sys_dir / "holders")
    partition_holders = tuple(sorted({h for p in partitions for h in _list_names(sys_dir / p / "holders")}))
    stacked = _stacked(block, [*holders, *partition_holders])
    return BlockDevice(
        name=name,
        size_bytes=_read_int(sys_dir / "size") * SECTOR_BYTES,
        removable=_read_int(sys_dir / "removable") == 1,
        read_only=_read_int(sys_dir / "ro") == 1,
        rotational=_read_int(sys_dir / "queue" / "rotational") == 1,
        transport=_transport(sys_dir),
        model=_read_text(sys_dir / "device" / "model"),
        serial=_serial(sys_dir),
        wwn=_read_text(sys_dir / "wwid") or _read_text(sys_dir / "device" / "wwid"),
        holders=holders,
        partitions=partitions,
        partition_holders=partition_holders,
        by_path=by_path.get(name, ""),
        mounts=mounts_of((name, *partitions, *stacked), mounts, dm_names),
    )


def _stacked(block: Path, holders: list[str]) -> tuple[str, ...]:
    """*holders* and, transitively, everything stacked on them (LVM on dm-crypt on a partition)."""
    seen: list[str] = []
    pending = list(holders)
    while pending:
        name = pending.pop(0)
        if name not in seen:
            seen.append(name)
            pending.extend(_list_names(block / name / "holders"))
    return tuple(seen)


def _by_path_links(directory: Path) -> dict[str, str]:
    """Device name -> its first ``/dev/disk/by-path/<link>`` by link name (partitions included)."""
    links: dict[str, str] = {}
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError:
        return links
    for entry in entries:
        try:
            target = entry.readlink().name
        except OSError:  # not a symlink
            continue
        links.setdefault(target, f"/dev/disk/by-path/{entry.name}")
    return links


def _transport(sys_dir: Path) -> str:
    """The bus a disk hangs off, from its name or else its device path (see the tables)."""
    for prefix, transport in NAME_TRANSPORTS:
        if sys_dir.name.startswith(prefix):
            return transport
    resolved = str(_resolve(sys_dir))
    for marker, transport in PATH_TRANSPORTS:
        if marker in resolved:
            return transport
    return "scsi" if (sys_dir / "device").is_dir() else ""


def _serial(sys_dir: Path) -> str:
    """``device/serial`` (NVMe, virtio, MMC), else the SCSI unit serial number VPD page 0x80."""
    serial = _read_text(sys_dir / "device" / "serial")
    if serial:
        return serial
    try:
        page = (sys_dir / "device" / "vpd_pg80").read_bytes()
    except OSError:
        return ""
    # VPD page 0x80: 4-byte header (byte 3 is the length), then the ASCII serial number.
    return page[4 : 4 + page[3]].decode("ascii", errors="replace").strip() if len(page) > 4 else ""


def _partitions(sys_dir: Path) -> tuple[str, ...]:
    """Subdirectories that carry a ``partition`` file, in partition-number order."""
    try:
        found = [d for d in sys_dir.iterdir() if (d / "partition").is_file()]
    except OSError:
        return ()
    return tuple(d.name for d in sorted(found, key=lambda d: (_read_int(d / "partition"), d.name)))


def _list_names(directory: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(entry.name for entry in directory.iterdir()))
    except OSError:
        return ()


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip()
    except OSError:
        return ""


def _read_int(path: Path) -> int:
    try:
        return int(_read_text(path) or 0)
    except ValueError:
        return 0


@contextmanager
def _open(node: Path, flags: int, *, op: str, device: str) -> Iterator[int]:
    try:
        fd = os.open(node, flags | os.O_CLOEXEC)
    except OSError as e:
        raise _failed(op, device, e) from e
    try:
        yield fd
    finally:
        os.close(fd)


def _size(fd: int, device: str) -> int:
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        return os.fstat(fd).st_size
    if not stat.S_ISBLK(mode):
        raise BlockOperationFailed(
            "BLKGETSIZE64", device=device, errno=errno.ENOTBLK, reason="not a block device"
        )
    buf = bytearray(8)
    try:
        fcntl.ioctl(fd, BLKGETSIZE64, buf)
    except OSError as e:
        raise _failed("BLKGETSIZE64", device, e) from e
    (size,) = struct.unpack("=Q", buf)
    return int(size)


def _write_zeros(fd: int, offset: int, length: int) -> None:
    zeros = bytes(min(ZERO_CHUNK, length))
    done = 0
    while done < length:
        chunk = min(len(zeros), length - done)
        written = os.pwrite(fd, zeros[:chunk], offset + done)
        if written <= 0:
            raise OSError(errno.EIO, "short write")
        done += written


def _require_regular_file(path: str) -> None:
    """Refuse an ``ImageFile`` that is missing or is not a regular file (a device node above all)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError as e:
        raise DeviceWriteFailed(
            "opening device", path=path, errno=e.errno or 0, reason=e.strerror or str(e)
        ) from e
    if not stat.S_ISREG(mode):
        raise DeviceWriteFailed("opening device", path=path, reason=NOT_AN_IMAGE_FILE)


def _failed(op: str, device: str, error: OSError) -> BlockOperationFailed:
    code = error.errno or 0
    return BlockOperationFailed(
        op, device=device, errno=code, reason=os.strerror(code) if code else str(error)
    )
