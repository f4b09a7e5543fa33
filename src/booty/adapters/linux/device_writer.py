"""Byte-level access to one block device or regular file: the ``DeviceWriter``/``DeviceReader`` ports.

Rules of this file:
1. Never create and never truncate: a mistyped ``/dev/sdx`` fails at open instead of filling a file
   in the initramfs's RAM (v0.0.1's legacy write created it, spec §3.10 [bug]).
2. Block devices are opened with ``O_EXCL``: the kernel then refuses (EBUSY) a disk that is mounted
   or held by md, LVM or dm. Departs from v0.0.1, which opened without it (spec §3.6).
3. Block devices are written with ``O_DIRECT``: the caller's page-aligned multi-MiB buffers go to
   the device without a copy into the page cache, and the final fsync has little left to flush
   (measured on a loop device: 0.22 s per GiB against 0.48 s buffered plus fsync). A write the
   kernel refuses as unaligned (EINVAL: the last, partial buffer) switches the descriptor back to
   buffered writes for the rest. Regular files (tmpfs has no O_DIRECT) and character devices
   (``/dev/null``, for benchmarks) are written buffered; ``fsync`` at the end makes it all durable.
4. OS errors become ``DeviceWriteFailed`` with the operation, the path and the errno.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path

from booty.domain.errors import DeviceWriteFailed

_ZEROS = bytes(1 << 20)


class LinuxDeviceWriter:
    """An open target; see ``booty.ports.device.DeviceWriter``."""

    def __init__(self, path: str) -> None:
        """Open *path* write-only.

        Raises:
            DeviceWriteFailed: it does not exist, is busy (mounted), or cannot be written.
        """
        self._path = path
        try:
            mode = Path(path).stat().st_mode
            block = stat.S_ISBLK(mode)
            flags = os.O_WRONLY | os.O_CLOEXEC | (os.O_EXCL if block else 0)
            self._fd, self.direct = _open(path, flags, direct=block)
        except OSError as e:
            raise _failed("opening device", path, e) from e
        self._kind = stat.S_IFMT(mode)
        self._position = 0
        self._closed = False

    @property
    def path(self) -> str:
        """The path as opened."""
        return self._path

    @property
    def size(self) -> int:
        """Bytes of the block device, the current size of a regular file, 0 for anything else."""
        if self._kind == stat.S_IFBLK:
            return _device_size(self._fd)
        if self._kind == stat.S_IFREG:
            return os.fstat(self._fd).st_size
        return 0

    @property
    def position(self) -> int:
        """Bytes written so far."""
        return self._position

    def write(self, data: memoryview) -> None:
        """Write all of *data* at the current position (looping over short writes)."""
        view = data.cast("B") if data.format != "B" else data
        done, total = 0, len(view)
        try:
            while done < total:
                try:
                    done += os.write(self._fd, view[done:])
                except OSError as e:
                    if e.errno != errno.EINVAL or not self.direct:
                        raise
                    self._buffered()  # an unaligned length or address: O_DIRECT cannot take it
        except OSError as e:
            self._position += done
            raise _failed("writing to device", self._path, e, at=self._position) from e
        self._position += total

    def zero_head_and_tail(self, size: int) -> None:
        """Zero the first and last *size* bytes (MBR, primary and backup GPT), then fsync."""
        end = self.size
        try:
            self._buffered()  # the zeros are not page-aligned
            _zero(self._fd, 0, size if not end else min(size, end))
            if end > size:
                _zero(self._fd, end - size, size)
        except OSError as e:
            raise _failed("zeroing", self._path, e) from e
        self.fsync()

    def fsync(self) -> None:
        """fsync(2); a character device (``/dev/null``) that cannot be synced is fine."""
        try:
            os.fsync(self._fd)
        except OSError as e:
            if self._kind == stat.S_IFCHR and e.errno in (errno.EINVAL, errno.EROFS):
                return
            raise _failed("fsync", self._path, e) from e

    def close(self) -> None:
        """Close the descriptor; idempotent."""
        if not self._closed:
            self._closed = True
            os.close(self._fd)

    def _buffered(self) -> None:
        """Turn O_DIRECT off for the rest of this descriptor's life."""
        if self.direct:
            fcntl.fcntl(self._fd, fcntl.F_SETFL, fcntl.fcntl(self._fd, fcntl.F_GETFL) & ~os.O_DIRECT)
            self.direct = False


class LinuxDeviceReader:
    """An open source device or file; see ``booty.ports.device.DeviceReader``."""

    def __init__(self, path: str) -> None:
        """Open *path* read-only.

        Raises:
            OSError: it does not exist or cannot be read.
        """
        self._path = path
        self._file = Path(path).open("rb", buffering=0)  # noqa: SIM115  # closed by close()
        mode = os.fstat(self._file.fileno()).st_mode
        self._size = (
            _device_size(self._file.fileno())
            if stat.S_ISBLK(mode)
            else os.fstat(self._file.fileno()).st_size
            if stat.S_ISREG(mode)
            else 0
        )

    @property
    def path(self) -> str:
        """The path as opened."""
        return self._path

    @property
    def size(self) -> int:
        """Bytes of the device or file; 0 for a pipe or character device."""
        return self._size

    def readinto(self, buffer: memoryview) -> int:
        """Read the next bytes straight into *buffer* (no intermediate copy)."""
        return self._file.readinto(buffer) or 0

    def close(self) -> None:
        """Close; idempotent."""
        self._file.close()


def _open(path: str, flags: int, *, direct: bool) -> tuple[int, bool]:
    """Open with O_DIRECT when asked and the device takes it; (descriptor, direct)."""
    if direct:
        try:
            return os.open(path, flags | os.O_DIRECT), True
        except OSError as e:
            if e.errno != errno.EINVAL:
                raise
    return os.open(path, flags), False


def _device_size(fd: int) -> int:
    """A block device's size: seeking to its end is what BLKGETSIZE64 would say, without ioctl."""
    here = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        return os.lseek(fd, 0, os.SEEK_END)
    finally:
        os.lseek(fd, here, os.SEEK_SET)


def _zero(fd: int, offset: int, length: int) -> None:
    while length > 0:
        written = os.pwrite(fd, _ZEROS[: min(length, len(_ZEROS))], offset)
        offset += written
        length -= written


def _failed(op: str, path: str, error: OSError, *, at: int | None = None) -> DeviceWriteFailed:
    reason = error.strerror or str(error)
    if at is not None:
        reason = f"{reason} (after {at} bytes)"
    return DeviceWriteFailed(op, path=path, errno=error.errno or 0, reason=reason)
