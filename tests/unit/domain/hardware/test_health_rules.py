"""The verdicts of the seven health checks over raw text (spec provisioning.md §7)."""

from __future__ import annotations

import pytest

from booty.domain.hardware import Unreadable
from booty.domain.hardware import health_rules as rules
from booty.domain.hardware.health import CheckStatus, HealthResult

GONE = Unreadable("/sys/x", "No such file or directory")


def _says(result: HealthResult) -> tuple[str, str, str]:
    return result.status.value, result.message, result.details


@pytest.mark.parametrize(
    ("name", "counted"),
    [("sda", True), ("nvme0n1", True), ("sr0", True), ("loop0", False), ("ram1", False), ("dm-0", False)],
)
def test_disk_names(name: str, counted: bool) -> None:
    assert rules.is_health_disk_name(name) is counted


@pytest.mark.parametrize(
    ("name", "counted"),
    [("eth0", True), ("bond0", True), ("lo", False), ("veth1", False), ("docker0", False), ("br-a1", False)],
)
def test_nic_names(name: str, counted: bool) -> None:
    assert rules.is_health_nic_name(name) is counted


def test_disk_presence() -> None:
    assert _says(rules.judge_disk_presence(GONE)) == (
        "fail",
        "cannot read /sys/x",
        "No such file or directory",
    )
    assert _says(rules.judge_disk_presence(())) == ("fail", "no physical disks found", "")
    assert _says(rules.judge_disk_presence(("nvme0n1", "sda"))) == (
        "pass",
        "found 2 disk(s): nvme0n1, sda",
        "",
    )


def test_disk_ioerr() -> None:
    assert _says(rules.judge_disk_ioerr(GONE))[:2] == ("fail", "cannot read /sys/x")
    assert _says(rules.judge_disk_ioerr(())) == ("skip", "no disks with IO error counters found", "")
    assert _says(rules.judge_disk_ioerr((("sda", "0x0\n"), ("sdb", "0")))) == (
        "pass",
        "checked 2 disk(s), no IO errors",
        "",
    )
    problems = (("sda", "0x5\n"), ("sdb", "0x0"), ("sdc", "junk"))
    assert _says(rules.judge_disk_ioerr(problems)) == (
        "fail",
        "2 disk(s) with IO errors",
        "sda: ioerr_cnt=0x5; sdc: ioerr_cnt=junk",
    )


def test_memory_ecc() -> None:
    assert _says(rules.judge_memory_ecc(GONE)) == ("skip", "EDAC not available, skipping ECC check", "")
    assert _says(rules.judge_memory_ecc(())) == ("pass", "no uncorrectable ECC errors", "")
    assert _says(rules.judge_memory_ecc(("0\n", "x", "2", "1\n"))) == (
        "fail",
        "3 uncorrectable ECC error(s) detected",
        "",
    )


@pytest.mark.parametrize(
    ("meminfo", "minimum", "status", "message"),
    [
        ("MemTotal:       16384000 kB\n", 8, "pass", "memory OK: 15 GiB >= 8 GiB minimum"),
        ("MemTotal:        4194304 kB\n", 8, "fail", "insufficient memory: 4 GiB < 8 GiB minimum"),
        ("MemTotal:        4194304 kB\n", 0, "pass", "no minimum memory requirement configured"),
        ("MemTotal:       65536000 kB\n", 64, "fail", "insufficient memory: 62 GiB < 64 GiB minimum"),
        ("MemFree: 1 kB\n", 1, "fail", "cannot read memory info"),
        ("MemTotal:\n", 1, "fail", "cannot read memory info"),
        ("MemTotal: lots kB\n", 1, "fail", "cannot read memory info"),
        (GONE, 1, "fail", "cannot read memory info"),
        (GONE, -1, "pass", "no minimum memory requirement configured"),
    ],
)
def test_minimum_memory(meminfo: str | Unreadable, minimum: int, status: str, message: str) -> None:
    result = rules.judge_minimum_memory(meminfo, min_gib=minimum)
    assert (result.status.value, result.message) == (status, message)


def test_unreadable_meminfo_says_where_and_why() -> None:
    assert rules.judge_minimum_memory(GONE, min_gib=1).details == "/sys/x: No such file or directory"


@pytest.mark.parametrize(
    ("cpuinfo", "minimum", "status", "message"),
    [
        ("processor\t: 0\n\nprocessor\t: 1\n", 2, "pass", "CPUs OK: 2 >= 2 minimum"),
        ("processor\t: 0\n", 4, "fail", "insufficient CPUs: 1 < 4 minimum"),
        ("processor\t: 0\n", 0, "pass", "no minimum CPU requirement configured"),
        ("processor : x\nprocessors\nprocessor: 3\n", 1, "pass", "CPUs OK: 1 >= 1 minimum"),
        (GONE, 1, "fail", "cannot read CPU info"),
    ],
)
def test_minimum_cpu(cpuinfo: str | Unreadable, minimum: int, status: str, message: str) -> None:
    result = rules.judge_minimum_cpu(cpuinfo, min_cpus=minimum)
    assert (result.status.value, result.message) == (status, message)


def test_nic_link_state() -> None:
    assert _says(rules.judge_nic_link_state(GONE)) == (
        "skip",
        "cannot read /sys/x",
        "No such file or directory",
    )
    assert _says(rules.judge_nic_link_state(())) == ("pass", "all 0 physical NIC(s) link up", "")
    assert _says(rules.judge_nic_link_state((("eth0", "1\n"),))) == (
        "pass",
        "all 1 physical NIC(s) link up",
        "",
    )
    down = (("eth0", "1\n"), ("eth1", "0\n"), ("eth2", None))
    assert _says(rules.judge_nic_link_state(down)) == ("fail", "2/3 NIC(s) link down", "eth1, eth2")


def test_thermal_state() -> None:
    assert _says(rules.judge_thermal_state(GONE)) == ("skip", "thermal zone info not available", "")
    assert _says(rules.judge_thermal_state((("tz0", None), ("tz1", "x")))) == (
        "skip",
        "no readable thermal zones found",
        "",
    )
    cool = (("tz0", "45000\n"), ("tz1", "95000"), ("tz2", None))
    assert _says(rules.judge_thermal_state(cool)) == ("pass", "all 2 thermal zone(s) within limits", "")
    hot = (("tz0", "98000"), ("tz1", "40000"), ("tz2", "95001"))
    assert _says(rules.judge_thermal_state(hot)) == (
        "fail",
        "2 thermal zone(s) above 95°C",
        "tz0: 98°C; tz2: 95°C",
    )


def test_thermal_limit_can_be_lowered_and_a_non_positive_limit_means_the_default() -> None:
    zones = (("tz0", "71500"),)
    lowered = rules.judge_thermal_state(zones, max_milli_c=70_000)
    assert (lowered.status, lowered.message) == (CheckStatus.FAIL, "1 thermal zone(s) above 70°C")
    assert rules.judge_thermal_state(zones, max_milli_c=0).status is CheckStatus.PASS


def test_temperatures_are_whole_degrees_truncated() -> None:
    assert rules.judge_thermal_state((("tz0", "1999"),), max_milli_c=1000).details == "tz0: 1°C"
