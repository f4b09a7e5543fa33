"""What happens after a fatal step failure: undo the mounts, make a half-written disk unbootable,
send the debug report to DEBUG_URL, and report ``step <name> failed: <reason>``.

v0.0.1 left every mount in place, dumped diagnostics only into the log, and then tried to kexec
into whatever it had half configured (spec provisioning.md §5.1, §6.3). booty leaves a machine
that either boots the finished system or boots nothing from its disk, so the next boot is the
network boot that can try again. The debug report is JSON: the failed step and reason, the
configuration with every secret redacted, the last log lines, the disks and the network links.
"""

from __future__ import annotations

import json
from typing import Any

from booty.app.disk.chroot import unmount_all
from booty.app.disk.wipe import zero_edges
from booty.app.provision.context import RunContext, log
from booty.domain.config import render_vars
from booty.domain.controller import Status
from booty.domain.errors import BootyError
from booty.domain.plan import Phase, Step
from booty.domain.secret import redact
from booty.domain.stream.plan import StreamTuning

WIPE_BYTES = StreamTuning().wipe_bytes
"""Zeroed at the head and the tail of the target: both GPT headers and the MBR live there."""


def handle_fatal_failure(
    step: Step, reason: str, ctx: RunContext, *, dry_run: bool = False, success_reported: bool = False
) -> None:
    """Clean up after *step* failed with *reason*, then tell the controller.

    A failure in the finish or boot phase (a busy unmount, a controller that cannot be told, a
    refused reboot) comes after the installed system is complete: the disk is left as it is. Once
    success was reported, no error status follows it; the failure is logged and in the debug report.
    Never raises: each part that fails is logged and the next part still runs.
    """
    if dry_run:
        log.error("Dry run failed", extra={"step": step.name, "error": reason})
        return
    release_mounts(ctx)
    if ctx.state.image_written and step.phase.rank < Phase.FINISH.rank:
        make_target_unbootable(ctx)
    _send_debug_report(step, reason, ctx)
    if success_reported:
        log.critical(
            "Step failed after success was reported; the installed system is left as it is",
            extra={"step": step.name, "error": reason},
        )
        return
    message = f"step {step.name} failed: {reason}"
    try:
        ctx.ports.controller.report_status(Status.ERROR, message)
    except Exception as e:  # nothing more can be done than logging it
        log.error("Could not report the error status", extra={"step": step.name, "error": str(e)})


def release_mounts(ctx: RunContext) -> None:
    """Unmount everything this run mounted, newest first; failures are logged and skipped."""
    mounts, ctx.state.mounts[:] = list(ctx.state.mounts), []
    for error in unmount_all(ctx.ports.host, mounts):
        log.warning("Could not unmount after the failure", extra={"error": str(error)})


def make_target_unbootable(ctx: RunContext) -> None:
    """Zero the head and the tail of the target disk so no firmware boots the half-done install."""
    target = ctx.state.target
    if target is None:  # pragma: no cover - image_written is only set with a target
        return
    try:
        zero_edges(ctx.ports.block, target, WIPE_BYTES)
    except BootyError as e:
        log.critical(
            "Could not make the half-written disk unbootable", extra={"disk": target.path, "error": str(e)}
        )
        return
    log.error(
        "Destroyed the partition table of the half-written disk so it cannot boot",
        extra={"disk": target.path, "bytes": WIPE_BYTES},
    )


def debug_report(step: Step, reason: str, ctx: RunContext) -> dict[str, Any]:
    """The debug report of a failure at *step*, as a JSON-ready dict with secrets redacted."""
    secrets = ctx.config.secrets()
    return {
        "step": step.name,
        "error": redact(reason, secrets),
        "config": render_vars(ctx.config).splitlines(),
        "recent_logs": [redact(line, secrets) for line in ctx.recent_logs()],
        "state": _state(ctx),
        "disks": _disks(ctx),
        "links": _links(ctx),
    }


def _send_debug_report(step: Step, reason: str, ctx: RunContext) -> None:
    document = json.dumps(debug_report(step, reason, ctx), indent=1, default=str)
    try:
        ctx.ports.controller.ship_debug(document)
    except Exception as e:  # the error status still has to go out
        log.warning("Could not send the debug report", extra={"step": step.name, "error": str(e)})


def _state(ctx: RunContext) -> dict[str, Any]:
    state = ctx.state
    return {
        "target": state.target.path if state.target else "",
        "root_partition": state.root_partition,
        "boot_partition": state.boot_partition,
        "image_written": state.image_written,
        "firmware_changed": state.firmware_changed,
        "written": list(state.written),
    }


def _disks(ctx: RunContext) -> list[dict[str, Any]] | str:
    try:
        disks = ctx.ports.block.list_disks()
    except Exception as e:  # a report about a broken machine must not break
        return f"cannot list disks: {e}"
    return [
        {"name": d.name, "size_bytes": d.size_bytes, "model": d.model, "partitions": list(d.partitions)}
        for d in disks
    ]


def _links(ctx: RunContext) -> list[dict[str, Any]] | str:
    try:
        links = ctx.ports.netlink.links()
    except Exception as e:  # as above
        return f"cannot list links: {e}"
    return [{"name": link.name, "up": link.up, "carrier": link.carrier, "mac": link.mac} for link in links]
