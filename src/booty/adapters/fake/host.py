"""An in-memory Host: a file system in a dict, a mount table in a list, and a log of what was
loaded, staged and rebooted. Kept honest by ``tests/contract/test_host_contract.py``.
"""

from __future__ import annotations

import errno
import os
import posixpath

import attrs

from booty.domain.errors import MountFailed, NotMounted, RebootFailed, UnsupportedOnHost
from booty.domain.system import FileInfo, FileKind, KexecImage, Mount


@attrs.frozen
class FakeFile:
    """One regular file of the fake file system."""

    content: bytes
    mode: int = 0o644


@attrs.define
class FakeHost:
    """A machine that remembers instead of acting.

    Paths are normalised (``/a//b/../c`` is ``/a/c``). Mounts are recorded, not simulated: files
    written under a mount point stay visible after the unmount. ``reboot()`` returns (a real one
    never does) after recording the call.
    """

    files: dict[str, FakeFile] = attrs.field(factory=dict)
    dirs: set[str] = attrs.field(factory=lambda: {"/"})
    dir_modes: dict[str, int] = attrs.field(factory=dict)
    """Permission bits of directories made with an explicit mode (others are 0o755)."""
    links: dict[str, str] = attrs.field(factory=dict)
    """Symlinks: path to target text. Reads do not follow them (the fake has no resolution)."""
    mounts: list[Mount] = attrs.field(factory=list)
    """Current mounts, oldest first; a later mount on the same target stacks on top."""
    modules: list[str] = attrs.field(factory=list)
    """Module files loaded, in order (loading one twice is recorded twice, and is no error)."""
    kexec_image: KexecImage | None = None
    """The image staged by the last ``kexec_load``."""
    reboots: list[bool] = attrs.field(factory=list)
    """One entry per ``reboot()``: True when it was into the kexec image."""

    def mount(self, mount: Mount) -> None:
        """Record *mount*, creating its target like the real adapter (an empty file for a file bind).

        Raises:
            MountFailed: a bind mount whose source does not exist (ENOENT).
        """
        if mount.bind and not self.exists(mount.source):
            code = errno.ENOENT
            raise MountFailed("mount", target=mount.target, errno=code, reason=os.strerror(code))
        if mount.bind and _norm(mount.source) in self.files:
            if not self.exists(mount.target):
                self.write_file(mount.target, b"")
        else:
            self.make_dirs(mount.target)
        self.mounts.append(attrs.evolve(mount, target=_norm(mount.target)))

    def unmount(self, target: str) -> None:
        """Remove the topmost mount on *target*.

        Raises:
            NotMounted: nothing is mounted on *target* (EINVAL, as umount2 says).
        """
        path = _norm(target)
        for i in reversed(range(len(self.mounts))):
            if self.mounts[i].target == path:
                del self.mounts[i]
                return
        code = errno.EINVAL
        raise NotMounted("umount", target=target, errno=code, reason=os.strerror(code))

    def read_file(self, path: str, *, limit: int | None = None) -> bytes:
        """The content of *path*, or its first *limit* bytes (errors like ``open``)."""
        content = self._file(path).content
        return content if limit is None else content[:limit]

    def write_file(self, path: str, content: bytes, *, mode: int = 0o644) -> None:
        """Replace *path* with *content* and *mode*, creating its parents."""
        key = _norm(path)
        if key in self.dirs:
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        self.make_dirs(posixpath.dirname(key))
        self.links.pop(key, None)  # rename(2) semantics: the link is replaced, not written through
        self.files[key] = FakeFile(bytes(content), mode & 0o7777)

    def exists(self, path: str) -> bool:
        """True for a file, directory or symlink of the fake file system (links are not resolved)."""
        key = _norm(path)
        return key in self.files or key in self.dirs or key in self.links

    def load_module(self, path: str) -> None:
        """Record the module file *path* as loaded (``FileNotFoundError`` when it is not a file)."""
        self._file(path)
        self.modules.append(_norm(path))

    def kexec_load(self, image: KexecImage) -> None:
        """Stage *image*, checking it like the real adapter does.

        Raises:
            UnsupportedOnHost: several initrds.
            FileNotFoundError: the kernel or the initrd is not a file.
        """
        if len(image.initrds) > 1:
            raise UnsupportedOnHost(
                "kexec_file_load", target=image.kernel, reason="kexec_file_load takes a single initrd"
            )
        for path in (image.kernel, *image.initrds):
            self._file(path)
        self.kexec_image = image

    def reboot(self, *, kexec: bool = False) -> None:
        """Record a reboot.

        Raises:
            RebootFailed: *kexec* without a staged image (EINVAL, as reboot(2) says).
        """
        if kexec and self.kexec_image is None:
            code = errno.EINVAL
            raise RebootFailed("reboot", target="kexec", errno=code, reason=os.strerror(code))
        self.reboots.append(kexec)

    def make_dirs(self, path: str, *, mode: int = 0o755) -> None:
        """Create directory *path* and its parents (``mkdir -p``) with *mode*.

        Raises:
            FileExistsError: *path* or a parent is a file or symlink.
        """
        key = _norm(path)
        while key not in self.dirs:
            if key in self.files or key in self.links:
                raise FileExistsError(errno.EEXIST, "exists and is not a directory", path)
            self.dirs.add(key)
            self.dir_modes[key] = mode & 0o7777
            key = posixpath.dirname(key)

    def stat(self, path: str) -> FileInfo:
        """What *path* is (a symlink is described, not followed)."""
        key = _norm(path)
        if key in self.links:
            return FileInfo(FileKind.SYMLINK, 0o777, len(self.links[key]))
        if key in self.dirs:
            return FileInfo(FileKind.DIRECTORY, self.dir_modes.get(key, 0o755), 0)
        file = self._file(path)
        return FileInfo(FileKind.FILE, file.mode, len(file.content))

    def read_link(self, path: str) -> str:
        """The target text of symlink *path* (EINVAL for anything else)."""
        key = _norm(path)
        if key in self.links:
            return self.links[key]
        if not self.exists(path):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), path)

    def add_link(self, path: str, target: str) -> None:
        """Make *path* a symlink to *target* (test setup; the real Host has no such method)."""
        self.make_dirs(posixpath.dirname(_norm(path)))
        self.links[_norm(path)] = target

    def rename(self, source: str, target: str) -> None:
        """Move file or symlink *source* to *target* (directories are not supported by the fake)."""
        src, dst = _norm(source), _norm(target)
        if src in self.links:
            self.links[dst] = self.links.pop(src)
            return
        self.files[dst] = self._file(source)
        del self.files[src]

    def remove(self, path: str) -> None:
        """Delete file or symlink *path*."""
        key = _norm(path)
        if key in self.links:
            del self.links[key]
            return
        self._file(path)
        del self.files[key]

    def mode_of(self, path: str) -> int:
        """The permission bits of file *path*."""
        return self._file(path).mode

    def list_dir(self, path: str) -> tuple[str, ...]:
        """Names of the files and directories directly in *path*, sorted (errors as os.listdir)."""
        key = _norm(path)
        if key in self.files:
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), path)
        if key not in self.dirs:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        return tuple(
            sorted(
                posixpath.basename(p)
                for p in (*self.files, *self.dirs, *self.links)
                if p != key and posixpath.dirname(p) == key
            )
        )

    def _file(self, path: str) -> FakeFile:
        key = _norm(path)
        if key in self.dirs:
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        try:
            return self.files[key]
        except KeyError:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path) from None


def _norm(path: str) -> str:
    return posixpath.normpath(path)
