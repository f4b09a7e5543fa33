"""``booty plan`` as an operator runs it: a real process on the example vars files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "data" / "deploy-vars").iterdir()
    if p.name.startswith("vars")
)
TOKEN = "e2e-fabric-token"


def booty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", *args], capture_output=True, text=True, timeout=60, check=False
    )


def example(name: str) -> str:
    return str(EXAMPLES[0].with_name(name))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_plans_as_json_with_name_run_and_reason(path: Path) -> None:
    result = booty("plan", str(path), "--json")
    assert result.returncode == 0, result.stderr
    steps = json.loads(result.stdout)
    assert isinstance(steps, list)
    for step in steps:
        assert isinstance(step["name"], str)
        assert isinstance(step["run"], bool)
        assert step["reason"]
    if steps:
        assert steps[0]["name"] == "report-init"
    assert TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_plans_as_a_numbered_table(path: Path) -> None:
    result = booty("plan", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("MODE=")
    numbers = [int(line.split()[0]) for line in lines[2:]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_provision_example_in_detail() -> None:
    steps = json.loads(booty("plan", example("vars-provision"), "--json").stdout)
    by_name = {step["name"]: step for step in steps}
    assert by_name["collect-inventory"]["run"] is True
    assert by_name["health-checks"]["reason"] == "HEALTH_CHECKS_ENABLED is true"
    assert (by_name["collect-firmware"]["run"], by_name["collect-firmware"]["reason"]) == (
        False,
        "FIRMWARE_REPORT is false",
    )
    assert by_name["set-hostname"]["needs"] == ["root mounted"]
    assert by_name["stream-image"]["destructive"] is True
    assert by_name["stream-image"]["retry"]["attempts"] == 3
    assert by_name["stop-raid"]["on_error"] == "best effort"
    names = [step["name"] for step in steps]
    assert names.index("mount-root") < names.index("set-hostname")
    assert names.index("report-success") < names.index("flush-logs") < names.index("kexec")


def test_the_human_table_shows_skipped_steps_with_their_reason() -> None:
    result = booty("plan", example("vars-provision"))
    row = next(line for line in result.stdout.splitlines() if " setup-mellanox " in line)
    assert row.split()[:3] == ["10", "setup-mellanox", "no"]
    assert row.endswith("NUM_VFS is 0 (SR-IOV settings are left alone)")
    assert result.stdout.splitlines()[0] == "MODE=provision: provision, 32 of 35 steps run"


def test_deprovision_and_standby_examples() -> None:
    hard = json.loads(booty("plan", example("vars-deprovision"), "--json").stdout)
    assert [s["name"] for s in hard if s["run"]][-3:] == ["report-success", "flush-logs", "reboot"]
    assert not any(s["name"] == "kexec" for s in hard)
    standby = booty("plan", example("vars-standby"))
    assert standby.stdout.startswith("MODE=standby: standby has no pipeline")
    assert json.loads(booty("plan", example("vars-standby"), "--json").stdout) == []


def test_a_dry_run_marks_every_step(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars"
    vars_file.write_text('MODE="dry-run"\nIMAGE="https://images.example/os.img"\n')
    result = booty("plan", str(vars_file))
    assert result.returncode == 0, result.stderr
    assert "as a dry run" in result.stdout.splitlines()[0]
    assert " dry-run " in result.stdout.splitlines()[2]
    steps = json.loads(booty("plan", str(vars_file), "--json").stdout)
    assert all(step["dry_run"] for step in steps)


def test_a_plan_without_an_image_is_blocked_with_exit_1(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars"
    vars_file.write_text('HOSTNAME="node-1"\n')
    result = booty("plan", str(vars_file), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["name"] == "report-init"
    assert "cannot run: IMAGE is empty: there is no image to write" in result.stderr


def test_a_malformed_file_exits_2_with_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vars"
    bad.write_text('export MODE="hard"\nexport TOKEN="do-not-print-me"\nexport NUM_VFS="lots"\n')
    result = booty("plan", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{bad}:1: MODE: unknown MODE 'hard'" in result.stderr
    assert f"{bad}:3: NUM_VFS:" in result.stderr
    assert "do-not-print-me" not in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = booty("plan", str(tmp_path / "absent"), "--json")
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_plan_is_listed_in_help() -> None:
    assert "plan" in booty("--help").stdout
