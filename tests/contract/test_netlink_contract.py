"""Contract of the Netlink port: PyRoute2Netlink in a throwaway network namespace holding a veth
pair, FakeNetlink holding the same links, and the same behaviour asked of both.

The real variant never touches the host's interfaces: everything happens inside a namespace this
file creates and removes (also when a test fails).
"""

from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Callable, Iterator
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_interface

import attrs
import pytest
from pyroute2 import IPRoute, netns

from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.linux.netlink import PyRoute2Netlink
from booty.domain.errors import LinkNotFound, NetlinkOperationFailed
from booty.ports.netlink import Netlink

GW4 = IPv4Address("10.0.0.254")
ADDR4 = ip_interface("10.0.0.1/24")


@attrs.frozen
class World:
    """The port under test, plus a way to see the default route (the port has no route listing)."""

    netlink: Netlink
    default_gateway: Callable[[int], IPv4Address | IPv6Address | None]


@pytest.fixture
def namespace() -> Iterator[str]:
    """A fresh network namespace holding the veth pair bt0 <-> bt1, removed afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root: creates a network namespace")
    name = f"booty-ct-{uuid.uuid4().hex[:8]}"
    netns.create(name)
    try:
        with IPRoute(netns=name, flags=0) as ipr:
            ipr.link("add", ifname="bt0", kind="veth", peer="bt1")
        yield name
    finally:
        netns.remove(name)


def _kernel_default_gateway(nsname: str, version: int) -> IPv4Address | IPv6Address | None:
    family = 2 if version == 4 else 10
    with IPRoute(netns=nsname, flags=0) as ipr:
        for route in ipr.route("dump", family=family):
            if route["dst_len"] == 0 and route.get("RTA_GATEWAY"):
                return ip_address(route.get("RTA_GATEWAY"))
    return None


@pytest.fixture(params=["fake", "linux"])
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    if request.param == "fake":
        fake = FakeNetlink()
        fake.add_link("lo")
        fake.add_link("bt1", kind="veth", mac="02:00:00:00:00:01")
        fake.add_link("bt0", kind="veth", mac="02:00:00:00:00:02")

        def fake_gateway(version: int) -> IPv4Address | IPv6Address | None:
            route = fake.default_routes.get(version)
            return route.gateway if route else None

        yield World(fake, fake_gateway)
        return
    nsname = request.getfixturevalue("namespace")
    real = PyRoute2Netlink(netns=nsname)
    try:
        yield World(real, lambda version: _kernel_default_gateway(nsname, version))
    finally:
        real.close()


def test_created_links_are_listed_by_index(world: World) -> None:
    links = world.netlink.links()
    assert {"lo", "bt0", "bt1"} <= {link.name for link in links}
    assert [link.index for link in links] == sorted(link.index for link in links)
    bt0 = next(link for link in links if link.name == "bt0")
    assert (bt0.kind, bt0.physical, bt0.up) == ("veth", False, False)


def test_set_up_brings_the_link_up(world: World) -> None:
    world.netlink.set_up("bt0")
    assert next(link for link in world.netlink.links() if link.name == "bt0").up


def test_added_address_is_listed(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    assert ADDR4 in world.netlink.addresses("bt0")
    assert ADDR4 not in world.netlink.addresses("bt1")


def test_adding_an_address_twice_is_fine(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.add_address("bt0", ADDR4)
    assert list(world.netlink.addresses("bt0")).count(ADDR4) == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda n: n.set_up("nope0"),
        lambda n: n.addresses("nope0"),
        lambda n: n.add_address("nope0", ADDR4),
        lambda n: n.add_default_route(GW4, name="nope0"),
    ],
    ids=["set_up", "addresses", "add_address", "add_default_route"],
)
def test_unknown_link_raises_link_not_found(world: World, call: Callable[[Netlink], object]) -> None:
    with pytest.raises(LinkNotFound) as caught:
        call(world.netlink)
    assert isinstance(caught.value, NetlinkOperationFailed)
    assert (caught.value.name, caught.value.errno) == ("nope0", errno.ENODEV)


def test_default_route_via_an_on_link_gateway(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(GW4, name="bt0")
    assert world.default_gateway(4) == GW4


def test_default_route_is_replaced_not_duplicated(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(GW4, name="bt0")
    world.netlink.add_default_route(IPv4Address("10.0.0.253"), name="bt0")
    assert world.default_gateway(4) == IPv4Address("10.0.0.253")


def test_ipv6_default_route_via_an_on_link_gateway(world: World) -> None:
    world.netlink.add_address("bt0", ip_interface("fd00::1/64"))
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(IPv6Address("fd00::fe"), name="bt0")
    assert world.default_gateway(6) == IPv6Address("fd00::fe")


def test_off_link_gateway_is_unreachable(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.add_default_route(IPv4Address("192.168.9.9"), name="bt0")
    assert caught.value.errno == errno.ENETUNREACH


def test_gateway_on_a_down_link_is_unreachable(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.add_default_route(GW4, name="bt0")
    assert caught.value.errno == errno.ENETUNREACH


## Real only


def test_missing_namespace_is_an_error_not_created() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: enters network namespaces")
    name = f"booty-ct-missing-{uuid.uuid4().hex[:8]}"
    adapter = PyRoute2Netlink(netns=name)
    try:
        with pytest.raises(NetlinkOperationFailed) as caught:
            adapter.links()
        assert caught.value.errno == errno.ENOENT
        assert name not in netns.listnetns()
    finally:
        adapter.close()
