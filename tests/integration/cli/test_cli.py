"""The ``booty`` command as an operator runs it: a real process, real files, real exit codes."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from booty import __version__
from booty.domain.config.fields import FIELDS

EXAMPLES = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "data" / "deploy-vars").iterdir()
    if p.name.startswith("vars")
)
TOKEN = "e2e-fabric-token"


def booty(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_version() -> None:
    result = booty("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"booty {__version__}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_vars_file_is_accepted(path: Path) -> None:
    result = booty("vars", "check", str(path))
    assert result.returncode == 0, result.stderr
    assert 'export TOKEN="***"' in result.stdout
    assert TOKEN not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) == len(FIELDS)
    # The examples send a token over plain http to a remote controller: the operator is told.
    assert "INSECURE_TRANSPORT=true" in result.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_as_json_is_keyed_by_vars_names_with_typed_values(path: Path) -> None:
    result = booty("vars", "check", str(path), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == [f.key for f in FIELDS]
    assert doc["TOKEN"] == "***"
    assert isinstance(doc["IMAGE"], list)
    assert isinstance(doc["dns_resolver"], list)
    assert isinstance(doc["asn_server"], int)
    assert isinstance(doc["MIN_DISK_SIZE_GB"], int)
    assert isinstance(doc["DISABLE_KEXEC"], bool)


def test_the_first_example_in_detail() -> None:
    doc = json.loads(booty("vars", "check", str(EXAMPLES[0].with_name("vars")), "--json").stdout)
    assert doc["HOSTNAME"] == "clab-e2e-host"
    assert doc["IMAGE"] == ["http://10.100.0.10/images/test.img"]
    assert doc["underlay_subnet"] == "10.0.0.0/24"
    assert doc["asn_server"] == 65000
    assert doc["dns_resolver"] == ["8.8.8.8", "1.1.1.1"]
    assert doc["underlay_ip"] is None
    assert doc["MODE"] == "provision"


def test_a_malformed_file_is_reported_line_by_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vars"
    bad.write_text(
        'export MIN_DISK_SIZE_GB="lots"\n'
        'export HOSTNAME="fine"\n'
        'export underlay_subnet="10.0.0.0/33"\n'
        'export TOKEN="do-not-print-me"\n'
        'export MODE="hard"\n'
        'export VLANS="200:eno1:notanip"\n'
    )
    result = booty("vars", "check", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{bad}:1: MIN_DISK_SIZE_GB: not a whole number of 0 or more: 'lots'"
    assert lines[1].startswith(f"{bad}:3: underlay_subnet: not a CIDR network: '10.0.0.0/33'")
    assert lines[2].startswith(f"{bad}:5: MODE: unknown MODE 'hard'")
    assert lines[3].startswith(f"{bad}:6: VLANS: VLAN entry '200:eno1:notanip'")
    assert len(lines) == 4
    assert "do-not-print-me" not in result.stderr


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = booty("vars", "check", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope'}: cannot read: No such file or directory"


def test_no_command_prints_help_and_fails() -> None:
    result = booty()
    assert result.returncode == 2
    assert "vars" in result.stderr


def test_controller_refuses_a_bad_fault_spec() -> None:
    result = booty("controller", "--listen", "127.0.0.1:0", "--fault", "/log=teapot")
    assert result.returncode == 2
    assert "bad fault spec '/log=teapot'" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_controller_serves_and_records_until_interrupted(tmp_path: Path) -> None:
    port = _free_port()
    record = tmp_path / "record"
    argv = ["controller", "--listen", f"127.0.0.1:{port}", "--record", str(record), "--token", "cli-token"]
    server = subprocess.Popen([sys.executable, "-m", "booty", *argv], stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        assert f"listening on http://127.0.0.1:{port}" in server.stderr.readline()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/status/init",
            data=b"provisioning started",
            headers={"Authorization": "Bearer cli-token", "Content-Type": "text/plain"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200
        assert (record / "statuses.txt").read_text() == "init: provisioning started\n"
        assert "cli-token" not in (record / "events.jsonl").read_text()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    assert server.returncode == 0
