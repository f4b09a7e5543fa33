"""Steps of features/provision/orchestrator: the runner over a table of recording handlers.

Every step of every pipeline gets a handler that records its name (and, where the orchestrator's
cleanup depends on it, leaves the facts the real step would: a chosen disk, a mount, a written
image), so these scenarios test sequencing, policies, dry run and resume, nothing else.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.app.provision import RunContext, StepHandler, run_plan
from booty.app.provision.checkpoint import VERSION
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.targets import approve
from booty.domain.plan import DEPROVISION_HARD, DEPROVISION_SOFT, PROVISION, plan_for
from booty.domain.system import BlockDevice, Mount

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/orchestrator")

GIB = 1 << 30
READ_ONLY = frozenset({"detect-disk"})
ALL_STEPS = {step.name for steps in (PROVISION, DEPROVISION_HARD, DEPROVISION_SOFT) for step in steps}


@attrs.define
class Recorder:
    """What the recording handlers do and did."""

    world: ProvisionWorld
    ran: list[str] = attrs.field(factory=list)
    failures: dict[str, tuple[Exception, int]] = attrs.field(factory=dict)
    """Step name: (error raised, how many times; -1 for always)."""
    durations: dict[str, float] = attrs.field(factory=dict)
    write_image: bool = False

    def handler(self, name: str) -> StepHandler:
        return StepHandler(lambda ctx: self.run(name, ctx), read_only=name in READ_ONLY)

    def run(self, name: str, ctx: RunContext) -> str:
        self.ran.append(name)
        self.world.clock.advance(self.durations.get(name, 0.0))
        error, times = self.failures.get(name, (None, 0))
        if error is not None and times != 0:
            self.failures[name] = (error, times - 1)
            raise error
        self._leave_facts(name, ctx)
        return f"{name} recorded"

    def _leave_facts(self, name: str, ctx: RunContext) -> None:
        if name == "detect-disk":
            targets = approve(choose_target_disk(ctx.ports.block.list_disks()))
            ctx.state.targets, ctx.state.target = targets, targets.disks[0]
        elif name == "stream-image" and self.write_image:
            ctx.state.image_written = True
        elif name == "mount-root":
            mount = Mount("/dev/sda2", ctx.root, "ext4")
            ctx.ports.host.mount(mount)
            ctx.state.mounts.append(mount)


@pytest.fixture
def recorder(world: ProvisionWorld) -> Recorder:
    world.block.disks.append(BlockDevice("sda", 100 * GIB))
    return Recorder(world)


@given("every step is recorded instead of done")
def recorded(recorder: Recorder) -> None:
    assert recorder.ran == []


@given(parsers.re(r'^the step "(?P<name>[a-z-]+)" fails with "(?P<reason>[^"]+)"$'))
def step_fails_always(recorder: Recorder, name: str, reason: str) -> None:
    recorder.failures[name] = (RuntimeError(reason), -1)


@given(parsers.re(r'^the step "(?P<name>[a-z-]+)" fails with a ValueError "(?P<reason>[^"]+)"$'))
def step_fails_for_good(recorder: Recorder, name: str, reason: str) -> None:
    recorder.failures[name] = (ValueError(reason), -1)


@given(
    parsers.re(r'^the step "(?P<name>[a-z-]+)" fails (?P<n>\d+) times with "(?P<r>[^"]+)" and then works$')
)
def step_fails_then_works(recorder: Recorder, name: str, n: str, r: str) -> None:
    recorder.failures[name] = (RuntimeError(r), int(n))


@given(parsers.re(r'^the step "(?P<name>[a-z-]+)" takes (?P<seconds>\d+) seconds$'))
def step_takes(recorder: Recorder, name: str, seconds: str) -> None:
    recorder.durations[name] = float(seconds)


@given("the image was written to the target disk")
def image_written(recorder: Recorder) -> None:
    recorder.write_image = True


@given("resume is on")
def resume_on(world: ProvisionWorld) -> None:
    world.options = attrs.evolve(world.options, resume=True)


def _checkpoint(world: ProvisionWorld, images: list[str], completed: list[str]) -> None:
    document = {"version": VERSION, "pipeline": "provision", "images": images, "completed": completed}
    world.host.write_file(world.options.checkpoint_path, json.dumps(document).encode())


@given(parsers.re(r'^a checkpoint records the steps up to "(?P<last>[a-z-]+)" as done$'))
def checkpoint_up_to(world: ProvisionWorld, last: str) -> None:
    names = [step.name for step in PROVISION]
    _checkpoint(world, list(world.config.image_urls), names[: names.index(last) + 1])


@given(parsers.re(r'^a checkpoint for image "(?P<image>[^"]+)" records "(?P<name>[a-z-]+)" as done$'))
def checkpoint_for_image(world: ProvisionWorld, image: str, name: str) -> None:
    _checkpoint(world, [image], [name])


@when("the orchestrator runs the plan")
def run_orchestrator(world: ProvisionWorld, recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    table = {name: recorder.handler(name) for name in ALL_STEPS}
    world.report = run_plan(plan_for(world.config), world.make_context(), table)


def _records(caplog: pytest.LogCaptureFixture, message: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage() == message]


@then("the steps ran in the plan's order, skipping those whose condition is false")
def ran_in_order(world: ProvisionWorld, recorder: Recorder) -> None:
    expected = [p.name for p in plan_for(world.config).steps if p.run]
    assert recorder.ran == expected


@then("the run succeeded")
def run_succeeded(world: ProvisionWorld) -> None:
    assert world.report is not None
    assert world.report.ok, (world.report.failed_step, world.report.error)


@then(parsers.re(r'^the run failed at "(?P<name>[a-z-]+)"$'))
def run_failed_at(world: ProvisionWorld, name: str) -> None:
    assert world.report is not None
    assert world.report.failed_step == name


@then(parsers.re(r'^no step after "(?P<name>[a-z-]+)" ran$'))
def nothing_after(recorder: Recorder, name: str) -> None:
    assert recorder.ran[-1] == name


@then("no step ran")
def no_step_ran(recorder: Recorder) -> None:
    assert recorder.ran == []


@then(
    parsers.re(
        r'^the log has "(?P<message>[^"]+)" for "(?P<name>[a-z-]+)" with index (?P<i>\d+) of (?P<n>\d+)$'
    ),
)
def log_index(caplog: pytest.LogCaptureFixture, message: str, name: str, i: str, n: str) -> None:
    found = [(r.index, r.total) for r in _records(caplog, message) if getattr(r, "step", "") == name]  # type: ignore[attr-defined]
    assert found == [(int(i), int(n))]


@then(parsers.re(r'^step "(?P<name>[a-z-]+)" was skipped because "(?P<reason>[^"]+)"$'))
def skipped_because(world: ProvisionWorld, name: str, reason: str) -> None:
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None
    assert (outcome.result, outcome.detail) == ("skipped", reason)


@then(parsers.re(r'^the log has a "Step timing" line for "(?P<name>[a-z-]+)" with (?P<s>[\d.]+) seconds$'))
def timing_line(caplog: pytest.LogCaptureFixture, name: str, s: str) -> None:
    found = [r.seconds for r in _records(caplog, "Step timing") if getattr(r, "step", "") == name]  # type: ignore[attr-defined]
    assert found == [float(s)]


@then(parsers.re(r'^step "(?P<name>[a-z-]+)" ended as "(?P<result>[a-z-]+)"$'))
def ended_as(world: ProvisionWorld, name: str, result: str) -> None:
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None
    assert outcome.result == result


@then(parsers.re(r'^step "(?P<name>[a-z-]+)" took (?P<n>\d+) attempts$'))
def took_attempts(world: ProvisionWorld, name: str, n: str) -> None:
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None
    assert outcome.attempts == int(n)


@then(parsers.re(r"^the clock slept (?P<a>[\d.]+) then (?P<b>[\d.]+) seconds$"))
def clock_slept(world: ProvisionWorld, a: str, b: str) -> None:
    assert world.clock.sleeps == [float(a), float(b)]


@then(parsers.re(r'^one debug report was sent for step "(?P<name>[a-z-]+)"$'))
def debug_report_sent(world: ProvisionWorld, name: str) -> None:
    reports = [json.loads(text) for text in world.controller.debug_reports]
    assert [r["step"] for r in reports] == [name]
    assert reports[0]["state"]["target"] == "/dev/sda"
    assert any("TOKEN" in line for line in reports[0]["config"])


@then(parsers.re(r'^no debug report or status contains "(?P<secret>[^"]+)"$'))
def secret_absent(world: ProvisionWorld, secret: str) -> None:
    texts = world.controller.debug_reports + [message for _, message in world.controller.statuses]
    assert texts
    assert not any(secret in text for text in texts)


@then("the head and the tail of the target disk were zeroed")
def head_and_tail_zeroed(world: ProvisionWorld) -> None:
    size = 100 * GIB
    mib = 1 << 20
    assert world.block.zeroed == [("/dev/sda", 0, mib), ("/dev/sda", size - mib, mib)]


@then("every mount of the run was undone")
def mounts_undone(world: ProvisionWorld) -> None:
    assert world.host.mounts == []
    assert world.context is not None
    assert world.context.state.mounts == []


@then("no disk was zeroed")
def nothing_zeroed(world: ProvisionWorld) -> None:
    assert world.block.zeroed == []


@then("only the read-only steps ran")
def only_read_only(world: ProvisionWorld, recorder: Recorder) -> None:
    assert recorder.ran == ["detect-disk"]
    assert world.report is not None
    assert {o.result for o in world.report.outcomes} == {"ok", "dry-run", "skipped"}


@then("the checkpoint file is gone")
def checkpoint_gone(world: ProvisionWorld) -> None:
    assert not world.host.exists(world.options.checkpoint_path)


@then(parsers.re(r'^the checkpoint records "(?P<done>[a-z-]+)" and not "(?P<failed>[a-z-]+)"$'))
def checkpoint_records(world: ProvisionWorld, done: str, failed: str) -> None:
    document = json.loads(world.host.read_file(world.options.checkpoint_path))
    assert done in document["completed"]
    assert failed not in document["completed"]
