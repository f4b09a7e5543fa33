"""Choosing a disk an operator named (DISK_DEVICE, ``booty stream SOURCE DEVICE``) through the
domain's safety checks, with the one exception labs need: a loop device named explicitly is used
when it passes every other check (spec disk-and-image.md §1.6 row 14).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from booty.domain.disk.facts import virtual_kind
from booty.domain.disk.select import DiskChoice, choose_target_disk, rejection_reason
from booty.domain.errors import DiskNotEligible
from booty.domain.system import BlockDevice

LOOP_DEVICE = "loop device"
"""``virtual_kind`` of a loop device: the one virtual disk an operator may name."""


def choose_named_disk(disks: Sequence[BlockDevice], device: str, *, min_size_gb: int = 0) -> DiskChoice:
    """The disk *device* names, if it passes the safety checks; a loop device that passes every
    check but the one against virtual devices is chosen forced (``forced_past`` says so).

    Raises:
        UnknownDisk: *device* names no listed whole disk.
        DiskNotEligible: the disk fails a safety check (mounted, held, removable, read-only, too
            small, virtual other than a lab loop device).
    """
    try:
        return choose_target_disk(disks, min_size_gb=min_size_gb, override=device)
    except DiskNotEligible as e:
        if virtual_kind(e.disk) != LOOP_DEVICE:
            raise
        reason = _loop_rejection(e.disk, min_size_gb)
        if reason:  # say what really stops the loop device (mounted, held), not that it is virtual
            raise DiskNotEligible(
                e.disk, reason, named_by="DISK_DEVICE", rejected=e.rejected, candidates=e.candidates
            ) from e
    return choose_target_disk(disks, min_size_gb=min_size_gb, override=device, force=True)


def is_lab_loop_device(disk: BlockDevice, *, min_size_gb: int = 0) -> bool:
    """A loop device that passes every safety check but the one against virtual devices."""
    return virtual_kind(disk) == LOOP_DEVICE and not _loop_rejection(disk, min_size_gb)


def _loop_rejection(disk: BlockDevice, min_size_gb: int) -> str:
    # The domain's own checks, on the same facts under a name no virtual prefix matches: a loop
    # device that is mounted, held or too small is still refused.
    return rejection_reason(attrs.evolve(disk, name=f"lab-{disk.name}"), min_size_gb=min_size_gb)
