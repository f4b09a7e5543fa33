"""Step handlers of the prepare phase: detect-disk, stop-raid, disable-lvm, wipe-disks and
secure-erase-disks (spec provisioning.md §2.2 steps 8, 9, 12, 13 and §4); and ``DISK_HANDLERS``,
the table of every disk step, the install and target-root ones from ``install_handlers`` and
``root_handlers`` included.

The disks a destructive step may touch are ``state.targets``, approved by the domain
(``booty.domain.disk.targets``): detect-disk approves the target alone (provision, soft
deprovision); hard deprovision, which has no detect-disk, approves every disk that passes the
checks when its first disk step runs.

Departures from v0.0.1:

* detect-disk chooses by the domain's rules (safety checks, ties refused, every other disk logged
  with the reason it lost) and honours DISK_DEVICE in every pipeline (spec disk-and-image.md
  §1.4-§1.5, §7.29). A disk that is missing, or a machine with no usable disk, fails the attempt
  with an error the plan's DISK_RETRY retries, since NVMe and SAS disks can appear late.
* DISK_DEVICE may name a loop device (the e2e labs do, spec §1.6 row 14) as long as the loop
  device passes every other safety check.
* wipe-disks in provision clears the target disk only. v0.0.1 wiped every local disk (spec §2.2
  step 12), destroying data disks nobody chose; clearing every disk is what hard deprovision is
  for. There it clears only the disks the domain calls eligible: never a removable, read-only,
  mounted, held or virtual one. A hard deprovision of a machine without such a disk has nothing
  to clear and succeeds with a warning (the machine is as clean as booty may make it).
* Eligibility in a hard deprovision ignores MIN_DISK_SIZE_GB: that key says where an OS may go,
  not which disks may keep old data (v0.0.1 wiped every disk whatever its size).
* stop-raid and disable-lvm act on the arrays and volume groups of the approved disks only
  (v0.0.1: ``mdadm --stop --scan`` and ``lvm vgchange -an`` on the whole machine, spec §2.2).
"""

from __future__ import annotations

from collections.abc import Iterable

from booty.app.disk import secure_erase_disks, stop_raid, wipe_disks
from booty.app.disk.selection import choose_named_disk
from booty.app.provision.context import RunContext, log
from booty.app.provision.install_handlers import INSTALL_HANDLERS, change_volume_groups
from booty.app.provision.root_handlers import ROOT_HANDLERS
from booty.app.provision.runner import StepHandler
from booty.domain.disk.erase import erase_summary
from booty.domain.disk.select import DiskChoice, choose_target_disk
from booty.domain.disk.targets import ApprovedTargets, Scope, approve
from booty.domain.errors import (
    AmbiguousDisk,
    BootyError,
    DiskSelectionError,
    NoEligibleDisk,
    UnknownDisk,
)
from booty.domain.system import BlockDevice

NO_ELIGIBLE_DISK = "no eligible disk"


class TargetDiskMissing(BootyError):
    """No disk could be chosen yet (none eligible, or DISK_DEVICE not present).

    The domain raises these as ``LookupError``, which the runner never retries; detect-disk
    raises this instead, with the same words, so the plan's DISK_RETRY gives late disks a chance.
    """


# -- detect-disk -----------------------------------------------------------------------------------


def detect_disk(ctx: RunContext) -> str:
    """Choose the target disk and approve it (alone: provision clears no other disk).

    Raises:
        TargetDiskMissing: no eligible disk, or DISK_DEVICE names no disk (retried by the plan).
        DiskSelectionError: the choice is refused (a tie, DISK_DEVICE fails a safety check).
    """
    choice = _choose_target(ctx)
    _log_rejected(choice.rejected)
    targets = approve(choice, scope=Scope.TARGET)
    target = targets.get(choice.chosen.path)
    ctx.state.targets = targets
    ctx.state.target = target
    others = [path for path in targets.paths if path != target.path]
    log.info(
        "Target disk chosen",
        extra={"disk": target.path, "reason": target.reason, "approved": list(targets.paths)},
    )
    also = f"; also eligible for wiping: {', '.join(others)}" if others else ""
    return f"{target.path} {target.reason}{also}"


def _choose_target(ctx: RunContext) -> DiskChoice:
    disks = ctx.ports.block.list_disks()
    min_size_gb, override = ctx.config.min_disk_size_gb, ctx.config.disk_device
    try:
        if override:
            choice = choose_named_disk(disks, override, min_size_gb=min_size_gb)
        else:
            choice = choose_target_disk(disks, min_size_gb=min_size_gb)
    except (NoEligibleDisk, UnknownDisk) as e:
        _log_rejected(e.rejected)
        raise TargetDiskMissing(str(e)) from e
    except DiskSelectionError as e:
        _log_rejected(e.rejected)
        raise
    if choice.forced_past:
        log.warning("DISK_DEVICE names a loop device: using it", extra={"disk": override})
    return choice


def _log_rejected(rejected: Iterable[tuple[BlockDevice, str]]) -> None:
    for disk, reason in rejected:
        log.info("Disk not chosen", extra={"disk": disk.path, "reason": reason})


# -- the disks a destructive step may touch --------------------------------------------------------


def approved_targets(ctx: RunContext) -> ApprovedTargets:
    """``state.targets``; in a hard deprovision (no detect-disk) the eligible disks, found once."""
    if ctx.state.targets is None:
        ctx.state.targets = eligible_disks(ctx.ports.block.list_disks())
    return ctx.state.targets


def eligible_disks(disks: tuple[BlockDevice, ...]) -> ApprovedTargets:
    """Every disk that passes the domain's safety checks, approved; none when no disk does."""
    try:
        choice = choose_target_disk(disks)
    except NoEligibleDisk as e:
        _log_rejected(e.rejected)
        log.warning("No disk is eligible for clearing", extra={"disks": len(disks)})
        return ApprovedTargets((), Scope.ELIGIBLE)
    except AmbiguousDisk as e:
        # Equally good disks are all eligible anyway: naming one of them settles the choice and
        # the ELIGIBLE scope approves the others with it.
        choice = choose_target_disk(disks, override=e.disks[0].path)
    _log_rejected((d, why) for d, why in choice.rejected if d not in choice.candidates)
    targets = approve(choice, scope=Scope.ELIGIBLE)
    log.info("Disks eligible for clearing", extra={"disks": list(targets.paths)})
    return targets


# -- stop-raid, disable-lvm, wipe-disks, secure-erase-disks -----------------------------------------


def stop_raid_step(ctx: RunContext) -> str:
    """Stop the md arrays with a member on an approved disk (best effort, by the plan)."""
    targets = approved_targets(ctx)
    if not targets.disks:
        return f"{NO_ELIGIBLE_DISK}: no array to stop"
    result = stop_raid(ctx.ports.shell, ctx.ports.host, targets)
    return result.reason + (f": {', '.join(result.stopped)}" if result.stopped else "")


def disable_lvm_step(ctx: RunContext) -> str:
    """Deactivate the volume groups with a PV on an approved disk (best effort, by the plan)."""
    targets = approved_targets(ctx)
    if not targets.disks:
        return f"{NO_ELIGIBLE_DISK}: no volume group to deactivate"
    return change_volume_groups(ctx, targets, activate=False)


def wipe_disks_step(ctx: RunContext) -> str:
    """Clear the partition tables and signatures of every approved disk.

    Raises:
        WipeFailed: one or more disks could not be cleared (the others were).
    """
    targets = approved_targets(ctx)
    if not targets.disks:
        log.warning("Nothing to wipe: no disk is eligible", extra={"step": "wipe-disks"})
        return f"{NO_ELIGIBLE_DISK}: nothing to wipe"
    outcomes = wipe_disks(ctx.ports.shell, ctx.ports.block, targets)
    warnings = [f"{o.disk}: {w}" for o in outcomes for w in o.warnings]
    return f"wiped {', '.join(o.disk for o in outcomes)}" + (f" ({'; '.join(warnings)})" if warnings else "")


def secure_erase_step(ctx: RunContext) -> str:
    """Secure-erase every approved disk (SECURE_ERASE_FALLBACK: wipe what cannot be erased).

    Raises:
        SecureEraseFailed: a disk was neither erased nor, with the fallback, wiped.
    """
    targets = approved_targets(ctx)
    if not targets.disks:
        log.warning("Nothing to erase: no disk is eligible", extra={"step": "secure-erase-disks"})
        return f"{NO_ELIGIBLE_DISK}: nothing to erase"
    outcomes = secure_erase_disks(
        ctx.ports.shell,
        ctx.ports.block,
        ctx.ports.clock,
        targets,
        fallback=ctx.config.secure_erase_fallback,
        machine_disks=ctx.ports.block.list_disks(),
    )
    return erase_summary(outcomes)


PREPARE_HANDLERS: dict[str, StepHandler] = {
    # read_only: a dry run shows which disk would be chosen, and why the others were not.
    "detect-disk": StepHandler(detect_disk, read_only=True),
    "stop-raid": StepHandler(stop_raid_step),
    "disable-lvm": StepHandler(disable_lvm_step),
    "wipe-disks": StepHandler(wipe_disks_step),
    "secure-erase-disks": StepHandler(secure_erase_step),
}

DISK_HANDLERS: dict[str, StepHandler] = {**PREPARE_HANDLERS, **INSTALL_HANDLERS, **ROOT_HANDLERS}
"""Every disk step: prepare (here), install (``install_handlers``), target root (``root_handlers``)."""
