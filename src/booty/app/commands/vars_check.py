"""``booty vars check FILE [--json]``: validate a /deploy/vars file and print it normalized."""

from __future__ import annotations

import argparse
import json

from booty.app.codec import config_to_wire
from booty.app.services import EXIT_BAD_INPUT, EXIT_OK, CliServices
from booty.domain.config import LoadedConfig, load_vars, render_vars
from booty.domain.errors import ConfigError

NAME = "vars"
HELP = "work with /deploy/vars files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``vars check FILE [--json]``."""
    actions = parser.add_subparsers(dest="vars_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate a vars file and print the normalized configuration")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--json", action="store_true", help="print one JSON object keyed by vars key names")


def load_or_report(path: str, services: CliServices) -> LoadedConfig | int:
    """The loaded config of *path*, or (after printing why) the exit code for the failure.

    Every problem is printed as ``FILE:LINE: KEY: reason``; warnings are printed with a prefix.
    """
    try:
        text = services.read_text(path)
    except (OSError, UnicodeDecodeError) as e:
        return services.cannot_read(path, e)
    try:
        loaded = load_vars(text, source=path)
    except ConfigError as e:
        for problem in e.problems:
            print(problem, file=services.stderr)
        return EXIT_BAD_INPUT
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=services.stderr)
    return loaded


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Validate; print the normalized config (or every problem, one per line)."""
    loaded = load_or_report(args.file, services)
    if isinstance(loaded, int):
        return loaded
    if args.json:
        json.dump(config_to_wire(loaded.config), services.stdout, indent=2)
        services.stdout.write("\n")
    else:
        services.stdout.write(render_vars(loaded.config))
    return EXIT_OK
