"""The ``booty`` command line: argument parsing and the commands that do not need a machine.

The CLI reaches files and servers only through what ``booty.bootstrap`` hands it (``CliServices``),
so it can be driven in tests with fakes. Exit codes: 0 success, 1 failure of the operation,
2 bad input (a malformed vars file, a bad argument).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import attrs

from booty import __version__
from booty.app.codec import config_to_wire
from booty.domain.config import load_vars, render_vars
from booty.domain.errors import ConfigError
from booty.ports.host import Host

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@attrs.frozen
class ControllerServeOptions:
    """What ``booty controller`` was asked to do."""

    listen: str
    record_dir: str | None = None
    token: str | None = None
    faults: tuple[str, ...] = ()


@attrs.frozen
class CliServices:
    """The world as the CLI sees it; built by ``booty.bootstrap``."""

    host: Host
    serve_controller: Callable[[ControllerServeOptions], int]
    run_demo: Callable[[], int]
    stdout: TextIO = sys.stdout
    stderr: TextIO = sys.stderr


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = argparse.ArgumentParser(
        prog="booty", description="Bare-metal OS provisioning agent and toolkit."
    )
    parser.add_argument("--version", action="version", version=f"booty {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    vars_cmd = commands.add_parser("vars", help="work with /deploy/vars files")
    vars_sub = vars_cmd.add_subparsers(dest="vars_command", metavar="ACTION")
    check = vars_sub.add_parser("check", help="validate a vars file and print the normalized configuration")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--json", action="store_true", help="print one JSON object keyed by vars key names")

    ctl = commands.add_parser("controller", help="run the mock CAPRF controller (tests, demos, labs)")
    ctl.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT")
    ctl.add_argument("--record", metavar="DIR", help="also write every event to DIR/events.jsonl")
    ctl.add_argument("--token", help="bearer token the agents are expected to send")
    ctl.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault: PATH=ACTION[xCOUNT][:retry-after=N] where ACTION is a status (500), drop,"
        " or delay:SECONDS; e.g. /status/init=500x2, /log=drop, /commands=delay:3",
    )
    commands.add_parser("demo", help="run booty's main job on embedded defaults, with no outside service")
    return parser


def main(argv: Sequence[str], services: CliServices) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as e:  # argparse exits on --help, --version and bad arguments
        return int(e.code or 0) if isinstance(e.code, int) else EXIT_BAD_INPUT
    if args.command == "vars" and args.vars_command == "check":
        return vars_check(args.file, as_json=args.json, services=services)
    if args.command == "controller":
        options = ControllerServeOptions(args.listen, args.record, args.token, tuple(args.fault))
        return services.serve_controller(options)
    if args.command == "demo":
        return services.run_demo()
    parser.print_help(services.stderr)
    return EXIT_BAD_INPUT


def vars_check(path: str, *, as_json: bool, services: CliServices) -> int:
    """Validate *path*; print the normalized config (or every problem, one per line)."""
    try:
        text = services.host.read_file(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}", file=services.stderr)
        return EXIT_BAD_INPUT
    try:
        loaded = load_vars(text, source=path)
    except ConfigError as e:
        for problem in e.problems:
            print(problem, file=services.stderr)
        return EXIT_BAD_INPUT
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=services.stderr)
    if as_json:
        json.dump(config_to_wire(loaded.config), services.stdout, indent=2)
        services.stdout.write("\n")
    else:
        services.stdout.write(render_vars(loaded.config))
    return EXIT_OK
