"""VLAN and bond modes on a real kernel, from nothing to a reachable controller and back.

Each test hands booty a /deploy/vars text and nothing else: ``configure_network`` creates the
VLAN or bond in a throwaway namespace, the mode above it (static, or DHCP from a real dnsmasq)
comes up on it, the connectivity wait reaches a controller that sits in the peer namespace
behind the gateway, and teardown leaves the NICs as they were.

This machine's kernel has no 8021q and no bonding support: the tests try in their throwaway
namespaces and skip with that reason on EOPNOTSUPP; on a kernel with both they run. The
fake-backed scenarios of features/network/up cover the same rules everywhere.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator

import pytest
from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError

from booty.app.network import NetworkOptions, configure_network, teardown_network, wait_for_network
from booty.bootstrap import network_ports
from booty.domain.config import load_vars
from booty.domain.network import NetworkMode, NetworkOutcome

from .conftest import HttpController, Namespaces, StartDnsmasq, add_address, kernel_addresses, veth

CONTROLLER = "198.51.100.1"


def _skip_unsupported(kind: str) -> None:
    pytest.skip(
        f"this kernel has no {kind} support (EOPNOTSUPP creating a {kind} link in a throwaway namespace); "
        "covered here by features/network/up over the fakes, and for real by tests/vm, which runs "
        "this file under a Debian kernel in a VM"
    )


def _require_bonding(ns: str) -> None:
    """Skip unless this kernel creates a bond (tried in *ns*, then removed)."""
    with IPRoute(netns=ns, flags=0) as ipr:
        try:
            ipr.link("add", ifname="probe0", kind="bond")
        except NetlinkError as e:
            if e.code == errno.EOPNOTSUPP:
                _skip_unsupported("bonding")
            raise
        ipr.link("del", index=ipr.link_lookup(ifname="probe0")[0])


class Lab:
    """A client namespace wired to a peer namespace that routes to the controller on its lo."""

    def __init__(self, namespaces: Namespaces, controllers: Callable[[str, str], HttpController]) -> None:
        self.cli, self.peer = namespaces.new("cli"), namespaces.new("peer")
        self.controllers = controllers
        self.outcome: NetworkOutcome | None = None
        self.ports = network_ports(self.cli)

    def controller(self) -> HttpController:
        add_address(self.peer, "lo", f"{CONTROLLER}/32")
        return self.controllers(self.peer, CONTROLLER)

    def up(self, text: str, *interfaces: str) -> NetworkOutcome:
        options = NetworkOptions(interfaces=interfaces, netns=self.cli, dhcp_timeout_s=20)
        self.outcome = configure_network(self.ports, load_vars(text).config.network, options=options)
        return self.outcome

    def down(self) -> tuple[str, ...]:
        assert self.outcome is not None
        problems, self.outcome = teardown_network(self.ports, self.outcome.record), None
        return problems

    def links(self) -> set[str]:
        return {link.name for link in self.ports.netlink.links()}


@pytest.fixture
def lab(namespaces: Namespaces, http_controllers: Callable[[str, str], HttpController]) -> Iterator[Lab]:
    made = Lab(namespaces, http_controllers)
    try:
        yield made
    finally:
        if made.outcome is not None:
            made.down()


def _peer_vlan(ns: str, parent: str, vlan_id: int, address: str) -> None:
    """The peer's side of the VLAN, with *address*; skips when this kernel has no 8021q."""
    name = f"{parent}.{vlan_id}"
    with IPRoute(netns=ns, flags=0) as ipr:
        try:
            ipr.link("add", ifname=name, kind="vlan", link=ipr.link_lookup(ifname=parent)[0], vlan_id=vlan_id)
        except NetlinkError as e:
            if e.code == errno.EOPNOTSUPP:
                _skip_unsupported("802.1Q VLAN")
            raise
        ipr.link("set", index=ipr.link_lookup(ifname=name)[0], state="up")
    add_address(ns, name, address)


def _peer_bridge(ns: str, ports: tuple[str, ...], address: str) -> None:
    with IPRoute(netns=ns, flags=0) as ipr:
        ipr.link("add", ifname="br0", kind="bridge")
        bridge = ipr.link_lookup(ifname="br0")[0]
        for port in ports:
            ipr.link("set", index=ipr.link_lookup(ifname=port)[0], master=bridge)
        ipr.link("set", index=bridge, state="up")
    add_address(ns, "br0", address)


def test_vlan_with_its_own_address_and_gateway_reaches_the_controller(lab: Lab) -> None:
    veth(lab.cli, "c0", lab.peer, "p0")
    _peer_vlan(lab.peer, "p0", 200, "10.20.0.1/24")
    controller = lab.controller()

    outcome = lab.up(f"VLANS=200:c0:10.20.0.5/24:10.20.0.1\nINIT_URL={controller.url}\n", "c0")

    # A VLAN with its own address is static mode on the VLAN, no DHCP needed.
    assert (outcome.mode, outcome.connected, outcome.interfaces) == (NetworkMode.STATIC, True, ("c0.200",))
    assert kernel_addresses(lab.cli, "c0.200") == ["10.20.0.5/24"]
    reached = wait_for_network(lab.ports, outcome.record, controller.url, timeout_s=30)
    assert reached.attempts >= 1
    assert controller.requests >= 1
    assert lab.down() == ()
    assert "c0.200" not in lab.links()
    assert kernel_addresses(lab.cli, "c0") == []


def test_dhcp_on_the_first_vlan_reaches_the_controller(lab: Lab, dnsmasq: StartDnsmasq) -> None:
    veth(lab.cli, "c0", lab.peer, "p0")
    _peer_vlan(lab.peer, "p0", 300, "10.30.0.1/24")
    options = ["--dhcp-range=10.30.0.100,10.30.0.200,255.255.255.0,10m", "--dhcp-option=3,10.30.0.1"]
    dnsmasq(lab.peer, interface="p0.300", options=options)
    controller = lab.controller()

    outcome = lab.up(f"VLANS=300:c0\nINIT_URL={controller.url}\n", "c0")

    assert (outcome.mode, outcome.connected, outcome.interfaces) == (NetworkMode.DHCP, True, ("c0.300",))
    wait_for_network(lab.ports, outcome.record, controller.url, timeout_s=30)
    assert controller.requests >= 1
    assert lab.down() == ()
    assert "c0.300" not in lab.links()


def test_active_backup_bond_carries_static_mode_to_the_controller(lab: Lab) -> None:
    veth(lab.cli, "c0", lab.peer, "p0")
    veth(lab.cli, "c1", lab.peer, "p1")
    _require_bonding(lab.cli)
    _peer_bridge(lab.peer, ("p0", "p1"), "10.40.0.1/24")
    controller = lab.controller()

    outcome = lab.up(
        "BOND_INTERFACES=c0,c1\nBOND_MODE=active-backup\nSTATIC_IP=10.40.0.5/24\n"
        f"STATIC_GATEWAY=10.40.0.1\nINIT_URL={controller.url}\n",
        "c0",
        "c1",
    )

    assert (outcome.mode, outcome.connected, outcome.interfaces) == (NetworkMode.STATIC, True, ("bond0",))
    assert lab.ports.netlink.master_of("c0") == "bond0"
    assert lab.ports.netlink.master_of("c1") == "bond0"
    wait_for_network(lab.ports, outcome.record, controller.url, timeout_s=30)
    assert controller.requests >= 1
    assert lab.down() == ()
    assert "bond0" not in lab.links()
    assert lab.ports.netlink.master_of("c0") is None
