"""``booty net up VARS`` / ``booty net down``: bring the network up as the agent would, and down.

``net up`` follows the agent's mode priority and fallbacks (VLAN and bond preparation, GoBGP's
place, FRR/EVPN with its daemons, static, DHCP as the floor), then waits for the controller
(INIT_URL, else SUCCESS_URL; none: no wait) and prints the result: mode, interfaces, addresses,
gateway, DNS, fallbacks, BGP peers and daemons. It leaves a state file (default
/run/booty/network.json, one per ``--netns``) saying what it created and the pids it started;
``net down`` reads it back and undoes exactly that. Operators use them from a rescue shell; the
tests use them inside network namespaces (``--netns``, with ``--iface`` naming the veth links
that stand in for physical NICs).

A DHCP lease is not renewed after ``net up`` exits (the client lives in the agent's process);
FRR's daemons keep running until ``net down``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from booty.app.commands.arguments import seconds
from booty.app.commands.vars_check import load_or_report
from booty.app.network import (
    NetworkOptions,
    NetworkPorts,
    configure_network,
    record_from_json,
    record_to_json,
    teardown_network,
    wait_for_network,
)
from booty.app.network.context import BGP_TIMEOUT_S
from booty.app.network.dhcp import DHCP_TIMEOUT_S
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.errors import BootyError
from booty.domain.netresult import ControllerReached
from booty.domain.network import (
    DEFAULT_FRR_ROOT,
    NetworkOutcome,
    NetworkRecord,
    NetworkUnavailable,
)

NAME = "net"
HELP = "bring the network up as the agent would, or tear it down again"

UP_DESCRIPTION = (
    "Bring the network up as the agent would (mode priority and fallbacks, then the wait for the "
    "controller at INIT_URL or SUCCESS_URL) and print the mode, interfaces, addresses, gateway and "
    "DNS. What was created, and the pids of FRR's daemons, go to a state file that 'booty net down' "
    "reads back. A DHCP lease is not renewed once this command has exited."
)
STATE_DIR = "/run/booty"
PortsFactory = Callable[[str | None], NetworkPorts]
"""The network ports bound to a namespace (None: booty's own)."""
WAIT_TIMEOUT_S = 300.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``net up VARS [options]`` and ``net down [VARS] [--netns NAME] [--state FILE]``."""
    actions = parser.add_subparsers(dest="net_command", metavar="ACTION", required=True)
    up = actions.add_parser(
        "up", help="bring the network up by the vars file's modes", description=UP_DESCRIPTION
    )
    up.add_argument("file", metavar="VARS", help="a /deploy/vars file")
    up.add_argument(
        "--iface",
        action="append",
        default=[],
        metavar="NAME",
        help="use this link instead of the auto-detected physical NICs (repeatable)",
    )
    _common(up)
    up.add_argument("--json", action="store_true", help="print the result as one JSON object")
    up.add_argument(
        "--frr-dir", metavar="DIR", help=f"FRR's private root (default {DEFAULT_FRR_ROOT}[-NETNS])"
    )
    up.add_argument("--no-wait", action="store_true", help="do not wait for the controller")
    up.add_argument(
        "--wait-timeout", type=seconds, default=WAIT_TIMEOUT_S, metavar="S",
        help=f"how long to wait for the controller (default {WAIT_TIMEOUT_S:g})",
    )  # fmt: skip
    up.add_argument(
        "--bgp-timeout", type=seconds, default=BGP_TIMEOUT_S, metavar="S",
        help=f"how long FRR mode waits for an Established session (default {BGP_TIMEOUT_S:g})",
    )  # fmt: skip
    up.add_argument(
        "--dhcp-timeout", type=seconds, default=DHCP_TIMEOUT_S, metavar="S",
        help=f"how long DHCP waits for a lease (default {DHCP_TIMEOUT_S:g})",
    )  # fmt: skip
    down = actions.add_parser("down", help="undo what 'booty net up' did, from its state file")
    down.add_argument("file", metavar="VARS", nargs="?", help="accepted for symmetry; the state file decides")
    _common(down)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--netns", metavar="NAME", help="work inside this network namespace (ip netns)")
    parser.add_argument(
        "--state", metavar="FILE", help=f"the state file (default {STATE_DIR}/network[-NETNS].json)"
    )


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Dispatch to ``up`` or ``down``."""
    factory = services.network_ports
    if factory is None:
        print("booty net: network bring-up is not wired into this CLI", file=services.stderr)
        return EXIT_FAILED
    return _up(args, services, factory) if args.net_command == "up" else _down(args, services, factory)


def _up(args: argparse.Namespace, services: CliServices, factory: PortsFactory) -> int:
    loaded = load_or_report(args.file, services)
    if isinstance(loaded, int):
        return loaded
    state = _state_path(args)
    previous = _read_record(state, services)
    if isinstance(previous, int):
        return previous
    if previous is not None and not previous.empty:
        print(f"booty net up: the network is up already (state in {state}); run 'booty net down' first",
              file=services.stderr)  # fmt: skip
        return EXIT_FAILED
    ports = factory(args.netns)
    suffix = f"-{args.netns}" if args.netns else ""
    options = NetworkOptions(
        interfaces=tuple(args.iface),
        netns=args.netns,
        dhcp_timeout_s=args.dhcp_timeout,
        bgp_timeout_s=args.bgp_timeout,
        frr_root=args.frr_dir or f"{DEFAULT_FRR_ROOT}{suffix}",
    )
    outcome = configure_network(ports, loaded.config.network, options=options)
    if outcome.connected:
        try:
            services.host.write_file(state, record_to_json(outcome.record).encode(), mode=0o600)
        except OSError as e:  # without the state file 'net down' could not undo it: undo it now
            print(
                f"booty net up: cannot write {state}: {e.strerror or e}; tearing down", file=services.stderr
            )
            teardown_network(ports, outcome.record)
            return EXIT_FAILED
    config = loaded.config
    url = config.init_url or config.success_url
    reached: ControllerReached | None = None
    wait_error = ""
    if outcome.connected and url and not args.no_wait:
        try:
            # FRR mode restarts its daemons every 120 s of silence (spec §4.8) and dumps its
            # state on timeout; each restart changes the pids, so the state file follows it.
            reached = wait_for_network(
                ports,
                outcome.record,
                url,
                timeout_s=args.wait_timeout,
                on_record=lambda record: services.host.write_file(
                    state, record_to_json(record).encode(), mode=0o600
                ),
            )
        except BootyError as e:  # the network stays up for the operator to look at; net down undoes it
            wait_error = str(e)
    report = _report(
        outcome, reached=reached, wait_error=wait_error, state=state if outcome.connected else None
    )
    if args.json:
        json.dump(report, services.stdout, indent=2)
        services.stdout.write("\n")
    else:
        services.stdout.write(_text(report))
    if not outcome.connected:
        print(f"booty net up: {NetworkUnavailable(outcome.failures)}", file=services.stderr)
        return EXIT_FAILED
    return EXIT_FAILED if wait_error else EXIT_OK


def _down(args: argparse.Namespace, services: CliServices, factory: PortsFactory) -> int:
    state = _state_path(args)
    record = _read_record(state, services)
    if isinstance(record, int):
        return record
    if record is None or record.empty:
        print(f"booty net down: nothing to tear down ({state} records nothing)", file=services.stderr)
        return EXIT_OK
    if args.netns is not None and record.netns != args.netns:
        print(f"booty net down: {state} is for netns {record.netns or '(none)'}, not {args.netns}",
              file=services.stderr)  # fmt: skip
        return EXIT_BAD_INPUT
    problems = teardown_network(factory(record.netns), record)
    for problem in problems:
        print(f"booty net down: {problem}", file=services.stderr)
    if problems:
        return EXIT_FAILED  # the state file stays as it was, so that a second run can retry
    services.host.remove(state)
    mode = record.mode.value if record.mode else "none"
    print(
        f"network down (mode {mode}): {len(record.daemons)} daemon(s) stopped, "
        f"{len(record.links)} link(s) deleted, {len(record.addresses)} address(es) removed",
        file=services.stdout,
    )
    return EXIT_OK


def _state_path(args: argparse.Namespace) -> str:
    if args.state:
        return str(args.state)
    return f"{STATE_DIR}/network{f'-{args.netns}' if args.netns else ''}.json"


def _read_record(path: str, services: CliServices) -> NetworkRecord | int | None:
    """The record in *path*; None when there is no file; an exit code (after saying why) when unusable."""
    if not services.host.exists(path):
        return None
    try:
        return record_from_json(services.read_text(path))
    except (OSError, UnicodeDecodeError) as e:
        return services.cannot_read(path, e)
    except ValueError as e:
        print(f"{path}: {e}", file=services.stderr)
        return EXIT_BAD_INPUT


def _report(
    outcome: NetworkOutcome, *, reached: ControllerReached | None, wait_error: str, state: str | None
) -> dict[str, Any]:
    """What ``net up`` prints, as one JSON-ready object."""
    frr = outcome.frr
    return {
        "connected": outcome.connected,
        "mode": outcome.mode.value,
        "interfaces": list(outcome.interfaces),
        "addresses": [str(a) for a in outcome.addresses],
        "gateway": str(outcome.gateway) if outcome.gateway is not None else None,
        "dns": [str(d) for d in outcome.dns],
        "tried": [choice.mode.value for choice in outcome.plan.attempts],
        "fallbacks": list(outcome.fallbacks),
        "bgp": None
        if frr is None
        else {
            "established": list(frr.bgp.established),
            "sessions": frr.bgp.describe(),
            "underlay": str(frr.addresses.underlay),
            "underlay_link": frr.underlay_link,
            "warnings": list(frr.warnings),
        },
        "daemons": [{"name": d.name, "pid": d.pid, "log": d.log} for d in outcome.record.daemons],
        "controller": None
        if reached is None
        else {
            "url": reached.url,
            "method": reached.method,
            "status": reached.status,
            "attempts": reached.attempts,
        },
        "controller_error": wait_error or None,
        "state_file": state,
    }


def _text(report: dict[str, Any]) -> str:
    """The report as ``key: value`` lines, ``-`` for nothing."""

    def join(values: list[str]) -> str:
        return ", ".join(values) or "-"

    lines = [
        f"mode: {report['mode']}{'' if report['connected'] else ' (not connected)'}",
        f"interfaces: {join(report['interfaces'])}",
        f"addresses: {join(report['addresses'])}",
        f"gateway: {report['gateway'] or '-'}",
        f"dns: {join(report['dns'])}",
        *(f"fallback: {reason}" for reason in report["fallbacks"]),
    ]
    if report["bgp"] is not None:
        lines.append(f"bgp: {report['bgp']['sessions']}")
    lines += [f"daemon: {d['name']} pid {d['pid']} log {d['log']}" for d in report["daemons"]]
    if report["controller"] is not None:
        c = report["controller"]
        lines.append(
            f"controller: {c['url']} answered {c['method']} {c['status']} after {c['attempts']} attempt(s)"
        )
    if report["controller_error"]:
        lines.append(f"controller: {report['controller_error']}")
    if report["state_file"]:
        lines.append(f"state: {report['state_file']}")
    return "".join(f"{line}\n" for line in lines)
