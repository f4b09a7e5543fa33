"""The provisioning lifecycle: run a plan's steps over the ports (provision, deprovision, dry run).

``run_pipeline(config, ctx)`` plans from the configuration and runs the plan with the handler
table; ``run_plan`` runs any plan with any table (tests, library users with their own steps).
"""

from __future__ import annotations

from booty.app.provision.context import AgentOptions, RunContext, RunState
from booty.app.provision.handlers import HANDLERS
from booty.app.provision.runner import RunReport, StepHandler, StepOutcome, run_plan
from booty.domain.plan import plan_for


def run_pipeline(ctx: RunContext) -> RunReport:
    """Plan the run for ``ctx.config`` and execute it with booty's handlers."""
    return run_plan(plan_for(ctx.config), ctx, HANDLERS)


__all__ = [
    "HANDLERS",
    "AgentOptions",
    "RunContext",
    "RunReport",
    "RunState",
    "StepHandler",
    "StepOutcome",
    "run_pipeline",
    "run_plan",
]
