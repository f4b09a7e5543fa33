"""Use case: run the health checks of spec provisioning.md §7 on the machine under a ``SysTree``.

``run_checks`` is the framework: the checks in their order, each skipped one reported as
``skip``/``skipped by configuration`` without being run. ``machine_checks`` pairs each of the
seven checks with the reads it needs; the verdicts are in ``booty.domain.hardware.health_rules``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import attrs

from booty.app.hardware.sysfs import PROC_LIMIT, SysTree
from booty.domain.hardware import health as h
from booty.domain.hardware import health_rules as rules
from booty.domain.hardware.health import CheckSpec, HealthResult
from booty.domain.hardware.health_rules import Unreadable

Probe = Callable[[], HealthResult]
"""Runs one check and returns its result."""

SYS_BLOCK = "/sys/block"
EDAC_MC = "/sys/devices/system/edac/mc"
SYS_NET = "/sys/class/net"
SYS_THERMAL = "/sys/class/thermal"


@attrs.frozen
class HealthLimits:
    """The configurable thresholds (HEALTH_MIN_MEMORY_GB, HEALTH_MIN_CPUS); 0 means none."""

    min_memory_gib: int = 0
    min_cpus: int = 0


def run_checks(checks: Sequence[tuple[CheckSpec, Probe]], skip: Collection[str]) -> tuple[HealthResult, ...]:
    """Run *checks* in order; a check whose name is in *skip* is reported, not run."""
    return tuple(h.skipped(spec) if spec.name in skip else probe() for spec, probe in checks)


def machine_checks(tree: SysTree, limits: HealthLimits) -> tuple[tuple[CheckSpec, Probe], ...]:
    """The seven checks of the health-checks step, in order, reading the machine under *tree*."""

    def minimum_memory() -> HealthResult:
        meminfo = _proc(tree, "/proc/meminfo")
        return rules.judge_minimum_memory(meminfo, min_gib=limits.min_memory_gib)

    def minimum_cpu() -> HealthResult:
        return rules.judge_minimum_cpu(_proc(tree, "/proc/cpuinfo"), min_cpus=limits.min_cpus)

    return (
        (h.DISK_PRESENCE, lambda: rules.judge_disk_presence(_real_disks(tree))),
        (h.DISK_IOERR, lambda: rules.judge_disk_ioerr(_ioerr_counters(tree))),
        (h.MEMORY_ECC, lambda: rules.judge_memory_ecc(_ue_counts(tree))),
        (h.MINIMUM_MEMORY, minimum_memory),
        (h.MINIMUM_CPU, minimum_cpu),
        (h.NIC_LINK_STATE, lambda: rules.judge_nic_link_state(_carriers(tree))),
        (h.THERMAL_STATE, lambda: rules.judge_thermal_state(_temperatures(tree))),
    )


def _listing(tree: SysTree, path: str) -> tuple[str, ...] | Unreadable:
    try:
        return tree.list_dir(path)
    except OSError as e:
        return Unreadable(tree.real(path), _why(e))


def _why(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _real_disks(tree: SysTree) -> tuple[str, ...] | Unreadable:
    names = _listing(tree, SYS_BLOCK)
    if isinstance(names, Unreadable):
        return names
    return tuple(n for n in names if rules.is_health_disk_name(n) and tree.exists(f"{SYS_BLOCK}/{n}/device"))


def _ioerr_counters(tree: SysTree) -> tuple[tuple[str, str], ...] | Unreadable:
    disks = _real_disks(tree)
    if isinstance(disks, Unreadable):
        return disks
    read = ((d, tree.read_raw(f"{SYS_BLOCK}/{d}/device/ioerr_cnt")) for d in disks)
    return tuple((d, raw) for d, raw in read if raw is not None)


def _ue_counts(tree: SysTree) -> tuple[str, ...] | Unreadable:
    names = _listing(tree, EDAC_MC)
    if isinstance(names, Unreadable):
        return names
    controllers = [n for n in names if n.startswith("mc") and tree.is_dir(f"{EDAC_MC}/{n}")]
    read = (tree.read_raw(f"{EDAC_MC}/{mc}/ue_count") for mc in controllers)
    return tuple(raw for raw in read if raw is not None)


def _proc(tree: SysTree, path: str) -> str | Unreadable:
    try:
        data = tree.host.read_file(tree.real(tree.resolve(path)), limit=PROC_LIMIT)
    except OSError as e:
        return Unreadable(tree.real(path), _why(e))
    return data.decode("utf-8", errors="replace")


def _carriers(tree: SysTree) -> tuple[tuple[str, str | None], ...] | Unreadable:
    names = _listing(tree, SYS_NET)
    if isinstance(names, Unreadable):
        return names
    physical = [n for n in names if rules.is_health_nic_name(n) and tree.lexists(f"{SYS_NET}/{n}/device")]
    return tuple((n, tree.read_raw(f"{SYS_NET}/{n}/carrier")) for n in physical)


def _temperatures(tree: SysTree) -> tuple[tuple[str, str | None], ...] | Unreadable:
    names = _listing(tree, SYS_THERMAL)
    if isinstance(names, Unreadable):
        return names
    zones = [n for n in names if n.startswith("thermal_zone")]
    return tuple((z, tree.read_raw(f"{SYS_THERMAL}/{z}/temp")) for z in zones)
