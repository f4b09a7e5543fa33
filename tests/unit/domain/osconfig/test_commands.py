"""How commands run inside the installed OS and how their output is shown."""

from __future__ import annotations

import pytest

from booty.domain.osconfig import CHROOT_ENV, output_lines, output_tail, script_of, shell_argv
from booty.domain.shell import CommandResult


@pytest.mark.parametrize(
    ("content", "script"),
    [("  apt-get update\n", "apt-get update"), ("\n\t \n", None), ("", None), ("a\nb\n", "a\nb")],
)
def test_a_machine_command_is_its_trimmed_content(content: str, script: str | None) -> None:
    assert script_of(content) == script


def test_a_script_runs_as_one_sh_argument() -> None:
    assert shell_argv("echo a; echo b") == ("/bin/sh", "-c", "echo a; echo b")
    assert shell_argv("echo $((1+1))", has_bash=True) == ("/bin/bash", "-c", "echo $((1+1))")


def test_commands_find_tools_in_the_sbin_directories() -> None:
    assert "/usr/sbin" in CHROOT_ENV["PATH"].split(":")
    assert "/sbin" in CHROOT_ENV["PATH"].split(":")


def test_output_lines_skip_blank_lines_and_name_their_stream() -> None:
    result = CommandResult(("x",), 0, "one\n\n two  \n", "warn\n")
    assert output_lines(result) == (("stdout", "one"), ("stdout", " two"), ("stderr", "warn"))


@pytest.mark.parametrize(
    ("stdout", "stderr", "tail"),
    [
        ("ignored", "E: boom\n", "E: boom"),
        ("only stdout\n", "  \n", "only stdout"),
        ("", "", "no output"),
        ("", "x" * 500 + "END", "..." + "x" * 397 + "END"),
    ],
)
def test_the_tail_is_stderr_or_else_stdout(stdout: str, stderr: str, tail: str) -> None:
    assert output_tail(CommandResult(("x",), 1, stdout, stderr)) == tail
