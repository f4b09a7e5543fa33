"""Use case: standby (MODE=standby): report in, send heartbeats, poll for commands, run the first
provision or deprovision command (spec provisioning.md §11, caprf-and-config.md §2.5 and §4.9).

The loop reports ``init``/``standby`` (a failure is only a warning), then serves two timers on the
Clock port: a heartbeat about every 30 s and a command poll about every 10 s. Commands run in the
order they arrive: ``provision`` and ``deprovision`` run that pipeline with MODE rewritten and end
standby (the pipeline ends in kexec or reboot); ``reboot`` reboots (only logged with
``--no-reboot``) and ends standby; anything else is warned about as "Unknown command type".

Departures from v0.0.1, each for a fleet of machines waiting on one controller:

1. Jitter. Every interval is the nominal one times a random factor (heartbeat 0.8..1.2, poll
   0.9..1.1) and the first heartbeat and poll come after a random delay below one interval, so
   machines that booted, or a controller that restarted, in the same second do not stay in step.
   v0.0.1 used fixed tickers starting at +10 s and +30 s.
2. A command ID is executed at most once: the IDs are remembered, in memory and in a small JSON
   file next to the resume checkpoint, before the command runs, so that neither a controller that
   serves a command twice (v0.0.1 had no acknowledgement) nor a restarted agent repeats a
   provision. Commands without an ID cannot be told apart and always run.
3. The loop ends by ``should_stop`` or after ``max_iterations`` timer events (tests; a signal
   handler in the agent); v0.0.1 made PID 1 exit on SIGTERM.
"""

from __future__ import annotations

import json
import logging
import posixpath
import random
from collections.abc import Callable

import attrs

from booty.app.provision import RunContext, RunReport, RunState
from booty.domain.config import Mode
from booty.domain.controller import Command, Status
from booty.domain.errors import BootyError

HEARTBEAT_INTERVAL_S = 30.0
POLL_INTERVAL_S = 10.0
HEARTBEAT_JITTER = 0.2
"""Each heartbeat interval is ``30 s * uniform(1 - 0.2, 1 + 0.2)``."""
POLL_JITTER = 0.1
SEEN_FILE = "booty-standby-commands.json"
"""Executed command IDs, in the checkpoint's directory."""
SEEN_KEEP = 1000
"""IDs kept in the file; a controller never re-serves a command that old."""
SEEN_VERSION = 1

PIPELINE_COMMANDS = {"provision": Mode.PROVISION, "deprovision": Mode.DEPROVISION}

log = logging.getLogger("booty.standby")

Pipeline = Callable[[RunContext], RunReport]


@attrs.frozen
class StandbySettings:
    """The timers of the loop, its random source and when it stops (tests)."""

    heartbeat_s: float = HEARTBEAT_INTERVAL_S
    heartbeat_jitter: float = HEARTBEAT_JITTER
    poll_s: float = POLL_INTERVAL_S
    poll_jitter: float = POLL_JITTER
    rng: random.Random = attrs.field(factory=random.Random)
    """Jitter source; ``random.Random(seed)`` in tests."""
    should_stop: Callable[[], bool] = lambda: False
    """Asked before each timer event; True ends standby (a signal, a test)."""
    max_iterations: int | None = None
    """End after this many timer events (heartbeats plus polls); None: never."""


@attrs.frozen
class StandbyOutcome:
    """How standby ended."""

    ended_by: str
    """``provision``, ``deprovision``, ``reboot``, ``reboot failed`` or ``stopped``."""
    command: Command | None = None
    report: RunReport | None = None
    """The pipeline a provision or deprovision command ran."""
    heartbeats: tuple[float, ...] = ()
    """When each heartbeat was sent, in seconds since standby began."""
    polls: int = 0

    @property
    def ok(self) -> bool:
        """False when the command's pipeline failed or the reboot did not happen."""
        if self.report is not None:
            return self.report.ok
        return self.ended_by != "reboot failed"


@attrs.define
class _Loop:
    ctx: RunContext
    pipeline: Pipeline
    settings: StandbySettings
    seen: list[str]
    seen_path: str
    started: float = 0.0
    heartbeats: list[float] = attrs.field(factory=list)
    polls: int = 0


def run_standby(
    ctx: RunContext, *, pipeline: Pipeline, settings: StandbySettings | None = None
) -> StandbyOutcome:
    """Report standby, then heartbeat and poll until a command ends standby or the loop is stopped.

    Args:
        ctx: the agent's context; its config's MODE is standby.
        pipeline: runs a pipeline for a context (``run_pipeline``); the plan follows ``ctx.config``.
        settings: timers, jitter source and stop conditions.
    """
    settings = settings or StandbySettings()
    clock = ctx.ports.clock
    log.info("Entering standby mode", extra={"mode": "standby"})
    try:
        ctx.ports.controller.report_status(Status.INIT, "standby")
    except BootyError as e:  # v0.0.1 ignored it too: heartbeats tell the controller we are here
        log.warning("Could not report standby", extra={"error": str(e)})
    seen_path = posixpath.join(posixpath.dirname(ctx.options.checkpoint_path), SEEN_FILE)
    loop = _Loop(ctx, pipeline, settings, _load_seen(ctx, seen_path), seen_path, clock.monotonic())
    rng = settings.rng
    next_beat = loop.started + rng.uniform(0, settings.heartbeat_s)
    next_poll = loop.started + rng.uniform(0, settings.poll_s)
    events = 0
    while not settings.should_stop():
        if settings.max_iterations is not None and events >= settings.max_iterations:
            break
        events += 1
        due = min(next_beat, next_poll)
        now = clock.monotonic()
        if due > now:
            clock.sleep(due - now)
        if next_beat <= next_poll:
            _heartbeat(loop)
            next_beat = due + settings.heartbeat_s * _factor(rng, settings.heartbeat_jitter)
            continue
        outcome = _poll(loop)
        if outcome is not None:
            return outcome
        next_poll = due + settings.poll_s * _factor(rng, settings.poll_jitter)
    log.info("Standby stopped", extra={"heartbeats": len(loop.heartbeats), "polls": loop.polls})
    return _outcome(loop, "stopped")


def _factor(rng: random.Random, jitter: float) -> float:
    return rng.uniform(1.0 - jitter, 1.0 + jitter)


def _heartbeat(loop: _Loop) -> None:
    try:
        loop.ctx.ports.controller.heartbeat()
    except BootyError as e:
        log.warning("Heartbeat failed", extra={"error": str(e)})
        return
    loop.heartbeats.append(loop.ctx.ports.clock.monotonic() - loop.started)


def _poll(loop: _Loop) -> StandbyOutcome | None:
    loop.polls += 1
    try:
        commands = loop.ctx.ports.controller.fetch_commands()
    except BootyError as e:  # a bad answer or a controller away: the next poll tries again
        log.warning("Command poll failed", extra={"error": str(e)})
        return None
    for index, command in enumerate(commands):
        log.info("Received command", extra={"id": command.id, "type": command.type})
        if command.id and command.id in loop.seen:
            log.info("Command already executed, not repeated", extra={"id": command.id})
            continue
        outcome = _execute(loop, command)
        if outcome is not None:
            for later in commands[index + 1 :]:
                log.info("Command not processed: standby ended", extra={"id": later.id, "type": later.type})
            return outcome
    return None


def _execute(loop: _Loop, command: Command) -> StandbyOutcome | None:
    mode = PIPELINE_COMMANDS.get(command.type)
    if mode is None and command.type != "reboot":
        log.warning("Unknown command type", extra={"id": command.id, "type": command.type})
        _remember(loop, command)
        return None
    _remember(loop, command)  # before it runs: a provision interrupted half-way is not repeated
    if mode is None:
        return _reboot(loop, command)
    ctx = loop.ctx
    log.info("Running the command's pipeline", extra={"id": command.id, "mode": mode.value})
    # A fresh state, keeping only what the network bring-up learned.
    state = RunState(learned_resolvers=ctx.state.learned_resolvers)
    run_ctx = attrs.evolve(ctx, config=attrs.evolve(ctx.config, mode=mode), state=state)
    report = loop.pipeline(run_ctx)
    ctx.state.left_ramdisk = run_ctx.state.left_ramdisk  # the agent must not reboot a second time
    if not report.ok:
        log.error(
            "Hot provision failed" if mode is Mode.PROVISION else "Hot deprovision failed",
            extra={"id": command.id, "step": report.failed_step, "error": report.error},
        )
    return _outcome(loop, command.type, command, report)


def _reboot(loop: _Loop, command: Command) -> StandbyOutcome:
    ctx = loop.ctx
    log.info("Reboot command received", extra={"id": command.id})
    if ctx.options.no_reboot:
        log.info("Reboot suppressed (--no-reboot)", extra={"id": command.id})
        return _outcome(loop, "reboot", command)
    ctx.flush_logs()
    try:
        ctx.ports.host.reboot()
    except BootyError as e:
        log.error("Reboot failed", extra={"id": command.id, "error": str(e)})
        return _outcome(loop, "reboot failed", command)
    ctx.state.left_ramdisk = True
    return _outcome(loop, "reboot", command)


def _outcome(
    loop: _Loop, ended_by: str, command: Command | None = None, report: RunReport | None = None
) -> StandbyOutcome:
    return StandbyOutcome(ended_by, command, report, tuple(loop.heartbeats), loop.polls)


def _remember(loop: _Loop, command: Command) -> None:
    if not command.id:
        return
    loop.seen.append(command.id)
    del loop.seen[:-SEEN_KEEP]
    document = json.dumps({"version": SEEN_VERSION, "executed": loop.seen})
    try:
        loop.ctx.ports.host.write_file(loop.seen_path, document.encode(), mode=0o600)
    except OSError as e:  # memory still prevents a repeat within this process
        log.warning("Could not save executed command IDs", extra={"path": loop.seen_path, "error": str(e)})


def _load_seen(ctx: RunContext, path: str) -> list[str]:
    try:
        data = json.loads(ctx.ports.host.read_file(path))
        if data.get("version") != SEEN_VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {SEEN_VERSION}")
        return [str(ident) for ident in data["executed"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        log.warning("Ignoring unreadable executed command IDs", extra={"path": path, "error": str(e)})
        return []
