"""The Host port over Linux system calls: mount, files, modules, kexec and reboot.

Rules of this file: syscalls go through ctypes with ``use_errno=True`` and a failure becomes a
``HostOperationFailed`` subclass carrying the errno; argument checks happen before any file is
opened or any syscall is made (the tests rely on it: they never load, kexec or reboot); file
writes are atomic (write aside, fsync, rename, fsync the directory) because a power cut during
provisioning must leave either the old or the new file, never half of one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from booty.domain.errors import (
    KexecFailed,
    ModuleLoadFailed,
    MountFailed,
    NotMounted,
    RebootFailed,
    UnsupportedOnHost,
)
from booty.domain.system import FileInfo, FileKind, KexecImage, Mount

FINIT_MODULE: dict[str, int] = {"x86_64": 313, "aarch64": 273}
"""finit_module(2) syscall numbers by ``uname -m`` (glibc has no wrapper)."""
KEXEC_FILE_LOAD: dict[str, int] = {"x86_64": 320, "aarch64": 294}
"""kexec_file_load(2) syscall numbers by ``uname -m`` (glibc has no wrapper)."""

KEXEC_FILE_NO_INITRAMFS = 0x4
LINUX_REBOOT_CMD_RESTART = 0x01234567
LINUX_REBOOT_CMD_KEXEC = 0x45584543

MS_RDONLY = 0x1
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MOUNT_FLAGS: dict[str, int] = {
    "ro": MS_RDONLY,
    "rw": 0,
    "defaults": 0,
    "nosuid": 0x2,
    "nodev": 0x4,
    "noexec": 0x8,
    "sync": 0x10,
    "dirsync": 0x80,
    "noatime": 0x400,
    "nodiratime": 0x800,
    "rec": MS_REC,
    "relatime": 0x200000,
    "strictatime": 0x1000000,
    "lazytime": 0x2000000,
}
"""mount(8) options that are MS_* flags; every other option goes to the filesystem as data."""


def _load_libc() -> ctypes.CDLL:
    """The C library of this process (``dlopen(NULL)``), so no ldconfig is needed in an initramfs."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
    libc.reboot.argtypes = [ctypes.c_int]
    libc.syscall.restype = ctypes.c_long
    return libc


@attrs.define
class LinuxHost:
    """The running machine. Needs root for everything but the file operations."""

    machine: str = attrs.field(factory=lambda: os.uname().machine)
    """``uname -m``; picks the syscall numbers. Injectable so argument checks are testable."""
    _libc: ctypes.CDLL = attrs.field(factory=_load_libc, init=False, repr=False, eq=False)

    def mount(self, mount: Mount) -> None:
        """Create the mount point and mount; a read-only bind mount is a bind plus a remount.

        Raises:
            MountFailed: the kernel refused (errno set).
        """
        _make_target(mount)
        flags, data = _mount_flags(mount.options)
        if mount.bind:
            # The kernel ignores every flag but MS_REC on the first bind call; the rest needs
            # a second, MS_REMOUNT | MS_BIND call.
            self._mount(mount, MS_BIND | (flags & MS_REC), b"")
            if flags & ~MS_REC:
                self._mount(mount, MS_REMOUNT | MS_BIND | (flags & ~MS_REC), b"")
            return
        self._mount(mount, flags, data.encode())

    def unmount(self, target: str) -> None:
        """Unmount *target* (no lazy detach: a busy mount is an error worth seeing).

        Raises:
            NotMounted: *target* is not a mount point or does not exist.
            MountFailed: anything else (EBUSY, EPERM).
        """
        if self._libc.umount2(os.fsencode(target), 0) != 0:
            code = ctypes.get_errno()
            error = NotMounted if code in (errno.EINVAL, errno.ENOENT) else MountFailed
            raise error("umount", target=target, errno=code, reason=os.strerror(code))

    def read_file(self, path: str, *, limit: int | None = None) -> bytes:
        """The content of *path*, or its first *limit* bytes (``FileNotFoundError`` when missing)."""
        if limit is None:
            return Path(path).read_bytes()
        with Path(path).open("rb") as stream:
            return stream.read(limit)

    def write_file(self, path: str, content: bytes, *, mode: int = 0o644) -> None:
        """Replace *path* atomically with *content* and permission bits *mode* (umask ignored).

        A symlink at *path* is replaced by the file, not written through (rename(2) semantics).
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".booty-tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(content)
                os.fchmod(file.fileno(), mode)
                file.flush()
                os.fsync(file.fileno())
            Path(temp).replace(target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)

    def exists(self, path: str) -> bool:
        """True when *path* exists (a dangling symlink does not)."""
        return Path(path).exists()

    def list_dir(self, path: str) -> tuple[str, ...]:
        """Names of the entries directly in *path*, sorted."""
        return tuple(sorted(entry.name for entry in Path(path).iterdir()))

    def stat(self, path: str) -> FileInfo:
        """lstat(2) of *path* as a ``FileInfo``."""
        info = os.lstat(path)
        return FileInfo(_kind(info.st_mode), stat.S_IMODE(info.st_mode), info.st_size)

    def read_link(self, path: str) -> str:
        """readlink(2) of *path*."""
        return str(Path(path).readlink())

    def make_dirs(self, path: str, *, mode: int = 0o755) -> None:
        """``mkdir -p`` with *mode* for the directories it creates (umask ignored)."""
        missing: list[Path] = []
        current = Path(path)
        while not current.exists() and current != current.parent:
            missing.append(current)
            current = current.parent
        for directory in reversed(missing):
            directory.mkdir(exist_ok=True)
            directory.chmod(mode)
        if not Path(path).is_dir():
            raise FileExistsError(errno.EEXIST, "exists and is not a directory", path)

    def rename(self, source: str, target: str) -> None:
        """rename(2), then fsync of the directory so the new name survives a power cut."""
        Path(source).rename(target)
        _fsync_dir(Path(target).parent)

    def remove(self, path: str) -> None:
        """unlink(2) of a file or symlink."""
        if Path(path).is_dir() and not Path(path).is_symlink():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        Path(path).unlink()

    def load_module(self, path: str) -> None:
        """Load the module file at *path* with finit_module(2); EEXIST (loaded already) is success.

        Raises:
            UnsupportedOnHost: no syscall number for this architecture.
            FileNotFoundError: *path* does not exist.
            ModuleLoadFailed: the kernel refused the module.
        """
        number = _syscall_number(FINIT_MODULE, self.machine, op="finit_module", target=path)
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            result = self._libc.syscall(ctypes.c_long(number), ctypes.c_int(fd), ctypes.c_char_p(b""), 0)
            code = ctypes.get_errno()
        finally:
            os.close(fd)
        if result != 0 and code != errno.EEXIST:
            raise ModuleLoadFailed("finit_module", target=path, errno=code, reason=os.strerror(code))

    def kexec_load(self, image: KexecImage) -> None:
        """Stage *image* with kexec_file_load(2) (the kernel verifies and parses it).

        Raises:
            UnsupportedOnHost: several initrds (kexec_file_load takes one; concatenating them
                comes later) or no syscall number for this architecture.
            FileNotFoundError: the kernel or the initrd does not exist.
            KexecFailed: the kernel refused the image.
        """
        if len(image.initrds) > 1:
            raise UnsupportedOnHost(
                "kexec_file_load", target=image.kernel, reason="kexec_file_load takes a single initrd"
            )
        number = _syscall_number(KEXEC_FILE_LOAD, self.machine, op="kexec_file_load", target=image.kernel)
        cmdline = image.cmdline.encode() + b"\0"  # the length passed includes the NUL
        first_initrd = image.initrds[0] if image.initrds else None
        with _open_ro(image.kernel) as kernel, _open_ro(first_initrd) as initrd:
            flags = 0 if image.initrds else KEXEC_FILE_NO_INITRAMFS
            args = (ctypes.c_int(kernel), ctypes.c_int(initrd), ctypes.c_ulong(len(cmdline)))
            result = self._libc.syscall(
                ctypes.c_long(number), *args, ctypes.c_char_p(cmdline), ctypes.c_ulong(flags)
            )
            code = ctypes.get_errno()
        if result != 0:
            raise KexecFailed("kexec_file_load", target=image.kernel, errno=code, reason=os.strerror(code))

    def reboot(self, *, kexec: bool = False) -> None:
        """Flush file systems and reboot (into the staged kexec image when *kexec*).

        Raises:
            RebootFailed: reboot(2) returned (EPERM without CAP_SYS_BOOT, EINVAL without an image).
        """
        os.sync()
        self._libc.reboot(LINUX_REBOOT_CMD_KEXEC if kexec else LINUX_REBOOT_CMD_RESTART)
        code = ctypes.get_errno()
        raise RebootFailed(
            "reboot", target="kexec" if kexec else "restart", errno=code, reason=os.strerror(code)
        )

    def _mount(self, mount: Mount, flags: int, data: bytes) -> None:
        source, target = os.fsencode(mount.source), os.fsencode(mount.target)
        fstype = mount.fstype.encode() if mount.fstype and not mount.bind else None
        if self._libc.mount(source, target, fstype, flags, data or None) != 0:
            code = ctypes.get_errno()
            raise MountFailed("mount", target=mount.target, errno=code, reason=os.strerror(code))


def _kind(mode: int) -> FileKind:
    if stat.S_ISLNK(mode):
        return FileKind.SYMLINK
    if stat.S_ISDIR(mode):
        return FileKind.DIRECTORY
    return FileKind.FILE if stat.S_ISREG(mode) else FileKind.OTHER


def _make_target(mount: Mount) -> None:
    """Create the mount point: a directory, or an empty file when bind-mounting a file."""
    target = Path(mount.target)
    if mount.bind and Path(mount.source).is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(exist_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)


def _mount_flags(options: tuple[str, ...]) -> tuple[int, str]:
    """Split mount(8)-style *options* into MS_* flags and the filesystem's data string."""
    flags = 0
    data: list[str] = []
    for option in options:
        if option in MOUNT_FLAGS:
            flags |= MOUNT_FLAGS[option]
        else:
            data.append(option)
    return flags, ",".join(data)


def _syscall_number(table: dict[str, int], machine: str, *, op: str, target: str) -> int:
    try:
        return table[machine]
    except KeyError:
        raise UnsupportedOnHost(op, target=target, reason=f"no {op} syscall number for {machine}") from None


@contextmanager
def _open_ro(path: str | None) -> Iterator[int]:
    """A read-only fd for *path*, or -1 (the syscalls' "none") when *path* is None."""
    if path is None:
        yield -1
        return
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        yield fd
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    """Persist a rename: the new directory entry is only durable once the directory is synced."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
