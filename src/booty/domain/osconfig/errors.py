"""Errors of configuring the installed OS: unsafe values, failed tree copies and chroot commands.

They live beside the rules that raise them rather than in ``booty.domain.errors`` only because this
package was written alongside that file; each is a ``BootyError`` with the fields a caller needs.
Messages name what was wrong and where; none of them ever holds a secret (callers redact command
text before it gets here, and the runner redacts every reason once more).
"""

from __future__ import annotations

from booty.domain.errors import BootyError
from booty.domain.shell import CommandResult


class OsConfigError(BootyError):
    """Configuring the installed OS failed."""


class UnsafeValue(OsConfigError, ValueError):
    """A /deploy/vars value cannot be written into a file of the installed OS as it is."""

    def __init__(self, key: str, value: str, reason: str) -> None:
        super().__init__(f"{key} {value!r} {reason}")
        self.key = key
        self.value = value
        self.reason = reason


class UnsafePath(OsConfigError, ValueError):
    """A path would leave the target root, or cannot be resolved inside it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class TreeCopyFailed(OsConfigError):
    """One entry of a tree copy (``/deploy/file-system``, ``/deploy/machine-files``) failed."""

    def __init__(self, source: str, path: str, reason: str) -> None:
        super().__init__(f"copy tree from {source}: {path}: {reason}")
        self.source = source
        """The tree's root on the host, e.g. ``/deploy/machine-files``."""
        self.path = path
        """The entry, relative to *source*."""
        self.reason = reason


class ChrootCommandFailed(OsConfigError):
    """A command run inside the installed OS exited non-zero."""

    def __init__(self, what: str, result: CommandResult, tail: str) -> None:
        super().__init__(f"{what}: exit {result.returncode}: {tail}")
        self.what = what
        """Which command, in the step's words (``machine command 10-apt.sh``, ``update-grub``)."""
        self.result = result


class NoGrubTool(OsConfigError, LookupError):
    """The installed OS has none of the tools that regenerate grub.cfg."""

    def __init__(self, root: str, tools: tuple[str, ...], dirs: tuple[str, ...]) -> None:
        super().__init__(
            f"no GRUB configuration tool in {root}: looked for {', '.join(tools)} in {', '.join(dirs)}"
        )
        self.root = root
