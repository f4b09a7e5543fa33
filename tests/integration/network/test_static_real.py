"""Static mode on a real kernel: the address and default route appear in the namespace, a second
run changes nothing, and a TCP server behind the gateway answers a real connect.

The peer namespace plays the router: 10.88.0.1 on its side of the veth, and 198.51.100.1 on its
loopback, reachable from the client only through the default route.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, ip_interface

import pytest

from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.netlink import PyRoute2Netlink
from booty.app.network import network_down, static_up
from booty.domain.errors import LinkNotFound, NetworkSetupFailed

from .conftest import Namespaces, TcpServer, add_address, kernel_addresses, kernel_routes, tcp_hello, veth

BEHIND_GATEWAY = "198.51.100.1"


@pytest.fixture
def peer(namespaces: Namespaces) -> str:
    """The router namespace."""
    return namespaces.new("peer")


@pytest.fixture
def client(namespaces: Namespaces, peer: str) -> str:
    """The machine's namespace: c0 wired to the router's p0."""
    cli = namespaces.new("cli")
    veth(cli, "c0", peer, "p0", address_b="10.88.0.1/24")
    add_address(peer, "lo", f"{BEHIND_GATEWAY}/32")
    return cli


def test_address_and_default_route_appear_and_carry_traffic(
    client: str, peer: str, tcp_servers: Callable[[str, str], TcpServer]
) -> None:
    server = tcp_servers(peer, BEHIND_GATEWAY)
    with PyRoute2Netlink(netns=client) as netlink:
        up = static_up(
            netlink,
            FakeClock(),
            address=ip_interface("10.88.0.5/24"),
            gateway=IPv4Address("10.88.0.1"),
            interface="c0",
        )
        assert kernel_addresses(client, "c0") == ["10.88.0.5/24"]
        assert ("0.0.0.0", 0, "10.88.0.1", 0) in kernel_routes(client)
        assert tcp_hello(client, BEHIND_GATEWAY, server.port) == b"hello"

        assert network_down(netlink, up) == ()
        assert kernel_addresses(client, "c0") == []


def test_running_twice_changes_nothing(client: str) -> None:
    with PyRoute2Netlink(netns=client) as netlink:
        args = {
            "address": ip_interface("10.88.0.5/24"),
            "gateway": IPv4Address("10.88.0.1"),
            "interface": "c0",
        }
        first = static_up(netlink, FakeClock(), **args)  # type: ignore[arg-type]
        routes, addresses = kernel_routes(client), kernel_addresses(client, "c0")
        second = static_up(netlink, FakeClock(), **args)  # type: ignore[arg-type]
        assert second == first
        assert (kernel_routes(client), kernel_addresses(client, "c0")) == (routes, addresses)
        assert [r for r in kernel_routes(client) if r[1] == 0] == [("0.0.0.0", 0, "10.88.0.1", 0)]


def test_host_address_with_an_on_link_gateway(
    client: str, peer: str, tcp_servers: Callable[[str, str], TcpServer]
) -> None:
    server = tcp_servers(peer, BEHIND_GATEWAY)
    with PyRoute2Netlink(netns=client) as netlink:
        up = static_up(
            netlink,
            FakeClock(),
            address=ip_interface("10.88.0.77/32"),
            gateway=IPv4Address("10.88.0.1"),
            interface="c0",
        )
        assert up.routes[0].onlink
        assert tcp_hello(client, BEHIND_GATEWAY, server.port) == b"hello"
        assert tcp_hello(client, "10.88.0.1", tcp_servers(peer, "10.88.0.1").port) == b"hello"


def test_missing_interface_is_link_not_found(client: str) -> None:
    with PyRoute2Netlink(netns=client) as netlink, pytest.raises(LinkNotFound):
        static_up(netlink, FakeClock(), address=ip_interface("10.88.0.5/24"), interface="eth7")


def test_without_interface_and_without_physical_nics_it_says_so(client: str) -> None:
    """veth links are not physical, so auto-detection has nothing to pick in a namespace."""
    with (
        PyRoute2Netlink(netns=client) as netlink,
        pytest.raises(NetworkSetupFailed, match="no physical interface"),
    ):
        static_up(netlink, FakeClock(), address=ip_interface("10.88.0.5/24"))
