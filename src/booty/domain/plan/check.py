"""The check that a sequence of steps can run in that order: every need met, every rule kept.

``check_plan`` is run by the tests on every pipeline and on the plan of any configuration, and by
the app before it starts a run; it returns the violations instead of raising, so a test (or
``booty plan``) can show all of them at once.

Rules of this file:

1. The check looks only at the steps it is given, in the order given: callers pass the steps that
   will run, with skipped ones left out, so a skipped step never meets a need.
2. Each violation names the step at fault and says what is wrong in one sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

import attrs

from booty.domain.plan.constraints import STEP_CONSTRAINTS, Constraint
from booty.domain.plan.disk_steps import REPORT_INIT
from booty.domain.plan.step import Resource, Step


@attrs.frozen
class Violation:
    """One way an order of steps is wrong."""

    step: str
    reason: str

    def __str__(self) -> str:
        return f"{self.step}: {self.reason}"


def check_plan(
    steps: Sequence[Step], *, constraints: Sequence[Constraint] = STEP_CONSTRAINTS
) -> tuple[Violation, ...]:
    """Every reason why *steps*, run in this order, would go wrong; empty when they are sound.

    Args:
        steps: the steps that will run, in order (skipped steps left out).
        constraints: the ordering table; ``STEP_CONSTRAINTS`` unless a test says otherwise.

    Returns:
        The violations, grouped by rule: repeated steps, unmet needs, undeclared use of the target
        root or the chroot, broken ordering rules, phases out of order, destruction before
        report-init.
    """
    return (
        *_repeated(steps),
        *_unmet_needs(steps),
        *_undeclared_target_use(steps),
        *_broken_constraints(steps, constraints),
        *_phases_out_of_order(steps),
        *_destructive_before_init(steps),
    )


def _repeated(steps: Sequence[Step]) -> Iterator[Violation]:
    seen: set[str] = set()
    for step in steps:
        if step.name in seen:
            yield Violation(step.name, "runs more than once")
        seen.add(step.name)


def _unmet_needs(steps: Sequence[Step]) -> Iterator[Violation]:
    available: set[Resource] = set()
    released_by: dict[Resource, str] = {}
    for step in steps:
        for need in sorted(step.needs - available, key=lambda r: r.value):
            if need in released_by:
                reason = f"needs {need.value}, which {released_by[need]} released earlier"
            else:
                reason = f"needs {need.value}, which no earlier step provides"
            yield Violation(step.name, reason)
        available |= step.provides
        available -= step.releases
        released_by.update(dict.fromkeys(step.releases, step.name))


def _undeclared_target_use(steps: Sequence[Step]) -> Iterator[Violation]:
    for step in steps:
        if step.touches_target_root and Resource.ROOT_MOUNTED not in step.needs:
            yield Violation(step.name, "uses the target root but does not need root mounted")
        if step.in_chroot and Resource.CHROOT_READY not in step.needs:
            yield Violation(step.name, "runs inside the chroot but does not need chroot ready")


def _broken_constraints(steps: Sequence[Step], constraints: Sequence[Constraint]) -> Iterator[Violation]:
    position = {step.name: index for index, step in enumerate(steps)}
    for rule in constraints:
        before, after = position.get(rule.before), position.get(rule.after)
        if before is not None and after is not None and before > after:
            yield Violation(rule.before, f"must run before {rule.after}: {rule.why}")


def _phases_out_of_order(steps: Sequence[Step]) -> Iterator[Violation]:
    for previous, step in pairwise(steps):
        if step.phase.rank < previous.phase.rank:
            yield Violation(
                step.name,
                f"is a {step.phase.value} step but runs after {previous.name}, a {previous.phase.value} step",
            )


def _destructive_before_init(steps: Sequence[Step]) -> Iterator[Violation]:
    names = [step.name for step in steps]
    init = names.index(REPORT_INIT.name) if REPORT_INIT.name in names else len(names)
    for step in steps[:init]:
        if step.destructive:
            yield Violation(step.name, f"is destructive but runs before {REPORT_INIT.name}")
