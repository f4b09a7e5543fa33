"""The provisioning pipelines as data: ordered steps, their needs, conditions and error policies.

``plan_for(config)`` says which steps a run will execute and why the others are skipped;
``check_plan(steps)`` proves an order sound (every need met by an earlier step, every rule of
``STEP_CONSTRAINTS`` kept, nothing destructive before ``report-init``). The app executes a plan
through its handler table; nothing here does any work (spec provisioning.md §2-§5).
"""

from booty.domain.plan.check import Violation, check_plan
from booty.domain.plan.constraints import STEP_CONSTRAINTS, Constraint
from booty.domain.plan.pipelines import DEPROVISION_HARD, DEPROVISION_SOFT, PROVISION
from booty.domain.plan.planner import PIPELINES, Plan, PlannedStep, plan_for
from booty.domain.plan.step import ALWAYS, Condition, OnError, Phase, Resource, Step

__all__ = [
    "ALWAYS",
    "DEPROVISION_HARD",
    "DEPROVISION_SOFT",
    "PIPELINES",
    "PROVISION",
    "STEP_CONSTRAINTS",
    "Condition",
    "Constraint",
    "OnError",
    "Phase",
    "Plan",
    "PlannedStep",
    "Resource",
    "Step",
    "Violation",
    "check_plan",
    "plan_for",
]
