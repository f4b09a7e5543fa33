"""DHCP mode against a real dnsmasq in a peer namespace.

The client namespace has two NICs: ``c1`` leads nowhere (its peer is in the same namespace, no
server behind it), ``c0`` is wired to the server namespace where dnsmasq answers. dnsmasq
announces a router (10.77.0.254) that is not its own address (10.77.0.1), so using the server
identifier as gateway (v0.0.1's bug) would show.
"""

from __future__ import annotations

import threading
import time
from ipaddress import IPv4Address, ip_interface

import pytest

from booty.adapters.linux.netlink import PyRoute2Netlink
from booty.app.network import dhcp_up, network_down
from booty.domain.errors import NoLeaseReceived
from booty.domain.netresult import NetworkMode

from .conftest import Namespaces, StartDnsmasq, kernel_addresses, kernel_routes, veth

TIMEOUT_S = 20.0
SERVER_OPTIONS = [
    "--dhcp-range=10.77.0.100,10.77.0.200,255.255.255.0,10m",
    "--dhcp-option=3,10.77.0.254",
    "--dhcp-option=6,10.77.0.53,10.77.0.54",
    "--domain=booty-test.local",
]


@pytest.fixture
def client(namespaces: Namespaces, dnsmasq: StartDnsmasq) -> str:
    """The client namespace, with c0 wired to a dnsmasq and c1 wired to nothing."""
    cli, srv = namespaces.new("cli"), namespaces.new("srv")
    veth(cli, "c0", srv, "s0", address_b="10.77.0.1/24")
    veth(cli, "c1", cli, "c1p")
    dnsmasq(srv, interface="s0", options=SERVER_OPTIONS)
    return cli


def _dhcp_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "booty-dhcp"]


def test_all_nics_at_once_first_lease_wins_router_is_the_gateway(client: str) -> None:
    with PyRoute2Netlink(netns=client) as netlink:
        started = time.monotonic()
        up = dhcp_up(netlink, interfaces=["c1", "c0"], timeout_s=TIMEOUT_S)
        elapsed = time.monotonic() - started

        # c1 is asked first and never answers: one NIC after the other would take the whole
        # timeout before c0 is even tried.
        assert elapsed < TIMEOUT_S / 4, f"lease took {elapsed:.1f} s"
        assert (up.mode, up.interface) == (NetworkMode.DHCP, "c0")
        assert up.lease is not None
        assert up.lease.server == IPv4Address("10.77.0.1")
        assert up.gateway == IPv4Address("10.77.0.254")
        assert up.dns == (IPv4Address("10.77.0.53"), IPv4Address("10.77.0.54"))
        assert up.lease.domain == "booty-test.local"
        assert up.lease.lease_time_s == 600
        address = up.addresses[0]
        assert address.network == ip_interface("10.77.0.0/24").network
        assert IPv4Address("10.77.0.100") <= address.ip <= IPv4Address("10.77.0.200")

        assert kernel_addresses(client, "c0") == [str(address)]
        assert kernel_addresses(client, "c1") == []
        assert ("0.0.0.0", 0, "10.77.0.254", 0) in [
            (d, n, g, f & 0x4) for d, n, g, f in kernel_routes(client)
        ]
        assert len(_dhcp_threads()) == 1, "the winner keeps renewing in the background"

        assert network_down(netlink, up) == ()
        assert kernel_addresses(client, "c0") == []
        assert [r for r in kernel_routes(client) if r[1] == 0] == []
        assert _dhcp_threads() == []


def test_the_same_lease_again_after_a_restart(client: str) -> None:
    with PyRoute2Netlink(netns=client) as netlink:
        first = dhcp_up(netlink, interfaces=["c0"], timeout_s=TIMEOUT_S)
        netlink.stop_dhcp()
        second = dhcp_up(netlink, interfaces=["c0"], timeout_s=TIMEOUT_S)
        assert second.addresses == first.addresses
        assert kernel_addresses(client, "c0") == [str(first.addresses[0])]


def test_no_server_is_an_error_naming_the_interfaces_and_timeout(client: str) -> None:
    with PyRoute2Netlink(netns=client) as netlink:
        started = time.monotonic()
        with pytest.raises(NoLeaseReceived) as caught:
            dhcp_up(netlink, interfaces=["c1"], timeout_s=2)
        assert time.monotonic() - started < 6
        assert str(caught.value) == "dhcp network setup failed: no DHCP lease on c1 within 2 s"
        assert _dhcp_threads() == []
