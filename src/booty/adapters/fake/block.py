"""An in-memory BlockDevices: the disks a test or the demo says the machine has, and their bytes.

Kept honest by ``tests/contract/test_block_contract.py``. A disk's content is a ``FakeDevice`` in
``devices`` (by path); zeroing writes zeros into it, so a test can check exactly which bytes a
wipe cleared. A path in ``devices`` that no listed disk has is a regular file: ``open_writer``
takes it as an ``ImageFile``, and refuses an ``ImageFile`` naming a listed disk (a device node).
A listed disk without content (a 480 GiB disk in a scenario) still has a size and
records its zeroed ranges in ``zeroed``; a path that is neither fails like a missing device node.
"""

from __future__ import annotations

import errno
import os

import attrs

from booty.adapters.fake.device_writer import FakeDevice, FakeDeviceReader, FakeDeviceWriter
from booty.domain.disk.targets import (
    NOT_AN_IMAGE_FILE,
    ApprovedDisk,
    ImageFile,
    require_approved,
    require_write_target,
)
from booty.domain.errors import BlockOperationFailed, DeviceWriteFailed
from booty.domain.system import BlockDevice


@attrs.define
class FakeBlockDevices:
    """Holds ``BlockDevice`` values; add or remove disks by editing ``disks``."""

    disks: list[BlockDevice] = attrs.field(factory=list)
    devices: dict[str, FakeDevice] = attrs.field(factory=dict)
    """Byte content by path, for ``open_writer``/``open_reader`` (``FakeDevice.of_size(...)``)."""
    rereads: list[str] = attrs.field(factory=list)
    """Every device whose partition table the kernel was asked to re-read, in order."""
    reread_errors: dict[str, int] = attrs.field(factory=dict)
    """errno that ``reread_partitions`` raises for a device (``{"/dev/sda": errno.EBUSY}``)."""
    zeroed: list[tuple[str, int, int]] = attrs.field(factory=list)
    """(path, offset, length) of every ``zero_range``, in order."""

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """The disks, sorted by name like the sysfs adapter."""
        return tuple(sorted(self.disks, key=lambda disk: disk.name))

    def open_writer(self, target: ApprovedDisk | ImageFile) -> FakeDeviceWriter:
        """A writer over ``devices[target.path]``; an unknown path fails as a missing device node
        would, and an ``ImageFile`` naming a listed disk is refused like a device node."""
        checked = require_write_target(target)
        path = checked.path
        if isinstance(checked, ImageFile) and any(d.path == path for d in self.disks):
            raise DeviceWriteFailed("opening device", path=path, reason=NOT_AN_IMAGE_FILE)
        device = self.devices.get(path)
        if device is None:
            raise DeviceWriteFailed("opening device", path=path, errno=2, reason="No such file or directory")
        device.opened_for_write += 1
        return FakeDeviceWriter(path, device)

    def open_reader(self, path: str) -> FakeDeviceReader:
        """A reader over ``devices[path]``."""
        if path not in self.devices:
            raise FileNotFoundError(2, "No such file or directory", path)
        return FakeDeviceReader(path, self.devices[path])

    def reread_partitions(self, device: str) -> None:
        """Record the re-read; raise the scripted errno, or ENOENT for an unknown device."""
        self._size(device, op="BLKRRPART")
        if device in self.reread_errors:
            raise _failed("BLKRRPART", device, self.reread_errors[device])
        self.rereads.append(device)

    def size_bytes(self, device: str) -> int:
        """The length of the device's content, else the listed disk's size."""
        return self._size(device, op="BLKGETSIZE64")

    def zero_range(self, disk: ApprovedDisk, offset: int, length: int) -> None:
        """Zero the range in the disk's content (when it has some) and record it."""
        approved = require_approved(disk)
        size = self._size(approved.path, op="zero")
        if offset < 0 or length < 0 or offset + length > size:
            raise _failed("zero", approved.path, errno.EINVAL)
        device = self.devices.get(approved.path)
        if device is not None:
            device.data[offset : offset + length] = bytes(length)
            device.fsyncs += 1
        self.zeroed.append((approved.path, offset, length))

    def _size(self, device: str, *, op: str) -> int:
        if device in self.devices:
            return len(self.devices[device].data)
        listed = next((d for d in self.disks if d.path == device), None)
        if listed is None:
            raise _failed(op, device, errno.ENOENT)
        return listed.size_bytes


def _failed(op: str, device: str, code: int) -> BlockOperationFailed:
    return BlockOperationFailed(op, device=device, errno=code, reason=os.strerror(code))
