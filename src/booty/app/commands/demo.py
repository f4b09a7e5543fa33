"""``booty demo``: the real provisioning flow on a loop disk, with no outside service.

As root: a mock controller and an image server on 127.0.0.1, a sample OS image, a sparse loop
disk, and the agent flow of ``booty provision`` over the real adapters (see ``booty.app.demo``).
Without root it says what cannot run and runs the rest. Exit code: the agent's (0 success).
"""

from __future__ import annotations

import argparse

from booty.app.services import CliServices

NAME = "demo"
HELP = "provision a loop disk end to end (mock controller, local image server); no outside service"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The demo takes no arguments."""
    del parser


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Run the demo."""
    del args
    return services.run_demo()
