"""``booty demo``: booty's main job on embedded defaults, with no outside service."""

from __future__ import annotations

import argparse

from booty.app.services import CliServices

NAME = "demo"
HELP = "run booty's main job on embedded defaults, with no outside service"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The demo takes no arguments."""
    del parser


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Run the demo."""
    del args
    return services.run_demo()
