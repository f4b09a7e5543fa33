"""Step handlers of the pre-flight phase: report-init, collect-inventory, collect-firmware and
health-checks (spec provisioning.md §2.2 steps 1-4, §7-§9).

Nothing here changes the machine; every handler tells the controller something, which is why none
is ``read_only``: a dry run must not report. Whether a step runs at all (INVENTORY_ENABLED,
FIRMWARE_REPORT, HEALTH_CHECKS_ENABLED) is the plan's ``when``; its error policy is the plan's too
(collect-inventory is best effort, so a lost inventory POST is a warning; a lost firmware POST
stops the run, as in v0.0.1).

Departures from v0.0.1:

* report-init says ``deprovisioning started`` for the two deprovision pipelines (v0.0.1 said
  ``provisioning started`` for every pipeline, spec §4), so the controller's init message names
  what is about to happen to the machine.
* The "Health check result" log record carries the check's message as ``summary``: ``message``
  is reserved by Python's logging.
* Hardware is read under ``AgentOptions.host_root`` (``/`` on a machine), so a copy of another
  machine's /sys can be inspected.
* The inventory also lists the LLDP neighbours of the NICs (``lldpNeighbors``; LLDP_TIMEOUT=0
  leaves them out), heard by the listening the agent started with the network, or by one
  started here when there was none.
"""

from __future__ import annotations

import logging

import attrs

from booty.app.hardware import (
    HealthLimits,
    SysTree,
    collect_firmware,
    collect_inventory,
    machine_checks,
    run_checks,
)
from booty.app.hardware.lldp_survey import lldp_interfaces, start_lldp_survey
from booty.app.provision.context import RunContext, log
from booty.app.provision.runner import StepHandler
from booty.domain.config import Mode
from booty.domain.controller import Status
from booty.domain.errors import ControllerError
from booty.domain.hardware import (
    CheckStatus,
    CriticalHealthCheckFailed,
    FirmwarePolicy,
    HealthResult,
    critical_failures,
    firmware_document,
    health_document,
    inventory_document,
    rfc3339_utc,
    validate_firmware,
)
from booty.domain.lldp import LldpNeighbor
from booty.domain.secret import redact

DEPROVISION_MODES = frozenset({Mode.DEPROVISION, Mode.SOFT_DEPROVISION})


def report_init(ctx: RunContext) -> str:
    """Tell the controller the run has started (its error aborts the run: the controller must know)."""
    message = "deprovisioning started" if ctx.config.mode in DEPROVISION_MODES else "provisioning started"
    ctx.ports.controller.report_status(Status.INIT, message)
    return f"status init: {message}"


def collect_inventory_step(ctx: RunContext) -> str:
    """Collect the hardware inventory and POST it to INVENTORY_URL.

    Raises:
        ControllerError: the inventory could not be delivered (the plan makes that a warning).
    """
    inventory = collect_inventory(_tree(ctx), timestamp=rfc3339_utc(ctx.ports.clock.wall()))
    inventory = attrs.evolve(inventory, lldp_neighbors=_lldp_neighbors(ctx))
    counts = {
        "cpus": len(inventory.cpus),
        "disks": len(inventory.disks),
        "nics": len(inventory.nics),
        "pci_devices": len(inventory.pci_devices),
        "lldp_neighbors": len(inventory.lldp_neighbors),
    }
    log.info("Hardware inventory collected", extra=counts)
    try:
        ctx.ports.controller.report_inventory(inventory_document(inventory))
    except ControllerError as e:
        raise ControllerError(f"inventory report not delivered: {e}") from e
    return "inventory reported: " + ", ".join(f"{n} {what}" for what, n in counts.items())


def _lldp_neighbors(ctx: RunContext) -> tuple[LldpNeighbor, ...]:
    """What the agent's LLDP listening heard; without one, listen now (LLDP_TIMEOUT=0: never)."""
    if ctx.config.lldp_timeout_s == 0:
        return ()
    survey = ctx.state.lldp_survey
    if survey is None:
        interfaces = lldp_interfaces(ctx.ports.netlink)
        survey = start_lldp_survey(ctx.ports.lldp, interfaces, timeout_s=ctx.config.lldp_timeout_s)
        ctx.state.lldp_survey = survey
    return survey.neighbors()


def collect_firmware_step(ctx: RunContext) -> str:
    """Collect firmware versions, log how they compare with the minimums, POST the report.

    A version below its minimum is only logged (WARN): it never stops the run.

    Raises:
        ControllerError: the report could not be delivered to FIRMWARE_URL (fatal, as in v0.0.1).
    """
    report = collect_firmware(_tree(ctx), collected_at=rfc3339_utc(ctx.ports.clock.wall()))
    policy = FirmwarePolicy(min_bios=ctx.config.firmware_min_bios, min_bmc=ctx.config.firmware_min_bmc)
    checks = validate_firmware(report, policy)
    for check in checks:
        level = logging.INFO if check.passed else logging.WARNING
        log.log(
            level,
            "Firmware version check",
            extra={"check": check.name, "status": check.status, "summary": check.message},
        )
    try:
        ctx.ports.controller.report_firmware(firmware_document(report))
    except ControllerError as e:
        raise ControllerError(f"firmware report not delivered: {e}") from e
    below = [c.name for c in checks if not c.passed]
    verdict = f"; below minimum: {', '.join(below)}" if below else ""
    return f"firmware reported: BIOS {report.bios.version or 'unknown'}, {len(report.nics)} NIC(s){verdict}"


def health_checks_step(ctx: RunContext) -> str:
    """Run the seven health checks, log and POST the results, stop on a failed critical check.

    Raises:
        CriticalHealthCheckFailed: ``critical health check(s) failed: <names>``, before any disk
            is touched (the plan runs this step before detect-disk and the wipes).
    """
    limits = HealthLimits(min_memory_gib=ctx.config.health_min_memory_gb, min_cpus=ctx.config.health_min_cpus)
    results = run_checks(machine_checks(_tree(ctx), limits), frozenset(ctx.config.health_skip_checks))
    for result in results:
        _log_result(result)
    try:
        ctx.ports.controller.report_health(health_document(results))
    except ControllerError as e:  # the verdict stands without the controller's copy
        log.warning(
            "Health check report not delivered", extra={"error": redact(str(e), ctx.config.secrets())}
        )
    failed = critical_failures(results)
    if failed:
        raise CriticalHealthCheckFailed(failed)
    return ", ".join(f"{sum(r.status is s for r in results)} {s.value}" for s in CheckStatus)


def _log_result(result: HealthResult) -> None:
    fields = {
        "check": result.name,
        "status": result.status.value,
        "severity": result.severity.value,
        "summary": result.message,
    }
    if result.details:
        fields["details"] = result.details
    log.info("Health check result", extra=fields)


def _tree(ctx: RunContext) -> SysTree:
    return SysTree(ctx.ports.host, ctx.options.host_root)


PREFLIGHT_HANDLERS: dict[str, StepHandler] = {
    "report-init": StepHandler(report_init),
    "collect-inventory": StepHandler(collect_inventory_step),
    "collect-firmware": StepHandler(collect_firmware_step),
    "health-checks": StepHandler(health_checks_step),
}
"""The pre-flight steps. None is read-only: each one reports to the controller."""
