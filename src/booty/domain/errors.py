"""The one exception hierarchy of booty, rooted at ``BootyError``.

Every error booty raises on purpose lives here, with the structured fields a caller needs to act
on it (which file and line, which URL and status, which command and exit code). Adapters translate
foreign exceptions into these with ``raise ... from``. Messages never contain secrets: fields that
might hold one are redacted before the message is built.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from errno import ENODEV
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from booty.domain.shell import CommandResult


class BootyError(Exception):
    """Root of every error booty raises on purpose."""


@attrs.frozen
class ConfigProblem:
    """One thing wrong with a configuration file, located precisely."""

    source: str
    """The file the problem is in (a path, or ``<text>`` for in-memory input)."""
    line: int
    """1-based line number; 0 when the problem concerns the file as a whole."""
    key: str
    """The /deploy/vars key, or ``""`` when the line has no usable key."""
    reason: str
    """What is wrong, in words an operator can act on. Never contains a secret value."""

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.source}:{self.line}:{key} {self.reason}"


class ConfigError(BootyError, ValueError):
    """A configuration could not be accepted; ``problems`` lists every reason at once."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in configuration"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class HttpError(BootyError):
    """Base of the errors of one HTTP exchange; ``url`` is already redacted."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class HttpTransportError(HttpError, ConnectionError):
    """No HTTP response arrived: refused, reset, timed out, TLS failure, proxy failure."""


class HttpRequestInvalid(HttpError, ValueError):
    """The exchange can never succeed as written (invalid URL, redirect loop): retrying is pointless."""


class ResponseTooLarge(HttpError):
    """The response body exceeded the limit the caller set; the rest was not read."""

    def __init__(self, *, url: str, limit: int) -> None:
        super().__init__(f"response from {url} is larger than {limit} bytes", url=url)
        self.limit = limit


class InsecureTransportRefused(HttpError):
    """A bearer token would have been sent over plain http to a non-loopback host."""


class ControllerError(BootyError):
    """A controller exchange failed after its retries, or its answer made no sense."""


class CommandFailed(BootyError):
    """An external command exited non-zero; the whole result is kept for the report."""

    def __init__(self, result: CommandResult) -> None:
        super().__init__(
            f"{shlex.join(result.argv)} exited {result.returncode}: {result.stderr.strip()[-400:]}"
        )
        self.result = result


class NetlinkOperationFailed(BootyError):
    """The kernel refused a netlink request (or the network namespace could not be entered)."""

    def __init__(self, op: str, *, errno: int, reason: str = "") -> None:
        super().__init__(f"netlink {op} failed: {reason or f'errno {errno}'}")
        self.op = op
        """What was asked, e.g. ``addr add`` or ``route replace``."""
        self.errno = errno
        """The kernel's errno (``ENETUNREACH`` for an off-link gateway, ...)."""
        self.reason = reason


class LinkNotFound(NetlinkOperationFailed, LookupError):
    """No link has the name the caller gave."""

    def __init__(self, name: str, *, op: str) -> None:
        super().__init__(op, errno=ENODEV, reason=f"no link named {name!r}")
        self.name = name


class HostOperationFailed(BootyError):
    """A system call on the running machine failed (mount, module load, kexec, reboot)."""

    def __init__(self, op: str, *, target: str, errno: int = 0, reason: str = "") -> None:
        super().__init__(f"{op} {target}: {reason or f'errno {errno}'}")
        self.op = op
        """The operation, e.g. ``mount``, ``umount``, ``finit_module``, ``kexec_file_load``."""
        self.target = target
        """The path (mount point, module file, kernel) the operation was about."""
        self.errno = errno
        """The kernel's errno; 0 when booty refused before asking the kernel."""
        self.reason = reason


class MountFailed(HostOperationFailed):
    """mount(2) or umount2(2) failed."""


class NotMounted(MountFailed):
    """The target of an unmount is not a mount point (EINVAL) or does not exist (ENOENT)."""


class ModuleLoadFailed(HostOperationFailed):
    """finit_module(2) refused a kernel module (EEXIST is not a failure)."""


class KexecFailed(HostOperationFailed):
    """kexec_file_load(2) refused the kernel, initrd or command line."""


class RebootFailed(HostOperationFailed):
    """reboot(2) returned, which it only does on error."""


class UnsupportedOnHost(HostOperationFailed):
    """booty cannot do this here: no syscall number for the architecture, several initrds for kexec."""
