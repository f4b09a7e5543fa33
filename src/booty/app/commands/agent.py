"""``booty agent [--vars FILE] [--no-reboot] [--resume]``: the machine's agent, as PID 1 runs it.

What ``init/init`` executes inside the ramdisk (spec caprf-and-config.md §4.5): read /deploy/vars,
bring the network up, wait for the controller, run the pipeline MODE picks (or standby), and leave
the ramdisk. A run that ends in its kexec or reboot step never comes back here; anything else (a
failure, a controller that never answered) reboots after 2 s, so that the next network boot tries
again. An unusable vars file is logged with a diagnostic dump and nothing is reported (there is no
controller to report to); the machine reboots after ``BROKEN_CONFIG_DELAY_S``.

With ``--no-reboot`` (or a non-empty BOOTY_NO_REBOOT, v0.0.1's switch for container labs) the agent
exits instead of rebooting: 0 after a successful run, 1 after a failed one, 2 for an unusable vars
file. Exit codes when a reboot was attempted and failed: 1 (the shim then reboots by force or
opens a shell).
"""

from __future__ import annotations

import argparse

from booty import __version__
from booty.app.agent import AgentSetup, log, run_agent
from booty.app.agent_boot import (
    BROKEN_CONFIG_DELAY_S,
    DEFAULT_VARS,
    REBOOT_DELAY_S,
    dump_unusable_config,
    leave_ramdisk,
    read_vars,
)
from booty.app.commands.provision import agent_options, render_summary
from booty.app.logs import setup_console_logging
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, CliServices
from booty.domain.config import MachineConfig

NAME = "agent"
HELP = "run as the machine's agent (PID 1 in the ramdisk): /deploy/vars, network, pipeline, reboot"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``agent [--vars FILE] [--no-reboot] [--resume]``."""
    parser.add_argument(
        "--vars", default=DEFAULT_VARS, metavar="FILE", help=f"the vars file (default {DEFAULT_VARS})"
    )
    parser.add_argument(
        "--no-reboot", action="store_true", help="exit instead of rebooting (labs; also BOOTY_NO_REBOOT)"
    )
    parser.add_argument(
        "--resume", action="store_true", help="skip the steps a checkpoint records as done (BOOTY_RESUME)"
    )


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Run the agent once; reboot unless told not to."""
    if services.agent_wiring is None:
        print("booty agent: the agent is not wired into this CLI", file=services.stderr)
        return EXIT_FAILED
    setup_console_logging(stream=services.stderr)
    log.info("Starting booty", extra={"version": __version__, "command": NAME})
    options = agent_options(services.environ, no_reboot=args.no_reboot, resume=args.resume)
    loaded = read_vars(services.host, args.vars)
    if isinstance(loaded, list):
        # Without a configuration there is no controller to tell: log, dump, reboot (spec §5.2).
        ports = services.agent_wiring(MachineConfig()).ports
        for problem in loaded:
            log.error("Cannot use the vars file", extra={"problem": problem})
        dump_unusable_config(ports, args.vars, loaded, services.environ)
        if options.no_reboot:
            return EXIT_BAD_INPUT
        leave_ramdisk(ports, reason="unusable vars file", delay_s=BROKEN_CONFIG_DELAY_S)
        return EXIT_FAILED  # a fake reboot returned, or the real one failed
    config = loaded.config
    setup_console_logging(secrets=config.secrets(), stream=services.stderr)
    wiring = services.agent_wiring(config)
    setup = AgentSetup(ports=wiring.ports, stream=wiring.stream, options=options, network=wiring.network)
    result = run_agent(config, setup)
    services.stdout.write(render_summary(result, config))
    if result.left_ramdisk or options.no_reboot:
        return result.exit_code
    reason = "run finished" if result.ok else f"run failed ({result.stage})"
    rebooted = leave_ramdisk(wiring.ports, reason=reason, delay_s=REBOOT_DELAY_S)
    return result.exit_code if rebooted else EXIT_FAILED
