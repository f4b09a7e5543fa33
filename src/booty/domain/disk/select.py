"""Choose the disk the OS image is written to, and say why every other disk lost.

The original's preference (spec disk-and-image.md §1.4) is kept: NVMe before anything else, then
the largest; but it is made safe. A disk is *eligible* only when it passes every check of
``rejection_reason``, in this order (the first failing check is the reason given):

1. a physical disk, not a virtual device by name (loop, zram, ram, sr, dm-, md, nbd, zd);
2. not empty (size 0: an empty card reader slot);
3. writable (``ro`` is 0);
4. not removable (USB sticks, BMC virtual media), unless removable disks are allowed;
5. nothing stacked on the disk (``holders``: an md array or a device-mapper target);
6. nothing stacked on one of its partitions (an LVM volume, a RAID member partition);
7. neither the disk, nor a partition, nor a device stacked on them is mounted;
8. at least ``MIN_DISK_SIZE_GB`` whole GiB when that is above 0.

Then, in this order of precedence:

* ``DISK_DEVICE`` (``override``) names the target: ``/dev/sda`` or its ``/dev/disk/by-path`` link.
  It must be a listed disk and pass the checks unless ``force`` is set; if hints are given too, it
  must match them.
* Root device hints must match exactly one disk (among all disks, eligible or not), which must pass
  the checks unless ``force`` is set.
* Otherwise the best eligible disk wins: NVMe first, then most bytes. Two or more disks that are
  equally good (same kind, same size in bytes) are an error naming them: device names are not
  stable across boots, so picking the first by name could pick a different disk next time.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise

import attrs

from booty.domain.disk.facts import is_nvme, size_gib, virtual_kind
from booty.domain.disk.hints import NO_HINTS, RootDeviceHints
from booty.domain.errors import (
    AmbiguousDisk,
    DiskHintMismatch,
    DiskNotEligible,
    NoEligibleDisk,
    UnknownDisk,
)
from booty.domain.system import BlockDevice

Verdicts = tuple[tuple[BlockDevice, str], ...]


class Basis(enum.Enum):
    """What decided the choice."""

    PREFERENCE = "preference"
    """Auto-detection: NVMe first, then the largest eligible disk."""
    DISK_DEVICE = "DISK_DEVICE"
    """The configured DISK_DEVICE."""
    HINTS = "hints"
    """The one disk the root device hints match."""


@attrs.frozen
class DiskChoice:
    """The target disk, and for every other disk the reason it was not chosen."""

    chosen: BlockDevice
    rejected: Verdicts
    """Every other disk with its reason (``"removable"``, ``"too small: 40 GiB < 50 GiB"``), by name."""
    candidates: tuple[BlockDevice, ...] = ()
    """Every disk that passed the safety checks, the chosen one included unless it was forced."""
    basis: Basis = Basis.PREFERENCE
    forced_past: str = ""
    """The check the chosen disk failed and was used anyway because ``force`` was set; else empty."""


def rejection_reason(disk: BlockDevice, *, min_size_gb: int = 0, allow_removable: bool = False) -> str:
    """Why *disk* can never be the target, or ``""`` when it is eligible (checks in module order)."""
    return next(_failed_checks(disk, min_size_gb, allow_removable), "")


def _failed_checks(disk: BlockDevice, min_size_gb: int, allow_removable: bool) -> Iterator[str]:
    """The reasons *disk* fails the safety checks, lazily, in the order the module docstring lists."""
    kind = virtual_kind(disk)
    if kind:
        yield f"not a physical disk: {kind}"
    if disk.size_bytes <= 0:
        yield "empty (size 0)"
    if disk.read_only:
        yield "read-only"
    if disk.removable and not allow_removable:
        yield "removable"
    if disk.holders:
        yield f"in use by {', '.join(disk.holders)}"
    if disk.partition_holders:
        yield f"a partition is in use by {', '.join(disk.partition_holders)}"
    if disk.mounts:
        yield "mounted: " + ", ".join(f"{m.source} on {m.target}" for m in disk.mounts)
    if min_size_gb > 0 and size_gib(disk) < min_size_gb:
        yield f"too small: {size_gib(disk)} GiB < {min_size_gb} GiB"


def choose_target_disk(
    disks: Sequence[BlockDevice],
    *,
    min_size_gb: int = 0,
    override: str | None = None,
    force: bool = False,
    allow_removable: bool = False,
    hints: RootDeviceHints = NO_HINTS,
) -> DiskChoice:
    """The disk to install on, with the reason every other disk was not chosen.

    Args:
        disks: every whole disk of the machine, in any order (names must be unique).
        min_size_gb: MIN_DISK_SIZE_GB; 0 means no minimum.
        override: DISK_DEVICE (``/dev/sda`` or a ``/dev/disk/by-path/...`` link); empty means auto.
        force: use the disk named by *override* or *hints* even when it fails a safety check.
        allow_removable: removable disks are eligible (the later upstream's BOOTY_ALLOW_REMOVABLE).
        hints: facts the target must have; they must match exactly one disk.

    Raises:
        NoEligibleDisk: no disk passes the checks (auto-detection).
        AmbiguousDisk: two or more best disks are equally good (auto-detection).
        UnknownDisk: *override* names no listed disk.
        DiskHintMismatch: the hints match no disk, several disks, or not the *override* disk.
        DiskNotEligible: the disk named by *override* or *hints* fails a check and *force* is off.
        ValueError: two disks have the same name.
    """
    ordered = sorted(disks, key=lambda d: d.name)
    for first, second in pairwise(ordered):
        if first.name == second.name:
            raise ValueError(f"disk {first.name} is listed twice")
    verdicts = tuple(
        (d, rejection_reason(d, min_size_gb=min_size_gb, allow_removable=allow_removable)) for d in ordered
    )
    candidates = tuple(d for d, why in verdicts if not why)
    if override:
        return _by_override(verdicts, candidates, override, force=force, hints=hints)
    if hints:
        return _by_hints(verdicts, candidates, hints, force=force)
    return _by_preference(verdicts, candidates, min_size_gb)


def _by_override(
    verdicts: Verdicts,
    candidates: tuple[BlockDevice, ...],
    override: str,
    *,
    force: bool,
    hints: RootDeviceHints,
) -> DiskChoice:
    target = next((d for d, _ in verdicts if override in {d.path, d.by_path}), None)
    if target is None:
        rejected = _explain(verdicts, lambda _: f"not DISK_DEVICE ({override})")
        raise UnknownDisk(override, rejected=rejected, candidates=candidates)
    if hints and not hints.matches(target):
        matches = tuple(d for d, _ in verdicts if hints.matches(d))
        rejected = _explain(verdicts, lambda d: _hint_reason(hints, d) or f"not DISK_DEVICE ({override})")
        raise DiskHintMismatch(str(hints), matches, rejected=rejected, candidates=candidates, device=override)
    return _named(
        verdicts,
        candidates,
        target,
        Basis.DISK_DEVICE,
        named_by="DISK_DEVICE",
        other=lambda _: f"not DISK_DEVICE ({override})",
        force=force,
    )


def _by_hints(
    verdicts: Verdicts, candidates: tuple[BlockDevice, ...], hints: RootDeviceHints, *, force: bool
) -> DiskChoice:
    matches = tuple(d for d, _ in verdicts if hints.matches(d))
    if len(matches) != 1:
        rejected = _explain(
            verdicts,
            lambda d: (
                _hint_reason(hints, d)
                or "the hints also match " + ", ".join(o.path for o in matches if o is not d)
            ),
        )
        raise DiskHintMismatch(str(hints), matches, rejected=rejected, candidates=candidates)
    (target,) = matches
    return _named(
        verdicts,
        candidates,
        target,
        Basis.HINTS,
        named_by=f"root device hints {hints}",
        other=lambda d: _hint_reason(hints, d),
        force=force,
    )


def _named(
    verdicts: Verdicts,
    candidates: tuple[BlockDevice, ...],
    target: BlockDevice,
    basis: Basis,
    *,
    named_by: str,
    other: Callable[[BlockDevice], str],
    force: bool,
) -> DiskChoice:
    """The disk named by DISK_DEVICE or the hints, if it passes the checks or *force* is set."""
    reason = next(why for d, why in verdicts if d is target)
    if reason and not force:
        rejected = _explain(verdicts, other)
        raise DiskNotEligible(target, reason, named_by=named_by, rejected=rejected, candidates=candidates)
    others = tuple((d, why or other(d)) for d, why in verdicts if d is not target)
    return DiskChoice(target, others, candidates, basis, forced_past=reason)


def _by_preference(verdicts: Verdicts, candidates: tuple[BlockDevice, ...], min_size_gb: int) -> DiskChoice:
    """NVMe first, then the most bytes; a tie at the top is an error."""
    if not candidates:
        raise NoEligibleDisk(min_size_gb=min_size_gb, rejected=verdicts)
    best_rank = max(_rank(d) for d in candidates)
    best = tuple(d for d in candidates if _rank(d) == best_rank)
    if len(best) > 1:
        rejected = _explain(
            verdicts,
            lambda d: (
                "tied with " + ", ".join(o.path for o in best if o is not d)
                if d in best
                else _loses_to(d, best[0])
            ),
        )
        raise AmbiguousDisk(best, rejected=rejected, candidates=candidates)
    (chosen,) = best
    rejected = tuple((d, why or _loses_to(d, chosen)) for d, why in verdicts if d is not chosen)
    return DiskChoice(chosen, rejected, candidates, Basis.PREFERENCE)


def _rank(disk: BlockDevice) -> tuple[bool, int]:
    return (is_nvme(disk), disk.size_bytes)


def _loses_to(disk: BlockDevice, winner: BlockDevice) -> str:
    if is_nvme(winner) and not is_nvme(disk):
        return f"not preferred: {winner.path} is NVMe"
    return f"not preferred: {winner.path} is larger"


def _hint_reason(hints: RootDeviceHints, disk: BlockDevice) -> str:
    mismatch = hints.mismatch(disk)
    return f"does not match hint {mismatch}" if mismatch else ""


def _explain(verdicts: Verdicts, otherwise: Callable[[BlockDevice], str]) -> Verdicts:
    """Every disk with its safety reason, or else the reason *otherwise* gives for it."""
    return tuple((d, why or otherwise(d)) for d, why in verdicts)
