"""booty's PacketLldp against a real lldpd, across a veth pair between two network namespaces.

lldpd runs in the peer namespace announcing itself every second; booty listens in its own. The
other direction is checked too: lldpd (receive-only) decodes the frames booty's encoder builds.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from booty.adapters.linux.lldp import PacketLldp
from booty.domain.errors import LldpListenFailed
from booty.domain.lldp import LldpId, LldpNeighbor, ManagementAddress, encode_frame

from .conftest import lab_module

PEER_CONFIG = (
    "configure system hostname booty-peer-sw",
    'configure system description "booty test switch 1.0"',
    "configure lldp tx-interval 1",
    "configure lldp portidsubtype ifname",
    'configure ports bl1 lldp portdescription "uplink to booty"',
    "configure ports bl1 lldp custom-tlv oui 00,80,c2 subtype 1 oui-info 00,64",
)
LISTEN_S = 3.5


@pytest.fixture
def peer(lab: Any) -> Iterator[Any]:
    with lab_module.running_lldpd(lab.peer_ns, lab.peer_if, config=PEER_CONFIG) as daemon:
        yield daemon


def test_booty_hears_lldpd(lab: Any, peer: Any) -> None:
    lldp = PacketLldp(netns=lab.booty_ns)
    (neighbor,) = lldp.listen([lab.booty_if], timeout_s=LISTEN_S)
    peer_mac = lab.mac(lab.peer_ns, lab.peer_if)
    assert neighbor.interface == lab.booty_if
    assert neighbor.chassis_id == LldpId.chassis(4, peer_mac)
    assert neighbor.port_id == LldpId.port(5, lab.peer_if)
    assert neighbor.source_mac == peer_mac
    assert neighbor.system_name == "booty-peer-sw"
    assert neighbor.system_description == "booty test switch 1.0"
    assert neighbor.port_description == "uplink to booty"
    assert neighbor.port_vlan_id == 100
    assert 0 < neighbor.ttl <= 120
    addresses = {(a.address, a.family_name) for a in neighbor.management_addresses}
    assert addresses == {(lab_module.PEER_IPV4, "ipv4"), (lab_module.PEER_IPV6, "ipv6")}
    assert lldp.skipped == ()


def test_listening_until_each_heard_ends_with_lldpds_first_frame(lab: Any, peer: Any) -> None:
    """As the inventory listens: a 30 s budget, over as soon as the one NIC heard its switch."""
    lldp = PacketLldp(netns=lab.booty_ns)
    started = time.monotonic()
    (neighbor,) = lldp.listen([lab.booty_if], timeout_s=30, until_each_heard=True)
    assert neighbor.system_name == "booty-peer-sw"
    assert time.monotonic() - started < 5  # lldpd sends every second


def test_malformed_frames_do_not_stop_the_listener(lab: Any, peer: Any) -> None:
    header = bytes.fromhex("0180c200000e02000000000388cc")
    chassis, port, ttl, end = "020704001122334455", "040405616263", "06020078", "0000"
    garbage = [
        header + bytes.fromhex(chassis + "040a05" + "6162"),
        header + bytes.fromhex(port + chassis + ttl + end),
        header + bytes.fromhex(chassis + port + ttl + "0001ff"),
        header + bytes.fromhex(chassis + port + "0603007800" + end),
        bytes.fromhex("02000000000202000000000388cc") + bytes.fromhex(chassis + port + ttl + end),
        os.urandom(200),
    ]
    sender = lab.send(garbage * 3, delay_s=0.4)
    lldp = PacketLldp(netns=lab.booty_ns)
    heard = lldp.listen([lab.booty_if], timeout_s=LISTEN_S)
    sender.join(timeout=10)
    assert [n.system_name for n in heard] == ["booty-peer-sw"]
    reasons = {f.reason for f in lldp.skipped}
    assert {
        "Port ID TLV at offset 9 claims 10 bytes, only 3 left",
        "Chassis ID TLV must come first, found Port ID",
        "End of LLDPDU TLV has 1 byte (expected 0)",
        "Time To Live TLV has 3 bytes (expected 2)",
        "destination 02:00:00:00:00:02 is not an LLDP group address",
    } <= reasons, reasons


def test_vlan_tagged_frames_are_heard(lab: Any) -> None:
    tagged = LldpNeighbor(
        LldpId.chassis(7, "tagged-sw"), LldpId.port(5, "swp9"), ttl=120, system_name="tagged-sw"
    )
    sender = lab.send([encode_frame(tagged, vlan=200), encode_frame(tagged, vlan=0)], delay_s=0.4)
    heard = PacketLldp(netns=lab.booty_ns).listen([lab.booty_if], timeout_s=1.5)
    sender.join(timeout=10)
    assert [(n.chassis_id.value, n.system_name) for n in heard] == [("tagged-sw", "tagged-sw")]


def test_lldpd_decodes_what_booty_encodes(lab: Any) -> None:
    """The encoder checked against a real decoder: lldpd, receive-only, on booty's side."""
    announced = LldpNeighbor(
        LldpId.chassis(4, "02:0b:00:00:00:01"),
        LldpId.port(5, "eno1"),
        ttl=120,
        port_description="booty test port",
        system_name="booty-encoded",
        system_description="made by booty.domain.lldp.encode",
        management_addresses=(
            ManagementAddress("198.51.100.7", family=1, interface_subtype=2, interface_number=3),
        ),
        port_vlan_id=42,
        capabilities=("bridge", "router"),
        enabled_capabilities=("router",),
    )
    with lab_module.running_lldpd(lab.booty_ns, lab.booty_if, receive_only=True) as daemon:
        lab.send([encode_frame(announced, source_mac="02:0b:00:00:00:01")], delay_s=0.2).join(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            shown = json.loads(daemon.cli("-f", "json0", "show", "neighbors", "details"))
            if shown["lldp"][0].get("interface"):
                break
            time.sleep(0.2)
    (interface,) = shown["lldp"][0]["interface"]
    (chassis,) = interface["chassis"]
    (port,) = interface["port"]
    assert interface["name"] == lab.booty_if
    assert chassis["id"] == [{"type": "mac", "value": "02:0b:00:00:00:01"}]
    assert chassis["name"] == [{"value": "booty-encoded"}]
    assert chassis["descr"] == [{"value": "made by booty.domain.lldp.encode"}]
    assert chassis["mgmt-ip"] == [{"value": "198.51.100.7"}]
    assert {c["type"]: c["enabled"] for c in chassis["capability"]} == {"Bridge": False, "Router": True}
    assert port["id"] == [{"type": "ifname", "value": "eno1"}]
    assert port["descr"] == [{"value": "booty test port"}]
    assert port["ttl"] == [{"value": "120"}]
    assert interface["vlan"] == [{"vlan-id": "42", "pvid": True}]


def test_listening_honours_the_timeout_and_closes_its_sockets(lab: Any) -> None:
    fds, thread_netns = Path("/proc/self/fd"), Path("/proc/thread-self/ns/net")
    before, own_netns = len(list(fds.iterdir())), thread_netns.readlink()
    started = time.monotonic()
    assert PacketLldp(netns=lab.booty_ns).listen([lab.booty_if], timeout_s=0.5) == ()
    assert 0.45 <= time.monotonic() - started < 2
    assert len(list(fds.iterdir())) == before
    assert thread_netns.readlink() == own_netns  # only the helper thread moved


def test_a_link_vanishing_mid_listen_ends_listening_on_it(lab: Any) -> None:
    timer = threading.Timer(0.5, lab_module.ip, args=("-n", lab.peer_ns, "link", "del", lab.peer_if))
    timer.start()
    lldp = PacketLldp(netns=lab.booty_ns)
    started = time.monotonic()
    assert lldp.listen([lab.booty_if], timeout_s=5) == ()
    timer.join()
    assert time.monotonic() - started < 4  # no socket left to wait on: returns early
    assert [(f.interface, f.reason) for f in lldp.skipped] == [
        (lab.booty_if, "receive failed: Network is down")
    ]


def test_a_missing_link_or_namespace_is_an_error(lab: Any) -> None:
    with pytest.raises(LldpListenFailed) as caught:
        PacketLldp(netns=lab.booty_ns).listen([lab.booty_if, "nope0"], timeout_s=1)
    assert (caught.value.interface, caught.value.errno) == ("nope0", errno.ENODEV)
    with pytest.raises(LldpListenFailed) as caught:
        PacketLldp(netns=f"{lab.booty_ns}-missing").listen([lab.booty_if], timeout_s=1)
    assert caught.value.errno == errno.ENOENT
    assert "network namespace" in str(caught.value)
