"""Contract of the Lldp port: PacketLldp on a veth pair in a throwaway network namespace, and
FakeLldp scripted with the same frames, asked the same questions.

For the real variant, frames are sent out of bt1 by a raw socket while PacketLldp listens on bt0;
nothing leaves the namespace this file creates and removes (also when a test fails).
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence

import attrs
import pytest
from pyroute2 import IPRoute, netns

from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.linux.lldp import PacketLldp, in_netns
from booty.domain.errors import LldpListenFailed
from booty.domain.lldp import LldpId, LldpNeighbor, encode_frame
from booty.ports.lldp import Lldp

LEAF1 = LldpNeighbor(
    LldpId.chassis(4, "00:11:22:33:44:55"), LldpId.port(5, "Ethernet1"), ttl=120, system_name="leaf1"
)
LEAF2 = LldpNeighbor(
    LldpId.chassis(7, "leaf2"), LldpId.port(3, "02:00:00:00:00:09"), ttl=120, system_name="leaf2"
)
TRUNCATED = encode_frame(LEAF1)[:30]  # cut inside the Port ID TLV


@attrs.define
class World:
    """The port under test and a way to make frames arrive on bt0 during the next listen."""

    lldp: Lldp
    arrive: Callable[[Sequence[bytes]], None]
    timeout_s: float
    """Long enough for the real listener to hear what was sent; the fake never waits."""

    def listen(self, interfaces: Sequence[str]) -> tuple[LldpNeighbor, ...]:
        return self.lldp.listen(interfaces, timeout_s=self.timeout_s)


@pytest.fixture
def namespace() -> Iterator[str]:
    """A fresh network namespace holding the veth pair bt0 <-> bt1, both up, removed afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root: creates a network namespace and raw sockets")
    name = f"booty-ct-lldp-{uuid.uuid4().hex[:8]}"
    netns.create(name)
    try:
        with IPRoute(netns=name, flags=0) as ipr:
            ipr.link("add", ifname="bt0", kind="veth", peer="bt1")
            for ifname in ("bt0", "bt1"):
                ipr.link("set", index=ipr.link_lookup(ifname=ifname)[0], state="up")
        yield name
    finally:
        netns.remove(name)


def _sender(nsname: str, frames: Sequence[bytes]) -> None:
    time.sleep(0.3)  # the listener's sockets are open by then
    sock = in_netns(nsname, lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
    with sock:
        sock.bind(("bt1", 0))
        for frame in frames:
            sock.send(frame)
            time.sleep(0.02)


@pytest.fixture(params=["fake", "linux"])
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    if request.param == "fake":
        fake = FakeLldp()
        fake.add_interface("bt0")
        fake.add_interface("bt1")
        yield World(fake, lambda frames: fake.add_interface("bt0", *frames), timeout_s=35)
        return
    nsname = request.getfixturevalue("namespace")
    threads: list[threading.Thread] = []

    def arrive(frames: Sequence[bytes]) -> None:
        thread = threading.Thread(target=_sender, args=(nsname, list(frames)), daemon=True)
        thread.start()
        threads.append(thread)

    yield World(PacketLldp(netns=nsname), arrive, timeout_s=1.5)
    for thread in threads:
        thread.join(timeout=10)


def test_neighbours_are_reported_with_the_interface_they_were_heard_on(world: World) -> None:
    world.arrive([encode_frame(LEAF1), encode_frame(LEAF2)])
    heard = world.listen(["bt0"])
    assert heard == (
        attrs.evolve(LEAF1, interface="bt0", source_mac="02:00:00:00:00:01"),
        attrs.evolve(LEAF2, interface="bt0", source_mac="02:00:00:00:00:01"),
    )
    assert world.lldp.skipped == ()


def test_the_latest_frame_of_a_neighbour_wins(world: World) -> None:
    world.arrive([encode_frame(LEAF1), encode_frame(attrs.evolve(LEAF1, system_name="renamed", ttl=90))])
    (neighbor,) = world.listen(["bt0"])
    assert (neighbor.system_name, neighbor.ttl) == ("renamed", 90)


def test_a_shutdown_lldpdu_removes_its_neighbour(world: World) -> None:
    world.arrive([encode_frame(LEAF1), encode_frame(LEAF2), encode_frame(attrs.evolve(LEAF1, ttl=0))])
    assert [n.system_name for n in world.listen(["bt0"])] == ["leaf2"]


def test_malformed_frames_are_skipped_and_listening_goes_on(world: World) -> None:
    world.arrive([TRUNCATED, encode_frame(LEAF1), encode_frame(LEAF2, destination="02:00:00:00:00:02")])
    assert [n.system_name for n in world.listen(["bt0"])] == ["leaf1"]
    assert [(f.interface, f.reason) for f in world.lldp.skipped] == [
        ("bt0", "Port ID TLV at offset 9 claims 10 bytes, only 5 left"),
        ("bt0", "destination 02:00:00:00:00:02 is not an LLDP group address"),
    ]


def test_an_interface_that_hears_nothing_reports_nothing(world: World) -> None:
    assert world.listen(["bt1"]) == ()


def test_no_interface_hears_nothing_at_once(world: World) -> None:
    started = time.monotonic()
    assert world.lldp.listen([], timeout_s=30) == ()
    assert time.monotonic() - started < 1


def test_a_missing_link_fails_with_enodev(world: World) -> None:
    with pytest.raises(LldpListenFailed) as caught:
        world.listen(["bt0", "nope0"])
    assert (caught.value.interface, caught.value.errno) == ("nope0", errno.ENODEV)
    assert str(caught.value) == "LLDP listen on nope0: No such device"


def test_until_each_heard_returns_once_every_interface_heard_a_neighbour(world: World) -> None:
    world.arrive([encode_frame(LEAF1)])
    started = time.monotonic()
    heard = world.lldp.listen(["bt0"], timeout_s=30, until_each_heard=True)
    assert [n.system_name for n in heard] == ["leaf1"]
    assert time.monotonic() - started < 10  # not the 30 s timeout


def test_until_each_heard_still_waits_for_a_silent_interface(world: World) -> None:
    world.arrive([encode_frame(LEAF1)])
    started = time.monotonic()
    heard = world.lldp.listen(["bt0", "bt1"], timeout_s=world.timeout_s, until_each_heard=True)
    assert [(n.interface, n.system_name) for n in heard] == [("bt0", "leaf1")]
    # The fake never sleeps: it counts the time the real listener spends on the wire.
    waited = world.lldp.waited_s if isinstance(world.lldp, FakeLldp) else time.monotonic() - started
    assert waited >= world.timeout_s * 0.9
