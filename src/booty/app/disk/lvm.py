"""LVM use cases: deactivate and activate the volume groups that live on the approved disks."""

from __future__ import annotations

from booty.app.disk.common import log, run_checked
from booty.domain.disk.commands import lvm_pvs, lvm_vgchange
from booty.domain.disk.lvm import parse_pvs, volume_groups_on
from booty.domain.disk.results import LvmResult
from booty.domain.disk.targets import ApprovedTargets
from booty.ports.shell import Shell


def deactivate_lvm(shell: Shell, targets: ApprovedTargets) -> LvmResult:
    """Deactivate every VG with a PV on an approved disk (``disable-lvm``).

    Raises:
        DiskCommandFailed: ``lvm pvs`` or a ``vgchange`` failed.
        LvmReportUnreadable: ``lvm pvs`` printed no JSON report.
    """
    return _vgchange(shell, targets, activate=False)


def activate_lvm(shell: Shell, targets: ApprovedTargets) -> LvmResult:
    """Activate every VG with a PV on an approved disk (``enable-lvm``, after the image is written).

    Raises:
        DiskCommandFailed: ``lvm pvs`` or a ``vgchange`` failed (no device-mapper in the kernel, ...).
        LvmReportUnreadable: ``lvm pvs`` printed no JSON report.
    """
    return _vgchange(shell, targets, activate=True)


def _vgchange(shell: Shell, targets: ApprovedTargets, *, activate: bool) -> LvmResult:
    report = run_checked(shell, lvm_pvs(), "list LVM physical volumes")
    groups = volume_groups_on(parse_pvs(report.stdout), lambda node: any(d.owns(node) for d in targets.disks))
    verb = "activate" if activate else "deactivate"
    for vg in groups:
        run_checked(shell, lvm_vgchange(vg.uuid, activate=activate), f"{verb} volume group {vg.name}")
        message = "Activated volume group" if activate else "Deactivated volume group"
        log.info(message, extra={"vg": vg.name, "vg_uuid": vg.uuid})
    return LvmResult(groups, activate)
