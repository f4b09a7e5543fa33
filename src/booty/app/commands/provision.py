"""``booty provision --vars FILE [options]``: the agent's whole flow on an ordinary Linux host.

The same run as inside the ramdisk (spec provisioning.md §1.2): log shipping, network bring-up,
the wait for the controller, then the pipeline MODE picks, or standby. For labs and operators:
``--no-network`` leaves the host's network alone, ``--no-reboot`` only logs the kexec or reboot,
``--dry-run`` forces MODE=dry-run (nothing is changed and nothing is sent to the controller),
``--resume`` (or BOOTY_RESUME=true) continues from a checkpoint. DISK_DEVICE may name a loop
device, and must be set for a run that writes disks: on an ordinary host booty never picks a disk
by itself (inside the ramdisk, ``booty agent`` does). A summary (each step with its result and
time, the statuses sent) goes to stdout; the log goes to stderr. Exit codes: 0 success, 1 the run
failed, 2 the vars file is unusable or asks for a disk booty will not choose here.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import attrs

from booty import __version__
from booty.app.agent import AgentResult, AgentSetup, log, run_agent
from booty.app.commands.arguments import seconds
from booty.app.commands.vars_check import load_or_report
from booty.app.logs import setup_console_logging
from booty.app.network.connectivity import CONNECTIVITY_TIMEOUT_S
from booty.app.provision import AgentOptions
from booty.app.provision.context import DEPLOY_DIR
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, CliServices
from booty.domain.config import MachineConfig, Mode
from booty.domain.disk.filesystem import NEW_ROOT
from booty.domain.secret import redact

NAME = "provision"
HELP = "run the agent's flow on this host: network, controller wait, then the pipeline MODE picks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``provision --vars FILE [--no-network] [--no-reboot] [--resume] [--dry-run] [--root DIR]
    [--deploy-dir DIR] [--wait-timeout S]``."""
    parser.add_argument("--vars", required=True, metavar="FILE", help="the /deploy/vars file to run")
    parser.add_argument("--no-network", action="store_true", help="leave this host's network as it is")
    parser.add_argument("--no-reboot", action="store_true", help="log the kexec or reboot instead")
    parser.add_argument(
        "--resume", action="store_true", help="skip the steps a checkpoint records as done (BOOTY_RESUME)"
    )
    parser.add_argument("--dry-run", action="store_true", help="force MODE=dry-run: change nothing")
    parser.add_argument("--root", default=NEW_ROOT, metavar="DIR", help=f"target root (default {NEW_ROOT})")
    parser.add_argument(
        "--deploy-dir", default=DEPLOY_DIR, metavar="DIR", help=f"deploy directory (default {DEPLOY_DIR})"
    )
    parser.add_argument(
        "--wait-timeout", type=seconds, default=CONNECTIVITY_TIMEOUT_S, metavar="S",
        help=f"how long to wait for the controller (default {CONNECTIVITY_TIMEOUT_S:g})",
    )  # fmt: skip


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Load the vars, wire the real ports, run the agent once, print the summary."""
    if services.agent_wiring is None:
        print("booty provision: the agent is not wired into this CLI", file=services.stderr)
        return EXIT_FAILED
    loaded = load_or_report(args.vars, services)
    if isinstance(loaded, int):
        return loaded
    config = attrs.evolve(loaded.config, mode=Mode.DRY_RUN) if args.dry_run else loaded.config
    refusal = host_refusal(config)
    if refusal:
        print(f"booty provision: {args.vars}: {refusal}", file=services.stderr)
        return EXIT_BAD_INPUT
    setup_console_logging(secrets=config.secrets(), stream=services.stderr)
    log.info("Starting booty", extra={"version": __version__, "command": NAME})
    wiring = services.agent_wiring(config)
    options = agent_options(
        services.environ,
        no_reboot=args.no_reboot,
        resume=args.resume,
        target_root=args.root,
        deploy_dir=args.deploy_dir,
    )
    setup = AgentSetup(
        ports=wiring.ports,
        stream=wiring.stream,
        options=options,
        network=None if args.no_network else wiring.network,
        connect_timeout_s=args.wait_timeout,
    )
    result = run_agent(config, setup)
    services.stdout.write(render_summary(result, config))
    return result.exit_code


def host_refusal(config: MachineConfig) -> str:
    """Why this configuration must not run on an ordinary host, or ``""``.

    In the ramdisk every local disk belongs to the machine being installed; on a lab host or an
    operator's workstation the other disks hold someone's data, so the disk is named, never chosen.
    """
    if config.mode in (Mode.PROVISION, Mode.SOFT_DEPROVISION) and not config.disk_device:
        return (
            "DISK_DEVICE is not set: on an ordinary host booty does not choose the disk it writes "
            "(name it, e.g. DISK_DEVICE=/dev/loop0; booty agent in the ramdisk chooses by itself)"
        )
    if config.mode is Mode.DEPROVISION:
        return (
            "MODE=deprovision clears every eligible disk of the machine: run it with booty agent "
            "in the ramdisk, not on an ordinary host"
        )
    return ""


def agent_options(
    environ: Mapping[str, str],
    *,
    no_reboot: bool,
    resume: bool,
    target_root: str = NEW_ROOT,
    deploy_dir: str = DEPLOY_DIR,
) -> AgentOptions:
    """The run's options from the flags and the environment.

    BOOTY_RESUME=true turns resume on (the later upstream's switch); a non-empty BOOTY_NO_REBOOT
    suppresses the reboot (v0.0.1's switch for container tests, spec caprf-and-config.md §4.10).
    """
    return AgentOptions(
        target_root=target_root,
        deploy_dir=deploy_dir,
        no_reboot=no_reboot or bool(environ.get("BOOTY_NO_REBOOT")),
        resume=resume or environ.get("BOOTY_RESUME", "").strip().lower() == "true",
    )


def render_summary(result: AgentResult, config: MachineConfig) -> str:
    """The run as text: the steps with result and seconds, the statuses sent, the outcome."""
    secrets = config.secrets()
    lines = [f"MODE={result.mode.value}"]
    report = result.report
    if report is not None:
        dry = " (dry run: nothing was changed)" if result.mode is Mode.DRY_RUN else ""
        lines.append(f"pipeline: {report.pipeline}{dry}")
        reached = [o for o in report.outcomes if o.result != "skipped"]
        width = max((len(o.name) for o in reached), default=4)
        for number, step in enumerate(reached, start=1):
            timing = f"{step.result:<8} {step.seconds:>8.3f}s"
            lines.append(f"{number:>3}  {step.name:<{width}}  {timing}  {redact(step.detail, secrets)}")
        skipped = len(report.outcomes) - len(reached)
        if skipped:
            lines.append(f"     {skipped} step(s) skipped by the plan")
    standby = result.standby
    if standby is not None:
        ended = f"{standby.ended_by} command" if standby.command is not None else standby.ended_by
        beats = len(standby.heartbeats)
        lines.append(f"standby: ended by {ended}, {beats} heartbeat(s), {standby.polls} poll(s)")
    sent = ", ".join(f"{status} ({redact(message, secrets)!r})" for status, message in result.statuses)
    lines.append(f"statuses sent: {sent or 'none'}")
    outcome = "ok" if result.ok else f"failed ({result.stage}): {result.reason}"
    lines.append(f"result: {outcome}")
    return "".join(f"{line}\n" for line in lines)
