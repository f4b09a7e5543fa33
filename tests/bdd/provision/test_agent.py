"""Steps of features/provision/agent: ``run_agent`` and ``booty agent`` over the fakes.

The pipelines run with recording handlers (the real runner, every step's handler replaced by one
that records it, reports init and success as the real ones do, and calls the log flush in
flush-logs), so these scenarios test the agent around the pipeline: dispatch, network, the
controller wait, log shipping, standby and the entry point, nothing inside the steps.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import random
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Interface
from typing import TYPE_CHECKING

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.controller import FakeController
from booty.app.agent import AgentResult, AgentSetup, run_agent
from booty.app.cli import main
from booty.app.network import NetworkPorts
from booty.app.provision import AgentOptions, RunContext, RunReport, StepHandler, run_plan
from booty.app.services import AgentWiring, CliServices
from booty.app.standby import StandbySettings
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.controller import Command, Status
from booty.domain.dhcp import DhcpLease
from booty.domain.errors import ControllerError, HttpTransportError
from booty.domain.plan import DEPROVISION_HARD, DEPROVISION_SOFT, PROVISION, plan_for

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/agent")

ALL_STEPS = {step.name for steps in (PROVISION, DEPROVISION_HARD, DEPROVISION_SOFT) for step in steps}
READ_ONLY = frozenset({"detect-disk"})
SAFETY_EVENTS = 2000
"""Standby ends after this many timer events in any scenario that set no other stop."""


@attrs.define
class ScriptedController(FakeController):
    """A FakeController whose polls answer from a script: one batch (or error) per poll."""

    batches: list[list[Command] | Exception] = attrs.field(factory=list)
    every_poll: list[Command] | None = None
    """Served at every poll once the batches are used up (a controller that never dequeues)."""

    def fetch_commands(self) -> tuple[Command, ...]:
        if self.down:
            raise ControllerError("commands: controller unreachable (fake is down)")
        if self.batches:
            batch = self.batches.pop(0)
            if isinstance(batch, Exception):
                raise batch
            return tuple(batch)
        return tuple(self.every_poll or ())


@attrs.define
class Bench:
    """The agent around the world's fakes: what it was given and what it did."""

    world: ProvisionWorld
    network: bool = True
    seed: int = 0
    should_stop: Callable[[], bool] | None = None
    max_iterations: int | None = SAFETY_EVENTS
    failures: dict[str, str] = attrs.field(factory=dict)
    runs: list[tuple[str, RunContext]] = attrs.field(factory=list)
    flushed_lines: list[str] | None = None
    result: AgentResult | None = None
    agent_args: list[str] = attrs.field(factory=list)
    environ: dict[str, str] = attrs.field(factory=dict)
    exit_code: int | None = None
    stdout: str = ""

    @property
    def controller(self) -> ScriptedController:
        assert isinstance(self.world.controller, ScriptedController)
        return self.world.controller

    def handlers(self) -> dict[str, StepHandler]:
        return {name: StepHandler(self._step(name), read_only=name in READ_ONLY) for name in ALL_STEPS}

    def _step(self, name: str) -> Callable[[RunContext], str]:
        def run(ctx: RunContext) -> str:
            if name in self.failures:
                raise RuntimeError(self.failures[name])
            if name == "report-init":
                ctx.ports.controller.report_status(Status.INIT, "provisioning started")
            elif name == "report-success":
                ctx.ports.controller.report_status(Status.SUCCESS, "provisioning complete")
            elif name == "flush-logs":
                ctx.flush_logs()
                self.flushed_lines = self.controller.log_lines
            return f"{name} recorded"

        return run

    def pipeline(self, ctx: RunContext) -> RunReport:
        plan = plan_for(ctx.config)
        self.runs.append((plan.pipeline, ctx))
        return run_plan(plan, ctx, self.handlers())

    def settings(self, seed: int | None = None) -> StandbySettings:
        return StandbySettings(
            rng=random.Random(self.seed if seed is None else seed),  # noqa: S311 - jitter
            should_stop=self.should_stop or (lambda: False),
            max_iterations=self.max_iterations,
        )

    def setup(self, world: ProvisionWorld | None = None, seed: int | None = None) -> AgentSetup:
        world = world or self.world
        ports = world.ports()
        return AgentSetup(
            ports=ports,
            stream=StreamPorts(world.http, world.block, world.clock),
            options=world.options,
            network=NetworkPorts.from_ports(ports) if self.network else None,
            standby=self.settings(seed),
            pipeline=self.pipeline,
        )

    def run(self) -> AgentResult:
        self.result = run_agent(self.world.config, self.setup())
        return self.result

    def services(self) -> CliServices:
        world = self.world

        def wiring(_config: MachineConfig) -> AgentWiring:
            ports = world.ports()
            return AgentWiring(
                ports, StreamPorts(world.http, world.block, world.clock), NetworkPorts.from_ports(ports)
            )

        return CliServices(
            host=world.host,
            serve_controller=lambda _options: 1,
            run_demo=lambda: 1,
            block_devices=lambda _root: world.block,
            agent_wiring=wiring,
            environ=self.environ,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


@pytest.fixture
def bench(world: ProvisionWorld) -> Bench:
    world.controller = ScriptedController()
    return Bench(world)


def _records(caplog: pytest.LogCaptureFixture, message: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage() == message]


## Given


@given("every pipeline step is recorded instead of done")
def recorded_steps(bench: Bench) -> None:
    assert bench.handlers().keys() == ALL_STEPS


@given(parsers.re(r'^the pipeline step "(?P<name>[a-z-]+)" fails with "(?P<reason>[^"]+)"$'))
def step_fails(bench: Bench, name: str, reason: str) -> None:
    bench.failures[name] = reason


@given("the network is left alone")
def network_left_alone(bench: Bench) -> None:
    bench.network = False


@given("the machine has no NIC")
def no_nic(bench: Bench) -> None:
    bench.world.netlink.link_table.clear()


@given(
    parsers.re(
        r'^the machine has a NIC "(?P<name>\w+)" where DHCP offers (?P<address>[\d./]+) '
        r"with the name server (?P<dns>[\d.]+)$"
    )
)
def nic_with_dhcp(bench: Bench, name: str, address: str, dns: str) -> None:
    netlink = bench.world.netlink
    netlink.add_link(name, physical=True, mac="52:54:00:12:34:56", carrier=True)
    iface = IPv4Interface(address)
    gateway = next(iface.network.hosts())
    lease = DhcpLease(name, iface, gateway=gateway, dns=(IPv4Address(dns),), server=gateway)
    netlink.offer_dhcp(lease)


@given(parsers.re(r'^"(?P<url>[^"]+)" never answers$'))
def never_answers(bench: Bench, url: str) -> None:
    for method in ("HEAD", "GET"):
        bench.world.http.add(method, url, HttpTransportError("connection refused", url=url))


@given(parsers.re(r"^standby stops after (?P<count>\d+) timer events$"))
def stop_after_events(bench: Bench, count: str) -> None:
    bench.max_iterations = int(count)


@given(parsers.re(r"^standby stops after (?P<count>\d+) heartbeats$"))
def stop_after_heartbeats(bench: Bench, count: str) -> None:
    bench.should_stop = lambda: bench.controller.heartbeats >= int(count)


@given(parsers.re(r"^standby stops after (?P<seconds>\d+) seconds$"))
def stop_after_seconds(bench: Bench, seconds: str) -> None:
    clock = bench.world.clock
    bench.should_stop = lambda: clock.monotonic() >= float(seconds)


@given(parsers.re(r"^the standby random seed is (?P<seed>\d+)$"))
def random_seed(bench: Bench, seed: str) -> None:
    bench.seed = int(seed)


@given(
    parsers.re(r'^(?:then )?the controller serves the commands "(?P<spec>[^"]*)"(?P<every> in every poll)?$')
)
def serves_commands(bench: Bench, spec: str, every: str | None) -> None:
    commands = [Command(*item.strip().split(":", 1)) for item in spec.split(",") if item.strip()]
    if every:
        bench.controller.every_poll = commands
    else:
        bench.controller.batches.append(commands)


@given(parsers.re(r'^the first command poll fails with "(?P<reason>[^"]+)"$'))
def poll_fails(bench: Bench, reason: str) -> None:
    bench.controller.batches.append(ControllerError(reason))


@given("the controller is unreachable")
def controller_unreachable(bench: Bench) -> None:
    bench.controller.down = True


@given("reboots are allowed")
def reboots_allowed(bench: Bench) -> None:
    bench.world.options = AgentOptions(no_reboot=False)


@given("the agent ran once")
def ran_once(bench: Bench, caplog: pytest.LogCaptureFixture) -> None:
    bench.run()
    assert bench.runs, "the first run ran no pipeline"
    bench.runs.clear()
    caplog.clear()


@given(parsers.re(r"^the file (?P<path>/\S+) on the machine is:$"))
def file_on_machine(bench: Bench, path: str, docstring: str) -> None:
    bench.world.host.write_file(path, (docstring + "\n").encode())


@given(parsers.re(r"^the agent runs in a lab with (?P<switch>\S+)$"))
def lab_switch(bench: Bench, switch: str) -> None:
    if switch.startswith("--"):
        bench.agent_args.append(switch)
    else:
        key, value = switch.split("=", 1)
        bench.environ[key] = value


## When


@when("the agent runs")
def agent_runs(bench: Bench, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    bench.run()


@when(
    parsers.re(
        r"^two agents in standby with seeds (?P<a>\d+) and (?P<b>\d+) each send (?P<n>\d+) heartbeats$"
    )
)
def two_agents(bench: Bench, a: str, b: str, n: str) -> None:
    times = []
    for seed in (int(a), int(b)):
        # A second machine of the same kind (the conftest's class is not importable by name).
        world = type(bench.world)(controller=ScriptedController(), vars_text=bench.world.vars_text)
        controller = world.controller
        bench.should_stop = lambda c=controller: c.heartbeats >= int(n)
        bench.network = False
        result = run_agent(world.config, bench.setup(world, seed))
        assert result.standby is not None
        times.append(result.standby.heartbeats)
    bench.world.host.write_file("/heartbeats.json", json.dumps(times).encode())


@when("booty agent runs")
def booty_agent_runs(bench: Bench, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    services = bench.services()
    bench.exit_code = main(["agent", *bench.agent_args], services)
    assert isinstance(services.stdout, io.StringIO)
    bench.stdout = services.stdout.getvalue()


## Then


def _result(bench: Bench) -> AgentResult:
    assert bench.result is not None, "the agent did not run"
    return bench.result


@then(parsers.re(r'^the agent ran the "(?P<name>[a-z ]+)" pipeline$'))
def ran_pipeline(bench: Bench, name: str) -> None:
    assert [pipeline for pipeline, _ in bench.runs] == [name]


@then("no pipeline ran")
def no_pipeline(bench: Bench) -> None:
    assert bench.runs == []


@then(parsers.re(r"^the agent exits with (?P<code>\d+)$"))
def agent_exit(bench: Bench, code: str) -> None:
    assert _result(bench).exit_code == int(code), _result(bench)


@then(parsers.re(r'^the run ended at "(?P<stage>\w+)" because "(?P<reason>[^"]+)"$'))
def ended_at(bench: Bench, stage: str, reason: str) -> None:
    result = _result(bench)
    assert result.stage == stage, result
    assert reason in result.reason, result.reason


@then(
    parsers.re(
        r'^the log line "(?P<message>[^"]+)" has mode="(?P<mode>[^"]+)" and hostname="(?P<host>[^"]+)"$'
    )
)
def log_line_fields(caplog: pytest.LogCaptureFixture, message: str, mode: str, host: str) -> None:
    records = _records(caplog, message)
    assert records, f"no {message!r} record"
    assert (getattr(records[0], "mode", None), getattr(records[0], "hostname", None)) == (mode, host)


@then(parsers.re(r'^the pipeline saw the learned name servers "(?P<servers>[^"]*)"$'))
def learned_servers(bench: Bench, servers: str) -> None:
    assert bench.runs, "no pipeline ran"
    expected = tuple(s.strip() for s in servers.split(",") if s.strip())
    assert bench.runs[0][1].state.learned_resolvers == expected


@then(parsers.re(r'^the pipeline found LLDP listening on "(?P<names>[^"]+)" started with the network$'))
def lldp_started(bench: Bench, names: str) -> None:
    assert bench.runs, "no pipeline ran"
    survey = bench.runs[0][1].state.lldp_survey
    assert survey is not None
    assert survey.interfaces == tuple(names.split(","))
    survey.neighbors()  # the listen runs on its own thread: wait for it
    assert [interfaces for interfaces, _timeout in bench.world.lldp.listens] == [survey.interfaces]


@then("the pipeline found no LLDP listening")
def no_lldp(bench: Bench) -> None:
    assert bench.runs, "no pipeline ran"
    assert bench.runs[0][1].state.lldp_survey is None
    assert bench.world.lldp.listens == []


@then("the DHCP client was stopped at the end")
def dhcp_stopped(bench: Bench) -> None:
    assert bench.world.netlink.dhcp_client is None


@then(parsers.re(r"^the agent waited (?P<seconds>\d+) seconds for the controller$"))
def waited(bench: Bench, seconds: str) -> None:
    assert float(seconds) - 2 <= bench.world.clock.monotonic() <= float(seconds) + 1


@then(parsers.re(r'^the first request went to "(?P<url>[^"]+)"$'))
def first_request(bench: Bench, url: str) -> None:
    assert bench.world.http.requests, "no request"
    assert bench.world.http.requests[0].url == url


@then("no HTTP request was sent")
def no_request(bench: Bench) -> None:
    assert bench.world.http.requests == []


@then(parsers.re(r"^the controller's log has a line with \"(?P<text>.+)\"$"))
def shipped_line(bench: Bench, text: str) -> None:
    lines = bench.controller.log_lines
    assert any(text in line for line in lines), lines


@then(parsers.re(r'^no shipped line contains "(?P<text>[^"]+)"$'))
def not_shipped(bench: Bench, text: str) -> None:
    assert bench.controller.log_lines, "nothing was shipped"
    assert not any(text in line for line in bench.controller.log_lines)


@then(parsers.re(r'^when flush-logs ran the controller already had the line with "(?P<text>[^"]+)"$'))
def flushed_before(bench: Bench, text: str) -> None:
    assert bench.flushed_lines is not None, "flush-logs did not run"
    assert any(text in line for line in bench.flushed_lines), bench.flushed_lines


@then(parsers.re(r'^the debug report\'s recent log lines include "(?P<text>[^"]+)"$'))
def debug_report_lines(bench: Bench, text: str) -> None:
    assert bench.controller.debug_reports, "no debug report"
    report = json.loads(bench.controller.debug_reports[-1])
    assert any(text in line for line in report["recent_logs"]), report["recent_logs"]


@then("nothing was shipped to LOG_URL")
def nothing_shipped(bench: Bench) -> None:
    assert bench.controller.log_posts == []


@then(parsers.re(r"^the first heartbeat came within (?P<seconds>\d+) seconds$"))
def first_heartbeat(bench: Bench, seconds: str) -> None:
    standby = _result(bench).standby
    assert standby is not None
    assert standby.heartbeats
    assert 0 <= standby.heartbeats[0] < float(seconds)


def _gaps(times: tuple[float, ...]) -> list[float]:
    return [later - earlier for earlier, later in itertools.pairwise(times)]


@then(parsers.re(r"^every gap between heartbeats is between (?P<low>\d+) and (?P<high>\d+) seconds$"))
def heartbeat_gaps(bench: Bench, low: str, high: str) -> None:
    standby = _result(bench).standby
    assert standby is not None
    gaps = _gaps(standby.heartbeats)
    assert len(gaps) >= 5
    assert all(float(low) <= gap <= float(high) for gap in gaps), gaps


@then("the gaps between heartbeats are not all the same")
def gaps_differ(bench: Bench) -> None:
    standby = _result(bench).standby
    assert standby is not None
    assert len({round(gap, 6) for gap in _gaps(standby.heartbeats)}) > 1


@then("their heartbeat times differ")
def times_differ(bench: Bench) -> None:
    first, second = json.loads(bench.world.host.read_file("/heartbeats.json"))
    assert len(first) == len(second) == 5
    assert all(abs(a - b) > 0.001 for a, b in zip(first, second, strict=True)), (first, second)


@then(parsers.re(r"^between (?P<low>\d+) and (?P<high>\d+) polls were made$"))
def poll_count(bench: Bench, low: str, high: str) -> None:
    standby = _result(bench).standby
    assert standby is not None
    assert int(low) <= standby.polls <= int(high), standby.polls


@then(parsers.re(r"^between (?P<low>\d+) and (?P<high>\d+) heartbeats were sent$"))
def heartbeat_count(bench: Bench, low: str, high: str) -> None:
    standby = _result(bench).standby
    assert standby is not None
    assert int(low) <= len(standby.heartbeats) <= int(high), standby.heartbeats


@then(parsers.re(r'^standby ended by "(?P<how>[a-z ]+)"$'))
def standby_ended(bench: Bench, how: str) -> None:
    standby = _result(bench).standby
    assert standby is not None
    assert standby.ended_by == how


@then("the machine rebooted once")
def rebooted_once(bench: Bench) -> None:
    assert bench.world.host.reboots == [False]


@then("the machine did not reboot")
def not_rebooted(bench: Bench) -> None:
    assert bench.world.host.reboots == []


@then(
    parsers.re(r'^the warning "(?P<message>[^"]+)" names id "(?P<ident>[^"]+)" and type "(?P<kind>[^"]+)"$')
)
def warning_names(caplog: pytest.LogCaptureFixture, message: str, ident: str, kind: str) -> None:
    records = [r for r in _records(caplog, message) if r.levelno == logging.WARNING]
    assert records, f"no warning {message!r}"
    assert (getattr(records[0], "id", None), getattr(records[0], "type", None)) == (ident, kind)


@then(parsers.re(r'^the warning "(?P<message>[^"]+)" was logged once$'))
def warned_once(caplog: pytest.LogCaptureFixture, message: str) -> None:
    assert len([r for r in _records(caplog, message) if r.levelno == logging.WARNING]) == 1


@then(parsers.re(r"^the machine rebooted after waiting (?P<seconds>\d+) seconds$"))
def rebooted_after(bench: Bench, seconds: str) -> None:
    assert bench.world.host.reboots == [False]
    assert bench.world.clock.sleeps, "no wait before the reboot"
    assert bench.world.clock.sleeps[-1] == float(seconds)


@then("nothing was sent to the controller")
def nothing_sent(bench: Bench) -> None:
    controller = bench.controller
    assert (controller.statuses, controller.log_posts, controller.debug_reports) == ([], [], [])
    assert bench.world.http.requests == []


@then(parsers.re(r'^a logged problem starts with "(?P<text>[^"]+)"$'))
def logged_problem(caplog: pytest.LogCaptureFixture, text: str) -> None:
    problems = [str(getattr(r, "problem", "")) for r in caplog.records]
    assert any(problem.startswith(text) for problem in problems), problems


@then(parsers.re(r"^booty agent exits with (?P<code>\d+)$"))
def booty_agent_exit(bench: Bench, code: str) -> None:
    assert bench.exit_code == int(code)


@then(parsers.re(r'^the summary says "(?P<text>[^"]+)"$'))
def summary_says(bench: Bench, text: str) -> None:
    assert text in bench.stdout, bench.stdout
