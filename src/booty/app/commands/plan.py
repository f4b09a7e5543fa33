"""``booty plan FILE [--json]``: the steps a run with this /deploy/vars file would execute.

Every step of the pipeline is listed in order, with whether it runs and why; the skipped ones say
which key made them skip. Exit codes: 0 the plan can run, 1 the plan is blocked (e.g. nothing to
write), 2 the file is unreadable or invalid.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from booty.app.commands.vars_check import load_or_report
from booty.app.services import EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.plan import Plan, PlannedStep, plan_for

NAME = "plan"
HELP = "show the steps a run with a vars file would execute, in order, and why others are skipped"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``plan FILE [--json]``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print a JSON list, one object per step")


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Load the file, plan, print the plan; blockers go to stderr."""
    loaded = load_or_report(args.file, services)
    if isinstance(loaded, int):
        return loaded
    plan = plan_for(loaded.config)
    if args.json:
        json.dump([step_to_json(planned) for planned in plan.steps], services.stdout, indent=2)
        services.stdout.write("\n")
    else:
        services.stdout.write(render_plan(plan))
    for blocker in plan.blockers:
        print(f"cannot run: {blocker}", file=services.stderr)
    return EXIT_FAILED if plan.blockers else EXIT_OK


def step_to_json(planned: PlannedStep) -> dict[str, Any]:
    """One planned step as a JSON object: ``name``, ``run``, ``reason`` and the step's policy."""
    step = planned.step
    retry = step.retry
    return {
        "name": step.name,
        "run": planned.run,
        "reason": planned.reason,
        "dry_run": planned.dry_run,
        "phase": step.phase.value,
        "summary": step.summary,
        "on_error": step.on_error.value,
        "retry": None
        if retry is None
        else {
            "attempts": retry.attempts,
            "base_delay_s": retry.base_delay_s,
            "factor": retry.factor,
            "max_delay_s": retry.max_delay_s,
        },
        "destructive": step.destructive,
        "needs": sorted(r.value for r in step.needs),
        "provides": sorted(r.value for r in step.provides),
    }


def render_plan(plan: Plan) -> str:
    """The plan as a numbered table, under a one-line heading."""
    mode = f"MODE={plan.mode.value}"
    if not plan.steps:
        return f"{mode}: {plan.note}\n"
    running = len(plan.running)
    as_dry_run = " as a dry run (every step is logged, nothing is changed)" if plan.dry_run else ""
    lines = [f"{mode}: {plan.pipeline}{as_dry_run}, {running} of {len(plan.steps)} steps run"]
    width = max(len(planned.name) for planned in plan.steps)
    lines.append(f"{'#':>3}  {'step':<{width}}  {'runs':<7}  {'on error':<11}  reason")
    for number, planned in enumerate(plan.steps, start=1):
        runs = ("dry-run" if planned.dry_run else "yes") if planned.run else "no"
        lines.append(
            f"{number:>3}  {planned.name:<{width}}  {runs:<7}  {planned.step.on_error.value:<11}  "
            f"{planned.reason}"
        )
    return "\n".join(lines) + "\n"
