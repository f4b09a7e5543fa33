"""``booty provision`` and ``booty agent`` as real processes on this machine, against the mock
controller on 127.0.0.1. Never without ``--no-reboot`` (and BOOTY_NO_REBOOT is set as well): these
commands reboot the machine they run on. Nothing here is sent beyond 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from booty.adapters.mock_controller import MockController

TOKEN = "cli-agent-token"
MIB = 1 << 20


def booty(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    # Loopback only: a proxy from the environment must not be asked; never reboot this machine.
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["BOOTY_NO_REBOOT"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "booty", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )


def write_vars(path: Path, base: str, **extra: str) -> Path:
    values = {
        "MODE": "provision",
        "HOSTNAME": "cli-agent-node",
        "TOKEN": TOKEN,
        "IMAGE": f"{base}/images/never-fetched.img",
        "INIT_URL": f"{base}/status/init",
        "SUCCESS_URL": f"{base}/status/success",
        "ERROR_URL": f"{base}/status/error",
        "LOG_URL": f"{base}/log",
        "DEBUG_URL": f"{base}/debug",
        **extra,
    }
    path.write_text("".join(f'export {key}="{value}"\n' for key, value in values.items()))
    return path


@pytest.fixture
def controller() -> Iterator[MockController]:
    with MockController(listen=("127.0.0.1", 0), token=TOKEN) as mock:
        yield mock


@pytest.fixture
def loop_disk(attach_loop: Any) -> tuple[str, Path]:
    """A 64 MiB loop device over a file filled with a pattern; detached again in any case."""
    device = attach_loop(bytes(range(256)) * (64 * MIB // 256))
    return device.path, device.backing


def test_a_dry_run_logs_every_step_changes_nothing_and_sends_nothing(
    tmp_path: Path, controller: MockController, loop_disk: tuple[str, Path]
) -> None:
    device, backing = loop_disk
    before = hashlib.sha256(backing.read_bytes()).hexdigest()
    vars_file = write_vars(tmp_path / "vars", controller.url, DISK_DEVICE=device)
    root, deploy = tmp_path / "newroot", tmp_path / "deploy"
    run = booty(
        "provision", "--vars", str(vars_file), "--no-network", "--no-reboot", "--dry-run",
        "--root", str(root), "--deploy-dir", str(deploy), "--wait-timeout", "30",
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    assert "pipeline: provision (dry run: nothing was changed)" in run.stdout
    for step in ("wipe-disks", "stream-image", "configure-grub", "reboot"):
        assert f"step={step}" in run.stderr
        assert f" {step} " in run.stdout
    assert "Dry run: step not executed" in run.stderr
    assert "statuses sent: none" in run.stdout
    assert "result: ok" in run.stdout
    assert TOKEN not in run.stdout + run.stderr
    # Nothing was changed: the disk, the target root, the deploy directory.
    assert hashlib.sha256(backing.read_bytes()).hexdigest() == before
    assert not root.exists()
    assert not deploy.exists()
    # Nothing was sent: the controller was only probed (HEAD, then GET after its 405).
    assert controller.statuses() == []
    assert controller.log_lines() == []
    assert [e.method for e in controller.events() if e.method not in ("HEAD", "GET")] == []


def test_a_broken_vars_file_is_reported_line_by_line_with_exit_code_2(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars"
    vars_file.write_text('export HOSTNAME="x"\nexport MIN_DISK_SIZE_GB="lots"\nexport MODE="provison"\n')
    run = booty("provision", "--vars", str(vars_file), "--no-network", "--no-reboot", "--dry-run")
    assert run.returncode == 2
    problems = run.stderr.splitlines()
    assert any(p.startswith(f"{vars_file}:2: MIN_DISK_SIZE_GB:") for p in problems), run.stderr
    assert any(p.startswith(f"{vars_file}:3: MODE:") for p in problems), run.stderr
    assert run.stdout == ""


def test_a_controller_that_never_answers_ends_the_run_before_any_step(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    vars_file = write_vars(tmp_path / "vars", f"http://127.0.0.1:{port}", DISK_DEVICE="/dev/loop-lab")
    run = booty(
        "provision", "--vars", str(vars_file), "--no-network", "--no-reboot", "--wait-timeout", "2",
        "--root", str(tmp_path / "newroot"), "--deploy-dir", str(tmp_path / "deploy"),
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr[-3000:]
    assert "result: failed (connectivity)" in run.stdout
    assert "Network connectivity timeout" in run.stderr
    assert "Provisioning step" not in run.stderr


@pytest.mark.parametrize(
    ("mode", "disk", "refusal"),
    [
        ("provision", "", "DISK_DEVICE is not set: on an ordinary host booty does not choose the disk"),
        ("soft-deprovision", "", "DISK_DEVICE is not set"),
        ("deprovision", "/dev/loop-lab", "MODE=deprovision clears every eligible disk of the machine"),
    ],
)
def test_on_an_ordinary_host_booty_never_chooses_disks_itself(
    tmp_path: Path, mode: str, disk: str, refusal: str
) -> None:
    extra = {"MODE": mode} | ({"DISK_DEVICE": disk} if disk else {})
    vars_file = write_vars(tmp_path / "vars", "http://127.0.0.1:9", **extra)
    run = booty("provision", "--vars", str(vars_file), "--no-network", "--no-reboot")
    assert run.returncode == 2, run.stdout + run.stderr[-3000:]
    assert f"booty provision: {vars_file}: {refusal}" in run.stderr
    assert "Provisioning step" not in run.stderr


def test_booty_agent_with_no_vars_file_dumps_diagnostics_and_exits_2_in_a_lab(tmp_path: Path) -> None:
    missing = tmp_path / "deploy" / "vars"
    run = booty("agent", "--vars", str(missing), "--no-reboot")
    assert run.returncode == 2, run.stderr[-3000:]
    assert "Cannot use the vars file" in run.stderr
    assert "does not exist" in run.stderr
    assert "=== DEBUG DUMP START ===" in run.stderr
    assert "=== DEBUG DUMP END ===" in run.stderr
    assert "Rebooting" not in run.stderr
