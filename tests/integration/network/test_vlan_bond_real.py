"""VLAN and bond pre-steps on a real kernel, with traffic to a peer namespace.

This machine's kernel has no 8021q and no bonding support: the tests try in their throwaway
namespaces and skip with that reason on EOPNOTSUPP; on a kernel with both they run. The
fake-backed scenarios of features/network/up cover the same rules everywhere.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from ipaddress import IPv4Address, ip_interface

import pytest
from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError

from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.netlink import PyRoute2Netlink
from booty.app.network import bond_down, bond_up, static_up, vlans_down, vlans_up
from booty.domain.config.model import BondMode, VlanSpec
from booty.domain.errors import NetlinkOperationFailed

from .conftest import Namespaces, TcpServer, add_address, kernel_addresses, tcp_hello, veth


def _skip_unsupported(kind: str) -> None:
    pytest.skip(
        f"this kernel has no {kind} support (EOPNOTSUPP creating a {kind} link in a throwaway namespace); "
        "covered here only by features/network/up over the fakes"
    )


def test_vlan_with_address_and_gateway_reaches_the_peer(
    namespaces: Namespaces, tcp_servers: Callable[[str, str], TcpServer]
) -> None:
    cli, peer = namespaces.new("cli"), namespaces.new("peer")
    veth(cli, "c0", peer, "p0")
    with IPRoute(netns=peer, flags=0) as ipr:
        try:
            ipr.link("add", ifname="p0.200", kind="vlan", link=ipr.link_lookup(ifname="p0")[0], vlan_id=200)
        except NetlinkError as e:
            if e.code == errno.EOPNOTSUPP:
                _skip_unsupported("802.1Q VLAN")
            raise
        ipr.link("set", index=ipr.link_lookup(ifname="p0.200")[0], state="up")
    add_address(peer, "p0.200", "10.20.0.1/24")
    add_address(peer, "lo", "198.51.100.1/32")
    server = tcp_servers(peer, "198.51.100.1")
    with PyRoute2Netlink(netns=cli) as netlink:
        vlans = vlans_up(
            netlink, [VlanSpec(200, "c0", ip_interface("10.20.0.5/24"), IPv4Address("10.20.0.1"))]
        )
        assert vlans.failed == ()
        assert kernel_addresses(cli, "c0.200") == ["10.20.0.5/24"]
        assert tcp_hello(cli, "198.51.100.1", server.port) == b"hello"
        assert vlans_down(netlink, vlans) == ()
        assert "c0.200" not in {link.name for link in netlink.links()}


def test_active_backup_bond_carries_the_static_address(
    namespaces: Namespaces, tcp_servers: Callable[[str, str], TcpServer]
) -> None:
    cli, peer = namespaces.new("cli"), namespaces.new("peer")
    veth(cli, "c0", peer, "p0")
    veth(cli, "c1", peer, "p1")
    with IPRoute(netns=peer, flags=0) as ipr:
        ipr.link("add", ifname="br0", kind="bridge")
        bridge = ipr.link_lookup(ifname="br0")[0]
        for port in ("p0", "p1"):
            ipr.link("set", index=ipr.link_lookup(ifname=port)[0], master=bridge)
        ipr.link("set", index=bridge, state="up")
    add_address(peer, "br0", "10.30.0.1/24")
    server = tcp_servers(peer, "10.30.0.1")
    with PyRoute2Netlink(netns=cli) as netlink:
        try:
            bond = bond_up(netlink, slaves=["c0", "c1"], mode=BondMode.ACTIVE_BACKUP)
        except NetlinkOperationFailed as e:
            if e.errno == errno.EOPNOTSUPP:
                _skip_unsupported("bonding")
            raise
        assert bond.slaves == ("c0", "c1")
        static_up(netlink, FakeClock(), address=ip_interface("10.30.0.5/24"), interface="bond0")
        assert tcp_hello(cli, "10.30.0.1", server.port) == b"hello"
        assert bond_down(netlink, bond) == ()
        assert netlink.master_of("c0") is None
