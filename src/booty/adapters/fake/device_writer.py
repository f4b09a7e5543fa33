"""In-memory devices: a ``bytearray`` per path, written and read like a disk, with injectable faults.

``FakeDevice`` holds the bytes of one disk (fixed size, as a block device: writing past the end is
ENOSPC) and records what happened to it: every write's offset and length, fsyncs, wipes. A test can
make a write fail (``fail_after``) to play a dying disk.
"""

from __future__ import annotations

import errno

import attrs

from booty.domain.errors import DeviceWriteFailed


@attrs.define
class FakeDevice:
    """One disk's content and history."""

    data: bytearray
    fail_after: int | None = None
    """Writes fail with EIO once this many bytes have been written (None: never)."""
    writes: list[tuple[int, int]] = attrs.field(factory=list)
    """(offset, length) of every successful write, in order."""
    fsyncs: int = 0
    wipes: list[int] = attrs.field(factory=list)
    """The size given to each ``zero_head_and_tail``."""
    opened_for_write: int = 0

    @classmethod
    def of_size(cls, size: int, *, fill: int = 0xA5) -> FakeDevice:
        """A disk of *size* bytes, filled with *fill* so that zeroed regions stand out."""
        return cls(bytearray([fill]) * size)

    @property
    def written(self) -> int:
        """Bytes written in total."""
        return sum(length for _, length in self.writes)


@attrs.define
class FakeDeviceWriter:
    """A ``DeviceWriter`` over a ``FakeDevice``."""

    path: str
    device: FakeDevice
    position: int = 0
    closed: bool = False

    @property
    def size(self) -> int:
        """The device's fixed size."""
        return len(self.device.data)

    def write(self, data: memoryview) -> None:
        """Copy *data* in at the current position; ENOSPC past the end, EIO after ``fail_after``."""
        self._check_open()
        length = len(data)
        limit = self.device.fail_after
        if limit is not None and self.device.written + length > limit:
            raise DeviceWriteFailed("writing to device", path=self.path, errno=errno.EIO, reason="I/O error")
        if self.position + length > self.size:
            raise DeviceWriteFailed(
                "writing to device", path=self.path, errno=errno.ENOSPC, reason="No space left on device"
            )
        self.device.data[self.position : self.position + length] = data
        self.device.writes.append((self.position, length))
        self.position += length

    def zero_head_and_tail(self, size: int) -> None:
        """Zero both ends, then fsync."""
        self._check_open()
        end = self.size
        head = min(size, end)
        self.device.data[:head] = bytes(head)
        tail = min(size, end)
        self.device.data[end - tail :] = bytes(tail)
        self.device.wipes.append(size)
        self.fsync()

    def fsync(self) -> None:
        """Count it."""
        self._check_open()
        self.device.fsyncs += 1

    def close(self) -> None:
        """Idempotent."""
        self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError(f"{self.path} is closed")


@attrs.define
class FakeDeviceReader:
    """A ``DeviceReader`` over a ``FakeDevice`` (a disk to upload, or a ``file://`` image)."""

    path: str
    device: FakeDevice
    position: int = 0

    @property
    def size(self) -> int:
        """The device's size."""
        return len(self.device.data)

    def readinto(self, buffer: memoryview) -> int:
        """Copy the next bytes into *buffer*."""
        chunk = self.device.data[self.position : self.position + len(buffer)]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)

    def close(self) -> None:
        """Nothing to release."""
