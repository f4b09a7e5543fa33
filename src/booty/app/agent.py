"""Use case: one run of the agent in CAPRF mode, from a loaded configuration to an exit code
(spec provisioning.md §1.2, caprf-and-config.md §4.5 and §4.7).

In order: attach the log ring buffer and the LOG_URL shipper; log "CAPRF mode active"; bring the
network up (unless the caller leaves it alone); wait up to 5 minutes for INIT_URL (else
SUCCESS_URL; neither: no wait); then dispatch on MODE: standby runs the standby loop, every other
MODE runs ``run_pipeline`` and the plan picks the pipeline (provision, dry run, hard or soft
deprovision). At the end the shipper is closed (flushing what is queued) and the network torn down.

Departures from v0.0.1:

1. No kexec, sleep and reboot here: they are the last steps of the pipelines, after the
   outcome is reported and the logs are flushed; this function returns when they did not leave
   the ramdisk (``--no-reboot``, a failure) and the caller decides what follows.
2. When no network mode came up, the run ends at once (v0.0.1 waited five minutes on a DHCP mode
   that had failed); a connectivity timeout ends it too, without any status (nothing gets through).
3. A dry run sends nothing to the controller: no statuses (its steps are not executed) and no log
   lines (the shipper is not attached); the connectivity probe still runs, it only reads.
4. "CAPRF mode active" logs the number of images, not their URLs, which may carry credentials
   (later upstream does the same).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs

from booty.app.agent_logs import AgentLogs
from booty.app.hardware.lldp_survey import lldp_interfaces, start_lldp_survey
from booty.app.logship import ShipperSettings
from booty.app.network import NetworkOptions, NetworkPorts, configure_network, teardown_network
from booty.app.network.connectivity import CONNECTIVITY_TIMEOUT_S, wait_for_controller
from booty.app.network.wait import wait_for_network
from booty.app.provision import AgentOptions, RunContext, RunReport, RunState, run_pipeline
from booty.app.standby import StandbyOutcome, StandbySettings, run_standby
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig, Mode
from booty.domain.controller import Command, Status
from booty.domain.errors import BootyError
from booty.domain.network import NetworkOutcome, NetworkRecord
from booty.domain.secret import redact
from booty.ports import Ports
from booty.ports.controller import Controller

EXIT_OK, EXIT_FAILED = 0, 1

log = logging.getLogger("booty.agent")


@attrs.frozen
class AgentSetup:
    """Everything a run needs besides the configuration."""

    ports: Ports
    stream: StreamPorts
    options: AgentOptions = attrs.field(factory=AgentOptions)
    network: NetworkPorts | None = None
    """The network bring-up's ports; None leaves the network alone (``--no-network``)."""
    network_options: NetworkOptions = attrs.field(factory=NetworkOptions)
    connect_timeout_s: float = CONNECTIVITY_TIMEOUT_S
    standby: StandbySettings = attrs.field(factory=StandbySettings)
    pipeline: Callable[[RunContext], RunReport] = run_pipeline
    """Runs the plan of a context; tests give one with recording handlers."""
    shipper: ShipperSettings | None = None


@attrs.frozen
class AgentResult:
    """How the run ended."""

    exit_code: int
    mode: Mode
    stage: str
    """Where it ended: ``network``, ``connectivity``, ``pipeline``, ``standby`` or ``agent`` (a
    defect: an unexpected exception, logged with its traceback)."""
    reason: str = ""
    """Why it failed, one line, secrets redacted; empty on success."""
    report: RunReport | None = None
    standby: StandbyOutcome | None = None
    statuses: tuple[tuple[str, str], ...] = ()
    """``(status, message)`` of every status the controller accepted, in order."""
    left_ramdisk: bool = False
    """kexec or reboot was issued (or, with --no-reboot, would have been)."""

    @property
    def ok(self) -> bool:
        """True for exit code 0."""
        return self.exit_code == EXIT_OK


def run_agent(config: MachineConfig, setup: AgentSetup) -> AgentResult:
    """Run the agent once for *config*; returns its result (exit code 0 success, 1 failure)."""
    recorder = _StatusRecorder(setup.ports.controller)
    ports = attrs.evolve(setup.ports, controller=recorder)
    dry_run = config.mode is Mode.DRY_RUN
    logs = AgentLogs(
        recorder,
        ports.clock,
        ship=bool(config.log_url) and not dry_run,
        secrets=config.secrets(),
        settings=setup.shipper,
    )
    ctx = RunContext(
        config,
        ports,
        setup.stream,
        setup.options,
        RunState(),
        flush_logs=logs.flush,
        recent_logs=logs.recent.lines,
    )
    network = _Network(setup.network)
    logs.attach()
    try:
        result = _run(ctx, setup, network, dry_run=dry_run)
    except Exception as e:  # a defect, not a step failure: still end with a result and clean up
        result = _crashed(ctx, e, dry_run=dry_run)
    finally:
        logs.detach()  # first: the last lines go out while the network is still up
        network.teardown()
    return attrs.evolve(result, statuses=tuple(recorder.statuses), left_ramdisk=ctx.state.left_ramdisk)


def _run(ctx: RunContext, setup: AgentSetup, network: _Network, *, dry_run: bool) -> AgentResult:
    config = ctx.config
    log.info(
        "CAPRF mode active",
        extra={"mode": config.mode.value, "hostname": config.hostname, "image_count": len(config.image_urls)},
    )
    if dry_run and config.log_url:
        log.info("Dry run: log lines are not shipped to LOG_URL")
    failure = network.bring_up(config, setup.network_options)
    if failure:
        return AgentResult(EXIT_FAILED, config.mode, "network", failure)
    ctx.state.learned_resolvers = network.learned_resolvers
    if config.inventory_enabled and config.lldp_timeout_s and not dry_run:
        interfaces = lldp_interfaces(ctx.ports.netlink, setup.network_options.interfaces)
        ctx.state.lldp_survey = start_lldp_survey(ctx.ports.lldp, interfaces, timeout_s=config.lldp_timeout_s)
    failure = _wait_for_controller(ctx, network, setup.connect_timeout_s)
    if failure:
        return AgentResult(EXIT_FAILED, config.mode, "connectivity", failure)
    if config.mode is Mode.STANDBY:
        outcome = run_standby(ctx, pipeline=setup.pipeline, settings=setup.standby)
        code = EXIT_OK if outcome.ok else EXIT_FAILED
        reason = _reason(outcome.report) if outcome.report is not None else ""
        if outcome.ended_by == "reboot failed":
            reason = "the reboot command could not reboot"
        return AgentResult(code, config.mode, "standby", reason, outcome.report, outcome)
    report = setup.pipeline(ctx)
    verb = "Provisioning" if report.pipeline == "provision" else "Deprovisioning"
    verb = "Dry run" if dry_run else verb
    if report.ok:
        log.info(f"{verb} complete", extra={"pipeline": report.pipeline})
        return AgentResult(EXIT_OK, config.mode, "pipeline", report=report)
    log.error(f"{verb} failed", extra={"step": report.failed_step, "error": report.error})
    return AgentResult(EXIT_FAILED, config.mode, "pipeline", _reason(report), report)


def _crashed(ctx: RunContext, error: Exception, *, dry_run: bool) -> AgentResult:
    reason = redact(f"{type(error).__name__}: {error}", ctx.config.secrets())
    log.error("Agent failed unexpectedly", extra={"error": reason}, exc_info=error)
    if not dry_run:
        try:
            ctx.ports.controller.report_status(Status.ERROR, f"agent failed: {reason}")
        except Exception as e:  # already failing: the log is all that is left
            log.warning("Could not report the error status", extra={"error": str(e)})
    return AgentResult(EXIT_FAILED, ctx.config.mode, "agent", reason)


def _reason(report: RunReport) -> str:
    return "" if report.ok else f"step {report.failed_step} failed: {report.error}"


def _wait_for_controller(ctx: RunContext, network: _Network, timeout_s: float) -> str:
    """Wait for INIT_URL (else SUCCESS_URL); returns why it failed, or ``""``."""
    config = ctx.config
    url = config.init_url or config.success_url
    if not url:
        log.info("No INIT_URL or SUCCESS_URL: not waiting for the controller")
        return ""
    log.info("Waiting for network connectivity", extra={"target": redact(url, config.secrets())})
    try:
        network.wait(ctx, url, timeout_s)
    except BootyError as e:
        reason = redact(str(e), config.secrets())
        # Nothing is reported: the controller is what cannot be reached (spec §4.5 step 6).
        log.error("Network connectivity timeout", extra={"error": reason})
        return reason
    return ""


@attrs.define
class _Network:
    """The network bring-up of this run and what teardown needs (kept current across FRR restarts)."""

    ports: NetworkPorts | None
    record: NetworkRecord = attrs.field(factory=NetworkRecord)
    learned_resolvers: tuple[str, ...] = ()

    def bring_up(self, config: MachineConfig, options: NetworkOptions) -> str:
        """Configure the network unless it is left alone; returns why it failed, or ``""``."""
        if self.ports is None:
            log.info("Network left alone (--no-network)")
            return ""
        outcome = configure_network(self.ports, config.network, options=options)
        self.record = outcome.record
        if not outcome.connected:
            reason = f"no network mode came up ({'; '.join(outcome.fallbacks) or 'nothing was tried'})"
            log.error("Network setup failed", extra={"error": reason})
            return reason
        self.learned_resolvers = _dhcp_resolvers(outcome)
        return ""

    def wait(self, ctx: RunContext, url: str, timeout_s: float) -> None:
        """Wait for the controller as the mode that is up needs it (FRR restarts its daemons)."""
        if self.ports is None:
            wait_for_controller(ctx.ports.http, ctx.ports.clock, url, timeout_s=timeout_s)
        else:
            wait_for_network(self.ports, self.record, url, timeout_s=timeout_s, on_record=self._keep)

    def _keep(self, record: NetworkRecord) -> None:
        self.record = record

    def teardown(self) -> None:
        """Undo the bring-up (nothing when the network was left alone); problems are only logged."""
        if self.ports is not None and not self.record.empty:
            teardown_network(self.ports, self.record)
            self.record = NetworkRecord()


def _dhcp_resolvers(outcome: NetworkOutcome) -> tuple[str, ...]:
    """Name servers a DHCP lease offered (used when DNS_RESOLVERS is empty)."""
    lease = outcome.up.lease if outcome.up is not None else None
    return tuple(str(server) for server in lease.dns) if lease is not None else ()


@attrs.define
class _StatusRecorder:
    """The controller, remembering every status it accepted (for the run summary)."""

    inner: Controller
    statuses: list[tuple[str, str]] = attrs.field(factory=list)

    def report_status(self, status: Status, message: str) -> None:
        self.inner.report_status(status, message)
        self.statuses.append((status.value, message))

    def ship_log(self, text: str) -> None:
        self.inner.ship_log(text)

    def ship_debug(self, text: str) -> None:
        self.inner.ship_debug(text)

    def heartbeat(self) -> None:
        self.inner.heartbeat()

    def fetch_commands(self) -> tuple[Command, ...]:
        return self.inner.fetch_commands()

    def report_inventory(self, document: bytes) -> None:
        self.inner.report_inventory(document)

    def report_firmware(self, document: bytes) -> None:
        self.inner.report_firmware(document)

    def report_health(self, document: bytes) -> None:
        self.inner.report_health(document)
