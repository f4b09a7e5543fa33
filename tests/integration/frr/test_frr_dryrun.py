"""FRR's own parser accepts every frr.conf booty renders, and rejects what booty refuses to render.

Runs ``vtysh --dryrun -f FILE`` (Debian package ``frr``; ``./dev`` installs it when run as root).
``--dryrun`` only parses the file with vtysh's command tree and exits non-zero on any line it
does not know; no FRR daemon runs and none is contacted. ``--config_dir`` points vtysh at a
temporary directory holding booty's vtysh.conf, so neither /etc/frr nor the frr user is needed.

The inputs are the Examples rows of features/network/frr_config.feature, read with pytest-bdd's
own parser, so a new row is checked by FRR without touching this file.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from ipaddress import IPv4Address, ip_address
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_bdd.parser import FeatureParser

from booty.domain.config import NetworkConfig, load_vars
from booty.domain.network import (
    DerivedAddresses,
    check_frr_inputs,
    derive_addresses,
    parse_ipmi_identity,
    render_frr_conf,
)
from booty.domain.network.frr_files import VTYSH_CONF

FEATURES = Path(__file__).resolve().parents[3] / "features"
OUTLINE = "Each configuration shape renders the lines that define it"
EXACT = "The minimal configuration of the e2e file vars-provision (spec §4.4 a)"

Dryrun = Callable[[str], subprocess.CompletedProcess[str]]


def _feature_rows() -> list[dict[str, str]]:
    feature = FeatureParser(str(FEATURES), "network/frr_config.feature").parse()
    return [row for examples in feature.scenarios[OUTLINE].examples for row in examples.as_contexts()]


def _exact_docstring() -> str:
    feature = FeatureParser(str(FEATURES), "network/frr_config.feature").parse()
    (docstring,) = [s.docstring for s in feature.scenarios[EXACT].steps if s.docstring]
    return docstring + "\n"


ROWS = _feature_rows()


def render_row(row: dict[str, str]) -> str:
    """The frr.conf of one Examples row, built as the BDD steps build it."""
    text = "".join(f"{assignment}\n" for assignment in row["vars"].split())
    network = load_vars(text).config.network
    addresses = derive_addresses(network, parse_ipmi_identity(ip=row["ipmi ip"]))
    return render_frr_conf(network, addresses, row["nics"].split(",") if row["nics"] else [], vrf=row["vrf"])


@pytest.fixture(scope="module")
def dryrun(tmp_path_factory: pytest.TempPathFactory) -> Dryrun:
    """Check a configuration text with ``vtysh --dryrun``; skips when vtysh is not installed."""
    vtysh = shutil.which("vtysh")
    if vtysh is None:
        pytest.skip("vtysh is not installed (Debian package frr; './dev test' as root installs it)")
    config_dir = tmp_path_factory.mktemp("frr")
    (config_dir / "vtysh.conf").write_text(VTYSH_CONF)
    counter = iter(range(10**9))

    def check(conf: str) -> subprocess.CompletedProcess[str]:
        path = config_dir / f"frr-{next(counter)}.conf"
        path.write_text(conf)
        return subprocess.run(
            [vtysh, "--config_dir", str(config_dir), "--dryrun", "-f", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return check


def assert_accepted(result: subprocess.CompletedProcess[str], conf: str) -> None:
    assert (result.returncode, result.stdout + result.stderr) == (0, ""), conf


def test_the_outline_has_rows() -> None:
    assert len(ROWS) >= 15


@pytest.mark.parametrize("row", ROWS, ids=[row["shape"] for row in ROWS])
def test_frr_accepts_every_rendered_example(dryrun: Dryrun, row: dict[str, str]) -> None:
    conf = render_row(row)
    assert_accepted(dryrun(conf), conf)


def test_frr_accepts_the_exact_worked_example(dryrun: Dryrun) -> None:
    conf = _exact_docstring()
    assert_accepted(dryrun(conf), conf)


## The check is not vacuous: FRR rejects broken configurations


def test_frr_rejects_an_unknown_command(dryrun: Dryrun) -> None:
    conf = render_row(ROWS[0]).replace(" no bgp default ipv4-unicast\n", " no bgp default ipv4-unicorn\n")
    result = dryrun(conf)
    assert result.returncode != 0
    assert "line 6: % Unknown command" in result.stderr


def test_frr_rejects_v001s_aggregate_inside_l2vpn_evpn(dryrun: Dryrun) -> None:
    """Spec §4.4 (b) verbatim: the reason booty moves the aggregate to the unicast family."""
    spec_row = next(row for row in ROWS if row["shape"] == "spec §4.4 b")
    ours = render_row(spec_row)
    aggregate = "  aggregate-address 2a01:598:40a:5481::/64\n"
    v001 = ours.replace(aggregate, "").replace(
        "  route-target both 65000:100\n", aggregate + "  route-target both 65000:100\n"
    )
    assert v001 != ours
    result = dryrun(v001)
    assert result.returncode != 0
    assert "% Unknown command" in result.stderr
    assert "aggregate-address 2a01:598:40a:5481::/64" in result.stderr


class Refusal(NamedTuple):
    """A line FRR's parser refuses, and the booty inputs that would have produced it."""

    snippet: str
    network: NetworkConfig
    reason: str
    underlay: str = "10.0.0.1"
    nic: str = "eth0"
    vrf: str = ""


BFD = "bfd\n profile datacenter\n  {}\n exit\nexit"
REFUSED = [
    Refusal("router bgp 0", NetworkConfig(), "asn_server is not set"),
    Refusal("router bgp 65000\n bgp router-id fd00::1", NetworkConfig(asn=65000), "must be IPv4", "fd00::1"),
    Refusal(
        "router bgp 65000\n timers bgp 30 70000",
        NetworkConfig(asn=65000, bgp_keepalive_s=30, bgp_hold_s=70000),
        "FRR accepts 1 to 65535 seconds",
    ),
    Refusal(
        BFD.format("transmit-interval 5"),
        NetworkConfig(asn=65000, bfd_transmit_ms=5, bfd_receive_ms=300),
        "FRR accepts 10 to 60000 ms",
    ),
    Refusal(
        BFD.format("receive-interval 60001"),
        NetworkConfig(asn=65000, bfd_transmit_ms=300, bfd_receive_ms=60001),
        "FRR accepts 10 to 60000 ms",
    ),
    Refusal(
        "router bgp 65000\n neighbor fabric peer-group\n neighbor a b interface peer-group fabric",
        NetworkConfig(asn=65000),
        "is not an interface name",
        nic="a b",
    ),
    Refusal("router bgp 65000 vrf my vrf", NetworkConfig(asn=65000), "VRF name", vrf="my vrf"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.reason for case in REFUSED])
def test_what_booty_refuses_to_render_frr_rejects(dryrun: Dryrun, case: Refusal) -> None:
    """Each input check of frr_checks stands for a line FRR's parser refuses."""
    underlay = ip_address(case.underlay)
    addresses = DerivedAddresses(underlay, underlay, "02:54:00:00:00:01")
    problems = check_frr_inputs(case.network, addresses, [case.nic], vrf=case.vrf)
    assert any(case.reason in problem for problem in problems), problems
    result = dryrun(f"frr version 10.3\n{case.snippet}\n")
    assert result.returncode != 0, case.snippet
    assert "% Unknown command" in result.stderr


## Beyond the rows: any configuration booty agrees to render, FRR accepts

configs = st.builds(
    NetworkConfig,
    asn=st.integers(1, 2**32 - 1),
    dcgw_ips=st.lists(
        st.sampled_from([IPv4Address("10.10.10.1"), IPv4Address("10.10.10.2")]), unique=True
    ).map(tuple),
    vpn_rt=st.sampled_from(["", "65000:100", "10.0.0.1:7"]),
    bgp_keepalive_s=st.sampled_from([0, 1, 65535]),
    bgp_hold_s=st.sampled_from([0, 3, 65535]),
    bfd_transmit_ms=st.sampled_from([0, 10, 60000]),
    bfd_receive_ms=st.sampled_from([0, 10, 60000]),
)
overlays = st.sampled_from(["10.0.0.20", "2a01:598:40a:5481::14", "fd21:cc2:981::2a"])


@settings(max_examples=40, deadline=None)
@given(
    configs,
    overlays,
    st.lists(st.from_regex(r"(eth|swp|ens)[0-9]{1,2}(\.[1-9][0-9]{0,3})?", fullmatch=True), max_size=3),
    st.sampled_from(["", "p_zerotrust"]),
)
def test_frr_accepts_any_configuration_booty_renders(
    dryrun: Dryrun, network: NetworkConfig, overlay: str, nics: list[str], vrf: str
) -> None:
    addresses = DerivedAddresses(IPv4Address("10.0.0.20"), ip_address(overlay), "02:54:00:00:00:01")
    assert check_frr_inputs(network, addresses, nics, vrf=vrf) == ()
    conf = render_frr_conf(network, addresses, nics, vrf=vrf)
    assert_accepted(dryrun(conf), conf)
