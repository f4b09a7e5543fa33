"""``booty disks`` as an operator runs it, on sysfs trees of real machine shapes (tests/data/sysfs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SYSFS = Path(__file__).resolve().parents[2] / "data" / "sysfs"
SERVER = str(SYSFS / "server" / "sys")
TWIN = str(SYSFS / "twin-nvme" / "sys")


def booty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", "disks", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def disks_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = booty("--json", *args)
    return result.returncode, json.loads(result.stdout)


def reasons(doc: dict[str, Any]) -> dict[str, str | None]:
    return {d["path"]: d["reason"] for d in doc["disks"]}


def vars_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "vars"
    path.write_text(text)
    return str(path)


def test_the_server_gets_its_largest_nvme_and_every_rejection_is_explained() -> None:
    code, doc = disks_json("--sysfs", SERVER)
    assert code == 0
    assert doc["chosen"] == "/dev/nvme1n1"
    assert doc["basis"] == "preference"
    assert doc["error"] is None
    assert reasons(doc) == {
        "/dev/dm-0": "not a physical disk: device-mapper device",
        "/dev/loop0": "not a physical disk: loop device",
        "/dev/nvme0n1": "not preferred: /dev/nvme1n1 is larger",
        "/dev/nvme1n1": None,
        "/dev/sda": "a partition is in use by dm-0",
        "/dev/sdb": "not preferred: /dev/nvme1n1 is NVMe",
        "/dev/sdc": "removable",
        "/dev/sdd": "mounted: /dev/sdd1 on /mnt/scratch",
        "/dev/sr0": "not a physical disk: optical drive",
    }
    eligible = [d["path"] for d in doc["disks"] if d["eligible"]]
    assert eligible == ["/dev/nvme0n1", "/dev/nvme1n1", "/dev/sdb"]


def test_json_carries_the_disk_facts() -> None:
    _, doc = disks_json("--sysfs", SERVER)
    disks = {d["path"]: d for d in doc["disks"]}
    assert disks["/dev/nvme1n1"] | {"mounts": None} == {
        "path": "/dev/nvme1n1",
        "name": "nvme1n1",
        "size_bytes": 7501476528 * 512,
        "size_gib": 3576,
        "eligible": True,
        "chosen": True,
        "reason": None,
        "transport": "nvme",
        "model": "SAMSUNG MZQL23T8HCLS-00A07",
        "serial": "S64HNE0T200002",
        "wwn": "eui.36344730522000020025384500000001",
        "by_path": "/dev/disk/by-path/pci-0000:3e:00.0-nvme-1",
        "removable": False,
        "read_only": False,
        "rotational": False,
        "holders": [],
        "partitions": [],
        "partition_holders": [],
        "mounts": None,
    }
    assert disks["/dev/sdd"]["mounts"] == [{"source": "/dev/sdd1", "target": "/mnt/scratch", "fstype": "xfs"}]
    assert disks["/dev/sda"]["partition_holders"] == ["dm-0"]
    assert disks["/dev/sdb"]["rotational"] is True
    assert disks["/dev/sdc"]["transport"] == "usb"


def test_the_table_names_the_choice() -> None:
    result = booty("--sysfs", SERVER)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["DISK", "SIZE", "TRANSPORT", "MODEL", "SERIAL", "VERDICT"]
    row = next(line for line in lines if line.startswith("/dev/nvme1n1 "))
    assert "3576 GiB" in row
    assert row.endswith("chosen (NVMe first, then largest)")
    assert next(line for line in lines if line.startswith("/dev/sdc ")).endswith("rejected: removable")
    assert "0 B" in next(line for line in lines if line.startswith("/dev/loop0 "))
    assert lines[-1] == "chosen: /dev/nvme1n1"
    assert result.stderr == ""


def test_twin_disks_are_an_error_naming_both() -> None:
    result = booty("--sysfs", TWIN)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "booty disks: /dev/nvme0n1 and /dev/nvme1n1 are equally good targets (same kind and size); "
        "choose one with DISK_DEVICE or a root device hint"
    )
    assert "rejected: tied with /dev/nvme1n1" in result.stdout
    assert "chosen:" not in result.stdout


def test_twin_disks_as_json() -> None:
    code, doc = disks_json("--sysfs", TWIN)
    assert code == 1
    assert doc["chosen"] is None
    assert doc["error"].startswith("/dev/nvme0n1 and /dev/nvme1n1 are equally good")
    assert [d["eligible"] for d in doc["disks"]] == [False, True, True]


@pytest.mark.parametrize(
    ("hints", "chosen"),
    [
        (["serial=S64FNE0R400002"], "/dev/nvme1n1"),
        (["by_path=pci-0000:01:00.0-nvme-1"], "/dev/nvme0n1"),
        (["model=SAMSUNG MZQL2960HCJR-00A07", "wwn=0x36344730524000020025384500000001"], "/dev/nvme1n1"),
    ],
)
def test_a_hint_resolves_the_tie(hints: list[str], chosen: str) -> None:
    args = [arg for hint in hints for arg in ("--hint", hint)]
    code, doc = disks_json("--sysfs", TWIN, *args)
    assert code == 0, doc
    assert doc["chosen"] == chosen
    assert doc["basis"] == "hints"


def test_hints_that_match_nothing_are_an_error() -> None:
    code, doc = disks_json("--sysfs", TWIN, "--hint", "serial=NOPE")
    assert code == 1
    assert doc["error"] == "no disk matches the root device hints serial=NOPE"
    assert reasons(doc)["/dev/nvme0n1"] == "does not match hint serial=NOPE"


def test_a_bad_hint_is_bad_input() -> None:
    result = booty("--sysfs", TWIN, "--hint", "colour=blue")
    assert result.returncode == 2
    assert "unknown root device hint 'colour'" in result.stderr
    assert result.stdout == ""


def test_disk_device_from_the_vars_file(tmp_path: Path) -> None:
    code, doc = disks_json("--sysfs", SERVER, "--vars", vars_file(tmp_path, 'DISK_DEVICE="/dev/sdb"\n'))
    assert (code, doc["chosen"], doc["basis"]) == (0, "/dev/sdb", "DISK_DEVICE")
    assert reasons(doc)["/dev/nvme1n1"] == "not DISK_DEVICE (/dev/sdb)"


def test_disk_device_by_path(tmp_path: Path) -> None:
    vars_path = vars_file(tmp_path, 'DISK_DEVICE="/dev/disk/by-path/pci-0000:00:17.0-ata-2"\n')
    code, doc = disks_json("--sysfs", SERVER, "--vars", vars_path)
    assert (code, doc["chosen"]) == (0, "/dev/sdb")


def test_a_removable_disk_device_needs_force(tmp_path: Path) -> None:
    vars_path = vars_file(tmp_path, 'DISK_DEVICE="/dev/sdc"\n')
    refused = booty("--sysfs", SERVER, "--vars", vars_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "booty disks: /dev/sdc, chosen by DISK_DEVICE, cannot be used: removable (only when forced)"
    )
    forced = booty("--sysfs", SERVER, "--vars", vars_path, "--force")
    assert forced.returncode == 0
    assert "chosen (DISK_DEVICE, forced past: removable)" in forced.stdout
    _, doc = disks_json("--sysfs", SERVER, "--vars", vars_path, "--force")
    assert (doc["chosen"], doc["forced"], reasons(doc)["/dev/sdc"]) == ("/dev/sdc", True, "removable")
    assert next(d for d in doc["disks"] if d["path"] == "/dev/sdc")["eligible"] is False


def test_allow_removable_makes_the_stick_eligible_but_not_preferred() -> None:
    _, doc = disks_json("--sysfs", SERVER, "--allow-removable")
    assert doc["chosen"] == "/dev/nvme1n1"
    assert reasons(doc)["/dev/sdc"] == "not preferred: /dev/nvme1n1 is NVMe"


def test_min_disk_size_from_the_vars_file(tmp_path: Path) -> None:
    result = booty("--sysfs", SERVER, "--vars", vars_file(tmp_path, 'MIN_DISK_SIZE_GB="5000"\n'))
    assert result.returncode == 1
    assert result.stderr.strip() == "booty disks: no suitable disk found (min 5000 GB)"
    assert "rejected: too small: 3576 GiB < 5000 GiB" in result.stdout


def test_a_broken_vars_file_is_bad_input(tmp_path: Path) -> None:
    result = booty("--sysfs", SERVER, "--vars", vars_file(tmp_path, 'MIN_DISK_SIZE_GB="lots"\n'))
    assert result.returncode == 2
    assert "MIN_DISK_SIZE_GB: not a whole number of 0 or more: 'lots'" in result.stderr


def test_a_missing_vars_file_is_bad_input(tmp_path: Path) -> None:
    result = booty("--sysfs", SERVER, "--vars", str(tmp_path / "absent"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_no_sysfs_tree_means_no_disks(tmp_path: Path) -> None:
    result = booty("--sysfs", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "no disks found" in result.stdout
    assert "no suitable disk found (min 0 GB)" in result.stderr


def test_an_unreadable_size_file_is_an_empty_disk(tmp_path: Path) -> None:
    """spec §1.6 row 13: sda's size cannot be read; sdb (10 GiB) is chosen. booty says why not sda."""
    for name, size in (("sda", None), ("sdb", str(10 * 2**21))):
        (tmp_path / "sys" / "block" / name).mkdir(parents=True)
        if size:
            (tmp_path / "sys" / "block" / name / "size").write_text(size + "\n")
    code, doc = disks_json("--sysfs", str(tmp_path / "sys"))
    assert (code, doc["chosen"], reasons(doc)["/dev/sda"]) == (0, "/dev/sdb", "empty (size 0)")


def test_the_real_machine_is_read_without_error() -> None:
    if not Path("/sys/block").is_dir():
        pytest.skip("no /sys/block on this machine")
    result = booty("--json")
    assert result.returncode in {0, 1}, result.stderr
    doc = json.loads(result.stdout)
    assert all(d["chosen"] or d["reason"] for d in doc["disks"])
