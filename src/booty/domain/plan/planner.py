"""From a configuration to the plan of one run: which pipeline, which steps run, and why.

Rules of this file:

1. ``plan_for`` is total over valid configurations: every ``Mode`` has an answer. An unknown MODE
   never reaches it, because the config loader refuses it (v0.0.1 silently provisioned, spec
   caprf-and-config.md §4.7).
2. The plan lists every step of the pipeline, the skipped ones too, each with its reason; the app
   runs the steps whose ``run`` is true and logs the others.
3. A dry run is the provision plan with every step marked ``dry_run``: the app logs what each step
   would do and changes nothing. v0.0.1 had no dry run and provisioned for real (spec §1.2).
"""

from __future__ import annotations

import attrs

from booty.domain.config import MachineConfig, Mode
from booty.domain.plan.pipelines import DEPROVISION_HARD, DEPROVISION_SOFT, PROVISION
from booty.domain.plan.step import Step

STANDBY_NOTE = (
    "standby has no pipeline: booty reports init, sends heartbeats and polls for commands; "
    "a provision or deprovision command then runs that pipeline"
)

PIPELINES: dict[Mode, tuple[str, tuple[Step, ...]]] = {
    Mode.PROVISION: ("provision", PROVISION),
    Mode.DRY_RUN: ("provision", PROVISION),
    Mode.DEPROVISION: ("hard deprovision", DEPROVISION_HARD),
    Mode.SOFT_DEPROVISION: ("soft deprovision", DEPROVISION_SOFT),
}
"""The pipeline of each MODE; standby has none."""


@attrs.frozen
class PlannedStep:
    """One step of a plan, and whether it runs for this configuration."""

    step: Step
    run: bool
    reason: str
    """Why it runs or why it is skipped, e.g. ``HOSTNAME is empty``."""
    dry_run: bool = False
    """The step is logged, not executed (MODE=dry-run)."""

    @property
    def name(self) -> str:
        """The step's name."""
        return self.step.name


@attrs.frozen
class Plan:
    """What one run of the agent will do, decided from the configuration alone."""

    mode: Mode
    pipeline: str
    """``provision``, ``hard deprovision``, ``soft deprovision`` or ``standby``."""
    steps: tuple[PlannedStep, ...] = ()
    note: str = ""
    """A sentence for plans without steps (standby)."""
    blockers: tuple[str, ...] = ()
    """Reasons the pipeline must not start at all; empty for a plan that can run."""

    @property
    def dry_run(self) -> bool:
        """Every step is only logged."""
        return self.mode is Mode.DRY_RUN

    @property
    def running(self) -> tuple[Step, ...]:
        """The steps that run, in order: what ``check_plan`` checks."""
        return tuple(planned.step for planned in self.steps if planned.run)


def plan_for(config: MachineConfig) -> Plan:
    """The plan of a run with *config*.

    Args:
        config: a validated configuration; its MODE picks the pipeline.

    Returns:
        Every step of that pipeline in order, each with ``run`` and its reason; for standby an
        empty plan with a note. ``blockers`` is non-empty when the run must not start.
    """
    if config.mode not in PIPELINES:  # Mode.STANDBY
        return Plan(config.mode, "standby", note=STANDBY_NOTE)
    name, steps = PIPELINES[config.mode]
    dry_run = config.mode is Mode.DRY_RUN
    planned = tuple(PlannedStep(step, *step.when.decide(config), dry_run=dry_run) for step in steps)
    return Plan(config.mode, name, planned, blockers=_blockers(config, steps))


def _blockers(config: MachineConfig, steps: tuple[Step, ...]) -> tuple[str, ...]:
    # v0.0.1 treated an empty IMAGE as a successful no-op (spec §2.2 step 14): it wiped every
    # disk, then failed at parse-partitions. booty refuses before anything is touched.
    if steps is PROVISION and not config.image_urls:
        return ("IMAGE is empty: there is no image to write",)
    return ()
