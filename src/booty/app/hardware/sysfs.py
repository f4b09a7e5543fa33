"""Reading /sys and /proc through the Host port, the way the kernel's paths work: with symlinks.

sysfs is built of symlinks (``/sys/class/net/eth0/device`` -> ``../../../0000:03:00.0``), and the
facts booty reports are partly in the link targets (a NIC's PCI address, its driver). ``SysTree``
resolves every symlink of a path itself, through ``Host.stat``/``Host.read_link``, instead of
leaving it to the kernel. That makes the in-memory ``FakeHost`` (which stores links but never
follows them) read a fake sysfs exactly as ``LinuxHost`` reads the real one, and keeps absolute
link targets inside ``host_root`` when the tree is a copy (``AgentOptions.host_root``).

Reads never raise: a file that cannot be read is ``None`` (or ``""``), a directory that cannot be
listed is ``()``; only ``list_dir`` and ``resolve`` raise ``OSError``, for the health checks, which
report why a directory could not be read.
"""

from __future__ import annotations

import errno
import os
import posixpath

import attrs

from booty.domain.system import FileKind
from booty.ports import Host

MAX_LINK_HOPS = 40
"""As the kernel's ELOOP limit: a link cycle ends the resolution instead of looping forever."""
ATTRIBUTE_LIMIT = 1 << 16
"""Largest sysfs attribute read (a page is 4 KiB; 64 KiB leaves room and bounds a bad file)."""
PROC_LIMIT = 16 << 20
"""Largest /proc text read: /proc/cpuinfo of a 512-thread machine is about 1 MiB."""


@attrs.frozen
class SysTree:
    """The host's /sys and /proc as seen from *root* (``/`` on a machine, a directory in tests)."""

    host: Host
    root: str = "/"

    def real(self, path: str) -> str:
        """Where absolute *path* of the host is on this run's file system."""
        return posixpath.join(self.root, path.lstrip("/"))

    def resolve(self, path: str) -> str:
        """*path* with every symlink in it replaced by its target (still a host path).

        Components that do not exist are kept as they are: reading the result then fails the
        way reading *path* would.

        Raises:
            OSError: ELOOP, more than ``MAX_LINK_HOPS`` links (a cycle).
        """
        pending = _parts(path)
        resolved = "/"
        hops = 0
        while pending:
            candidate = posixpath.join(resolved, pending.pop(0))
            target = self._link_target(candidate)
            if target is None:
                resolved = candidate
                continue
            hops += 1
            if hops > MAX_LINK_HOPS:
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), self.real(path))
            base = "/" if target.startswith("/") else posixpath.dirname(candidate)
            pending = _parts(posixpath.join(base, target)) + pending
            resolved = "/"
        return resolved

    def read(self, path: str, *, limit: int = ATTRIBUTE_LIMIT) -> str | None:
        """The text of file *path*, trimmed; None when it cannot be read (absent, EIO, a directory)."""
        text = self.read_raw(path, limit=limit)
        return None if text is None else text.strip()

    def read_raw(self, path: str, *, limit: int = ATTRIBUTE_LIMIT) -> str | None:
        """The text of file *path* as it is; None when it cannot be read."""
        try:
            data = self.host.read_file(self.real(self.resolve(path)), limit=limit)
        except OSError:
            return None
        return data.decode("utf-8", errors="replace")

    def text(self, path: str) -> str:
        """The trimmed text of *path*, ``""`` when it cannot be read (most report fields)."""
        return self.read(path) or ""

    def list_dir(self, path: str) -> tuple[str, ...]:
        """Names in directory *path*, sorted.

        Raises:
            OSError: *path* is missing, not a directory, or unreadable.
        """
        return self.host.list_dir(self.real(self.resolve(path)))

    def entries(self, path: str) -> tuple[str, ...]:
        """Names in directory *path*, or ``()`` when it cannot be listed."""
        try:
            return self.list_dir(path)
        except OSError:
            return ()

    def exists(self, path: str) -> bool:
        """True when *path* exists after following its links (a dangling link does not)."""
        return self._followed_kind(path) is not None

    def lexists(self, path: str) -> bool:
        """True when *path* itself exists; a symlink at its end counts, dangling or not."""
        last = self._last_unresolved(path)
        return last is not None and self._kind(last) is not None

    def is_dir(self, path: str) -> bool:
        """True when *path* is a directory after following its links."""
        return self._followed_kind(path) is FileKind.DIRECTORY

    def link_name(self, path: str) -> str:
        """The last component of symlink *path*'s target (a driver, a PCI address); ``""``
        when *path* is not a symlink."""
        last = self._last_unresolved(path)
        target = self._link_target(last) if last is not None else None
        return posixpath.basename(target.rstrip("/")) if target else ""

    def _followed_kind(self, path: str) -> FileKind | None:
        try:
            return self._kind(self.resolve(path))
        except OSError:  # a link cycle
            return None

    def _last_unresolved(self, path: str) -> str | None:
        """*path* with the links of its parent resolved and its last component left as it is."""
        try:
            parent = self.resolve(posixpath.dirname(path))
        except OSError:
            return None
        return posixpath.join(parent, posixpath.basename(path))

    def _kind(self, path: str) -> FileKind | None:
        try:
            return self.host.stat(self.real(path)).kind
        except OSError:
            return None

    def _link_target(self, path: str) -> str | None:
        if self._kind(path) is not FileKind.SYMLINK:
            return None
        try:
            return self.host.read_link(self.real(path))
        except OSError:
            return None


def _parts(path: str) -> list[str]:
    return [part for part in posixpath.normpath("/" + path).split("/") if part]
