"""The connectivity wait's stall remedy, and FRR mode's: restarting booty's own FRR daemons
(spec networking.md §4.8), over the fakes."""

from __future__ import annotations

import attrs
import pytest

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell
from booty.app.network import (
    FrrRestart,
    NetworkPorts,
    Stall,
    restart_frr,
    wait_for_controller,
    wait_for_network,
)
from booty.domain.config.model import NetworkConfig
from booty.domain.errors import CommandFailed, ControllerUnreachable, HttpTransportError, NetworkSetupFailed
from booty.domain.http import HttpResponse
from booty.domain.network import FrrLayout, NetworkMode, NetworkRecord
from booty.domain.network.frr_daemons import DaemonUser, plan_frr_daemons
from booty.domain.network.state import DaemonFailed

URL = "http://10.0.0.1:8080/status/init"
LAYOUT = FrrLayout("/run/booty/frr-ns1")
REFUSED = HttpTransportError("connection refused", url=URL)


@attrs.define
class Remedy:
    """Records every stall; takes *takes_s* of the clock's time each run."""

    clock: FakeClock
    every_s: float = 120.0
    takes_s: float = 0.0
    stalls: list[Stall] = attrs.field(factory=list)

    def __call__(self, stall: Stall) -> None:
        self.stalls.append(stall)
        self.clock.advance(self.takes_s)


def unreachable(*, answers_after: int | None = None) -> FakeHttp:
    http = FakeHttp()
    if answers_after is None:
        http.add("HEAD", URL, REFUSED)
    else:
        http.add("HEAD", URL, *([REFUSED] * answers_after), HttpResponse(503))
    return http


def frr_world(*, netns: str | None = "ns1") -> tuple[NetworkPorts, FakeProcesses, NetworkRecord]:
    """FRR's zebra and bgpd running as frr_up would have left them, with their record."""
    clock = FakeClock()
    processes = FakeProcesses()
    ports = NetworkPorts(FakeNetlink(clock=clock), clock, FakeShell(), FakeHost(), processes, unreachable())
    specs = plan_frr_daemons(NetworkConfig(), LAYOUT, user=DaemonUser(), netns=netns)
    record = NetworkRecord(
        mode=NetworkMode.FRR,
        interface="br.provision",
        netns=netns,
        links=("dummy.underlay", "vx0", "br.provision"),
        daemons=tuple(processes.start(spec) for spec in specs),
        frr_root=LAYOUT.root,
    )
    return ports, processes, record


## wait_for_controller with a stall remedy


def test_the_remedy_runs_every_120_s_while_time_is_left() -> None:
    clock = FakeClock()
    remedy = Remedy(clock)
    with pytest.raises(ControllerUnreachable):
        wait_for_controller(unreachable(), clock, URL, timeout_s=300, on_stall=remedy)
    assert remedy.stalls == [Stall(1, 120.0, 121, 180.0), Stall(2, 120.0, 241, 60.0)]


def test_the_remedy_s_own_time_does_not_count_towards_the_next() -> None:
    clock = FakeClock()
    remedy = Remedy(clock, takes_s=10)
    with pytest.raises(ControllerUnreachable) as raised:
        wait_for_controller(unreachable(), clock, URL, timeout_s=300, on_stall=remedy)
    assert [(s.attempts, s.time_left_s) for s in remedy.stalls] == [(121, 180.0), (241, 50.0)]
    assert raised.value.attempts == 281  # 20 s of the 300 went to the two remedies


def test_a_remedy_that_overruns_the_deadline_ends_the_wait() -> None:
    clock = FakeClock()
    remedy = Remedy(clock, takes_s=500)
    with pytest.raises(ControllerUnreachable) as raised:
        wait_for_controller(unreachable(), clock, URL, timeout_s=300, on_stall=remedy)
    assert (len(remedy.stalls), raised.value.attempts, clock.now) == (1, 121, 620)


@pytest.mark.parametrize(("timeout_s", "stalls"), [(120, 0), (121, 1), (240, 1), (241, 2)])
def test_no_remedy_when_the_wait_would_end_anyway(timeout_s: float, stalls: int) -> None:
    clock = FakeClock()
    remedy = Remedy(clock)
    with pytest.raises(ControllerUnreachable):
        wait_for_controller(unreachable(), clock, URL, timeout_s=timeout_s, on_stall=remedy)
    assert len(remedy.stalls) == stalls


def test_no_remedy_once_the_controller_answers() -> None:
    clock = FakeClock()
    remedy = Remedy(clock)
    reached = wait_for_controller(unreachable(answers_after=130), clock, URL, timeout_s=300, on_stall=remedy)
    assert (reached.attempts, reached.status, len(remedy.stalls)) == (131, 503, 1)


## restart_frr


def test_a_restart_stops_newest_first_and_starts_the_same_command_lines() -> None:
    ports, processes, record = frr_world()
    new = restart_frr(ports, record)
    assert processes.stopped == ["bgpd", "zebra"]
    assert [spec.argv for spec in processes.started[2:]] == [spec.argv for spec in processes.started[:2]]
    assert all(spec.netns == "ns1" for spec in processes.started[2:])
    assert [d.name for d in new.daemons] == ["zebra", "bgpd"]
    assert {d.pid for d in new.daemons}.isdisjoint(d.pid for d in record.daemons)
    assert new.daemons == tuple(processes.running.values())
    assert attrs.evolve(new, daemons=record.daemons) == record
    assert isinstance(ports.shell, FakeShell)
    assert ports.shell.argvs == [LAYOUT.vtysh_load()]


def test_a_restart_outside_a_namespace_keeps_the_command_line() -> None:
    ports, processes, record = frr_world(netns=None)
    restart_frr(ports, record)
    assert processes.started[2].argv == processes.started[0].argv
    assert processes.started[2].argv[0] == "/usr/lib/frr/zebra"


def test_a_socket_left_behind_is_removed_before_the_restart() -> None:
    ports, _processes, record = frr_world()
    ports.host.write_file(LAYOUT.vty_socket("zebra"), b"")
    restart_frr(ports, record)
    assert not ports.host.exists(LAYOUT.vty_socket("zebra"))


def test_a_socket_that_cannot_be_removed_does_not_stop_the_restart(caplog: pytest.LogCaptureFixture) -> None:
    ports, processes, record = frr_world()
    ports.host.make_dirs(LAYOUT.vty_socket("bgpd"))
    restart_frr(ports, record)
    assert processes.names_running == ("zebra", "bgpd")
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "Stale FRR socket not removed"
    ]


def test_a_failed_restart_stops_what_it_started() -> None:
    ports, processes, record = frr_world()
    processes.missing.add("bgpd")
    with pytest.raises(DaemonFailed, match="bgpd: program not found"):
        restart_frr(ports, record)
    assert processes.stopped == ["bgpd", "zebra", "zebra"]
    assert processes.names_running == ()


def test_a_configuration_vtysh_refuses_fails_the_restart() -> None:
    ports, processes, record = frr_world()
    assert isinstance(ports.shell, FakeShell)
    ports.shell.script(LAYOUT.vtysh_load(), returncode=1, stderr="line 4: % Unknown command\n")
    with pytest.raises(CommandFailed):
        restart_frr(ports, record)
    assert processes.names_running == ()


def test_a_record_without_daemons_is_not_restarted() -> None:
    ports, _processes, record = frr_world()
    with pytest.raises(NetworkSetupFailed, match="nothing to restart"):
        restart_frr(ports, attrs.evolve(record, daemons=()))


## FrrRestart and wait_for_network


def test_a_restart_never_waits_beyond_the_time_left() -> None:
    ports, processes, record = frr_world()
    processes.never_ready.add("zebra")
    restart = FrrRestart(ports, record)
    restart(Stall(1, 120.0, 121, 5.0))
    assert restart.restarts == 0
    assert restart.record == record
    assert ports.clock.monotonic() == pytest.approx(5.0, abs=0.11)
    assert processes.names_running == ()


def test_a_restart_keeps_its_record_without_a_listener() -> None:
    ports, processes, record = frr_world()
    restart = FrrRestart(ports, record)
    restart(Stall(1, 120.0, 121, 180.0))
    assert restart.restarts == 1
    assert restart.record.daemons == tuple(processes.running.values())


def test_wait_for_network_tells_the_caller_each_new_record() -> None:
    ports, processes, record = frr_world()
    seen: list[NetworkRecord] = []
    with pytest.raises(ControllerUnreachable):
        wait_for_network(ports, record, URL, timeout_s=300, on_record=seen.append)
    assert len(seen) == 2
    assert seen[-1].daemons == tuple(processes.running.values())
    assert isinstance(ports.shell, FakeShell)
    assert LAYOUT.vtysh("show bgp summary") in ports.shell.argvs  # the state dump of §4.8


@pytest.mark.parametrize("mode", [NetworkMode.DHCP, NetworkMode.STATIC, None])
def test_wait_for_network_restarts_nothing_in_other_modes(mode: NetworkMode | None) -> None:
    ports, processes, record = frr_world()
    with pytest.raises(ControllerUnreachable):
        wait_for_network(ports, attrs.evolve(record, mode=mode), URL, timeout_s=300)
    assert (processes.stopped, len(processes.started)) == ([], 2)
    assert isinstance(ports.shell, FakeShell)
    assert ports.shell.argvs == []
