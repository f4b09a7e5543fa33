"""The Processes port over ``subprocess.Popen``: booty as the supervisor of its own daemons.

Rules of this file:

1. argv lists only, never a shell. A daemon for a named network namespace runs under
   ``ip netns exec NAME``, which enters the namespace and then execs the daemon in the same
   process (same pid), so nothing here calls setns(2) between fork and exec.
2. Each daemon gets its own session (``start_new_session``): a Ctrl-C in the operator's shell, or
   the end of ``booty net up``, does not take the daemons with it.
3. A pid is only signalled while ``/proc/PID/stat`` shows the start time recorded when booty
   started it: a recycled pid belongs to someone else and counts as "already gone". A zombie
   (state Z) counts as gone too; booty reaps the ones that are its own children.
4. Nothing from ``subprocess`` crosses the port: failures become ``DaemonFailed``.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

import attrs

from booty.domain.network.state import DaemonFailed, DaemonRecord, DaemonSpec, DaemonStatus

NETNS_DIR = "/run/netns"
"""Where ``ip netns add`` bind-mounts named namespaces."""
KILL_WAIT_S = 5.0
"""How long to wait for the kernel to finish off a process after SIGKILL."""
POLL_S = 0.05


@attrs.define
class PopenProcesses:
    """Starts daemons as children of this process and keeps their ``Popen`` to reap them."""

    proc_root: str = "/proc"
    _children: dict[int, subprocess.Popen[bytes]] = attrs.field(factory=dict, init=False, repr=False)

    def start(self, spec: DaemonSpec) -> DaemonRecord:
        """Start *spec* in the foreground, output appended to ``spec.log`` (see the port)."""
        argv = (*self._netns_prefix(spec), *spec.argv)
        program = spec.argv[0] if spec.argv else ""
        if not program or shutil.which(program) is None:
            raise DaemonFailed(spec.name, f"program not found: {program or '(empty argv)'}")
        try:
            Path(spec.log).parent.mkdir(parents=True, exist_ok=True)
            with Path(spec.log).open("ab") as log:
                proc = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    close_fds=True,
                )
        except OSError as e:
            raise DaemonFailed(spec.name, f"cannot start: {e.strerror or e}") from e
        self._children[proc.pid] = proc
        return DaemonRecord(
            spec.name,
            proc.pid,
            argv,
            spec.log,
            ready_path=spec.ready_path,
            netns=spec.netns,
            start_ticks=self._start_ticks(proc.pid) or 0,
        )

    def status(self, daemon: DaemonRecord) -> DaemonStatus:
        """Running and ready, or ended (with its exit status when it was our child)."""
        proc = self._children.get(daemon.pid)
        if proc is not None:
            returncode = proc.poll()
            if returncode is not None:
                del self._children[daemon.pid]
                return DaemonStatus(running=False, returncode=returncode)
        elif not self._alive(daemon):
            return DaemonStatus(running=False)
        ready = not daemon.ready_path or Path(daemon.ready_path).exists()
        return DaemonStatus(running=True, ready=ready)

    def stop(self, daemon: DaemonRecord, *, timeout_s: float = 5.0) -> DaemonStatus:
        """SIGTERM, SIGKILL after *timeout_s*, then wait until it is gone (see the port)."""
        for sig, wait_s in ((signal.SIGTERM, timeout_s), (signal.SIGKILL, KILL_WAIT_S)):
            status = self.status(daemon)
            if not status.running:
                return status
            try:
                os.kill(daemon.pid, sig)
            except ProcessLookupError:
                return self.status(daemon)
            except PermissionError as e:
                raise DaemonFailed(daemon.name, f"cannot signal pid {daemon.pid}: {e.strerror}") from e
            if self._wait_gone(daemon, wait_s):
                return self.status(daemon)
        raise DaemonFailed(daemon.name, f"pid {daemon.pid} survived SIGKILL for {KILL_WAIT_S:g} s")

    def prepare_dir(self, path: str, *, user: str = "", group: str = "", mode: int = 0o755) -> None:
        """Create *path* (parents with mode 0755) owned by *user*:*group*; an existing one is kept."""
        target = Path(path)
        if target.is_dir():
            return
        try:
            for missing in reversed([target, *(p for p in target.parents if not p.exists())]):
                missing.mkdir(exist_ok=True)
                missing.chmod(0o755)  # whatever the umask: the daemon user must traverse them
            target.chmod(mode)
            uid = pwd.getpwnam(user).pw_uid if user else -1
            gid = grp.getgrnam(group).gr_gid if group else -1
            os.chown(target, uid, gid)
        except (OSError, LookupError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            raise DaemonFailed(f"directory {path}", f"cannot prepare it: {reason}") from e

    def _netns_prefix(self, spec: DaemonSpec) -> tuple[str, ...]:
        if spec.netns is None:
            return ()
        if not Path(NETNS_DIR, spec.netns).exists():
            raise DaemonFailed(spec.name, f"no network namespace named {spec.netns!r}")
        if shutil.which("ip") is None:
            raise DaemonFailed(spec.name, "'ip' (iproute2) is needed to run in a network namespace")
        return ("ip", "netns", "exec", spec.netns)

    def _wait_gone(self, daemon: DaemonRecord, wait_s: float) -> bool:
        proc = self._children.get(daemon.pid)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(wait_s)
            return proc.poll() is not None
        deadline = time.monotonic() + wait_s
        while self._alive(daemon):
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)
        return True

    def _alive(self, daemon: DaemonRecord) -> bool:
        """True while the pid runs (not a zombie) and is still the process booty started."""
        stat = self._stat(daemon.pid)
        if stat is None or stat[0] in {"Z", "X", "x"}:
            return False
        return not daemon.start_ticks or stat[1] == daemon.start_ticks

    def _start_ticks(self, pid: int) -> int | None:
        stat = self._stat(pid)
        return stat[1] if stat is not None else None

    def _stat(self, pid: int) -> tuple[str, int] | None:
        """(state, start time in clock ticks) from /proc/PID/stat, or None when there is no such pid."""
        try:
            text = Path(self.proc_root, str(pid), "stat").read_text()
        except OSError:
            return None
        # "pid (comm) state ppid ..." where comm may hold spaces and parentheses: split after the last ")".
        fields = text[text.rindex(")") + 2 :].split()
        return fields[0], int(fields[19])
