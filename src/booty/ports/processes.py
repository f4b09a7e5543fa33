"""Port: long-running daemons booty starts and supervises itself (FRR's zebra, bgpd, bfdd).

An initramfs has no systemd, so booty is the supervisor: it starts a daemon in the foreground
as a child (argv, never a shell; optionally inside a named network namespace), appends its output
to a log file, checks that it stays up and becomes ready, and stops it with SIGTERM, then SIGKILL
after a timeout. A ``DaemonRecord`` is enough to find the daemon again from another process
(``booty net down`` after ``booty net up``): by pid, checked against the pid's start time so that
a recycled pid is never signalled.
"""

from __future__ import annotations

from typing import Protocol

from booty.domain.network.state import DaemonRecord, DaemonSpec, DaemonStatus

STOP_TIMEOUT_S = 5.0
"""How long a daemon has to exit after SIGTERM before it gets SIGKILL."""


class Processes(Protocol):
    """Starts, watches and stops daemons."""

    def start(self, spec: DaemonSpec) -> DaemonRecord:
        """Start *spec* and return at once (readiness is ``status().ready``).

        The log file and its directory are created when missing; output is appended.

        Raises:
            DaemonFailed: the program does not exist, the namespace does not exist, or the
                process could not be created.
        """
        ...

    def status(self, daemon: DaemonRecord) -> DaemonStatus:
        """Whether *daemon* still runs and is ready; an ended child of this process is reaped."""
        ...

    def stop(self, daemon: DaemonRecord, *, timeout_s: float = STOP_TIMEOUT_S) -> DaemonStatus:
        """SIGTERM, then SIGKILL after *timeout_s*; returns once it is gone (and reaped, if ours).

        A daemon that is already gone, or whose pid now belongs to another process, is success.

        Raises:
            DaemonFailed: it survived SIGKILL (stuck in the kernel) or cannot be signalled.
        """
        ...

    def prepare_dir(self, path: str, *, user: str = "", group: str = "", mode: int = 0o755) -> None:
        """Create directory *path* (and parents) owned by *user*:*group* when it is missing.

        An existing directory is left as it is. Empty *user* / *group* keep booty's own.

        Raises:
            DaemonFailed: it cannot be created, or the user or group does not exist.
        """
        ...
