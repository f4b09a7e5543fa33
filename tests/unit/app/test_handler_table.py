"""Every step of every pipeline has exactly one handler, and no handler serves a step that no
pipeline has (a typo in a table would otherwise fail only when that step's turn comes)."""

from __future__ import annotations

from booty.app.provision import HANDLERS
from booty.domain.plan import DEPROVISION_HARD, DEPROVISION_SOFT, PROVISION

PIPELINE_STEPS = {step.name for steps in (PROVISION, DEPROVISION_HARD, DEPROVISION_SOFT) for step in steps}


def test_every_step_of_every_pipeline_has_a_handler() -> None:
    assert sorted(PIPELINE_STEPS - set(HANDLERS)) == []


def test_no_handler_serves_an_unknown_step() -> None:
    assert sorted(set(HANDLERS) - PIPELINE_STEPS) == []
