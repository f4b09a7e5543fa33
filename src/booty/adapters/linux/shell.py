"""The Shell port over ``subprocess``: argv lists only, never a shell string.

Rules of this file: no ``shell=True``; every outcome, including a missing program and a timeout,
is a ``CommandResult`` (a non-zero exit is the step's business, spec rule "the shell port is
narrow"); nothing from ``subprocess`` crosses the port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping, Sequence

import attrs

from booty.domain.shell import CommandResult

RC_NOT_FOUND = 127
"""What a POSIX shell reports for a program that is not on PATH."""
RC_NOT_EXECUTABLE = 126
"""What a POSIX shell reports for a file that cannot be executed."""
RC_TIMED_OUT = -int(signal.SIGKILL)
"""A timed-out command is killed with SIGKILL, so it reports like one (-9)."""


@attrs.frozen
class SubprocessShell:
    """Runs commands as child processes and waits for them.

    Each command runs in its own session (process group) so that a timeout kills the children it
    spawned too; otherwise a grandchild holding stdout open would keep us waiting. Without
    ``stdin`` the command reads /dev/null: booty is PID 1 and its console is not for the tools.
    """

    def run(
        self,
        argv: Sequence[str],
        *,
        stdin: bytes | None = None,
        root: str | None = None,
        timeout_s: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> CommandResult:
        """Run *argv* (inside ``chroot root`` when *root* is given) and wait for it.

        Args:
            argv: program and arguments; no shell interprets them.
            stdin: bytes fed to the command's standard input.
            root: run inside ``chroot root`` (the installed OS).
            timeout_s: kill the command (and its process group) after this long.
            env: extra environment variables, merged over booty's own environment.

        Returns:
            The result, carrying *argv* as the caller gave it (without the ``chroot`` prefix).
            A missing program gives returncode 127, a timeout returncode -9; output is decoded
            as UTF-8 with undecodable bytes replaced.
        """
        asked = tuple(argv)
        full = ("chroot", root, *asked) if root is not None else asked
        try:
            proc = subprocess.Popen(
                full,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, **env} if env else None,
                start_new_session=True,
            )
        except FileNotFoundError:
            return CommandResult(asked, RC_NOT_FOUND, "", f"command not found: {full[0]}")
        except PermissionError:
            return CommandResult(asked, RC_NOT_EXECUTABLE, "", f"permission denied: {full[0]}")
        with proc:
            return _wait(proc, asked, stdin=stdin, timeout_s=timeout_s)


def _wait(
    proc: subprocess.Popen[bytes], asked: tuple[str, ...], *, stdin: bytes | None, timeout_s: float | None
) -> CommandResult:
    """Feed *stdin*, collect the output, and kill the process group on timeout."""
    try:
        out, err = proc.communicate(stdin, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        out, err = proc.communicate()
        note = f"booty: timed out after {timeout_s}s, killed\n"
        return CommandResult(asked, RC_TIMED_OUT, _text(out), _text(err) + note)
    return CommandResult(asked, proc.returncode, _text(out), _text(err))


def _kill_group(pgid: int) -> None:
    """SIGKILL the whole session the command leads; it may already be gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")
