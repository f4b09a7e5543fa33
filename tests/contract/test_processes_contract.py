"""Contract of the Processes port: PopenProcesses runs real programs, FakeProcesses is set up to
behave the same, and both are held to the same assertions. Then what only the real adapter can
show: output captured, SIGKILL after an ignored SIGTERM, records read back by another process,
recycled pids left alone, daemons inside a network namespace, directories for a daemon user."""

from __future__ import annotations

import os
import pwd
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.linux.daemons import PopenProcesses
from booty.domain.network import DaemonFailed, DaemonRecord, DaemonSpec, DaemonStatus
from booty.ports.processes import Processes

SLEEPER = ("sleep", "30")


@attrs.define
class Backend:
    """One implementation, with what the test needs to stage behaviours on it."""

    processes: Processes
    kind: str
    tmp: Path
    started: list[DaemonRecord] = attrs.field(factory=list)

    def spec(self, name: str, argv: tuple[str, ...] = SLEEPER, *, ready_path: str = "") -> DaemonSpec:
        return DaemonSpec(name, argv, str(self.tmp / "log" / f"{name}.log"), ready_path=ready_path)

    def start(self, spec: DaemonSpec) -> DaemonRecord:
        record = self.processes.start(spec)
        self.started.append(record)
        return record

    def wait_for(self, daemon: DaemonRecord, check: Callable[[DaemonStatus], bool]) -> DaemonStatus:
        deadline = time.monotonic() + 5
        while True:
            status = self.processes.status(daemon)
            if check(status) or time.monotonic() > deadline:
                return status
            time.sleep(0.02)


@pytest.fixture(params=["fake", "linux"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    made = Backend(FakeProcesses() if request.param == "fake" else PopenProcesses(), request.param, tmp_path)
    try:
        yield made
    finally:
        for record in made.started:
            made.processes.stop(record, timeout_s=1)


def test_a_started_daemon_runs_and_is_ready_without_a_ready_path(backend: Backend) -> None:
    daemon = backend.start(backend.spec("sleeper"))
    assert (daemon.name, daemon.argv, daemon.log) == (
        "sleeper",
        SLEEPER,
        str(backend.tmp / "log/sleeper.log"),
    )
    assert daemon.pid > 1
    assert daemon.start_ticks > 0
    assert backend.processes.status(daemon) == DaemonStatus(running=True, ready=True)


def test_stop_ends_it_with_sigterm_and_a_second_stop_is_fine(backend: Backend) -> None:
    daemon = backend.start(backend.spec("sleeper"))
    assert backend.processes.stop(daemon) == DaemonStatus(running=False, returncode=-15)
    assert backend.processes.stop(daemon) == DaemonStatus(running=False)
    assert backend.processes.status(daemon) == DaemonStatus(running=False)


def test_ready_once_the_ready_path_exists(backend: Backend) -> None:
    ready = backend.tmp / "ready.sock"
    daemon = backend.start(
        backend.spec("readying", ("sh", "-c", f"touch {ready}; exec sleep 30"), ready_path=str(ready))
    )
    assert backend.wait_for(daemon, lambda s: s.ready) == DaemonStatus(running=True, ready=True)


def test_never_ready_while_the_ready_path_is_missing(backend: Backend) -> None:
    if isinstance(backend.processes, FakeProcesses):
        backend.processes.never_ready.add("lazy")
    daemon = backend.start(backend.spec("lazy", ready_path=str(backend.tmp / "never.sock")))
    assert backend.processes.status(daemon) == DaemonStatus(running=True, ready=False)


def test_a_daemon_that_exits_reports_its_status_once(backend: Backend) -> None:
    if isinstance(backend.processes, FakeProcesses):
        backend.processes.crashing["crasher"] = 3
    daemon = backend.start(backend.spec("crasher", ("sh", "-c", "echo boom; exit 3")))
    assert backend.wait_for(daemon, lambda s: not s.running) == DaemonStatus(running=False, returncode=3)
    assert backend.processes.status(daemon) == DaemonStatus(running=False)


def test_a_missing_program_is_refused(backend: Backend) -> None:
    if isinstance(backend.processes, FakeProcesses):
        backend.processes.missing.add("ghost")
    with pytest.raises(DaemonFailed, match="ghost: program not found: /usr/lib/booty-no-such-daemon"):
        backend.processes.start(backend.spec("ghost", ("/usr/lib/booty-no-such-daemon", "-d")))


def test_prepare_dir_creates_it_and_keeps_an_existing_one(backend: Backend) -> None:
    path = backend.tmp / "a" / "b"
    backend.processes.prepare_dir(str(path), mode=0o750)
    backend.processes.prepare_dir(str(path), mode=0o700)
    if isinstance(backend.processes, FakeProcesses):
        assert backend.processes.dirs[str(path)] == ("", "", 0o750)
    else:
        assert (path.is_dir(), path.stat().st_mode & 0o777, path.parent.stat().st_mode & 0o777) == (
            True,
            0o750,
            0o755,
        )


## Only the real adapter


@pytest.fixture
def linux(tmp_path: Path) -> Iterator[Backend]:
    made = Backend(PopenProcesses(), "linux", tmp_path)
    try:
        yield made
    finally:
        for record in made.started:
            made.processes.stop(record, timeout_s=1)


def test_output_is_appended_to_the_log(linux: Backend) -> None:
    spec = linux.spec("talker", ("sh", "-c", "echo hello; echo oops >&2"))
    for _ in range(2):
        linux.wait_for(linux.start(spec), lambda s: not s.running)
    assert Path(spec.log).read_text() == "hello\noops\nhello\noops\n"


def test_an_ignored_sigterm_gets_sigkill(linux: Backend) -> None:
    spec = linux.spec("stubborn", ("sh", "-c", "trap '' TERM; echo ready; exec sleep 30"))
    daemon = linux.start(spec)
    deadline = time.monotonic() + 5  # SIGTERM before the trap is set would end it early (-15)
    while "ready" not in Path(spec.log).read_text() and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    assert linux.processes.stop(daemon, timeout_s=0.3) == DaemonStatus(running=False, returncode=-9)
    assert time.monotonic() - started < 3


def test_another_process_stops_it_from_the_record(linux: Backend) -> None:
    daemon = linux.start(linux.spec("sleeper"))
    other = PopenProcesses()  # as 'booty net down' sees it: not its child
    assert other.status(daemon) == DaemonStatus(running=True, ready=True)
    assert other.stop(daemon) == DaemonStatus(running=False)
    assert linux.processes.status(daemon) == DaemonStatus(running=False, returncode=-15)


def test_a_recycled_pid_is_never_signalled(linux: Backend) -> None:
    daemon = linux.start(linux.spec("sleeper"))
    stranger = attrs.evolve(daemon, start_ticks=daemon.start_ticks + 1)
    other = PopenProcesses()
    assert other.status(stranger) == DaemonStatus(running=False)
    assert other.stop(stranger) == DaemonStatus(running=False)
    assert linux.processes.status(daemon) == DaemonStatus(running=True, ready=True)


def test_a_pid_that_is_gone_is_not_running(linux: Backend) -> None:
    gone = DaemonRecord("gone", 2**22 + 7, ("x",), "/dev/null", start_ticks=1)
    assert linux.processes.status(gone) == DaemonStatus(running=False)
    assert linux.processes.stop(gone) == DaemonStatus(running=False)


@pytest.fixture
def netns() -> Iterator[str]:
    if os.geteuid() != 0:
        pytest.skip("needs root: creates a network namespace")
    name = f"booty-proc-{uuid.uuid4().hex[:6]}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)


def test_a_daemon_runs_inside_the_named_namespace(linux: Backend, netns: str) -> None:
    spec = attrs.evolve(linux.spec("inside", ("sh", "-c", "cat /proc/net/dev; exec sleep 30")), netns=netns)
    daemon = linux.start(spec)
    assert daemon.argv[:4] == ("ip", "netns", "exec", netns)
    linux.wait_for(daemon, lambda _s: "lo:" in Path(spec.log).read_text())
    interfaces = [line.split(":")[0].strip() for line in Path(spec.log).read_text().splitlines()[2:]]
    assert interfaces == ["lo"]
    assert linux.processes.stop(daemon) == DaemonStatus(running=False, returncode=-15)


def test_a_missing_namespace_is_refused(linux: Backend) -> None:
    spec = attrs.evolve(linux.spec("inside"), netns="booty-no-such-netns")
    with pytest.raises(DaemonFailed, match="no network namespace named 'booty-no-such-netns'"):
        linux.processes.start(spec)


def test_prepare_dir_gives_it_to_the_daemon_user(linux: Backend) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: changes owners")
    path = linux.tmp / "run"
    linux.processes.prepare_dir(str(path), user="nobody", group="nogroup")
    assert (path.stat().st_uid, path.stat().st_mode & 0o777) == (pwd.getpwnam("nobody").pw_uid, 0o755)


def test_prepare_dir_refuses_an_unknown_user(linux: Backend) -> None:
    with pytest.raises(DaemonFailed, match="cannot prepare it"):
        linux.processes.prepare_dir(str(linux.tmp / "x"), user="booty-no-such-user")
