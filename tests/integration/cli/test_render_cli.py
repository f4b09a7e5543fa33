"""``booty render frr`` as an operator runs it: a real process on the shipped example vars files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "deploy-vars"
WITH_UNDERLAY_IP = sorted(p for p in DATA.iterdir() if p.name.startswith("vars-"))

SPEC_A = (Path(__file__).resolve().parents[2] / "data" / "frr" / "spec-example-a.frr.conf").read_text()


def booty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_e2e_vars_provision_renders_spec_example_a_exactly() -> None:
    result = booty("render", "frr", str(DATA / "vars-provision"), "--nic", "eth1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == SPEC_A
    assert "INSECURE_TRANSPORT=true" in result.stderr  # the loader's warnings are still shown


@pytest.mark.parametrize("path", WITH_UNDERLAY_IP, ids=lambda p: p.name)
def test_every_example_with_an_underlay_ip_renders(path: Path, tmp_path: Path) -> None:
    result = booty("render", "frr", str(path), "--nic", "eth0", "--nic", "eth1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "frr version 10.3"
    assert " neighbor eth0 interface peer-group fabric" in lines
    assert " neighbor eth1 interface peer-group fabric" in lines
    assert any(line.startswith("router bgp 650") for line in lines)
    vtysh = shutil.which("vtysh")
    if vtysh is not None:  # FRR's parser accepts it (tests/integration/frr covers this in depth)
        conf = tmp_path / "frr.conf"
        conf.write_text(result.stdout)
        (tmp_path / "vtysh.conf").write_text("service integrated-vtysh-config\n")
        checked = subprocess.run(
            [vtysh, "--config_dir", str(tmp_path), "--dryrun", "-f", str(conf)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (checked.returncode, checked.stderr) == (0, "")


def test_a_subnet_based_file_needs_the_ipmi_address() -> None:
    result = booty("render", "frr", str(DATA / "vars"), "--nic", "eth1")
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{DATA / 'vars'}: no underlay IP or way to derive one" in result.stderr


def test_with_the_ipmi_address_the_underlay_and_overlay_are_derived() -> None:
    result = booty(
        "render", "frr", str(DATA / "vars"), "--nic", "eth1", "--ipmi-ip", "172.30.0.42",
        "--ipmi-mac", "aa:bb:cc:dd:ee:ff",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert " bgp router-id 10.0.0.42\n" in result.stdout
    assert " address-family ipv6 unicast\n" in result.stdout  # overlay 2a01:598:40a:5481::2a


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--nic", "eth1", "--ipmi-ip", "nope"], "invalid IPMI IP 'nope'"),
        (["--nic", "eth1", "--ipmi-ip", "172.30.0.42", "--ipmi-mac", "zz"], "invalid IPMI MAC 'zz'"),
        (["--nic", "a/b", "--ipmi-ip", "172.30.0.42"], "NIC name 'a/b' is not an interface name"),
        (["--nic", "eth1", "--ipmi-ip", "172.31.0.1"], "derive underlay IP: 172.31.0.1 is not inside"),
    ],
)
def test_bad_inputs_are_reported_with_the_file_name(extra: list[str], message: str) -> None:
    result = booty("render", "frr", str(DATA / "vars"), *extra)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{DATA / 'vars'}: {message}" in result.stderr


def test_every_refusal_is_a_line_of_its_own(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars"
    vars_file.write_text('underlay_ip="fd00::1"\nbgp_keepalive="1"\nbgp_hold="99999"\n')
    result = booty("render", "frr", str(vars_file), "--nic", "eth0")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{vars_file}: asn_server is not set: FRR needs the local AS number (1 to 4294967295)",
        f"{vars_file}: the BGP router-id is the underlay address and must be IPv4, not fd00::1",
        f"{vars_file}: bgp_keepalive 1 and bgp_hold 99999: FRR accepts 1 to 65535 seconds",
    ]


def test_a_malformed_vars_file_is_reported_like_vars_check(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars"
    vars_file.write_text('asn_server="lots"\n')
    result = booty("render", "frr", str(vars_file), "--nic", "eth0")
    assert result.returncode == 2
    assert f"{vars_file}:1: asn_server: not a whole number: 'lots'" in result.stderr


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    result = booty("render", "frr", str(tmp_path / "absent"), "--nic", "eth0")
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_at_least_one_nic_is_required() -> None:
    result = booty("render", "frr", str(DATA / "vars-provision"))
    assert result.returncode == 2
    assert "--nic" in result.stderr


def test_render_is_listed_in_the_help() -> None:
    assert "render" in booty("--help").stdout
    help_text = booty("render", "frr", "--help").stdout
    assert "--ipmi-ip" in help_text
    assert "--ipmi-mac" in help_text
