"""The standby loop's details: timer jitter, the executed-ID file, command order, failures."""

from __future__ import annotations

import itertools
import json
import logging
import random
from collections.abc import Callable

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell
from booty.app.provision import AgentOptions, RunContext, RunReport
from booty.app.standby import SEEN_FILE, StandbyOutcome, StandbySettings, run_standby
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig, Mode
from booty.domain.controller import Command
from booty.domain.errors import RebootFailed
from booty.ports import Ports

SEEN_PATH = f"/tmp/{SEEN_FILE}"


class Machine:
    """Fakes, a context in standby, and a pipeline that records the MODE it was run with."""

    def __init__(
        self,
        *,
        no_reboot: bool = True,
        pipeline_ok: bool = True,
        host: FakeHost | None = None,
        controller: FakeController | None = None,
    ) -> None:
        self.host, self.clock = host or FakeHost(), FakeClock()
        self.controller = controller or FakeController()
        block, http = FakeBlockDevices(), FakeHttp()
        ports = Ports(
            netlink=FakeNetlink(),
            block=block,
            http=http,
            shell=FakeShell(),
            controller=self.controller,
            host=self.host,
            clock=self.clock,
            lldp=FakeLldp(),
            processes=FakeProcesses(),
        )
        self.ctx = RunContext(
            MachineConfig(mode=Mode.STANDBY),
            ports,
            StreamPorts(http, block, self.clock),
            AgentOptions(no_reboot=no_reboot),
        )
        self.ran: list[Mode] = []
        self.pipeline_ok = pipeline_ok

    def pipeline(self, ctx: RunContext) -> RunReport:
        self.ran.append(ctx.config.mode)
        ctx.state.left_ramdisk = True  # as the pipeline's reboot step does
        if self.pipeline_ok:
            return RunReport("provision", ())
        return RunReport("provision", (), "stream-image", "image server answered 404")

    def standby(
        self,
        *,
        rng: random.Random | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        max_iterations: int = 200,
    ) -> StandbyOutcome:
        settings = StandbySettings(
            rng=rng or random.Random(0),  # noqa: S311 - jitter, not secrets
            should_stop=should_stop,
            max_iterations=max_iterations,
        )
        return run_standby(self.ctx, pipeline=self.pipeline, settings=settings)


class PollTimes(FakeController):
    """Remembers when each poll came."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.times: list[float] = []

    def fetch_commands(self) -> tuple[Command, ...]:
        self.times.append(self.clock.monotonic())
        return super().fetch_commands()


class UnrebootableHost(FakeHost):
    """A host whose reboot(2) is refused (no CAP_SYS_BOOT)."""

    def reboot(self, *, kexec: bool = False) -> None:
        raise RebootFailed("reboot", target="kexec" if kexec else "restart", errno=1, reason="EPERM")


@pytest.mark.parametrize("seed", range(20))
def test_heartbeat_and_poll_intervals_stay_within_their_jitter(seed: int) -> None:
    controller = PollTimes()
    machine = Machine(controller=controller)
    controller.clock = machine.clock
    polls = controller.times
    outcome = machine.standby(
        rng=random.Random(seed),  # noqa: S311
        should_stop=lambda: machine.clock.now >= 600,
    )
    beats = outcome.heartbeats
    assert 0 <= beats[0] < 30
    assert 0 <= polls[0] < 10
    assert all(24 <= b - a <= 36 for a, b in itertools.pairwise(beats))
    assert all(9 <= b - a <= 11 for a, b in itertools.pairwise(polls))


def test_executed_ids_are_saved_before_the_command_runs_and_survive_a_restart() -> None:
    machine = Machine()
    machine.controller.pending_commands = [Command("cmd-1", "provision")]
    machine.standby()
    assert machine.ran == [Mode.PROVISION]
    assert machine.ctx.state.left_ramdisk  # told to the agent, which then does not reboot again
    assert json.loads(machine.host.read_file(SEEN_PATH)) == {"version": 1, "executed": ["cmd-1"]}
    machine.controller.pending_commands = [Command("cmd-1", "provision")]
    outcome = machine.standby(max_iterations=20)
    assert machine.ran == [Mode.PROVISION]
    assert outcome.ended_by == "stopped"


def test_an_unreadable_id_file_is_ignored_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    machine = Machine()
    machine.host.write_file(SEEN_PATH, b"{not json")
    machine.controller.pending_commands = [Command("cmd-1", "deprovision")]
    machine.standby()
    assert machine.ran == [Mode.DEPROVISION]
    assert "Ignoring unreadable executed command IDs" in caplog.text


def test_commands_without_an_id_cannot_be_told_apart_and_always_run() -> None:
    machine = Machine()
    machine.controller.pending_commands = [Command("", "status-check"), Command("", "provision")]
    machine.standby()
    assert machine.ran == [Mode.PROVISION]
    assert not machine.host.exists(SEEN_PATH)


def test_commands_after_the_one_that_ends_standby_are_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    machine = Machine()
    machine.controller.pending_commands = [Command("a", "deprovision"), Command("b", "provision")]
    machine.standby()
    assert machine.ran == [Mode.DEPROVISION]
    assert "Command not processed: standby ended" in caplog.text
    assert json.loads(machine.host.read_file(SEEN_PATH))["executed"] == ["a"]


def test_a_failed_hot_provision_is_logged_and_makes_the_outcome_fail(
    caplog: pytest.LogCaptureFixture,
) -> None:
    machine = Machine(pipeline_ok=False)
    machine.controller.pending_commands = [Command("cmd-1", "provision")]
    outcome = machine.standby()
    assert not outcome.ok
    assert "Hot provision failed" in caplog.text


def test_a_failed_heartbeat_is_not_counted() -> None:
    machine = Machine()
    machine.controller.down = True
    outcome = machine.standby(max_iterations=10)
    assert outcome.heartbeats == ()
    assert outcome.polls > 0


def test_a_reboot_that_fails_ends_standby_as_a_failure(caplog: pytest.LogCaptureFixture) -> None:
    machine = Machine(no_reboot=False, host=UnrebootableHost())
    machine.controller.pending_commands = [Command("r", "reboot")]
    outcome = machine.standby()
    assert outcome.ended_by == "reboot failed"
    assert not outcome.ok
    assert "Reboot failed" in caplog.text


def test_a_reboot_flushes_the_logs_first() -> None:
    machine = Machine(no_reboot=False)
    flushed: list[int] = []
    machine.ctx = RunContext(
        machine.ctx.config,
        machine.ctx.ports,
        machine.ctx.stream,
        machine.ctx.options,
        flush_logs=lambda: flushed.append(len(machine.host.reboots)),
    )
    machine.controller.pending_commands = [Command("r", "reboot")]
    machine.standby()
    assert flushed == [0]
    assert machine.host.reboots == [False]
    assert machine.ctx.state.left_ramdisk
