"""Fences around the real adapters, for running booty's real pipeline on a machine that is not
being installed: the demo, labs, and the root integration tests.

Each wraps a real adapter and changes only what would harm the machine booty runs on:

- ``VisibleDisks``: the block devices show only the lab's own disks (loop devices), so disk
  selection and the wipe can never reach one of this machine's disks.
- ``FencedHost``: kexec loads and reboots are recorded, never done; chosen host paths (e.g.
  ``/sys/firmware/efi``) look absent, so the EFI steps find "not an EFI host" and leave this
  machine's firmware boot entries alone.
- ``FencedShell``: chosen programs (``efibootmgr``, ``kexec``, ``reboot``) are not run; they
  answer exit 126 with a sentence saying so. Programs the lab cannot run now but its owner will
  run later (``resize2fs`` of a mounted ext4 without CAP_SYS_RESOURCE, which containers drop)
  are deferred: recorded, and answered exit 0 with a sentence saying so. Everything else runs.

New in booty: v0.0.1 could only be tried on a machine it was allowed to erase.
"""

from __future__ import annotations

import errno
import os
import posixpath
from collections.abc import Mapping, Sequence

import attrs

from booty.domain.disk.targets import ApprovedDisk, ImageFile, require_write_target
from booty.domain.errors import UnapprovedDisk
from booty.domain.shell import CommandResult
from booty.domain.system import BlockDevice, FileInfo, KexecImage, Mount
from booty.ports.block import BlockDevices
from booty.ports.device import DeviceReader, DeviceWriter
from booty.ports.host import Host
from booty.ports.shell import Shell

FENCED_EXIT = 126
"""What a fenced program answers: "cannot execute", with the reason on stderr."""


@attrs.frozen
class VisibleDisks:
    """*inner*, listing only the disks whose node is in *paths*."""

    inner: BlockDevices
    paths: frozenset[str]

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """The visible disks, as the real adapter describes them."""
        return tuple(d for d in self.inner.list_disks() if d.path in self.paths)

    def open_writer(self, target: ApprovedDisk | ImageFile) -> DeviceWriter:
        """The inner writer; an approved disk must be one of the visible ones."""
        checked = require_write_target(target)
        if isinstance(checked, ApprovedDisk) and checked.path not in self.paths:
            raise UnapprovedDisk(checked.path, "not one of the lab's disks")
        return self.inner.open_writer(checked)

    def open_reader(self, path: str) -> DeviceReader:
        return self.inner.open_reader(path)

    def reread_partitions(self, device: str) -> None:
        self.inner.reread_partitions(device)

    def size_bytes(self, device: str) -> int:
        return self.inner.size_bytes(device)

    def zero_range(self, disk: ApprovedDisk, offset: int, length: int) -> None:
        self.inner.zero_range(disk, offset, length)


@attrs.define
class FencedHost:
    """*inner*, with kexec and reboot recorded instead of done and *hidden* paths absent."""

    inner: Host
    hidden: tuple[str, ...] = ()
    """Absolute paths that, with everything below them, look missing."""
    kexec_images: list[KexecImage] = attrs.field(factory=list)
    """Every image booty asked to load, in order; none was loaded."""
    reboots: list[bool] = attrs.field(factory=list)
    """One entry per reboot asked for: True when into the kexec image; none happened."""

    def _hides(self, path: str) -> bool:
        clean = posixpath.normpath(path)
        return any(clean == h or clean.startswith(h.rstrip("/") + "/") for h in self.hidden)

    def _missing(self, path: str) -> FileNotFoundError:
        return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)

    def mount(self, mount: Mount) -> None:
        self.inner.mount(mount)

    def unmount(self, target: str) -> None:
        self.inner.unmount(target)

    def read_file(self, path: str, *, limit: int | None = None) -> bytes:
        if self._hides(path):
            raise self._missing(path)
        return self.inner.read_file(path, limit=limit)

    def write_file(self, path: str, content: bytes, *, mode: int = 0o644) -> None:
        self.inner.write_file(path, content, mode=mode)

    def exists(self, path: str) -> bool:
        return not self._hides(path) and self.inner.exists(path)

    def list_dir(self, path: str) -> tuple[str, ...]:
        if self._hides(path):
            raise self._missing(path)
        return tuple(n for n in self.inner.list_dir(path) if not self._hides(posixpath.join(path, n)))

    def stat(self, path: str) -> FileInfo:
        if self._hides(path):
            raise self._missing(path)
        return self.inner.stat(path)

    def read_link(self, path: str) -> str:
        if self._hides(path):
            raise self._missing(path)
        return self.inner.read_link(path)

    def make_dirs(self, path: str, *, mode: int = 0o755) -> None:
        self.inner.make_dirs(path, mode=mode)

    def rename(self, source: str, target: str) -> None:
        self.inner.rename(source, target)

    def remove(self, path: str) -> None:
        self.inner.remove(path)

    def load_module(self, path: str) -> None:
        self.inner.load_module(path)

    def kexec_load(self, image: KexecImage) -> None:
        """Record *image*; this machine keeps its own kernel."""
        self.kexec_images.append(image)

    def reboot(self, *, kexec: bool = False) -> None:
        """Record the reboot; this machine keeps running."""
        self.reboots.append(kexec)


@attrs.define
class FencedShell:
    """*inner*, refusing to run the programs named in *refused* (by basename)."""

    inner: Shell
    refused: Mapping[str, str]
    """Program name to the reason it is not run, e.g. ``{"efibootmgr": "..."}``."""
    deferred: Mapping[str, str] = attrs.field(factory=dict)
    """Program name to the reason it is left for the lab's owner to run later."""
    fenced: list[tuple[str, ...]] = attrs.field(factory=list)
    """The argv of every refused call."""
    postponed: list[tuple[str, ...]] = attrs.field(factory=list)
    """The argv of every deferred call, for the owner to run."""

    def run(
        self,
        argv: Sequence[str],
        *,
        stdin: bytes | None = None,
        root: str | None = None,
        timeout_s: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> CommandResult:
        """Run *argv* with the real shell unless its program is refused or deferred."""
        program = posixpath.basename(argv[0]) if argv else ""
        if program in self.refused:
            self.fenced.append(tuple(argv))
            return CommandResult(tuple(argv), FENCED_EXIT, "", f"{program}: {self.refused[program]}\n")
        if program in self.deferred and root is None:
            self.postponed.append(tuple(argv))
            return CommandResult(tuple(argv), 0, f"{program}: {self.deferred[program]}\n", "")
        return self.inner.run(argv, stdin=stdin, root=root, timeout_s=timeout_s, env=env)
