"""Filesystem use cases: find the type, check it before mounting, grow it after the partition grew.

Type-specific tools and exit-code meanings are ``booty.domain.disk.filesystem``'s; a check that
leaves errors behind fails the step with the checker's own words (v0.0.1 ignored every e2fsck
result and ran it on XFS and btrfs roots too: spec disk-and-image.md §2.11, §7.11).
"""

from __future__ import annotations

from booty.app.disk.common import log, run_checked
from booty.domain.disk.commands import blkid_probe
from booty.domain.disk.filesystem import (
    FsType,
    filesystem_type,
    fsck_argv,
    fsck_verdict,
    parse_blkid_export,
    resize_command,
)
from booty.domain.disk.results import FsckResult, ResizeResult
from booty.domain.disk.targets import ApprovedDisk, require_approved
from booty.domain.errors import DiskCommandFailed, UnsupportedFilesystem
from booty.ports.shell import Shell

BLKID_NOTHING_FOUND = 2
"""blkid's exit code when the device carries no signature it knows."""


def probe_filesystem(shell: Shell, device: str) -> FsType:
    """The filesystem on *device*, as blkid's low-level probe reads it.

    Raises:
        UnsupportedFilesystem: no filesystem, or one booty does not handle.
        DiskCommandFailed: blkid failed otherwise.
    """
    result = shell.run(blkid_probe(device))
    if result.returncode == BLKID_NOTHING_FOUND:
        raise UnsupportedFilesystem(device, "no filesystem found")
    if not result.ok:
        raise DiskCommandFailed(f"probe the filesystem of {device}", result)
    probe = parse_blkid_export(result.stdout)
    fs = filesystem_type(probe)
    if fs is not None:
        return fs
    if "TYPE" in probe:
        raise UnsupportedFilesystem(device, f"{probe['TYPE']} is not a filesystem booty checks or grows")
    # blkid's low-level probe prints the partition's own entry (PART_ENTRY_*) even without a filesystem
    shown = f"a {probe['PTTYPE']} partition table" if "PTTYPE" in probe else "no filesystem"
    raise UnsupportedFilesystem(device, f"{shown} found")


def check_filesystem(
    shell: Shell, disk: ApprovedDisk, partition: str, *, fstype: FsType | None = None
) -> FsckResult:
    """Check (ext, vfat: and repair) the unmounted *partition* of the approved *disk*.

    Raises:
        UnapprovedDisk: *partition* is not on the approved *disk*.
        UnsupportedFilesystem: the type cannot be found or is not handled.
        DiskCommandFailed: the checker found damage it could not repair, or failed to run.
    """
    node = require_approved(disk).partition(partition)
    fs = fstype or probe_filesystem(shell, node)
    result = shell.run(fsck_argv(fs, node))
    verdict = fsck_verdict(fs, result)
    if not verdict.ok:
        raise DiskCommandFailed(f"check {fs.value} filesystem on {node}: {verdict.reason}", result)
    log.info("Checked filesystem", extra={"device": node, "fstype": fs.value, "verdict": verdict.reason})
    return FsckResult(node, fs, verdict)


def resize_filesystem(
    shell: Shell, disk: ApprovedDisk, partition: str, *, mountpoint: str, fstype: FsType | None = None
) -> ResizeResult:
    """Grow the filesystem on *partition* of the approved *disk* to fill the partition.

    xfs and btrfs are grown through *mountpoint*, where they must be mounted; ext through the
    device; vfat is not grown (the result says why).

    Raises:
        UnapprovedDisk: *partition* is not on the approved *disk*.
        UnsupportedFilesystem: the type cannot be found or is not handled.
        DiskCommandFailed: the grow tool failed.
    """
    node = require_approved(disk).partition(partition)
    fs = fstype or probe_filesystem(shell, node)
    command = resize_command(fs, device=node, mountpoint=mountpoint)
    if not command.argv:
        return ResizeResult(node, fs, grown=False, reason=command.reason)
    run_checked(shell, command.argv, f"grow {fs.value} filesystem on {node}")
    log.info("Grew filesystem", extra={"device": node, "fstype": fs.value})
    return ResizeResult(node, fs, grown=True, reason=command.reason)
