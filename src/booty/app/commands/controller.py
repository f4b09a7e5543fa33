"""``booty controller``: run the mock CAPRF controller (tests, demos, labs)."""

from __future__ import annotations

import argparse

from booty.app.services import CliServices, ControllerServeOptions

NAME = "controller"
HELP = "run the mock CAPRF controller (tests, demos, labs)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Listen address, record directory, expected token, faults."""
    parser.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT")
    parser.add_argument("--record", metavar="DIR", help="also write every event to DIR/events.jsonl")
    parser.add_argument("--token", help="bearer token the agents are expected to send")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault: PATH=ACTION[xCOUNT][:retry-after=N] where ACTION is a status (500), drop,"
        " or delay:SECONDS; e.g. /status/init=500x2, /log=drop, /commands=delay:3",
    )


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Serve until interrupted."""
    options = ControllerServeOptions(args.listen, args.record, args.token, tuple(args.fault))
    return services.serve_controller(options)
