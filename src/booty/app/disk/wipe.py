"""Wipe use case: clear the partition tables and signatures of the approved disks only.

For each approved disk, in order: ``wipefs --all`` on every partition the kernel lists (old LVM,
RAID and filesystem signatures would otherwise come back when a new table puts a partition at the
same offset), ``sgdisk --zap-all`` (primary and backup GPT, MBR; a failure is only a warning: the
disk may never have had a GPT), ``wipefs --all`` on the disk, then zeros over the first and the
last MiB (what remains of an MBR, a GPT or an md superblock at the end), and a partition re-read
so the kernel forgets the old partitions.

v0.0.1 wiped every disk of the machine, before it had chosen one, and never touched the
partitions' own signatures (spec disk-and-image.md §2.5, §7.4, §7.5).
"""

from __future__ import annotations

from booty.app.disk.common import last_line, log, run_checked
from booty.app.disk.partitions import reread_partitions
from booty.domain.disk.commands import sgdisk_zap, wipefs_all
from booty.domain.disk.results import WipeOutcome
from booty.domain.disk.targets import ApprovedDisk, ApprovedTargets, require_approved
from booty.domain.errors import BootyError, WipeFailed
from booty.ports.block import BlockDevices
from booty.ports.shell import Shell

MIB = 1024 * 1024


def wipe_disk(shell: Shell, block: BlockDevices, disk: ApprovedDisk) -> WipeOutcome:
    """Clear one approved disk (steps in the module docstring).

    Raises:
        UnapprovedDisk: *disk* is not an ``ApprovedDisk``.
        DiskCommandFailed: wipefs failed.
        BlockOperationFailed: zeroing failed (the disk is in use: EBUSY).
    """
    approved = require_approved(disk)
    done: list[str] = []
    warnings: list[str] = []
    for name in approved.disk.partitions:
        node = f"/dev/{name}"
        run_checked(shell, wipefs_all(approved, node), f"wipe signatures of {node}")
        done.append(f"wipefs {node}")
    zap = shell.run(sgdisk_zap(approved))
    if zap.ok:
        done.append("sgdisk --zap-all")
    else:
        warnings.append(f"sgdisk --zap-all exited {zap.returncode}: {last_line(zap)}")
    run_checked(shell, wipefs_all(approved, approved.path), f"wipe signatures of {approved.path}")
    done.append(f"wipefs {approved.path}")
    zero_edges(block, approved)
    done += ["zeroed first MiB", "zeroed last MiB"]
    try:
        reread_partitions(shell, block, approved.path)
    except BootyError as e:
        warnings.append(f"partition re-read: {e}")
    log.info("Wiped disk", extra={"disk": approved.path, "done": done, "warnings": warnings})
    return WipeOutcome(approved.path, tuple(done), tuple(warnings))


def zero_edges(block: BlockDevices, disk: ApprovedDisk, edge: int = MIB) -> None:
    """Zero the first and last *edge* bytes of *disk*: both GPT headers, the MBR and an md
    superblock at the end are gone, so no firmware finds anything to boot on it."""
    size = block.size_bytes(disk.path)
    edge = min(edge, size)
    block.zero_range(disk, 0, edge)
    block.zero_range(disk, size - edge, edge)


def wipe_disks(shell: Shell, block: BlockDevices, targets: ApprovedTargets) -> tuple[WipeOutcome, ...]:
    """Clear every approved disk; one failure does not stop the others.

    Raises:
        WipeFailed: one or more disks could not be cleared (``failures`` says which and why).
    """
    outcomes: list[WipeOutcome] = []
    failures: list[tuple[str, str]] = []
    for disk in targets.disks:
        try:
            outcomes.append(wipe_disk(shell, block, disk))
        except BootyError as e:
            failures.append((disk.path, str(e)))
    if failures:
        raise WipeFailed(failures, wiped=len(outcomes))
    return tuple(outcomes)
