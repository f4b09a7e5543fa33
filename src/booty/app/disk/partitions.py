"""Partition use cases: make the kernel re-read a table, read it with sfdisk, grow the root.

Rules of this file:

1. A re-read tries ``partprobe`` first (it tells the kernel each partition with BLKPG, which works
   while another partition of the disk is in use and on kernels without a table parser), then the
   BLKRRPART ioctl through the BlockDevices port (no tool needed in the initramfs).
2. sfdisk's stdout is parsed, its stderr only reported (spec disk-and-image.md §2.8 [bug]).
3. Growing moves the backup GPT header to the end of the disk first (after a small image landed
   on a larger disk it sits in the middle), then runs ``growpart``; without growpart, sfdisk grows
   the partition and partprobe tells the kernel. growpart's NOCHANGE is not a failure (spec §2.13).
"""

from __future__ import annotations

from booty.app.disk.common import RC_NOT_FOUND, last_line, log, run_checked
from booty.domain.disk.commands import (
    SFDISK_GROW_STDIN,
    growpart,
    partprobe,
    sfdisk_grow,
    sfdisk_json,
    sgdisk_relocate_backup,
)
from booty.domain.disk.layout import partition_number, plan_root_growth
from booty.domain.disk.results import GrowResult, RereadMethod, RereadResult
from booty.domain.disk.sfdisk import NO_TABLE, Partition, PartitionTable, read_sfdisk
from booty.domain.disk.targets import ApprovedDisk, require_approved
from booty.domain.errors import BlockOperationFailed, DiskCommandFailed
from booty.ports.block import BlockDevices
from booty.ports.shell import Shell


def reread_partitions(shell: Shell, block: BlockDevices, device: str) -> RereadResult:
    """Make the kernel see the current partition table of *device* (rule 1).

    Raises:
        DiskCommandFailed: partprobe failed and so did BLKRRPART (noted on the error).
    """
    probe = shell.run(partprobe(device))
    if probe.ok:
        return RereadResult(device, RereadMethod.PARTPROBE)
    why = f"partprobe exited {probe.returncode}: {last_line(probe)}"
    try:
        block.reread_partitions(device)
    except BlockOperationFailed as e:
        error = DiskCommandFailed(f"re-read partition table of {device}", probe)
        error.add_note(f"BLKRRPART fallback failed too: {e}")
        raise error from e
    log.info("Re-read partition table with BLKRRPART", extra={"disk": device, "partprobe": why})
    return RereadResult(device, RereadMethod.BLKRRPART, why)


def read_partition_table(shell: Shell, device: str) -> PartitionTable:
    """The partition table of *device* as sfdisk reads it; empty when it has none.

    Raises:
        DiskCommandFailed: sfdisk failed for any other reason than a missing table.
        PartitionTableUnreadable: sfdisk printed something that is not its JSON.
    """
    result = shell.run(sfdisk_json(device))
    if not result.ok and NO_TABLE not in result.stderr:
        raise DiskCommandFailed(f"read partition table of {device}", result)
    if result.stderr.strip():
        log.info("sfdisk warned", extra={"disk": device, "stderr": result.stderr.strip()})
    return read_sfdisk(result, device=device)


def grow_root_partition(
    shell: Shell, block: BlockDevices, disk: ApprovedDisk, table: PartitionTable, root: Partition
) -> GrowResult:
    """Grow *root*, a partition of the approved *disk*, to the end of the disk (rule 3).

    Raises:
        UnapprovedDisk: *disk* is not approved, or *root* is not one of its partitions.
        DiskCommandFailed: sgdisk, growpart or the sfdisk fallback failed.
    """
    approved = require_approved(disk)
    number = partition_number(approved.partition(root.node), approved.path)
    plan = plan_root_growth(table, root, disk_bytes=block.size_bytes(approved.path))
    if plan.relocate_backup_gpt:
        run_checked(shell, sgdisk_relocate_backup(approved), f"move the backup GPT header of {approved.path}")
    if not plan.grow:
        return GrowResult(root.node, number, plan, grown=False, detail=plan.reason)
    result = shell.run(growpart(approved, number))
    if result.ok:
        return GrowResult(
            root.node,
            number,
            plan,
            grown=True,
            method="growpart",
            detail=last_line(result, prefer_stdout=True),
        )
    if "NOCHANGE" in result.stdout + result.stderr:
        return GrowResult(root.node, number, plan, grown=False, detail=last_line(result, prefer_stdout=True))
    if result.returncode != RC_NOT_FOUND:
        raise DiskCommandFailed(f"grow partition {number} of {approved.path}", result)
    run_checked(
        shell,
        sfdisk_grow(approved, number),
        f"grow partition {number} of {approved.path}",
        stdin=SFDISK_GROW_STDIN,
    )
    reread_partitions(shell, block, approved.path)
    return GrowResult(root.node, number, plan, grown=True, method="sfdisk", detail="growpart not installed")
