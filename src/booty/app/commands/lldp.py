"""``booty lldp [--iface NAME ...] [--timeout S] [--netns NAME] [--json]``: show LLDP neighbours.

Listens passively on the given interfaces (by default every physical NIC: a link with a
``device`` entry under /sys/class/net) and prints what the switches at the other end announce.
Malformed frames are reported on stderr and otherwise ignored. Hearing nothing is not an error:
the table is empty (``[]`` with ``--json``) and stderr says so.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from errno import ENODEV

from booty.app.commands.arguments import seconds
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.errors import LldpListenFailed
from booty.domain.lldp import LldpNeighbor, neighbors_to_inventory

NAME = "lldp"
HELP = "listen for LLDP neighbours (switch, port, VLAN) on the physical NICs"

DEFAULT_TIMEOUT_S = 35.0
"""A little longer than the 30 s most switches wait between two LLDP frames."""
SYS_CLASS_NET = "/sys/class/net"

COLUMNS = ("INTERFACE", "CHASSIS ID", "PORT ID", "SYSTEM NAME", "PORT DESCRIPTION", "VLAN", "MGMT", "TTL")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``lldp [--iface NAME ...] [--timeout S] [--netns NAME] [--json]``."""
    parser.add_argument(
        "--iface",
        action="append",
        metavar="NAME",
        help="listen on this interface (repeatable); default: every physical NIC",
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT_S,
        metavar="S",
        help=f"seconds to listen (default {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument("--netns", metavar="NAME", help="listen inside this network namespace (ip netns)")
    parser.add_argument("--json", action="store_true", help="print a JSON list, as in the inventory report")


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Listen, then print the neighbours as a table or as JSON."""
    if services.lldp is None:
        print("booty lldp: LLDP listening is not wired into this CLI", file=services.stderr)
        return EXIT_FAILED
    interfaces = args.iface or _physical_nics(services, netns=args.netns)
    if isinstance(interfaces, int):
        return interfaces
    lldp = services.lldp(args.netns)
    try:
        neighbors = lldp.listen(interfaces, timeout_s=args.timeout)
    except LldpListenFailed as e:
        print(f"booty lldp: {e}", file=services.stderr)
        return EXIT_BAD_INPUT if e.errno == ENODEV else EXIT_FAILED
    for frame in lldp.skipped:
        warning = f"warning: skipped a malformed LLDP frame on {frame.interface}: {frame.reason}"
        print(warning, file=services.stderr)
    if not neighbors:
        heard = ", ".join(interfaces)
        print(f"no LLDP neighbour heard on {heard} in {args.timeout:g} s", file=services.stderr)
    if args.json:
        json.dump(neighbors_to_inventory(neighbors), services.stdout, indent=2)
        services.stdout.write("\n")
    elif neighbors:
        services.stdout.write(render_table(neighbors))
    return EXIT_OK


def render_table(neighbors: Sequence[LldpNeighbor]) -> str:
    """One aligned row per neighbour under a header; empty cells are ``-``."""
    rows = [COLUMNS, *(_row(n) for n in neighbors)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)
    return "".join(line.rstrip() + "\n" for line in lines)


def _row(n: LldpNeighbor) -> tuple[str, ...]:
    vlan = "" if n.port_vlan_id is None else str(n.port_vlan_id)
    mgmt = ",".join(a.address for a in n.management_addresses)
    cells = (
        n.interface,
        n.chassis_id.value,
        n.port_id.value,
        n.system_name,
        n.port_description,
        vlan,
        mgmt,
        str(n.ttl),
    )
    return tuple(cell or "-" for cell in cells)


def _physical_nics(services: CliServices, *, netns: str | None) -> list[str] | int:
    """The links of this namespace backed by a device, or (after saying why) an exit code.

    /sys shows the namespace booty runs in, so with ``--netns`` the interfaces must be named.
    """
    if netns is not None:
        print("booty lldp: with --netns, name the interfaces with --iface", file=services.stderr)
        return EXIT_BAD_INPUT
    try:
        names = services.host.list_dir(SYS_CLASS_NET)
    except OSError as e:
        return services.cannot_read(SYS_CLASS_NET, e)
    nics = [name for name in names if services.host.exists(f"{SYS_CLASS_NET}/{name}/device")]
    if not nics:
        print("booty lldp: no physical NIC found; name the interfaces with --iface", file=services.stderr)
        return EXIT_FAILED
    return nics
