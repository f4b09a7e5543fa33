"""Use case: run a plan's steps in order over the ports, with their retry and error policies.

The plan (``booty.domain.plan``) says which steps run and how a failure counts; the handler table
says how each step is done. This module only sequences them: the "Provisioning step" log line with
step, index and total; retries with back-off on the Clock; best-effort failures logged and passed;
the first fatal failure reported as ``step <name> failed: <reason>`` after which no later step runs
(``booty.app.provision.failure`` makes the half-written disk unbootable and sends the debug
report); a dry run that only says what each step would do; a checkpoint for resuming.

v0.0.1 retried no step, kept going after nothing, and on failure still tried kexec into the
half-configured system (spec provisioning.md §5.1); booty's pipeline ends at the failed step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from booty.app.provision.checkpoint import Checkpoint, load_checkpoint, remove_checkpoint, save_checkpoint
from booty.app.provision.context import RunContext, log
from booty.app.provision.failure import handle_fatal_failure
from booty.domain.controller import Status
from booty.domain.plan import OnError, Plan, PlannedStep, Resource, Step
from booty.domain.secret import redact

StepAction = Callable[[RunContext], "str | None"]
"""Does one step; returns a short detail for the log (``/dev/sda chosen by DISK_DEVICE``)."""


@attrs.frozen
class StepHandler:
    """How one step is done."""

    run: StepAction
    read_only: bool = False
    """Changes nothing anywhere (reads only): it also runs in a dry run, to show real answers."""


@attrs.frozen
class StepOutcome:
    """What happened to one step of the plan."""

    name: str
    result: str
    """``ok``, ``skipped``, ``resumed``, ``warned`` (best effort failed), ``dry-run`` or ``failed``."""
    seconds: float = 0.0
    detail: str = ""
    attempts: int = 0


@attrs.frozen
class RunReport:
    """The outcome of one pipeline run."""

    pipeline: str
    outcomes: tuple[StepOutcome, ...]
    failed_step: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        """True when no step failed fatally (and the plan was not blocked)."""
        return not self.failed_step

    def outcome(self, name: str) -> StepOutcome | None:
        """The outcome of step *name*, or None when the run never reached it."""
        return next((o for o in self.outcomes if o.name == name), None)


BLOCKED = "plan"
"""``failed_step`` of a run whose plan had blockers: no step ran."""


class _StepFailed(Exception):
    def __init__(self, cause: Exception, attempts: int) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.attempts = attempts


def run_plan(plan: Plan, ctx: RunContext, handlers: Mapping[str, StepHandler]) -> RunReport:
    """Run every step of *plan* that should run, in order; stop at the first fatal failure.

    Returns:
        The outcome of each step reached; ``failed_step`` and ``error`` when one failed fatally
        (the error status was then reported and the debug report sent).
    """
    verb = "Provisioning" if plan.pipeline == "provision" else "Deprovisioning"
    if plan.blockers:
        return _blocked(plan, ctx, verb)
    missing = [p.name for p in plan.steps if p.run and p.name not in handlers]
    if missing:  # a programming error: refuse before the first step rather than half-way
        raise LookupError(f"no handler for step(s): {', '.join(missing)}")
    checkpoint = _starting_checkpoint(plan, ctx)
    outcomes: list[StepOutcome] = []
    total = len(plan.steps)
    for index, planned in enumerate(plan.steps, start=1):
        if planned.step.provides & {Resource.LOGS_FLUSHED}:
            _log_summary(plan, outcomes)  # the timeline must be shipped before the flush
        outcome = _one_step(planned, ctx, handlers, checkpoint, (verb, index, total))
        outcomes.append(outcome)
        if outcome.result == "failed":
            reported = any(
                Resource.OUTCOME_REPORTED in p.step.provides
                for p, o in zip(plan.steps, outcomes, strict=False)
                if o.result in ("ok", "resumed")
            )
            handle_fatal_failure(
                planned.step, outcome.detail, ctx, dry_run=plan.dry_run, success_reported=reported
            )
            return RunReport(plan.pipeline, tuple(outcomes), planned.name, outcome.detail)
        if outcome.result == "ok" and ctx.options.resume and not plan.dry_run:
            checkpoint = attrs.evolve(checkpoint, completed=(*checkpoint.completed, planned.name))
            save_checkpoint(ctx, attrs.evolve(checkpoint, firmware_changed=ctx.state.firmware_changed))
    if not any(p.step.provides & {Resource.LOGS_FLUSHED} for p in plan.steps if p.run):
        _log_summary(plan, outcomes)
    if ctx.options.resume and not plan.dry_run:
        remove_checkpoint(ctx)
    return RunReport(plan.pipeline, tuple(outcomes))


def _one_step(
    planned: PlannedStep,
    ctx: RunContext,
    handlers: Mapping[str, StepHandler],
    checkpoint: Checkpoint,
    position: tuple[str, int, int],
) -> StepOutcome:
    verb, index, total = position
    step = planned.step
    if not planned.run:
        log.info("Skipping step", extra={"step": step.name, "reason": planned.reason})
        return StepOutcome(step.name, "skipped", detail=planned.reason)
    if step.name in checkpoint.completed and not _rebuilds_state(step):
        log.info("Step done before the restart, not repeated", extra={"step": step.name})
        if Resource.IMAGE_WRITTEN in step.provides:  # a later failure must still spoil the disk
            ctx.state.image_written = True
        return StepOutcome(step.name, "resumed")
    log.info(f"{verb} step", extra={"step": step.name, "index": index, "total": total})
    handler = handlers[step.name]
    if planned.dry_run and not handler.read_only:
        log.info("Dry run: step not executed", extra={"step": step.name, "would": step.summary})
        return StepOutcome(step.name, "dry-run", detail=step.summary)
    started = ctx.ports.clock.monotonic()
    try:
        detail, attempts = _with_retries(step, handler, ctx)
    except _StepFailed as failed:
        seconds = ctx.ports.clock.monotonic() - started
        reason = redact(_reason(failed.cause), ctx.config.secrets())
        if step.on_error is OnError.BEST_EFFORT:
            log.warning("Step failed, going on (best effort)", extra={"step": step.name, "error": reason})
            return StepOutcome(step.name, "warned", seconds, reason, failed.attempts)
        log.error(f"{verb} step failed", extra={"step": step.name, "error": reason})
        return StepOutcome(step.name, "failed", seconds, reason, failed.attempts)
    seconds = ctx.ports.clock.monotonic() - started
    log.info("Step done", extra={"step": step.name, "seconds": round(seconds, 3), "detail": detail})
    return StepOutcome(step.name, "ok", seconds, detail, attempts)


def _with_retries(step: Step, handler: StepHandler, ctx: RunContext) -> tuple[str, int]:
    attempt = 1
    while True:
        try:
            return handler.run(ctx) or "", attempt
        except Exception as e:  # any failure of a step is that step's failure
            policy = step.retry
            if policy is None or not policy.has_attempt_after(attempt) or not _worth_retrying(e):
                raise _StepFailed(e, attempt) from e
            delay = policy.delay_before(attempt + 1)
            log.warning(
                "Step failed, retrying",
                extra={"step": step.name, "attempt": attempt, "delay_s": delay, "error": _reason(e)},
            )
            ctx.ports.clock.sleep(delay)
            attempt += 1


def _worth_retrying(error: Exception) -> bool:
    # A wrong checksum, an unapproved disk or a missing fact will be just as wrong next time.
    return not getattr(error, "permanent", False) and not isinstance(error, (ValueError, LookupError))


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return " ".join(text.split())  # one line: the controller shows it in a table


def _rebuilds_state(step: Step) -> bool:
    # A step that provides a fact held in memory or in a mount (the target disk, the partitions,
    # the mounted root) lost it with the restarted process and must run again; destructive steps
    # are never repeated: not re-streaming the image is the point of resuming.
    return bool(step.provides) and not step.destructive


def _starting_checkpoint(plan: Plan, ctx: RunContext) -> Checkpoint:
    fresh = Checkpoint(plan.pipeline, ctx.config.image_urls)
    if not ctx.options.resume or plan.dry_run:
        return fresh
    found = load_checkpoint(ctx)
    if found is None:
        return fresh
    if (found.pipeline, found.images) != (fresh.pipeline, fresh.images):
        log.warning(
            "Checkpoint is for another run, starting from the first step",
            extra={"checkpoint_pipeline": found.pipeline, "pipeline": plan.pipeline},
        )
        return fresh
    log.info("Resuming from checkpoint", extra={"completed": len(found.completed)})
    ctx.state.firmware_changed = found.firmware_changed
    return found


def _blocked(plan: Plan, ctx: RunContext, verb: str) -> RunReport:
    reason = "; ".join(plan.blockers)
    log.error(f"{verb} refused before the first step", extra={"reason": reason})
    if not plan.dry_run:
        try:
            ctx.ports.controller.report_status(Status.ERROR, f"plan refused: {reason}")
        except Exception as e:  # the refusal is logged whatever the controller does
            log.warning("Could not report the refusal", extra={"error": str(e)})
    return RunReport(plan.pipeline, (), BLOCKED, reason)


def _log_summary(plan: Plan, outcomes: list[StepOutcome]) -> None:
    ran = [o for o in outcomes if o.result in ("ok", "warned")]
    total = sum(o.seconds for o in ran)
    log.info(
        "Run summary", extra={"pipeline": plan.pipeline, "steps_run": len(ran), "seconds": round(total, 3)}
    )
    for o in outcomes:
        if o.result != "skipped":
            log.info(
                "Step timing",
                extra={
                    "step": o.name,
                    "result": o.result,
                    "seconds": round(o.seconds, 3),
                    "attempts": o.attempts,
                },
            )
