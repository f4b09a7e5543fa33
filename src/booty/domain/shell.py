"""The result of running an external command, as a value.

The Shell port never raises on a non-zero exit: whether a failure is fatal belongs to the step
that ran the command (``check()`` makes it an error when the caller wants that).
"""

from __future__ import annotations

import attrs

from booty.domain.errors import CommandFailed


@attrs.frozen
class CommandResult:
    """What a finished command left behind."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        """True when the command exited 0."""
        return self.returncode == 0

    def check(self) -> CommandResult:
        """Return self when the command succeeded.

        Raises:
            CommandFailed: the command exited non-zero.
        """
        if not self.ok:
            raise CommandFailed(self)
        return self
