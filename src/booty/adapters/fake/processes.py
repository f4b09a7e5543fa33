"""An in-memory Processes: records every start and stop, runs nothing.

Kept honest by ``tests/contract/test_processes_contract.py``. Tests play a daemon that is not
installed (``missing``), one that exits at once (``crashing``, with its output), or one that
never becomes ready (``never_ready``).
"""

from __future__ import annotations

import attrs

from booty.domain.network.state import DaemonFailed, DaemonRecord, DaemonSpec, DaemonStatus

FIRST_PID = 4000


@attrs.define
class FakeProcesses:
    """Daemons as entries in a table; a started one runs (and is ready) until stopped."""

    missing: set[str] = attrs.field(factory=set)
    """Daemon names whose program is not installed: ``start`` raises."""
    crashing: dict[str, int] = attrs.field(factory=dict)
    """Daemon name -> the exit status it dies with right after starting."""
    never_ready: set[str] = attrs.field(factory=set)
    """Daemon names that run but never become ready."""
    started: list[DaemonSpec] = attrs.field(factory=list)
    """Every successful ``start``, in order."""
    stopped: list[str] = attrs.field(factory=list)
    """Names of the daemons ``stop`` ended, in order."""
    dirs: dict[str, tuple[str, str, int]] = attrs.field(factory=dict)
    """Directories prepared: path -> (user, group, mode)."""
    running: dict[int, DaemonRecord] = attrs.field(factory=dict)
    exited: dict[int, int] = attrs.field(factory=dict)
    """Pid -> exit status of the daemons that ended and were not reaped (reported) yet."""
    _next_pid: int = attrs.field(default=FIRST_PID, init=False)

    def start(self, spec: DaemonSpec) -> DaemonRecord:
        """Record *spec* as running under the next pid."""
        if spec.name in self.missing or not spec.argv:
            raise DaemonFailed(
                spec.name, f"program not found: {spec.argv[0] if spec.argv else '(empty argv)'}"
            )
        self._next_pid += 1
        argv = (*(("ip", "netns", "exec", spec.netns) if spec.netns else ()), *spec.argv)
        record = DaemonRecord(
            spec.name, self._next_pid, argv, spec.log, ready_path=spec.ready_path, netns=spec.netns,
            start_ticks=self._next_pid * 10,
        )  # fmt: skip
        self.started.append(spec)
        if spec.name in self.crashing:
            self.exited[record.pid] = self.crashing[spec.name]
        else:
            self.running[record.pid] = record
        return record

    def status(self, daemon: DaemonRecord) -> DaemonStatus:
        """Running and ready unless it crashed, was stopped, or never gets ready.

        An ended daemon reports its exit status once, as the real adapter reaps it once.
        """
        if daemon.pid in self.exited:
            return DaemonStatus(running=False, returncode=self.exited.pop(daemon.pid))
        if self.running.get(daemon.pid) != daemon:
            return DaemonStatus(running=False)
        return DaemonStatus(running=True, ready=daemon.name not in self.never_ready)

    def stop(self, daemon: DaemonRecord, *, timeout_s: float = 5.0) -> DaemonStatus:  # noqa: ARG002
        """End *daemon* as SIGTERM would (exit status -15); gone already is success."""
        if self.running.get(daemon.pid) == daemon:
            del self.running[daemon.pid]
            self.exited[daemon.pid] = -15
            self.stopped.append(daemon.name)
        return self.status(daemon)

    def prepare_dir(self, path: str, *, user: str = "", group: str = "", mode: int = 0o755) -> None:
        """Record the directory unless it was prepared before (an existing one is kept)."""
        self.dirs.setdefault(path.rstrip("/") or "/", (user, group, mode))

    @property
    def names_running(self) -> tuple[str, ...]:
        """Names of the daemons running now, in start order."""
        return tuple(record.name for record in self.running.values())
