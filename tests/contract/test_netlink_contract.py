"""Contract of the Netlink port: PyRoute2Netlink in a throwaway network namespace holding a veth
pair, FakeNetlink holding the same links, and the same behaviour asked of both.

The real variant never touches the host's interfaces: everything happens inside a namespace this
file creates and removes (also when a test fails). Link kinds this machine's kernel lacks (bond,
8021q, vrf and dummy here) are detected by trying to create them in that namespace: on
EOPNOTSUPP the real variant is skipped with that reason, and the fake variant still runs;
tests/vm runs this file under a Debian kernel in a VM, where the real variant runs too.
"""

from __future__ import annotations

import errno
import os
import time
import uuid
from collections.abc import Callable, Iterator
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_interface, ip_network

import attrs
import pytest
from pyroute2 import IPRoute, netns

from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.linux.netlink import PyRoute2Netlink
from booty.domain.config.model import BondMode
from booty.domain.errors import LinkNotFound, NetlinkOperationFailed, NoLeaseReceived
from booty.domain.netdev import (
    BondSpec,
    BridgeSpec,
    DummySpec,
    LinkSpec,
    Route,
    VlanLinkSpec,
    VrfSpec,
    VxlanSpec,
    bond_spec,
)
from booty.domain.system import Link
from booty.ports.netlink import Netlink

GW4 = IPv4Address("10.0.0.254")
ADDR4 = ip_interface("10.0.0.1/24")
ADDR6 = ip_interface("fd00::1/64")


@attrs.frozen
class World:
    """The port under test, plus an independent look at the kernel's default route."""

    netlink: Netlink
    default_gateway: Callable[[int], IPv4Address | IPv6Address | None]
    real: bool

    def link(self, name: str) -> Link:
        return next(link for link in self.netlink.links() if link.name == name)

    def create(self, spec: LinkSpec) -> Link:
        """Create *spec*, skipping the real variant when this kernel lacks the link type."""
        try:
            return self.netlink.create_link(spec)
        except NetlinkOperationFailed as e:
            if self.real and e.errno == errno.EOPNOTSUPP:
                pytest.skip(
                    f"this kernel has no {spec.kind} support (EOPNOTSUPP creating a {spec.kind} link "
                    "in a throwaway namespace); the fake variant runs here, and tests/vm runs this "
                    "real variant under a Debian kernel in a VM"
                )
            raise


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
            route = next(
                (r for r in fake.route_table if r.is_default and r.destination.version == version), None
            )
            return route.gateway if route else None

        yield World(fake, fake_gateway, real=False)
        return
    nsname = request.getfixturevalue("namespace")
    real = PyRoute2Netlink(netns=nsname)
    try:
        yield World(real, lambda version: _kernel_default_gateway(nsname, version), real=True)
    finally:
        real.close()


## Links


def test_created_links_are_listed_by_index(world: World) -> None:
    links = world.netlink.links()
    assert {"lo", "bt0", "bt1"} <= {link.name for link in links}
    assert [link.index for link in links] == sorted(link.index for link in links)
    bt0 = world.link("bt0")
    assert (bt0.kind, bt0.physical, bt0.up) == ("veth", False, False)


def test_set_up_brings_the_link_up(world: World) -> None:
    world.netlink.set_up("bt0")
    assert world.link("bt0").up


def test_set_down_drops_routes_and_ipv6_addresses_but_keeps_ipv4(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.add_address("bt0", ADDR6)
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(GW4, name="bt0")
    world.netlink.set_down("bt0")
    assert not world.link("bt0").up
    assert world.netlink.routes() == ()
    assert ADDR4 in world.netlink.addresses("bt0")
    assert ADDR6 not in world.netlink.addresses("bt0")


def test_mtu_is_set_within_the_drivers_bounds(world: World) -> None:
    world.netlink.set_mtu("bt0", 9000)
    assert world.link("bt0").mtu == 9000
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.set_mtu("bt0", 10)
    assert caught.value.errno == errno.EINVAL


def test_mac_is_normalised_and_multicast_refused(world: World) -> None:
    world.netlink.set_mac("bt0", "02-AA-BB-CC-DD-EE")
    assert world.link("bt0").mac == "02:aa:bb:cc:dd:ee"
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.set_mac("bt0", "01:00:5e:00:00:01")
    assert caught.value.errno == errno.EADDRNOTAVAIL
    with pytest.raises(ValueError, match="not an Ethernet MAC"):
        world.netlink.set_mac("bt0", "02:aa")


## Virtual links


def test_bridge_is_created_down_with_its_mac(world: World) -> None:
    spec = BridgeSpec("br.provision", mac="02:54:00:00:00:01")
    link = world.create(spec)
    assert (link.name, link.kind, link.up, link.mac) == ("br.provision", "bridge", False, spec.mac)
    assert world.netlink.link_settings("br.provision") == spec


def test_creating_an_existing_name_is_eexist(world: World) -> None:
    world.create(BridgeSpec("br0"))
    for spec in (BridgeSpec("br0"), VxlanSpec("bt0", vni=1)):
        with pytest.raises(NetlinkOperationFailed) as caught:
            world.netlink.create_link(spec)
        assert caught.value.errno == errno.EEXIST


def test_vxlan_settings_read_back(world: World) -> None:
    spec = VxlanSpec("vx100", vni=100, local=IPv4Address("10.0.0.1"), mtu=8950)
    link = world.create(spec)
    assert (link.kind, link.mtu) == ("vxlan", 8950)
    assert world.netlink.link_settings("vx100") == spec
    assert (spec.port, spec.learning) == (4789, False)


def test_vxlan_without_mtu_gets_the_kernel_default(world: World) -> None:
    world.create(VxlanSpec("vx7", vni=7))
    settings = world.netlink.link_settings("vx7")
    assert settings == VxlanSpec("vx7", vni=7, local=None, mtu=1500)


def test_vxlan_vni_out_of_range_is_erange(world: World) -> None:
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.create(VxlanSpec("vxbig", vni=1 << 24))
    assert caught.value.errno == errno.ERANGE


def test_other_links_have_no_settings(world: World) -> None:
    assert world.netlink.link_settings("bt0") is None


def test_deleted_link_is_gone_and_deleting_again_is_fine(world: World) -> None:
    world.create(BridgeSpec("br0"))
    world.netlink.delete_link("br0")
    world.netlink.delete_link("br0")
    assert "br0" not in {link.name for link in world.netlink.links()}


def test_enslave_and_release(world: World) -> None:
    world.create(BridgeSpec("br0"))
    world.netlink.set_master("bt0", "br0")
    assert world.netlink.master_of("bt0") == "br0"
    world.netlink.set_master("bt0", None)
    assert world.netlink.master_of("bt0") is None


def test_deleting_the_master_releases_its_slaves(world: World) -> None:
    world.create(BridgeSpec("br0"))
    world.netlink.set_master("bt0", "br0")
    world.netlink.delete_link("br0")
    assert world.netlink.master_of("bt0") is None


def test_a_veth_cannot_be_a_master(world: World) -> None:
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.set_master("bt0", "bt1")
    assert caught.value.errno == errno.EOPNOTSUPP


def test_lacp_bond_settings_read_back(world: World) -> None:
    spec = bond_spec("bond0", BondMode.LACP)
    link = world.create(spec)
    assert (link.kind, link.up) == ("bond", False)
    assert world.netlink.link_settings("bond0") == spec
    assert (spec.miimon_ms, spec.lacp_rate, spec.xmit_hash_policy) == (100, "fast", "layer3+4")


def test_round_robin_bond_reads_back_the_kernel_defaults(world: World) -> None:
    world.create(bond_spec("bond0", BondMode.BALANCE_RR))
    assert world.netlink.link_settings("bond0") == BondSpec(
        "bond0", mode="balance-rr", miimon_ms=100, lacp_rate=None, xmit_hash_policy="layer2"
    )


def test_lacp_rate_is_refused_outside_802_3ad(world: World) -> None:
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.create(BondSpec("bond0", mode="active-backup", lacp_rate="fast"))
    assert caught.value.errno == errno.EACCES


def test_unknown_bond_mode_is_refused_before_the_kernel(world: World) -> None:
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.create_link(BondSpec("bond0", mode="round-robin"))
    assert caught.value.errno == errno.EINVAL
    assert "unknown bond mode 'round-robin'" in str(caught.value)


def test_enslaving_to_a_bond(world: World) -> None:
    world.create(bond_spec("bond0", BondMode.ACTIVE_BACKUP))
    world.netlink.set_down("bt0")
    world.netlink.set_master("bt0", "bond0")
    assert world.netlink.master_of("bt0") == "bond0"
    world.netlink.set_master("bt0", None)
    assert world.netlink.master_of("bt0") is None


def test_vlan_on_a_parent(world: World) -> None:
    spec = VlanLinkSpec("bt0.200", parent="bt0", vlan_id=200)
    link = world.create(spec)
    assert (link.kind, link.mac) == ("vlan", world.link("bt0").mac)
    assert world.netlink.link_settings("bt0.200") == spec


def test_vlan_goes_with_its_parent(world: World) -> None:
    world.create(VlanLinkSpec("bt0.200", parent="bt0", vlan_id=200))
    world.netlink.delete_link("bt0")
    assert "bt0.200" not in {link.name for link in world.netlink.links()}


def test_vlan_on_a_missing_parent_is_link_not_found(world: World) -> None:
    with pytest.raises(LinkNotFound) as caught:
        world.netlink.create_link(VlanLinkSpec("nope0.5", parent="nope0", vlan_id=5))
    assert caught.value.name == "nope0"


def test_dummy_link_comes_up(world: World) -> None:
    assert world.create(DummySpec("dummy.underlay")).kind == "dummy"
    world.netlink.set_up("dummy.underlay")
    world.netlink.add_address("dummy.underlay", ip_interface("10.255.0.1/32"))
    assert world.link("dummy.underlay").up
    # A real kernel also gives a link that comes up an IPv6 link-local address, which the adapter
    # lists too (the fake adds none): the contract is about the addresses booty adds.
    added = tuple(a for a in world.netlink.addresses("dummy.underlay") if not a.is_link_local)
    assert added == (ip_interface("10.255.0.1/32"),)


def test_vrf_and_enslaved_dummy(world: World) -> None:
    world.create(VrfSpec("vrf-prov", table=1000))
    world.create(DummySpec("dummy.underlay"))
    world.netlink.set_master("dummy.underlay", "vrf-prov")
    assert world.netlink.link_settings("vrf-prov") == VrfSpec("vrf-prov", table=1000)
    assert world.netlink.link_settings("dummy.underlay") == DummySpec("dummy.underlay")
    assert world.netlink.master_of("dummy.underlay") == "vrf-prov"


## Addresses


def test_added_address_is_listed(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    assert ADDR4 in world.netlink.addresses("bt0")
    assert ADDR4 not in world.netlink.addresses("bt1")


def test_adding_an_address_twice_is_fine(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.add_address("bt0", ADDR4)
    assert list(world.netlink.addresses("bt0")).count(ADDR4) == 1


def test_deleting_an_address_twice_is_fine(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.delete_address("bt0", ADDR4)
    world.netlink.delete_address("bt0", ADDR4)
    world.netlink.delete_address("nope0", ADDR4)
    assert ADDR4 not in world.netlink.addresses("bt0")


@pytest.mark.parametrize(
    "call",
    [
        lambda n: n.set_up("nope0"),
        lambda n: n.set_down("nope0"),
        lambda n: n.set_mtu("nope0", 1500),
        lambda n: n.set_mac("nope0", "02:00:00:00:00:09"),
        lambda n: n.link_settings("nope0"),
        lambda n: n.set_master("nope0", None),
        lambda n: n.set_master("bt0", "nope0"),
        lambda n: n.master_of("nope0"),
        lambda n: n.addresses("nope0"),
        lambda n: n.add_address("nope0", ADDR4),
        lambda n: n.add_default_route(GW4, name="nope0"),
        lambda n: n.add_route(Route(ip_network("10.9.0.0/16"), name="nope0")),
        lambda n: n.dhcp_lease(["bt0", "nope0"], timeout_s=1),
    ],
    ids=[
        "set_up",
        "set_down",
        "set_mtu",
        "set_mac",
        "link_settings",
        "set_master",
        "set_master-master",
        "master_of",
        "addresses",
        "add_address",
        "add_default_route",
        "add_route",
        "dhcp_lease",
    ],
)
def test_unknown_link_raises_link_not_found(world: World, call: Callable[[Netlink], object]) -> None:
    with pytest.raises(LinkNotFound) as caught:
        call(world.netlink)
    assert isinstance(caught.value, NetlinkOperationFailed)
    assert (caught.value.name, caught.value.errno) == ("nope0", errno.ENODEV)


## Routes


def test_default_route_via_an_on_link_gateway(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(GW4, name="bt0")
    assert world.default_gateway(4) == GW4
    assert world.netlink.routes() == (Route.default(GW4, name="bt0"),)


def test_default_route_is_replaced_not_duplicated(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(GW4, name="bt0")
    world.netlink.add_default_route(IPv4Address("10.0.0.253"), name="bt0")
    assert world.default_gateway(4) == IPv4Address("10.0.0.253")
    assert len(world.netlink.routes()) == 1


def test_ipv6_default_route_via_an_on_link_gateway(world: World) -> None:
    world.netlink.add_address("bt0", ADDR6)
    world.netlink.set_up("bt0")
    world.netlink.add_default_route(IPv6Address("fd00::fe"), name="bt0")
    assert world.default_gateway(6) == IPv6Address("fd00::fe")


def test_off_link_gateway_is_unreachable(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.add_default_route(IPv4Address("192.168.9.9"), name="bt0")
    assert caught.value.errno == errno.ENETUNREACH


def test_onlink_gateway_outside_every_connected_network(world: World) -> None:
    world.netlink.add_address("bt0", ip_interface("10.9.9.9/32"))
    world.netlink.set_up("bt0")
    route = Route.default(IPv4Address("10.1.1.1"), name="bt0", onlink=True)
    world.netlink.add_route(route)
    assert world.netlink.routes() == (route,)


def test_gateway_on_a_down_link_is_unreachable(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.add_default_route(GW4, name="bt0")
    assert caught.value.errno == errno.ENETUNREACH


def test_route_in_another_table_and_its_deletion(world: World) -> None:
    world.netlink.add_address("bt0", ADDR4)
    world.netlink.set_up("bt0")
    route = Route(ip_network("10.20.0.0/16"), gateway=GW4, name="bt0", table=100)
    world.netlink.add_route(route)
    assert world.netlink.routes(table=100) == (route,)
    assert world.netlink.routes() == ()
    world.netlink.delete_route(route)
    world.netlink.delete_route(route)
    assert world.netlink.routes(table=100) == ()


def test_deleting_a_route_of_a_missing_link_is_fine(world: World) -> None:
    world.netlink.delete_route(Route.default(GW4, name="nope0"))


## Sysctls


def test_sysctl_is_set_and_read_back(world: World) -> None:
    world.netlink.set_sysctl("net/ipv4/ip_forward", "1")
    assert world.netlink.sysctl("net/ipv4/ip_forward") == "1"
    world.netlink.set_sysctl("net/ipv4/conf/bt0/rp_filter", "2")
    assert world.netlink.sysctl("net/ipv4/conf/bt0/rp_filter") == "2"


def test_unknown_sysctl_is_enoent(world: World) -> None:
    for call in (
        lambda: world.netlink.sysctl("net/ipv4/no_such_setting"),
        lambda: world.netlink.set_sysctl("net/ipv4/conf/nope0/rp_filter", "0"),
    ):
        with pytest.raises(NetlinkOperationFailed) as caught:
            call()
        assert caught.value.errno == errno.ENOENT


def test_sysctl_value_must_suit_the_setting(world: World) -> None:
    with pytest.raises(NetlinkOperationFailed) as caught:
        world.netlink.set_sysctl("net/ipv4/ip_forward", "yes")
    assert caught.value.errno == errno.EINVAL


@pytest.mark.parametrize(
    "path", ["kernel/hostname", "/proc/sys/net/ipv4/ip_forward", "net/../kernel/hostname"]
)
def test_only_network_sysctls_are_reachable(world: World, path: str) -> None:
    with pytest.raises(ValueError, match="not a network sysctl"):
        world.netlink.sysctl(path)


## DHCP (the lease itself is tested against a real dnsmasq in tests/integration/network)


def test_no_dhcp_server_means_no_lease_within_the_timeout(world: World) -> None:
    world.netlink.set_up("bt0")
    started = time.monotonic()
    with pytest.raises(NoLeaseReceived) as caught:
        world.netlink.dhcp_lease(["bt0"], timeout_s=1)
    assert (caught.value.interfaces, caught.value.timeout_s) == (("bt0",), 1)
    assert time.monotonic() - started < 5
    world.netlink.stop_dhcp()


## Real only


def test_settings_are_read_by_the_sysctl_of_the_namespace_not_the_host() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: creates a network namespace")
    name = f"booty-ct-{uuid.uuid4().hex[:8]}"
    netns.create(name)
    try:
        with PyRoute2Netlink(netns=name) as adapter:
            host_value = PyRoute2Netlink().sysctl("net/ipv4/ip_forward")
            flipped = "0" if host_value == "1" else "1"
            adapter.set_sysctl("net/ipv4/ip_forward", flipped)
            assert adapter.sysctl("net/ipv4/ip_forward") == flipped
            assert PyRoute2Netlink().sysctl("net/ipv4/ip_forward") == host_value
    finally:
        netns.remove(name)


def test_missing_namespace_is_an_error_not_created() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: enters network namespaces")
    name = f"booty-ct-missing-{uuid.uuid4().hex[:8]}"
    adapter = PyRoute2Netlink(netns=name)
    try:
        for call in (adapter.links, lambda: adapter.sysctl("net/ipv4/ip_forward")):
            with pytest.raises(NetlinkOperationFailed) as caught:
                call()
            assert caught.value.errno == errno.ENOENT
        assert name not in netns.listnetns()
    finally:
        adapter.close()
