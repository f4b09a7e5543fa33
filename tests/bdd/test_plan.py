"""Steps for features/plan: which steps a configuration runs, in which order, and the order check."""

from __future__ import annotations

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.domain.config import LoadedConfig, Mode, load_vars
from booty.domain.errors import ConfigError
from booty.domain.plan import (
    DEPROVISION_HARD,
    DEPROVISION_SOFT,
    PROVISION,
    OnError,
    Plan,
    PlannedStep,
    Resource,
    Step,
    Violation,
    check_plan,
    plan_for,
)

scenarios("plan")

PIPELINES = {
    "provision": PROVISION,
    "hard deprovision": DEPROVISION_HARD,
    "soft deprovision": DEPROVISION_SOFT,
}


class PlanWorld:
    """What a plan scenario knows: the vars text, the plan made of it, a step order and its check."""

    def __init__(self) -> None:
        self.text = ""
        self.plan: Plan | None = None
        self.error: ConfigError | None = None
        self.steps: list[Step] = []
        self.violations: tuple[Violation, ...] = ()

    @property
    def made(self) -> Plan:
        assert self.plan is not None, f"planning failed: {self.error}"
        return self.plan

    def planned(self, name: str) -> PlannedStep:
        matches = [p for p in self.made.steps if p.name == name]
        assert matches, f"{name} is not part of the {self.made.pipeline} plan"
        return matches[0]

    def running_names(self) -> list[str]:
        return [step.name for step in self.made.running]

    def index(self, name: str) -> int:
        names = [step.name for step in self.steps]
        return names.index(name)


@pytest.fixture
def world() -> PlanWorld:
    return PlanWorld()


def _plan_text(text: str) -> LoadedConfig:
    return load_vars(text, source="vars")


## Given


@given("the vars file:")
def vars_file(world: PlanWorld, docstring: str) -> None:
    world.text = docstring + "\n"


@given(parsers.parse("the vars file also sets {assignment}"))
def vars_file_also(world: PlanWorld, assignment: str) -> None:
    world.text += assignment + "\n"


@given(parsers.parse("booty's {pipeline} steps"))
def pipeline_steps(world: PlanWorld, pipeline: str) -> None:
    world.steps = list(PIPELINES[pipeline])


@given(
    parsers.re(
        r'booty\'s provision steps with "(?P<name>[\w-]+)" moved (?P<where>before|after) "(?P<anchor>[\w-]+)"'
    )
)
def moved_step(world: PlanWorld, name: str, where: str, anchor: str) -> None:
    world.steps = list(PROVISION)
    step = world.steps.pop(world.index(name))
    world.steps.insert(world.index(anchor) + (where == "after"), step)


@given(parsers.parse('booty\'s provision steps with "{name}" running inside the chroot'))
def step_in_chroot(world: PlanWorld, name: str) -> None:
    world.steps = list(PROVISION)
    at = world.index(name)
    world.steps[at] = attrs.evolve(world.steps[at], in_chroot=True)


@given(parsers.parse('booty\'s provision steps with "{name}" running inside the chroot it needs'))
def step_in_declared_chroot(world: PlanWorld, name: str) -> None:
    world.steps = list(PROVISION)
    at = world.index(name)
    old = world.steps[at]
    world.steps[at] = attrs.evolve(old, in_chroot=True, needs=old.needs | {Resource.CHROOT_READY})


## When


@when("booty plans the run")
def plan_the_run(world: PlanWorld) -> None:
    try:
        world.plan = plan_for(_plan_text(world.text).config)
    except ConfigError as e:
        world.error = e


@when("the order is checked")
def check_order(world: PlanWorld) -> None:
    world.violations = check_plan(world.steps)


## Then


@then(parsers.parse('"{earlier}" runs before "{later}"'))
def runs_before(world: PlanWorld, earlier: str, later: str) -> None:
    names = world.running_names()
    assert earlier in names, f"{earlier} does not run"
    assert later in names, f"{later} does not run"
    assert names.index(earlier) < names.index(later), names


@then(parsers.parse('"{name}" is skipped because "{reason}"'))
def skipped_because(world: PlanWorld, name: str, reason: str) -> None:
    planned = world.planned(name)
    assert (planned.run, planned.reason) == (False, reason)


@then(parsers.parse('"{name}" runs because "{reason}"'))
def runs_because(world: PlanWorld, name: str, reason: str) -> None:
    planned = world.planned(name)
    assert (planned.run, planned.reason) == (True, reason)


@then(parsers.parse('"{name}" is not part of the plan'))
def not_in_plan(world: PlanWorld, name: str) -> None:
    assert name not in [p.name for p in world.made.steps]


@then(parsers.parse('"{name}" runs on the host'))
def runs_on_host(world: PlanWorld, name: str) -> None:
    planned = world.planned(name)
    assert planned.run
    assert not planned.step.in_chroot


@then("the steps that run are, in order:")
def steps_in_order(world: PlanWorld, datatable: list[list[str]]) -> None:
    assert world.running_names() == [row[0] for row in datatable[1:]]


@then(parsers.parse('the steps that run are those of the same file with MODE="{mode}"'))
def same_steps_as(world: PlanWorld, mode: str) -> None:
    other = plan_for(attrs.evolve(_plan_text(world.text).config, mode=Mode(mode)))
    assert world.made.running == other.running


@then(parsers.parse('the pipeline is "{name}"'))
def pipeline_is(world: PlanWorld, name: str) -> None:
    assert world.made.pipeline == name


@then(parsers.parse('the first step that runs is "{name}"'))
def first_step(world: PlanWorld, name: str) -> None:
    assert world.running_names()[0] == name


@then(parsers.parse('no destructive step runs before "{name}"'))
def nothing_destructive_before(world: PlanWorld, name: str) -> None:
    running = world.made.running
    first = [step.name for step in running].index(name)
    assert not [step.name for step in running[:first] if step.destructive]


@then(parsers.parse('every fatal step except "{last}" runs before "{name}"'))
def fatal_steps_before(world: PlanWorld, last: str, name: str) -> None:
    names = world.running_names()
    fatal = [s.name for s in world.made.running if s.on_error is OnError.FATAL and s.name != last]
    assert fatal
    assert all(names.index(f) < names.index(name) for f in fatal)


@then("the plan passes the ordering check")
def plan_passes(world: PlanWorld) -> None:
    assert check_plan(world.made.running) == ()


@then("every step of the pipeline passes the ordering check")
def pipeline_passes(world: PlanWorld) -> None:
    assert check_plan([p.step for p in world.made.steps]) == ()


@then("no step that runs uses the target root")
def no_target_root(world: PlanWorld) -> None:
    assert not [s.name for s in world.made.running if s.touches_target_root or s.in_chroot]
    assert not [s.name for s in world.made.running if Resource.ROOT_MOUNTED in s.needs]


@then(parsers.parse('the check reports "{text}"'))
def check_reports(world: PlanWorld, text: str) -> None:
    assert text in [str(v) for v in world.violations], world.violations


@then("the check reports nothing")
def check_reports_nothing(world: PlanWorld) -> None:
    assert world.violations == ()


@then(parsers.parse('planning is refused with the problem "{text}"'))
def planning_refused(world: PlanWorld, text: str) -> None:
    assert world.plan is None, "a plan was made"
    assert world.error is not None
    assert text in [str(p) for p in world.error.problems]


@then(parsers.parse('the plan is blocked because "{text}"'))
def plan_blocked(world: PlanWorld, text: str) -> None:
    assert world.made.blockers == (text,)


@then("the plan is not blocked")
def plan_not_blocked(world: PlanWorld) -> None:
    assert world.made.blockers == ()


@then("every step is marked as a dry run")
def all_dry_run(world: PlanWorld) -> None:
    assert world.made.dry_run
    assert all(p.dry_run for p in world.made.steps)


@then("no step is marked as a dry run")
def none_dry_run(world: PlanWorld) -> None:
    assert not world.made.dry_run
    assert not any(p.dry_run for p in world.made.steps)


@then("the plan has no steps")
def no_steps(world: PlanWorld) -> None:
    assert world.made.steps == ()


@then(parsers.parse('the plan says "{text}"'))
def plan_says(world: PlanWorld, text: str) -> None:
    assert world.made.note == text
