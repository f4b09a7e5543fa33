"""Port: byte-level access to one block device (or, in labs and tests, a regular file).

``BlockDevices.open_writer``/``open_reader`` hand these out. The image streamer writes through a
``DeviceWriter``; ``file://`` images and the legacy upload read through a ``DeviceReader``.
"""

from __future__ import annotations

from typing import Protocol


class DeviceWriter(Protocol):
    """Sequential writes from offset 0, then fsync; or the destruction of the partition signatures."""

    @property
    def path(self) -> str:
        """The device path as opened."""
        ...

    @property
    def size(self) -> int:
        """Bytes of the device; a regular file: its current size; 0 when unknown (``/dev/null``)."""
        ...

    @property
    def position(self) -> int:
        """Bytes written so far (the offset of the next write)."""
        ...

    def write(self, data: memoryview) -> None:
        """Write all of *data* at the current position and advance.

        Callers hand large buffers whose size is a multiple of 4096 (all but the last), so writes
        stay aligned.

        Raises:
            DeviceWriteFailed: the device refused (EIO, ENOSPC past its end, ...).
        """
        ...

    def zero_head_and_tail(self, size: int) -> None:
        """Zero the first and the last *size* bytes of the device, then fsync.

        This destroys the MBR, the primary and the backup GPT: the disk no longer boots. For a
        regular file "the last bytes" are the last of its current size; a device of unknown size
        (``/dev/null``) gets only its head zeroed.

        Raises:
            DeviceWriteFailed: the device refused.
        """
        ...

    def fsync(self) -> None:
        """Make every write durable (a character device such as ``/dev/null`` needs nothing).

        Raises:
            DeviceWriteFailed: the flush failed; the data may not be on the disk.
        """
        ...

    def close(self) -> None:
        """Close the device; idempotent. Does not fsync."""
        ...


class DeviceReader(Protocol):
    """Sequential reads of a device or file from offset 0."""

    @property
    def path(self) -> str:
        """The path as opened."""
        ...

    @property
    def size(self) -> int:
        """Bytes of the device or file; 0 when unknown."""
        ...

    def readinto(self, buffer: memoryview) -> int:
        """Fill *buffer* with the next bytes; returns how many, 0 at the end.

        Raises:
            OSError: the read failed.
        """
        ...

    def close(self) -> None:
        """Close; idempotent."""
        ...
