"""Contract of the Shell port: SubprocessShell runs real programs, FakeShell is scripted to
give the same answers, and both are held to the same assertions."""

from __future__ import annotations

import os
import time

import pytest

from booty.adapters.fake.shell import FakeShell, ShellCall
from booty.adapters.linux.shell import SubprocessShell
from booty.domain.errors import CommandFailed
from booty.domain.shell import CommandResult
from booty.ports.shell import Shell

MISSING = "booty-contract-no-such-program"


def _echo_stdin(call: ShellCall) -> CommandResult:
    return CommandResult(call.argv, 0, (call.stdin or b"").decode())


def _sleep(call: ShellCall) -> CommandResult:
    if call.timeout_s is not None and call.timeout_s < float(call.argv[1]):
        return CommandResult(call.argv, -9, "", f"booty: timed out after {call.timeout_s}s, killed\n")
    return CommandResult(call.argv, 0)


def _printenv(call: ShellCall) -> CommandResult:
    value = (call.env or {}).get(call.argv[1])
    return CommandResult(call.argv, 0, f"{value}\n") if value is not None else CommandResult(call.argv, 1)


def scripted_fake() -> FakeShell:
    """A FakeShell answering like the programs the contract runs."""
    shell = FakeShell()
    shell.script(["echo", "hello"], stdout="hello\n")
    shell.script(["echo", "inside"], stdout="inside\n")
    shell.script(["false"], returncode=1)
    shell.script(["cat"], _echo_stdin)
    shell.script_prefix(["sleep"], _sleep)
    shell.script_prefix(["printenv"], _printenv)
    shell.script(["sh", "-c", "echo oops >&2; exit 3"], returncode=3, stderr="oops\n")
    shell.script(["printf", "a\\377b"], stdout="a\ufffdb")
    shell.script([MISSING, "--help"], returncode=127, stderr=f"command not found: {MISSING}")
    return shell


@pytest.fixture(params=["fake", "linux"])
def shell(request: pytest.FixtureRequest) -> Shell:
    return scripted_fake() if request.param == "fake" else SubprocessShell()


def test_stdout_is_captured_as_text(shell: Shell) -> None:
    result = shell.run(["echo", "hello"])
    assert result == CommandResult(("echo", "hello"), 0, "hello\n", "")


def test_true_succeeds(shell: Shell) -> None:
    assert shell.run(["true"]).check().ok


def test_non_zero_exit_is_a_result_not_an_exception(shell: Shell) -> None:
    result = shell.run(["false"])
    assert result.returncode == 1
    with pytest.raises(CommandFailed):
        result.check()


def test_stderr_and_exit_code_are_kept_apart(shell: Shell) -> None:
    result = shell.run(["sh", "-c", "echo oops >&2; exit 3"])
    assert (result.returncode, result.stdout, result.stderr) == (3, "", "oops\n")


def test_stdin_bytes_reach_the_command(shell: Shell) -> None:
    assert shell.run(["cat"], stdin=b"line one\nline two\n").stdout == "line one\nline two\n"


def test_undecodable_output_is_replaced_not_fatal(shell: Shell) -> None:
    assert shell.run(["printf", "a\\377b"]).stdout == "a\ufffdb"


def test_timeout_kills_and_reports_minus_nine(shell: Shell) -> None:
    started = time.monotonic()
    result = shell.run(["sleep", "5"], timeout_s=0.5)
    assert result.returncode == -9
    assert "timed out" in result.stderr
    assert time.monotonic() - started < 4


def test_missing_program_is_127_not_an_exception(shell: Shell) -> None:
    result = shell.run([MISSING, "--help"])
    assert result.argv == (MISSING, "--help")
    assert result.returncode == 127
    assert result.stderr == f"command not found: {MISSING}"


def test_env_adds_variables(shell: Shell) -> None:
    assert shell.run(["printenv", "BOOTY_CONTRACT"], env={"BOOTY_CONTRACT": "yes"}).stdout == "yes\n"


def test_root_runs_inside_chroot(shell: Shell) -> None:
    if isinstance(shell, SubprocessShell) and os.geteuid() != 0:
        pytest.skip("needs root: chroot(2) is privileged")
    result = shell.run(["echo", "inside"], root="/")
    assert (result.argv, result.returncode, result.stdout) == (("echo", "inside"), 0, "inside\n")


## Real only: process hygiene


def test_timeout_kills_the_whole_process_group() -> None:
    started = time.monotonic()
    result = SubprocessShell().run(["sh", "-c", "sleep 30 & sleep 30"], timeout_s=0.5)
    assert result.returncode == -9
    assert time.monotonic() - started < 4, "a grandchild kept the pipes open"


def test_env_keeps_the_inherited_environment() -> None:
    result = SubprocessShell().run(["printenv", "PATH"], env={"BOOTY_CONTRACT": "yes"})
    assert result.stdout.strip() == os.environ["PATH"]


def test_without_stdin_the_command_reads_dev_null() -> None:
    assert SubprocessShell().run(["cat"], timeout_s=5).stdout == ""


## Fake only: scripting and recording


def test_fake_records_every_call_with_its_options() -> None:
    shell = FakeShell()
    shell.run(["mdadm", "--stop", "/dev/md0"], stdin=b"x", root="/mnt", timeout_s=3, env={"A": "1"})
    shell.run(["sync"])
    assert shell.calls[0] == ShellCall(("mdadm", "--stop", "/dev/md0"), b"x", "/mnt", 3, {"A": "1"})
    assert shell.argvs == [("mdadm", "--stop", "/dev/md0"), ("sync",)]


def test_fake_answers_exact_then_longest_prefix_then_default() -> None:
    shell = FakeShell()
    shell.script_prefix(["sgdisk"], returncode=2)
    shell.script_prefix(["sgdisk", "--zap-all"], returncode=4)
    shell.script(["sgdisk", "--zap-all", "/dev/sda"], returncode=0, stdout="exact")
    assert shell.run(["sgdisk", "--zap-all", "/dev/sda"]).stdout == "exact"
    assert shell.run(["sgdisk", "--zap-all", "/dev/sdb"]).returncode == 4
    assert shell.run(["sgdisk", "-p", "/dev/sdb"]).returncode == 2
    assert shell.run(["wipefs", "-a"]) == CommandResult(("wipefs", "-a"), 0)


def test_fake_result_always_carries_the_callers_argv() -> None:
    shell = FakeShell()
    shell.script_prefix(["lsblk"], CommandResult(("anything",), 0, "{}"))
    assert shell.run(["lsblk", "--json"]).argv == ("lsblk", "--json")
