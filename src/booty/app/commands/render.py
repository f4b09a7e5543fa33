"""``booty render frr VARS --nic NAME ...``: print the frr.conf a machine would run with.

Operators use it to review the FRR configuration of a /deploy/vars file before the machine
boots. The IPMI address and MAC, which the agent detects at run time (spec networking.md §3.5),
can be given to see the addresses derived from ``underlay_subnet`` / ``overlay_subnet``.
"""

from __future__ import annotations

import argparse

from booty.app.commands.vars_check import load_or_report
from booty.app.services import EXIT_BAD_INPUT, EXIT_OK, CliServices
from booty.domain.network import (
    AddressDerivationError,
    FrrConfigInvalid,
    derive_addresses,
    parse_ipmi_identity,
    render_frr_conf,
)

NAME = "render"
HELP = "print the configuration files booty would write"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``render frr VARS --nic NAME [--nic NAME ...] [--ipmi-ip IP] [--ipmi-mac MAC]``."""
    what = parser.add_subparsers(dest="render_what", metavar="WHAT", required=True)
    frr = what.add_parser(
        "frr",
        help="the frr.conf of FRR/EVPN mode",
        description="Print the frr.conf FRR/EVPN mode writes for this vars file and these NICs.",
    )
    frr.add_argument("file", metavar="VARS", help="a /deploy/vars file")
    frr.add_argument(
        "--nic", action="append", required=True, metavar="NAME", help="a fabric NIC to peer over (repeatable)"
    )
    frr.add_argument("--ipmi-ip", default="", metavar="IP", help="the IPMI address the agent would detect")
    frr.add_argument("--ipmi-mac", default="", metavar="MAC", help="the IPMI MAC the agent would detect")


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Load and validate the vars file, derive the addresses, print frr.conf (or why not)."""
    loaded = load_or_report(args.file, services)
    if isinstance(loaded, int):
        return loaded
    network = loaded.config.network
    try:
        ipmi = parse_ipmi_identity(ip=args.ipmi_ip, mac=args.ipmi_mac)
        text = render_frr_conf(network, derive_addresses(network, ipmi), args.nic)
    except FrrConfigInvalid as e:
        for problem in e.problems:
            print(f"{args.file}: {problem}", file=services.stderr)
        return EXIT_BAD_INPUT
    except AddressDerivationError as e:
        print(f"{args.file}: {e}", file=services.stderr)
        return EXIT_BAD_INPUT
    services.stdout.write(text)
    return EXIT_OK
