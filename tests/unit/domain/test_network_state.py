"""What a bring-up leaves behind: the record teardown undoes, and the outcome of the use case."""

from __future__ import annotations

from ipaddress import IPv4Address, ip_interface, ip_network

import pytest

from booty.domain.config.model import BondMode, NetworkConfig, VlanSpec
from booty.domain.dhcp import DhcpLease
from booty.domain.netdev import Route, bond_spec
from booty.domain.netresult import BondUp, NetworkUp, VlansUp, VlanUp
from booty.domain.netresult import NetworkMode as AddressMode
from booty.domain.network import (
    AddedAddress,
    BgpSummary,
    ChangedMtu,
    ChangedSysctl,
    DaemonFailed,
    DaemonRecord,
    DerivedAddresses,
    Enslaved,
    FrrUp,
    ModeFailure,
    NetworkMode,
    NetworkOutcome,
    NetworkRecord,
    NetworkUnavailable,
    choose_network_modes,
    record_of_bond,
    record_of_up,
    record_of_vlans,
)

GATEWAY = IPv4Address("10.0.0.1")
ROUTE = Route.default(GATEWAY, name="eth0")
DAEMON = DaemonRecord("zebra", 4242, ("/usr/lib/frr/zebra",), "/run/x/log/zebra.log")


def test_daemon_failures_quote_the_last_lines_of_output() -> None:
    assert str(DaemonFailed("bgpd", "exited with status 1")) == "bgpd: exited with status 1"
    failed = DaemonFailed("zebra", "exited", log_tail="a\nb\nc\nd\n\n")
    assert str(failed) == "zebra: exited (last output: b | c | d)"
    assert (failed.name, failed.reason, failed.log_tail) == ("zebra", "exited", "a\nb\nc\nd\n\n")
    assert str(DaemonFailed("x", "gone", log_tail="  \n")) == "x: gone"


@pytest.mark.parametrize(
    "record",
    [
        NetworkRecord(links=("br",)),
        NetworkRecord(addresses=(AddedAddress("lo", ip_interface("10.0.0.20/32")),)),
        NetworkRecord(routes=(ROUTE,)),
        NetworkRecord(enslaved=(Enslaved("eth0", "bond0"),)),
        NetworkRecord(sysctls=(ChangedSysctl("net/ipv4/ip_forward", "0"),)),
        NetworkRecord(mtus=(ChangedMtu("eth0", 1500),)),
        NetworkRecord(daemons=(DAEMON,)),
        NetworkRecord(dhcp=True),
    ],
)
def test_anything_recorded_is_something_to_undo(record: NetworkRecord) -> None:
    assert not record.empty


def test_a_record_of_mode_and_names_only_is_empty() -> None:
    assert NetworkRecord(mode=NetworkMode.STATIC, interface="eth0", netns="ns", frr_root="/r").empty


def test_records_chain_in_order() -> None:
    first = NetworkRecord(
        mode=NetworkMode.VLAN, interface="eth0.200", netns="a", links=("eth0.200",), frr_root="/r"
    )
    later = NetworkRecord(mode=NetworkMode.FRR, links=("vx0", "br.provision"), daemons=(DAEMON,), dhcp=True)
    chained = first.then(later)
    assert chained == NetworkRecord(
        mode=NetworkMode.FRR,
        interface="eth0.200",
        netns="a",
        links=("eth0.200", "vx0", "br.provision"),
        daemons=(DAEMON,),
        dhcp=True,
        frr_root="/r",
    )
    assert NetworkRecord().then(NetworkRecord(netns="b", interface="x", frr_root="/s")) == NetworkRecord(
        netns="b", interface="x", frr_root="/s"
    )


def test_static_and_dhcp_records() -> None:
    address = ip_interface("10.0.0.5/24")
    static = NetworkUp(AddressMode.STATIC, "eth0", (address,), gateway=GATEWAY, routes=(ROUTE,))
    assert record_of_up(static) == NetworkRecord(
        mode=NetworkMode.STATIC, interface="eth0", addresses=(AddedAddress("eth0", address),), routes=(ROUTE,)
    )
    lease = DhcpLease("eth1", ip_interface("10.1.0.9/24"))
    dhcp = NetworkUp(AddressMode.DHCP, "eth1", (lease.address,), lease=lease)
    assert record_of_up(dhcp).dhcp
    assert record_of_up(dhcp).mode is NetworkMode.DHCP


def test_vlan_records_delete_what_was_created_and_clean_what_was_reused() -> None:
    made = VlanUp(VlanSpec(200, "eth0", ip_interface("10.20.0.5/24")), address=ip_interface("10.20.0.5/24"))
    reused = VlanUp(
        VlanSpec(300, "eth1", ip_interface("10.30.0.5/24"), GATEWAY),
        address=ip_interface("10.30.0.5/24"),
        routes=(ROUTE,),
        created=False,
    )
    bare = VlanUp(VlanSpec(400, "eth1"), created=False)
    assert record_of_vlans(VlansUp((made, reused, bare))) == NetworkRecord(
        links=("eth0.200",),
        addresses=(AddedAddress("eth1.300", ip_interface("10.30.0.5/24")),),
        routes=(ROUTE,),
    )


def test_bond_records() -> None:
    spec = bond_spec("bond0", BondMode.LACP)
    assert record_of_bond(None) == NetworkRecord()
    assert record_of_bond(BondUp(spec, ("eth0",))) == NetworkRecord(links=("bond0",))
    assert record_of_bond(BondUp(spec, ("eth0", "eth1"), created=False)) == NetworkRecord(
        enslaved=(Enslaved("eth0", "bond0"), Enslaved("eth1", "bond0"))
    )


def _frr() -> FrrUp:
    derived = DerivedAddresses(IPv4Address("10.0.0.20"), IPv4Address("10.0.0.20"), "02:54:00:00:00:01")
    return FrrUp(
        derived,
        ("eth0",),
        "lo",
        (ip_interface("10.0.0.20/32"),),
        BgpSummary(),
        dns=(IPv4Address("9.9.9.9"),),
    )


def test_the_outcome_in_frr_mode() -> None:
    plan = choose_network_modes(NetworkConfig(underlay_ip=IPv4Address("10.0.0.20"), asn=65020))
    outcome = NetworkOutcome(plan, NetworkMode.FRR, frr=_frr())
    assert outcome.connected
    assert outcome.require_connected() is outcome
    assert (outcome.interfaces, outcome.addresses, outcome.gateway, outcome.dns) == (
        ("eth0",),
        (ip_interface("10.0.0.20/32"),),
        None,
        (IPv4Address("9.9.9.9"),),
    )


def test_the_outcome_in_static_mode() -> None:
    plan = choose_network_modes(NetworkConfig())
    up = NetworkUp(
        AddressMode.STATIC, "eth0", (ip_interface("10.0.0.5/24"),), gateway=GATEWAY, dns=(GATEWAY,)
    )
    outcome = NetworkOutcome(plan, NetworkMode.STATIC, up=up)
    assert (outcome.interfaces, outcome.addresses, outcome.gateway, outcome.dns) == (
        ("eth0",),
        (ip_interface("10.0.0.5/24"),),
        GATEWAY,
        (GATEWAY,),
    )


def test_an_outcome_without_a_mode_up_names_every_failure() -> None:
    failures = (ModeFailure(NetworkMode.FRR, "no BGP"), ModeFailure(NetworkMode.DHCP, "no lease"))
    outcome = NetworkOutcome(choose_network_modes(NetworkConfig()), NetworkMode.DHCP, failures=failures)
    assert not outcome.connected
    assert outcome.fallbacks == ("frr: no BGP", "dhcp: no lease")
    assert (outcome.interfaces, outcome.addresses, outcome.gateway, outcome.dns) == ((), (), None, ())
    with pytest.raises(NetworkUnavailable) as raised:
        outcome.require_connected()
    assert (
        str(raised.value)
        == "dhcp network setup failed: no network mode came up (frr: no BGP; dhcp: no lease)"
    )
    assert raised.value.failures == failures


def test_nothing_tried_is_said_too() -> None:
    assert "nothing was tried" in str(NetworkUnavailable(()))


def test_route_destinations_are_kept_as_networks() -> None:
    assert ROUTE.destination == ip_network("0.0.0.0/0")
