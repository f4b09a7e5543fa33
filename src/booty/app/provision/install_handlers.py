"""Step handlers of the install phase that work on the disk: stream-image, partprobe,
parse-partitions, check-filesystem, enable-lvm, grow-partition and resize-filesystem (spec
provisioning.md §2.2 steps 14-18, 21, 22). Mounting and unmounting the target root is
``root_handlers``'s.

Each handler calls the use case of ``booty.app.disk`` or ``booty.app.streaming`` on the approved
target and turns its result into the one-line detail of the step log.

Departures from v0.0.1:

* stream-image marks the run as having written the disk before the first byte can reach it, so a
  failure anywhere later leaves a disk that cannot boot (``booty.app.provision.failure``). IMAGE
  entries are alternatives tried in order, not images written over each other (spec
  disk-and-image.md §7.19); a failure no new attempt can change (checksum mismatch, unsupported
  or corrupt image, 404) is not retried by the plan's STREAM_RETRY.
* parse-partitions finds the root by the domain's rules: a Linux partition named ``root`` or
  ``/``, else a discoverable-root type, else the *last* Linux partition; MBR type 83 counts
  (spec §2.9, §7.10). A disk without any is an error naming the disk.
* enable-lvm activates only the volume groups of the target disk. When ``lvm`` is not installed
  it succeeds with a warning, unless the new table has an LVM partition (spec §7.31: v0.0.1 failed
  on every image when the initramfs had no ``lvm``).
* check-filesystem and resize-filesystem dispatch on the filesystem type (spec §7.11, §7.12).
"""

from __future__ import annotations

from booty.app.disk import (
    activate_lvm,
    check_filesystem,
    deactivate_lvm,
    grow_root_partition,
    read_partition_table,
    reread_partitions,
    resize_filesystem,
)
from booty.app.disk.common import RC_NOT_FOUND
from booty.app.provision.context import MissingRunFact, RunContext, log
from booty.app.provision.runner import StepHandler
from booty.app.streaming import stream_image
from booty.domain.disk.sfdisk import Partition, PartitionTable, find_partition_roles
from booty.domain.disk.targets import ApprovedTargets, Scope
from booty.domain.errors import BootyError, ChecksumMismatch, DiskCommandFailed, StreamFailed
from booty.domain.stream.plan import plan_stream
from booty.domain.stream.progress import format_bytes

LVM_PARTITION_TYPES = frozenset({"E6D6D379-F507-44C2-A23C-238F2A3DF928", "8e"})
"""GPT and DOS types of an LVM physical volume partition."""


class LvmNotInstalled(BootyError):
    """The new image has LVM partitions, but the ramdisk has no ``lvm`` to activate them."""


class ImageRejected(BootyError):
    """Every IMAGE alternative failed for a reason another attempt cannot change."""

    permanent = True
    """Read by the runner: the plan's retries are skipped."""


# -- stream-image ----------------------------------------------------------------------------------


def stream_image_step(ctx: RunContext) -> str:
    """Write the first IMAGE alternative that delivers the whole image onto the target disk.

    Raises:
        ValueError: an IMAGE entry or IMAGE_CHECKSUM is malformed (nothing was written).
        ImageRejected: no alternative can deliver, for reasons a retry cannot change.
        StreamFailed: no alternative delivered the image this time.
    """
    target = ctx.require_target()
    config = ctx.config
    plan = plan_stream(
        config.image_urls,
        target,
        checksum=config.image_checksum,
        checksum_type=config.image_checksum_type,
        tuning=ctx.options.stream_tuning,
    )
    # From here on a byte may reach the disk: a failure must leave it unbootable.
    ctx.state.image_written = True
    try:
        result = stream_image(plan, ctx.stream)
    except StreamFailed as e:
        if e.failures and all(_final(f) for f in e.failures):
            raise ImageRejected(str(e)) from e
        raise
    digest = result.digest or result.blob_digest
    log.info(
        "Image streamed",
        extra={
            "disk": target.path,
            "source": result.source,
            "bytes": result.written,
            "seconds": round(result.seconds, 3),
            "mb_s": round(result.mb_per_s, 1),
            "digest": digest or "none",
        },
    )
    rate = f"{result.seconds:.1f} s ({result.mb_per_s:.0f} MB/s)"
    return f"{format_bytes(result.written)} from {result.source} in {rate}" + (
        f", {digest}" if digest else ""
    )


def _final(failure: BaseException) -> bool:
    # ImageNotFound is a LookupError, UnsupportedImage and CorruptImage are ValueErrors: the
    # runner's own test for errors that do not go away.
    return isinstance(failure, (ChecksumMismatch, ValueError, LookupError))


# -- partprobe, parse-partitions, check-filesystem -------------------------------------------------


def partprobe_step(ctx: RunContext) -> str:
    """Make the kernel re-read the target's partition table (partprobe, else BLKRRPART).

    Raises:
        DiskCommandFailed: both ways failed (retried by the plan: udev may still hold the disk).
    """
    target = ctx.require_target()
    result = reread_partitions(ctx.ports.shell, ctx.ports.block, target.path)
    fallback = f" ({result.fallback_reason})" if result.fallback_reason else ""
    return f"{target.path} re-read with {result.method.value}{fallback}"


def parse_partitions(ctx: RunContext) -> str:
    """Read the target's table with sfdisk and find the root and the EFI system partition.

    Raises:
        NoRootPartition: no partition can be the root (no table, or none of a Linux type).
        DiskCommandFailed: sfdisk failed.
    """
    target = ctx.require_target()
    table = read_partition_table(ctx.ports.shell, target.path)
    roles = find_partition_roles(table)
    ctx.state.table = table
    ctx.state.root_partition = target.partition(roles.root.node)
    ctx.state.boot_partition = target.partition(roles.esp.node) if roles.esp else ""
    if roles.esp is None:
        log.warning("No EFI partition found", extra={"disk": target.path})
    log.info(
        "Partitions found",
        extra={
            "disk": target.path,
            "label": table.label,
            "root": roles.root.node,
            "root_reason": roles.root_reason,
            "esp": roles.esp.node if roles.esp else "",
        },
    )
    esp = f"EFI {roles.esp.node} ({roles.esp_reason})" if roles.esp else roles.esp_reason
    return f"root {roles.root.node} ({roles.root_reason}), {esp}"


def check_filesystem_step(ctx: RunContext) -> str:
    """Check (and for ext, repair) the unmounted root filesystem.

    Raises:
        DiskCommandFailed: damage the checker could not repair (a warning, by the plan).
        UnsupportedFilesystem: no filesystem booty knows on the root partition.
    """
    result = check_filesystem(ctx.ports.shell, ctx.require_target(), ctx.require_root_partition())
    return f"{result.device}: {result.fstype.value} {result.verdict.reason}"


# -- enable-lvm (and the shared half of disable-lvm) -----------------------------------------------


def enable_lvm_step(ctx: RunContext) -> str:
    """Activate the volume groups with a PV on the target disk.

    Raises:
        DiskCommandFailed: lvm failed.
        LvmNotInstalled: lvm is missing while the new table has an LVM partition.
    """
    target = ctx.require_target()
    return change_volume_groups(ctx, ApprovedTargets((target,), Scope.TARGET), activate=True)


def change_volume_groups(ctx: RunContext, targets: ApprovedTargets, *, activate: bool) -> str:
    """(De)activate the volume groups with a PV on *targets*; a missing ``lvm`` changes nothing.

    Raises:
        DiskCommandFailed: lvm failed.
        LvmNotInstalled: lvm is missing, and *activate* finds LVM partitions in ``state.table``.
    """
    verb = "activated" if activate else "deactivated"
    try:
        result = (activate_lvm if activate else deactivate_lvm)(ctx.ports.shell, targets)
    except DiskCommandFailed as e:
        if e.result.returncode != RC_NOT_FOUND:
            raise
        needed = _lvm_partitions(ctx.state.table) if activate else []
        if needed:
            raise LvmNotInstalled(
                f"lvm is not installed, but the new image keeps LVM data on {', '.join(needed)}"
            ) from e
        log.warning("lvm is not installed: volume groups left as they are", extra={"error": str(e)})
        return f"lvm is not installed: no volume group {verb}"
    if not result.volume_groups:
        return f"no volume group on {', '.join(targets.paths)}"
    names = ", ".join(vg.name for vg in result.volume_groups)
    return f"{verb} {len(result.volume_groups)} volume group(s): {names}"


def _lvm_partitions(table: PartitionTable | None) -> list[str]:
    if table is None:
        return []
    return [p.node for p in table.partitions if p.type in LVM_PARTITION_TYPES]


# -- grow-partition, resize-filesystem -------------------------------------------------------------


def grow_partition_step(ctx: RunContext) -> str:
    """Grow the root partition to the end of the target disk (nothing to gain is success).

    Raises:
        DiskCommandFailed: sgdisk, growpart or the sfdisk fallback failed.
    """
    target = ctx.require_target()
    table = ctx.state.table
    if table is None:
        raise MissingRunFact("the partition table")
    result = grow_root_partition(ctx.ports.shell, ctx.ports.block, target, table, _root_entry(ctx, table))
    if not result.grown:
        log.info("Root partition not grown", extra={"partition": result.partition, "reason": result.detail})
        return f"{result.partition} not grown: {result.detail}"
    log.info(
        "Root partition grown",
        extra={"partition": result.partition, "method": result.method, "detail": result.detail},
    )
    return f"{result.partition} grown with {result.method}: {result.detail}"


def _root_entry(ctx: RunContext, table: PartitionTable) -> Partition:
    root = ctx.require_root_partition()
    for partition in table.partitions:
        if partition.node == root:
            return partition
    raise MissingRunFact(f"the table entry of {root}")


def resize_filesystem_step(ctx: RunContext) -> str:
    """Grow the root filesystem into its partition (xfs and btrfs through the mounted root).

    Raises:
        DiskCommandFailed: the grow tool failed.
        UnsupportedFilesystem: no filesystem booty knows on the root partition.
    """
    result = resize_filesystem(
        ctx.ports.shell, ctx.require_target(), ctx.require_root_partition(), mountpoint=ctx.root
    )
    if not result.grown:
        return f"{result.device}: {result.fstype.value} not grown: {result.reason}"
    return f"{result.device}: {result.fstype.value} filesystem grown"


INSTALL_HANDLERS: dict[str, StepHandler] = {
    "stream-image": StepHandler(stream_image_step),
    "partprobe": StepHandler(partprobe_step),
    # Not read_only: in a dry run nothing was written, so the table read would be the old disk's.
    "parse-partitions": StepHandler(parse_partitions),
    "check-filesystem": StepHandler(check_filesystem_step),
    "enable-lvm": StepHandler(enable_lvm_step),
    "grow-partition": StepHandler(grow_partition_step),
    "resize-filesystem": StepHandler(resize_filesystem_step),
}
