"""The pure DHCP and link rules: a DHCPACK's options become a lease, NIC candidates, bond specs."""

from __future__ import annotations

from ipaddress import IPv4Address, ip_interface

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.config.model import BondMode
from booty.domain.dhcp import classful_prefix, lease_from_options
from booty.domain.netdev import BondSpec, bond_spec, check_sysctl_path, normalize_mac, physical_nics
from booty.domain.system import Link

ACK = {
    "message_type": 5,
    "server_id": "10.0.0.2",
    "lease_time": 3600,
    "subnet_mask": "255.255.255.0",
    "router": ["10.0.0.254", "10.0.0.253"],
    "name_server": ["10.0.0.53", "1.1.1.1"],
    "domain_name": "example.test",
}


def test_router_is_the_gateway_and_the_server_only_the_server() -> None:
    lease = lease_from_options("eth0", "10.0.0.7", ACK)
    assert lease.address == ip_interface("10.0.0.7/24")
    assert lease.gateway == IPv4Address("10.0.0.254")
    assert lease.server == IPv4Address("10.0.0.2")
    assert lease.dns == (IPv4Address("10.0.0.53"), IPv4Address("1.1.1.1"))
    assert (lease.lease_time_s, lease.domain, lease.interface) == (3600, "example.test", "eth0")


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"router": None}, "gateway", None),
        ({"router": "10.0.0.1"}, "gateway", IPv4Address("10.0.0.1")),
        ({"name_server": None}, "dns", ()),
        ({"lease_time": 0xFFFFFFFF}, "lease_time_s", None),
        ({"subnet_mask": None}, "address", ip_interface("10.0.0.7/8")),
        ({"subnet_mask": "255.255.255.255"}, "address", ip_interface("10.0.0.7/32")),
        ({"domain_name": None}, "domain", ""),
    ],
    ids=["no-router", "one-router", "no-dns", "infinite", "no-mask-classful", "host-mask", "no-domain"],
)
def test_missing_and_odd_options(changes: dict[str, object], field: str, expected: object) -> None:
    options = {k: v for k, v in {**ACK, **changes}.items() if v is not None}
    assert getattr(lease_from_options("eth0", "10.0.0.7", options), field) == expected


def test_a_non_contiguous_mask_is_refused() -> None:
    with pytest.raises(ValueError, match="netmask"):
        lease_from_options("eth0", "10.0.0.7", {**ACK, "subnet_mask": "255.0.255.0"})


@pytest.mark.parametrize(
    ("address", "prefix"),
    [("10.1.2.3", 8), ("127.0.0.1", 8), ("172.16.0.1", 16), ("192.168.1.1", 24), ("224.0.0.1", 24)],
)
def test_classful_prefix(address: str, prefix: int) -> None:
    assert classful_prefix(IPv4Address(address)) == prefix


@given(st.integers(0, 2**32 - 1))
def test_classful_prefix_is_one_of_three(value: int) -> None:
    assert classful_prefix(IPv4Address(value)) in {8, 16, 24}


def test_physical_nics_in_index_order_without_virtual_or_macless_links() -> None:
    links = [
        Link(3, "eth1", mac="02:00:00:00:00:02", physical=True),
        Link(1, "lo"),
        Link(2, "eth0", mac="02:00:00:00:00:01", physical=True),
        Link(4, "bond0", mac="02:00:00:00:00:01", kind="bond"),
        Link(5, "ib0", physical=True),
    ]
    assert physical_nics(links) == ("eth0", "eth1")
    assert physical_nics(links, exclude=["eth0"]) == ("eth1",)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (BondMode.LACP, BondSpec("bond0", "802.3ad", 100, "fast", "layer3+4")),
        (BondMode.BALANCE_XOR, BondSpec("bond0", "balance-xor", 100, None, "layer3+4")),
        (BondMode.ACTIVE_BACKUP, BondSpec("bond0", "active-backup", 100, None, None)),
        (BondMode.BALANCE_RR, BondSpec("bond0", "balance-rr", 100, None, None)),
    ],
)
def test_bond_spec_per_mode(mode: BondMode, expected: BondSpec) -> None:
    assert bond_spec("bond0", mode) == expected


@pytest.mark.parametrize(
    ("text", "mac"), [("02:AA:bb:CC:dd:EE", "02:aa:bb:cc:dd:ee"), ("02-00-00-00-00-01", "02:00:00:00:00:01")]
)
def test_normalize_mac(text: str, mac: str) -> None:
    assert normalize_mac(text) == mac


@pytest.mark.parametrize("path", ["net/ipv4/conf/eno1.200/rp_filter", "net/ipv6/conf/all/forwarding"])
def test_network_sysctl_paths(path: str) -> None:
    assert check_sysctl_path(path) == path


@pytest.mark.parametrize(
    "path", ["net", "net/", "vm/swappiness", "net/ipv4/../../kernel/x", "/net/ipv4/ip_forward"]
)
def test_other_sysctl_paths_are_refused(path: str) -> None:
    with pytest.raises(ValueError, match="not a network sysctl"):
        check_sysctl_path(path)
