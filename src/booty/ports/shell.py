"""Port: run external commands (mdadm, sgdisk, efibootmgr, ...) as argv lists, never shell strings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from booty.domain.shell import CommandResult


class Shell(Protocol):
    """Runs one command to completion and reports what happened."""

    def run(
        self,
        argv: Sequence[str],
        *,
        stdin: bytes | None = None,
        root: str | None = None,
        timeout_s: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> CommandResult:
        """Run *argv* and wait for it.

        Args:
            argv: program and arguments; no shell interprets them.
            stdin: bytes fed to the command's standard input.
            root: run inside ``chroot root`` (the installed OS).
            timeout_s: kill the command after this long (the result then has returncode -9).
            env: extra environment variables.

        Returns:
            The result; a non-zero exit is not an error here (see ``CommandResult.check``).
        """
        ...
