"""The state file of ``booty net up``: every field survives the round trip, and what is not a
state file is refused before anything is torn down."""

from __future__ import annotations

import json
from ipaddress import IPv4Address, ip_interface, ip_network

import attrs
import pytest

from booty.app.network import record_from_json, record_to_json
from booty.domain.netdev import Route
from booty.domain.network import (
    AddedAddress,
    ChangedMtu,
    ChangedSysctl,
    DaemonRecord,
    Enslaved,
    NetworkMode,
    NetworkRecord,
)

FULL = NetworkRecord(
    mode=NetworkMode.FRR,
    interface="br.provision",
    netns="booty-host",
    links=("vx100", "br.provision"),
    addresses=(
        AddedAddress("lo", ip_interface("10.0.0.20/32")),
        AddedAddress("lo", ip_interface("fd00::1/128")),
    ),
    routes=(
        Route.default(IPv4Address("10.0.0.1"), name="eth0", onlink=True),
        Route(ip_network("192.0.2.0/24"), None, name="eth1", table=100),
    ),
    enslaved=(Enslaved("eth0", "bond0"),),
    sysctls=(ChangedSysctl("net/ipv4/ip_forward", "0"),),
    mtus=(ChangedMtu("eth0", 1500),),
    daemons=(
        DaemonRecord(
            "zebra",
            4242,
            ("ip", "netns", "exec", "booty-host", "/usr/lib/frr/zebra", "-f", "/dev/null"),
            "/run/booty/frr/log/zebra.log",
            ready_path="/run/booty/frr/run/zebra.vty",
            netns="booty-host",
            start_ticks=123456,
        ),
    ),
    dhcp=True,
    frr_root="/run/booty/frr",
)


@pytest.mark.parametrize("record", [FULL, NetworkRecord()], ids=["everything", "nothing"])
def test_round_trip(record: NetworkRecord) -> None:
    text = record_to_json(record)
    assert text.endswith("\n")
    assert record_from_json(text) == record


def test_a_state_file_from_before_mtus_were_recorded_restores_none() -> None:
    document = json.loads(record_to_json(FULL))
    del document["mtus"]
    assert record_from_json(json.dumps(document)) == attrs.evolve(FULL, mtus=())


def _broken(**changes: object) -> str:
    document = json.loads(record_to_json(FULL))
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON: Expecting value"),
        ("[]", "not a version 1 booty network state"),
        (_broken(version=2), "not a version 1 booty network state"),
        (json.dumps({"version": 1}), "booty network state lacks 'mode'"),
        (_broken(mode="carrier-pigeon"), "'carrier-pigeon' is not a valid NetworkMode"),
        (_broken(links=None), "malformed booty network state"),
        (
            _broken(addresses=[{"link": "lo", "address": "10.0.0.300/32"}]),
            "does not appear to be an IPv4 or IPv6",
        ),
        (
            _broken(daemons=[{**json.loads(record_to_json(FULL))["daemons"][0], "pid": 1}]),
            "not a daemon pid: 1",
        ),
        (
            _broken(daemons=[{**json.loads(record_to_json(FULL))["daemons"][0], "pid": True}]),
            "not a daemon pid",
        ),
        (_broken(routes=[{"destination": "0.0.0.0/0"}]), "lacks 'gateway'"),
        (_broken(mtus=[{"link": "eth0"}]), "lacks 'previous'"),
        (_broken(mtus=[{"link": "eth0", "previous": "jumbo"}]), "invalid literal for int"),
    ],
)
def test_what_is_not_a_state_file_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        record_from_json(text)
