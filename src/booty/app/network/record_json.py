"""JSON at the edge: the ``NetworkRecord`` that ``booty net up`` leaves in its state file and
``booty net down`` reads back.

The shape is flat and versioned (``"version": 1``); addresses and networks are strings as ``ip``
prints them; a daemon keeps its pid and the kernel's start time of that pid, so that ``net down``
never signals a recycled pid. Reading refuses anything else with a ``ValueError`` naming what is
wrong, rather than tearing down half of a record it misunderstood.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from ipaddress import ip_address, ip_interface, ip_network
from typing import Any

from booty.domain.netdev import Route
from booty.domain.network.modes import NetworkMode
from booty.domain.network.state import (
    AddedAddress,
    ChangedMtu,
    ChangedSysctl,
    DaemonRecord,
    Enslaved,
    NetworkRecord,
)

VERSION = 1


def record_to_json(record: NetworkRecord) -> str:
    """The state file text of *record* (indented, newline-terminated)."""
    document = {
        "version": VERSION,
        "mode": record.mode.value if record.mode else None,
        "interface": record.interface,
        "netns": record.netns,
        "links": list(record.links),
        "addresses": [{"link": a.link, "address": str(a.address)} for a in record.addresses],
        "routes": [_route_out(r) for r in record.routes],
        "enslaved": [{"link": e.link, "master": e.master} for e in record.enslaved],
        "sysctls": [{"path": s.path, "previous": s.previous} for s in record.sysctls],
        "mtus": [{"link": m.link, "previous": m.previous} for m in record.mtus],
        "daemons": [_daemon_out(d) for d in record.daemons],
        "dhcp": record.dhcp,
        "frr_root": record.frr_root,
    }
    return json.dumps(document, indent=2) + "\n"


def record_from_json(text: str) -> NetworkRecord:
    """The record in a state file's *text*.

    Raises:
        ValueError: not JSON, another version, or a field missing or of the wrong type.
    """
    try:
        document = json.loads(text)
    except ValueError as e:
        raise ValueError(f"not JSON: {e}") from None
    try:
        if not isinstance(document, dict) or document.get("version") != VERSION:
            raise ValueError(f"not a version {VERSION} booty network state")
        mode = document["mode"]
        return NetworkRecord(
            mode=NetworkMode(mode) if mode is not None else None,
            interface=str(document["interface"]),
            netns=document["netns"],
            links=tuple(str(name) for name in document["links"]),
            addresses=tuple(
                AddedAddress(a["link"], ip_interface(a["address"])) for a in document["addresses"]
            ),
            routes=tuple(_route_in(r) for r in document["routes"]),
            enslaved=tuple(Enslaved(e["link"], e["master"]) for e in document["enslaved"]),
            sysctls=tuple(ChangedSysctl(s["path"], s["previous"]) for s in document["sysctls"]),
            # absent from the state files of booty before MTUs were put back: nothing to restore
            mtus=tuple(ChangedMtu(m["link"], int(m["previous"])) for m in document.get("mtus", [])),
            daemons=tuple(_daemon_in(d) for d in document["daemons"]),
            dhcp=bool(document["dhcp"]),
            frr_root=str(document["frr_root"]),
        )
    except KeyError as e:
        raise ValueError(f"booty network state lacks {e}") from None
    except (TypeError, AttributeError) as e:
        raise ValueError(f"malformed booty network state: {e}") from None


def _route_out(route: Route) -> dict[str, Any]:
    return {
        "destination": str(route.destination),
        "gateway": str(route.gateway) if route.gateway is not None else None,
        "name": route.name,
        "onlink": route.onlink,
        "table": route.table,
    }


def _route_in(data: Mapping[str, Any]) -> Route:
    gateway = data["gateway"]
    return Route(
        ip_network(data["destination"]),
        ip_address(gateway) if gateway is not None else None,
        name=str(data["name"]),
        onlink=bool(data["onlink"]),
        table=int(data["table"]),
    )


def _daemon_out(daemon: DaemonRecord) -> dict[str, Any]:
    return {
        "name": daemon.name,
        "pid": daemon.pid,
        "start_ticks": daemon.start_ticks,
        "argv": list(daemon.argv),
        "log": daemon.log,
        "ready_path": daemon.ready_path,
        "netns": daemon.netns,
    }


def _daemon_in(data: Mapping[str, Any]) -> DaemonRecord:
    pid = data["pid"]
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 1:
        raise ValueError(f"not a daemon pid: {pid!r}")  # never signal 0, -1 or init
    return DaemonRecord(
        str(data["name"]),
        pid,
        tuple(str(arg) for arg in data["argv"]),
        str(data["log"]),
        ready_path=str(data["ready_path"]),
        netns=data["netns"],
        start_ticks=int(data["start_ticks"]),
    )
