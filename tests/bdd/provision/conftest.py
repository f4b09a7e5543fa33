"""The world of the provisioning scenarios: a machine made of fakes, a /deploy/vars, one run.

Shared by every ``test_*.py`` in this folder; the steps defined here (deploy vars, running the
pipeline or one step, the statuses the controller received) are the common vocabulary of
``features/provision``. Capability-specific steps live in their own test module.
"""

from __future__ import annotations

import logging

import attrs
import pytest
from pytest_bdd import given, parsers, then, when

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell
from booty.app.provision import HANDLERS, AgentOptions, RunContext, RunReport, run_pipeline
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig, load_vars
from booty.ports import Ports

ROOT = "/newroot"


@attrs.define
class ProvisionWorld:
    """Fakes, configuration and the outcome of one run."""

    host: FakeHost = attrs.field(factory=FakeHost)
    shell: FakeShell = attrs.field(factory=FakeShell)
    controller: FakeController = attrs.field(factory=FakeController)
    clock: FakeClock = attrs.field(factory=FakeClock)
    block: FakeBlockDevices = attrs.field(factory=FakeBlockDevices)
    netlink: FakeNetlink = attrs.field(factory=FakeNetlink)
    http: FakeHttp = attrs.field(factory=FakeHttp)
    lldp: FakeLldp = attrs.field(factory=FakeLldp)
    vars_text: str = 'MODE="provision"\nIMAGE="http://images.example/os.img"\n'
    options: AgentOptions = attrs.field(factory=lambda: AgentOptions(no_reboot=True))
    context: RunContext | None = None
    report: RunReport | None = None
    step_error: Exception | None = None
    step_detail: str | None = None

    @property
    def config(self) -> MachineConfig:
        """The configuration the vars text loads to."""
        return load_vars(self.vars_text, source="/deploy/vars").config

    def ports(self) -> Ports:
        """The fakes as a Ports bundle."""
        return Ports(
            netlink=self.netlink,
            block=self.block,
            http=self.http,
            shell=self.shell,
            controller=self.controller,
            host=self.host,
            clock=self.clock,
            lldp=self.lldp,
            processes=FakeProcesses(),
        )

    def make_context(self) -> RunContext:
        """A fresh context over the fakes (kept, so that later steps see the same state)."""
        if self.context is None:
            self.context = RunContext(
                self.config, self.ports(), StreamPorts(self.http, self.block, self.clock), self.options
            )
        return self.context

    def run(self) -> RunReport:
        """Run the whole pipeline of the configured MODE."""
        self.report = run_pipeline(self.make_context())
        return self.report

    def run_step(self, name: str) -> None:
        """Run one step's handler alone, keeping its error instead of raising it."""
        try:
            self.step_detail = HANDLERS[name].run(self.make_context())
        except Exception as e:  # the scenario asserts on it
            self.step_error = e

    def statuses(self) -> list[str]:
        """Status names the controller received, in order."""
        return [status.value for status, _ in self.controller.statuses]


@pytest.fixture
def world() -> ProvisionWorld:
    return ProvisionWorld()


@given("the deploy vars:")
def deploy_vars(world: ProvisionWorld, docstring: str) -> None:
    world.vars_text = docstring + "\n"


@given(parsers.re(r'^the deploy vars also set (?P<key>[A-Za-z_]+)="(?P<value>[^"]*)"$'))
def deploy_var(world: ProvisionWorld, key: str, value: str) -> None:
    world.vars_text += f'{key}="{value}"\n'


@when("the agent runs the pipeline")
def run_the_pipeline(world: ProvisionWorld, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    world.run()


@when(parsers.re(r"^the step (?P<name>[a-z0-9-]+) runs$"))
def run_one_step(world: ProvisionWorld, name: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    world.run_step(name)


@when(parsers.re(r'^the steps "?(?P<names>[a-z0-9-]+(?:, ?[a-z0-9-]+)*)"? run$'))
def run_steps(world: ProvisionWorld, names: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    for name in (n.strip() for n in names.split(",")):
        world.run_step(name)
        if world.step_error is not None:
            return


@then("the step succeeds")
def step_succeeds(world: ProvisionWorld) -> None:
    assert world.step_error is None, f"step failed: {world.step_error!r}"


@then(parsers.re(r'^the step fails with "(?P<text>[^"]+)"$'))
def step_fails(world: ProvisionWorld, text: str) -> None:
    assert world.step_error is not None, "the step succeeded"
    assert text in str(world.step_error), str(world.step_error)


@then(parsers.re(r'^the step detail is "(?P<text>.*)"$'))
def step_detail_is(world: ProvisionWorld, text: str) -> None:
    assert world.step_error is None, f"step failed: {world.step_error!r}"
    assert world.step_detail == text, world.step_detail


@then(parsers.re(r'^the step detail says "(?P<text>.*)"$'))
def step_detail_says(world: ProvisionWorld, text: str) -> None:
    assert world.step_detail is not None, world.step_error
    assert text in world.step_detail, world.step_detail


@then(parsers.re(r'^the controller received the statuses "(?P<names>[a-z, ]*)"$'))
def controller_statuses(world: ProvisionWorld, names: str) -> None:
    expected = [n.strip() for n in names.split(",") if n.strip()]
    assert world.statuses() == expected


@then(parsers.re(r'^the last status message is "(?P<message>.+)"$'))
def last_status_message(world: ProvisionWorld, message: str) -> None:
    assert world.controller.statuses, "no status was reported"
    assert world.controller.statuses[-1][1] == message


@then(parsers.re(r"^the file (?P<path>/\S+) in the target root is:$"))
def file_in_root_is(world: ProvisionWorld, path: str, docstring: str) -> None:
    content = world.host.read_file(ROOT + path).decode()
    assert content == docstring + "\n", repr(content)


@then(parsers.re(r"^there is no file (?P<path>/\S+) in the target root$"))
def no_file_in_root(world: ProvisionWorld, path: str) -> None:
    assert not world.host.exists(ROOT + path)


@then(parsers.re(r'^the log says "(?P<text>[^"]+)"$'))
def log_says(caplog: pytest.LogCaptureFixture, text: str) -> None:
    messages = [record.getMessage() for record in caplog.records]
    assert any(text in message for message in messages), messages
