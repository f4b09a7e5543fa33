"""What every disk use case shares: running a tool and turning its failure into a booty error.

Rules of this file: the Shell port never raises on a non-zero exit; here a failure becomes a
``DiskCommandFailed`` that names the operation and keeps the command, its exit code and stderr.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from booty.domain.errors import DiskCommandFailed
from booty.domain.shell import CommandResult
from booty.ports.shell import Shell

log = logging.getLogger("booty.disk")

RC_NOT_FOUND = 127
"""The Shell port's exit code for a program that is not installed."""


def run_checked(shell: Shell, argv: Sequence[str], op: str, *, stdin: bytes | None = None) -> CommandResult:
    """Run *argv*; its result when it exited 0.

    Raises:
        DiskCommandFailed: the command exited non-zero (or was missing: 127).
    """
    result = shell.run(argv, stdin=stdin)
    if not result.ok:
        raise DiskCommandFailed(op, result)
    log.debug("Disk command succeeded", extra={"argv": list(argv), "op": op})
    return result


def last_line(result: CommandResult, *, prefer_stdout: bool = False) -> str:
    """The last non-empty line of stderr (else stdout): the part of a tool's failure worth showing.

    With *prefer_stdout* stdout is looked at first (what a tool reports on success).
    """
    streams = (result.stdout, result.stderr) if prefer_stdout else (result.stderr, result.stdout)
    for text in streams:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            return lines[-1]
    return f"exit status {result.returncode}"
