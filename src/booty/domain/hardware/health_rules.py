"""How each of the seven health checks judges what was read from /sys and /proc (spec §7).

The app reads (``booty.app.hardware.health``) and hands over raw text; these functions decide.
A directory that could not be listed arrives as ``Unreadable``; what that means differs per check
(disk checks fail, EDAC, NIC and thermal checks are skipped) and is written here, once.

Temperatures are whole degrees, truncated (``98500`` is ``98°C``) as v0.0.1's integer division
did; only readings above a positive limit are ever shown, so flooring and truncating agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from booty.domain.hardware.health import (
    DISK_IOERR,
    DISK_PRESENCE,
    MEMORY_ECC,
    MINIMUM_CPU,
    MINIMUM_MEMORY,
    NIC_LINK_STATE,
    THERMAL_STATE,
    CheckSpec,
    CheckStatus,
    HealthResult,
)
from booty.domain.hardware.procfs import count_processors, mem_total_kib, parse_int

PASS, FAIL, SKIP = CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.SKIP
KIB_PER_GIB = 1024 * 1024
DEFAULT_MAX_TEMP_MILLI_C = 95_000


@attrs.frozen
class Unreadable:
    """A directory or file that could not be read, and why (``No such file or directory``)."""

    path: str
    error: str


def is_health_disk_name(name: str) -> bool:
    """A /sys/block entry the disk checks look at (``sr*`` is not excluded, as in v0.0.1)."""
    return not name.startswith(("loop", "ram", "dm-"))


def is_health_nic_name(name: str) -> bool:
    """A /sys/class/net entry the link check looks at (it must also have a ``device`` link)."""
    return name != "lo" and not name.startswith(("veth", "docker", "br-"))


def judge_disk_presence(disks: Sequence[str] | Unreadable) -> HealthResult:
    """Pass when at least one real disk (an entry with a ``device``) is present."""
    if isinstance(disks, Unreadable):
        return _cannot_read(DISK_PRESENCE, disks)
    if not disks:
        return DISK_PRESENCE.result(FAIL, "no physical disks found")
    return DISK_PRESENCE.result(PASS, f"found {len(disks)} disk(s): {', '.join(disks)}")


def judge_disk_ioerr(counters: Sequence[tuple[str, str]] | Unreadable) -> HealthResult:
    """Fail when a disk's ``device/ioerr_cnt`` is not zero; *counters* are (disk, raw text)."""
    if isinstance(counters, Unreadable):
        return _cannot_read(DISK_IOERR, counters)
    problems = [
        f"{disk}: ioerr_cnt={value}" for disk, raw in counters if (value := raw.strip()) not in ("0x0", "0")
    ]
    if problems:
        return DISK_IOERR.result(FAIL, f"{len(problems)} disk(s) with IO errors", "; ".join(problems))
    if not counters:
        return DISK_IOERR.result(SKIP, "no disks with IO error counters found")
    return DISK_IOERR.result(PASS, f"checked {len(counters)} disk(s), no IO errors")


def judge_memory_ecc(ue_counts: Sequence[str] | Unreadable) -> HealthResult:
    """Fail when the memory controllers' ``ue_count`` add up to more than zero."""
    if isinstance(ue_counts, Unreadable):
        return MEMORY_ECC.result(SKIP, "EDAC not available, skipping ECC check")
    total = sum(n for raw in ue_counts if (n := parse_int(raw)) is not None)
    if total > 0:
        return MEMORY_ECC.result(FAIL, f"{total} uncorrectable ECC error(s) detected")
    return MEMORY_ECC.result(PASS, "no uncorrectable ECC errors")


def judge_minimum_memory(meminfo: str | Unreadable, *, min_gib: int) -> HealthResult:
    """Fail when MemTotal, in whole GiB (floor), is below *min_gib*; no minimum always passes."""
    if min_gib <= 0:
        return MINIMUM_MEMORY.result(PASS, "no minimum memory requirement configured")
    if isinstance(meminfo, Unreadable):
        return MINIMUM_MEMORY.result(FAIL, "cannot read memory info", f"{meminfo.path}: {meminfo.error}")
    kib = mem_total_kib(meminfo)
    if kib is None:
        return MINIMUM_MEMORY.result(FAIL, "cannot read memory info", "no MemTotal line with a number")
    gib = kib // KIB_PER_GIB
    if gib < min_gib:
        return MINIMUM_MEMORY.result(FAIL, f"insufficient memory: {gib} GiB < {min_gib} GiB minimum")
    return MINIMUM_MEMORY.result(PASS, f"memory OK: {gib} GiB >= {min_gib} GiB minimum")


def judge_minimum_cpu(cpuinfo: str | Unreadable, *, min_cpus: int) -> HealthResult:
    """Fail when fewer than *min_cpus* logical CPUs are listed; no minimum always passes."""
    if min_cpus <= 0:
        return MINIMUM_CPU.result(PASS, "no minimum CPU requirement configured")
    if isinstance(cpuinfo, Unreadable):
        return MINIMUM_CPU.result(FAIL, "cannot read CPU info", f"{cpuinfo.path}: {cpuinfo.error}")
    count = count_processors(cpuinfo)
    if count < min_cpus:
        return MINIMUM_CPU.result(FAIL, f"insufficient CPUs: {count} < {min_cpus} minimum")
    return MINIMUM_CPU.result(PASS, f"CPUs OK: {count} >= {min_cpus} minimum")


def judge_nic_link_state(carriers: Sequence[tuple[str, str | None]] | Unreadable) -> HealthResult:
    """Fail when a physical NIC has no carrier; *carriers* are (name, raw ``carrier`` or None)."""
    if isinstance(carriers, Unreadable):
        return _cannot_read(NIC_LINK_STATE, carriers, status=SKIP)
    down = [name for name, raw in carriers if raw is None or raw.strip() != "1"]
    if down:
        return NIC_LINK_STATE.result(FAIL, f"{len(down)}/{len(carriers)} NIC(s) link down", ", ".join(down))
    return NIC_LINK_STATE.result(PASS, f"all {len(carriers)} physical NIC(s) link up")


def judge_thermal_state(
    temps: Sequence[tuple[str, str | None]] | Unreadable, *, max_milli_c: int = DEFAULT_MAX_TEMP_MILLI_C
) -> HealthResult:
    """Fail when a thermal zone is above the limit; *temps* are (zone, raw ``temp`` or None).

    A zone whose temperature cannot be read or parsed is left out; a limit of 0 or less means the
    default of 95 °C.
    """
    if isinstance(temps, Unreadable):
        return THERMAL_STATE.result(SKIP, "thermal zone info not available")
    limit = max_milli_c if max_milli_c > 0 else DEFAULT_MAX_TEMP_MILLI_C
    readings = [(zone, n) for zone, raw in temps if raw is not None and (n := parse_int(raw)) is not None]
    hot = [f"{zone}: {t // 1000}°C" for zone, t in readings if t > limit]
    if hot:
        message = f"{len(hot)} thermal zone(s) above {limit // 1000}°C"
        return THERMAL_STATE.result(FAIL, message, "; ".join(hot))
    if not readings:
        return THERMAL_STATE.result(SKIP, "no readable thermal zones found")
    return THERMAL_STATE.result(PASS, f"all {len(readings)} thermal zone(s) within limits")


def _cannot_read(spec: CheckSpec, where: Unreadable, *, status: CheckStatus = FAIL) -> HealthResult:
    return spec.result(status, f"cannot read {where.path}", where.error)
