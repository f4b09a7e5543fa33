"""frr.conf rendering: the spec's exact worked examples, the structure of every rendering, the files.

Golden outputs are spec networking.md §4.4 (a), (b) and (c). (b) differs from the spec in one
place, on purpose: ``aggregate-address`` sits in the IPv6 unicast family, because FRR's parser
rejects it inside ``l2vpn evpn`` (tests/integration/frr shows both).
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.config import NetworkConfig
from booty.domain.network import (
    DerivedAddresses,
    FrrConfigInvalid,
    check_frr_inputs,
    plan_frr_files,
    render_frr_conf,
)
from booty.domain.network.frr_files import DAEMONS, RUNTIME_DIRS, VTYSH_CONF

SPEC_A = (Path(__file__).resolve().parents[2] / "data" / "frr" / "spec-example-a.frr.conf").read_text()

SPEC_B = """\
frr version 10.3
frr defaults datacenter
!
bfd
 profile datacenter
  transmit-interval 300
  receive-interval 300
 exit
exit
!
router bgp 65000
 bgp router-id 10.0.0.20
 no bgp default ipv4-unicast
 bgp bestpath as-path multipath-relax
 timers bgp 3 9
 neighbor fabric peer-group
 neighbor fabric remote-as external
 neighbor fabric bfd profile datacenter
 neighbor eth1 interface peer-group fabric
 neighbor eth2 interface peer-group fabric
 !
 address-family ipv4 unicast
  neighbor fabric activate
  redistribute connected
 exit-address-family
 !
 address-family ipv6 unicast
  neighbor fabric activate
  redistribute connected
  aggregate-address 2a01:598:40a:5481::/64
 exit-address-family
 !
 address-family l2vpn evpn
  neighbor fabric activate
  advertise-all-vni
  advertise ipv4 unicast
  advertise ipv6 unicast
 exit-address-family
 neighbor 10.10.10.1 remote-as internal
 neighbor 10.10.10.1 update-source 10.0.0.20
 neighbor 10.10.10.2 remote-as internal
 neighbor 10.10.10.2 update-source 10.0.0.20
 !
 address-family l2vpn evpn
  neighbor 10.10.10.1 activate
  neighbor 10.10.10.2 activate
  route-target both 65000:100
 exit-address-family
exit
!
line vty
!
"""

SPEC_C = SPEC_A.replace("router bgp 65020", "router bgp 64497 vrf p_zerotrust").replace(
    " neighbor eth1 interface peer-group fabric\n", ""
)

FULL_B = NetworkConfig(
    asn=65000,
    bgp_keepalive_s=3,
    bgp_hold_s=9,
    bfd_transmit_ms=300,
    bfd_receive_ms=300,
    dcgw_ips=(IPv4Address("10.10.10.1"), IPv4Address("10.10.10.2")),
    overlay_aggregate=IPv6Network("2a01:598:40a:5481::/64"),
    vpn_rt="65000:100",
)
UNDERLAY = IPv4Address("10.0.0.20")


def _addresses(underlay: str, overlay: str | None = None) -> DerivedAddresses:
    return DerivedAddresses(ip_address(underlay), ip_address(overlay or underlay), "02:54:00:00:00:01")


def test_spec_example_a_minimal_matches_e2e_vars_provision() -> None:
    assert render_frr_conf(NetworkConfig(asn=65020), _addresses("10.0.0.20"), ["eth1"]) == SPEC_A


def test_spec_example_b_full_with_the_aggregate_in_the_ipv6_unicast_family() -> None:
    addresses = _addresses("10.0.0.20", "2a01:598:40a:5481::14")
    assert render_frr_conf(FULL_B, addresses, ["eth1", "eth2"]) == SPEC_B


def test_spec_example_c_vrf_without_nics() -> None:
    # (c) gives only the shape; the underlay is the one of spec §9.4's VRF rows.
    conf = render_frr_conf(NetworkConfig(asn=64497), _addresses("10.0.0.20"), [], vrf="p_zerotrust")
    assert conf == SPEC_C


def test_an_ipv4_aggregate_goes_into_the_ipv4_unicast_family() -> None:
    network = NetworkConfig(
        asn=65000, dcgw_ips=(IPv4Address("10.0.0.1"),), overlay_aggregate=IPv4Network("10.10.0.0/16")
    )
    conf = render_frr_conf(network, _addresses("10.0.0.20"), ["eth0"])
    assert " address-family ipv4 unicast\n  neighbor fabric activate\n  redistribute connected\n" in conf
    assert "  redistribute connected\n  aggregate-address 10.10.0.0/16\n exit-address-family\n" in conf
    assert conf.count("aggregate-address") == 1


def test_rendering_refuses_with_every_problem() -> None:
    network = NetworkConfig(bfd_transmit_ms=1, bfd_receive_ms=1)
    with pytest.raises(FrrConfigInvalid) as raised:
        render_frr_conf(network, _addresses("fd00::1"), ["bad name"], vrf="bad vrf")
    assert len(raised.value.problems) == 5
    assert str(raised.value).startswith("cannot render frr.conf: asn_server is not set")


## Structure of every rendering (spec §9.4 "structural validity")

nic_names = st.from_regex(r"[a-z][a-z0-9]{0,6}(\.[1-9][0-9]{0,3})?", fullmatch=True).filter(
    lambda name: name != "fabric"
)
ipv4 = st.integers(1, 2**32 - 2).map(IPv4Address)
ipv6 = st.integers(1, 2**128 - 2).map(IPv6Address)
networks = st.builds(
    lambda address, prefix: IPv4Network((address, prefix), strict=False),
    st.integers(0, 2**32 - 1),
    st.integers(8, 32),
) | st.builds(
    lambda address, prefix: IPv6Network((address, prefix), strict=False),
    st.integers(0, 2**128 - 1),
    st.integers(16, 128),
)
configs = st.builds(
    NetworkConfig,
    asn=st.integers(1, 2**32 - 1),
    dcgw_ips=st.lists(ipv4 | ipv6, max_size=3, unique=True).map(tuple),
    overlay_aggregate=st.none() | networks,
    vpn_rt=st.sampled_from(["", "65000:100", "4200000000:7", "10.0.0.1:5"]),
    bgp_keepalive_s=st.sampled_from([0, 1, 3, 30, 65535]),
    bgp_hold_s=st.sampled_from([0, 3, 9, 90, 65535]),
    bfd_transmit_ms=st.sampled_from([0, 10, 300, 60000]),
    bfd_receive_ms=st.sampled_from([0, 10, 300, 60000]),
)
renderings = st.tuples(
    configs,
    st.builds(DerivedAddresses, ipv4, ipv4 | ipv6, st.just("02:54:00:00:00:01")),
    st.lists(nic_names, max_size=4),
    st.sampled_from(["", "p_zerotrust", "Vrf_underlay"]),
)


@given(renderings)
def test_rendering_succeeds_exactly_when_no_problem_is_found(
    case: tuple[NetworkConfig, DerivedAddresses, list[str], str],
) -> None:
    network, addresses, nics, vrf = case
    problems = check_frr_inputs(network, addresses, nics, vrf=vrf)
    try:
        render_frr_conf(network, addresses, nics, vrf=vrf)
    except FrrConfigInvalid as e:
        assert e.problems == problems
        assert problems
    else:
        assert problems == ()


@given(renderings)
def test_every_rendering_is_structurally_valid(
    case: tuple[NetworkConfig, DerivedAddresses, list[str], str],
) -> None:
    network, addresses, nics, vrf = case
    if check_frr_inputs(network, addresses, nics, vrf=vrf):
        return
    conf = render_frr_conf(network, addresses, nics, vrf=vrf)
    assert_structurally_valid(conf)
    assert conf == render_frr_conf(network, addresses, nics, vrf=vrf), "a pure function of its inputs"


def assert_structurally_valid(conf: str) -> None:
    """The checks of spec §9.4, applied to one frr.conf."""
    lines = conf.splitlines()
    assert conf.endswith("\n")
    assert lines[0].startswith("frr version")
    assert lines[-2:] == ["line vty", "!"]
    routers = [i for i, line in enumerate(lines) if line.startswith("router bgp ")]
    assert len(routers) == 1
    end = lines.index("exit", routers[0])
    assert lines[end:] == ["exit", "!", "line vty", "!"], "the router block closes just before line vty"
    body = lines[routers[0] + 1 : end]
    assert all(line.startswith(" ") for line in body), "everything else sits inside router bgp"
    assert sum(line.startswith(" address-family ") for line in body) == sum(
        line == " exit-address-family" for line in body
    )
    groups: set[str] = set()
    for line in body:
        if match := re.fullmatch(r" neighbor (\S+) peer-group", line):
            groups.add(match[1])
        if match := re.fullmatch(r" neighbor \S+ interface peer-group (\S+)", line):
            assert match[1] in groups, "the peer group is defined before it is used"
    profiles = {line.split()[1] for line in lines[: routers[0]] if line.startswith(" profile ")}
    for line in body:
        if match := re.fullmatch(r" neighbor \S+ bfd profile (\S+)", line):
            assert match[1] in profiles, "a BFD profile is defined before router bgp"


## Files written (spec §4.5)


def test_frr_files_paths_modes_and_contents() -> None:
    files = plan_frr_files(SPEC_A)
    assert [(f.path, oct(f.mode)) for f in files] == [
        ("/etc/frr/frr.conf", "0o644"),
        ("/etc/frr/vtysh.conf", "0o644"),
        ("/etc/frr/daemons", "0o640"),
    ]
    assert [f.content for f in files] == [SPEC_A, VTYSH_CONF, DAEMONS]
    assert VTYSH_CONF == "service integrated-vtysh-config\n"
    assert RUNTIME_DIRS == ("/var/run/frr", "/var/tmp/frr", "/var/lib/frr")


def test_the_daemons_file_runs_zebra_bgpd_and_bfdd_only_bound_to_loopback() -> None:
    switches = [line.split("=") for line in DAEMONS.splitlines() if line.endswith(("=yes", "=no"))]
    enabled = sorted(name for name, value in switches if value == "yes" and name != "vtysh_enable")
    assert len(switches) == 19
    assert enabled == ["bfdd", "bgpd", "zebra"]
    assert DAEMONS.splitlines()[0] == "# FRR daemons configuration - managed by BOOTy"
    assert 'zebra_options="  -A 127.0.0.1 -s 90000000"\n' in DAEMONS
    assert DAEMONS.endswith('bfdd_options="   -A 127.0.0.1"\n')
    assert "vtysh_enable=yes\n" in DAEMONS
    assert len(DAEMONS.splitlines()) == 24
