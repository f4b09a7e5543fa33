"""RAID use cases: stop the md arrays on the approved disks, create an array over approved disks."""

from __future__ import annotations

from booty.app.disk.common import log, run_checked
from booty.domain.disk.commands import mdadm_create, mdadm_stop
from booty.domain.disk.mdadm import RaidSpec, arrays_on, parse_mdstat
from booty.domain.disk.results import RaidCreated, RaidStopResult
from booty.domain.disk.targets import ApprovedTargets
from booty.ports.host import Host
from booty.ports.shell import Shell

MDSTAT = "/proc/mdstat"


def stop_raid(shell: Shell, host: Host, targets: ApprovedTargets) -> RaidStopResult:
    """Stop every md array with a member on an approved disk or one of its partitions.

    Arrays of other disks keep running (v0.0.1 stopped them all: spec disk-and-image.md §2.2).

    Raises:
        DiskCommandFailed: ``mdadm --stop`` failed (the array is busy: mounted, or held by LVM).
    """
    try:
        text = host.read_file(MDSTAT).decode(errors="replace")
    except FileNotFoundError:
        return RaidStopResult((), f"no md driver: {MDSTAT} does not exist")
    names = {name for d in targets.disks for name in (d.name, *d.disk.partitions)}
    arrays = arrays_on(parse_mdstat(text), names)
    if not arrays:
        return RaidStopResult((), "no array on the approved disks")
    for array in arrays:
        run_checked(shell, mdadm_stop(array.path), f"stop RAID array {array.path}")
        log.info(
            "Stopped RAID array", extra={"array": array.path, "members": [m.name for m in array.members]}
        )
    return RaidStopResult(tuple(a.path for a in arrays), f"stopped {len(arrays)} array(s)")


def create_raid(shell: Shell, targets: ApprovedTargets, spec: RaidSpec) -> RaidCreated:
    """Create *spec* over approved disks (``plan_raid`` checked the level and member count).

    Raises:
        UnapprovedDisk: a member is not an approved disk.
        DiskCommandFailed: ``mdadm --create`` failed (no md driver, a member in use, ...).
    """
    run_checked(shell, mdadm_create(spec, targets.disks), f"create RAID {spec.level} array {spec.path}")
    log.info(
        "Created RAID array", extra={"array": spec.path, "level": spec.level, "members": list(spec.members)}
    )
    return RaidCreated(spec.path, spec.level, spec.members)
