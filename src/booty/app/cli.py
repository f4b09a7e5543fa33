"""The ``booty`` command line: the command table, argument parsing and dispatch.

Each subcommand lives in its own module under ``booty.app.commands``; this module only lists them
and dispatches. The CLI reaches the world only through ``CliServices`` (built by
``booty.bootstrap``), so it can be driven in tests with fakes.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from types import ModuleType

from booty import __version__
from booty.app.commands import (
    agent,
    controller,
    demo,
    disks,
    grub,
    image,
    lldp,
    net,
    plan,
    provision,
    render,
    stream,
    vars_check,
)
from booty.app.services import EXIT_BAD_INPUT, CliServices

COMMANDS: tuple[ModuleType, ...] = (
    vars_check,
    plan,
    render,
    lldp,
    net,
    disks,
    image,
    stream,
    grub,
    controller,
    demo,
    provision,
    agent,
)
"""Every subcommand module, in the order ``booty --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = argparse.ArgumentParser(
        prog="booty", description="Bare-metal OS provisioning agent and toolkit."
    )
    parser.add_argument("--version", action="version", version=f"booty {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str], services: CliServices) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as e:  # argparse exits on --help, --version and bad arguments
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    if not hasattr(args, "run"):
        parser.print_help(services.stderr)
        return EXIT_BAD_INPUT
    result: int = args.run(args, services)
    return result
