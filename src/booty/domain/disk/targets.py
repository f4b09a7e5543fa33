"""Approved targets: the only disks a destructive disk operation may write to.

Rules of this file:

1. An ``ApprovedDisk`` is made only here, from a ``DiskChoice`` (``approve``). Its constructor
   checks a seal that binds the value to the disk it approves, so a hand-built value, or one
   copied with ``attrs.evolve`` onto another disk, is refused when it is created.
2. Wiping, erasing, growing a partition, checking or growing a filesystem and zeroing bytes take an
   ``ApprovedDisk`` (or ``ApprovedTargets``), never a path string; ``require_approved`` turns
   anything else into ``UnapprovedDisk`` before a command runs or a byte is written.
3. A partition is approved through its disk: ``partition(node)`` accepts only the nodes the kernel
   names after that disk (``/dev/nvme0n1p2`` for ``/dev/nvme0n1``).
4. Streaming an image writes to a ``WriteTarget``: an ``ApprovedDisk``, or an ``ImageFile`` (a
   regular file standing in for a disk). ``require_write_target`` refuses anything else; the
   adapters refuse an ``ImageFile`` whose path is a device node, so no code path writes to a disk
   the domain did not choose.

v0.0.1 wiped every disk of ``/sys/block`` before it even chose the target (spec
disk-and-image.md §2.5 and §7.5); booty wipes the chosen disk, or in a hard deprovision the disks
that passed every safety check, and nothing else.
"""

from __future__ import annotations

import enum

import attrs

from booty.domain.disk.layout import partition_number
from booty.domain.disk.select import DiskChoice
from booty.domain.errors import UnapprovedDisk
from booty.domain.system import BlockDevice


class Scope(enum.Enum):
    """Which disks of a choice are approved."""

    TARGET = "the chosen target disk"
    """Provisioning: the disk the image goes to, and only it."""
    ELIGIBLE = "every disk that passed the safety checks"
    """Hard deprovision: the chosen disk and every other candidate (never a removable, mounted,
    read-only, held or virtual disk, unless it was the forced choice)."""


_SEAL = object()
"""Private: only ``approve`` can pass it, so only ``approve`` makes approved disks."""


def _check_seal(instance: ApprovedDisk, _attribute: object, seal: object) -> None:
    if not (isinstance(seal, tuple) and len(seal) == 2 and seal[0] is _SEAL and seal[1] is instance.disk):
        raise UnapprovedDisk(instance.disk.path, "an approved disk is made only from a disk choice")


@attrs.frozen
class ApprovedDisk:
    """One whole disk a destructive operation may write to, with why it was approved."""

    disk: BlockDevice
    reason: str
    """E.g. ``chosen by DISK_DEVICE`` or ``eligible for deprovision``."""
    _seal: object = attrs.field(repr=False, eq=False, validator=_check_seal)

    @property
    def path(self) -> str:
        """The disk's device node, e.g. ``/dev/nvme0n1``."""
        return self.disk.path

    @property
    def name(self) -> str:
        """The kernel name, e.g. ``nvme0n1``."""
        return self.disk.name

    def owns(self, node: str) -> bool:
        """True for the disk's own node and for the nodes of its partitions."""
        return node == self.path or partition_number(node, self.path) > 0

    def partition(self, node: str) -> str:
        """*node* itself when it is a partition of this disk.

        Raises:
            UnapprovedDisk: *node* is not a partition of this disk.
        """
        if partition_number(node, self.path) <= 0:
            raise UnapprovedDisk(node, f"not a partition of the approved disk {self.path}")
        return node


@attrs.frozen
class ApprovedTargets:
    """The disks of one choice that may be written to, in name order."""

    disks: tuple[ApprovedDisk, ...]
    scope: Scope

    @property
    def paths(self) -> tuple[str, ...]:
        """Device nodes of the approved disks."""
        return tuple(d.path for d in self.disks)

    def get(self, path: str) -> ApprovedDisk:
        """The approved disk whose node is *path*.

        Raises:
            UnapprovedDisk: *path* is not one of them.
        """
        for approved in self.disks:
            if approved.path == path:
                return approved
        shown = ", ".join(self.paths) or "none"
        raise UnapprovedDisk(path, f"not a disk the domain chose (approved: {shown})")

    def owner_of(self, node: str) -> ApprovedDisk:
        """The approved disk that *node* is, or is a partition of.

        Raises:
            UnapprovedDisk: *node* is on no approved disk.
        """
        for approved in self.disks:
            if approved.owns(node):
                return approved
        shown = ", ".join(self.paths) or "none"
        raise UnapprovedDisk(node, f"not on a disk the domain chose (approved: {shown})")


@attrs.frozen
class ImageFile:
    """A regular file standing in for a disk: labs, tests, ``booty stream`` into a file.

    It must already exist and be a regular file; the adapters refuse a device node given as an
    ``ImageFile`` (a disk is written only after disk selection approved it).
    """

    path: str


NOT_AN_IMAGE_FILE = "not a regular file: a disk is written only after disk selection approved it"
"""Why the adapters refuse an ``ImageFile`` whose path is a device node (or anything but a file)."""

WriteTarget = ApprovedDisk | ImageFile
"""What an image may be streamed onto: a disk the domain chose, or a regular file."""


def approve(choice: DiskChoice, *, scope: Scope = Scope.TARGET) -> ApprovedTargets:
    """The disks of *choice* that destructive operations may write to.

    Args:
        choice: the result of ``choose_target_disk``.
        scope: ``TARGET`` approves the chosen disk only; ``ELIGIBLE`` adds every candidate.
    """
    why = f"chosen by {choice.basis.value}" + (
        f", forced past: {choice.forced_past}" if choice.forced_past else ""
    )
    picked = [(choice.chosen, why)]
    if scope is Scope.ELIGIBLE:
        picked += [(d, "eligible for deprovision") for d in choice.candidates if d.name != choice.chosen.name]
    disks = tuple(
        ApprovedDisk(d, reason, (_SEAL, d)) for d, reason in sorted(picked, key=lambda p: p[0].name)
    )
    return ApprovedTargets(disks, scope)


def require_approved(value: object) -> ApprovedDisk:
    """*value* when it is an ``ApprovedDisk``; the guard adapters run before writing a byte.

    Raises:
        UnapprovedDisk: *value* is anything else (a path string above all).
    """
    if isinstance(value, ApprovedDisk):
        return value
    shown = value if isinstance(value, str) else type(value).__name__
    raise UnapprovedDisk(str(shown), "destructive operations take an ApprovedDisk, not a bare path")


def require_write_target(value: object) -> ApprovedDisk | ImageFile:
    """*value* when it is an ``ApprovedDisk`` or an ``ImageFile``; the guard before opening a writer.

    Raises:
        UnapprovedDisk: *value* is anything else (a path string above all).
    """
    if isinstance(value, ApprovedDisk | ImageFile):
        return value
    shown = value if isinstance(value, str) else type(value).__name__
    raise UnapprovedDisk(str(shown), "writers take an ApprovedDisk or an ImageFile, not a bare path")
