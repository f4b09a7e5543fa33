"""``booty net up`` / ``booty net down`` as an operator runs them, inside network namespaces.

Each ``booty`` is a separate process (``python -m booty``), so ``net down`` only knows what
``net up`` did from the state file: the FRR test proves that the daemons started by one process
are stopped by the other. The labs are those of tests/integration/network: namespaces joined by
veth pairs, a real dnsmasq, a real FRR leaf, and a plain HTTP server standing in for the
controller. Everything is removed at the end, also on failure.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

NETWORK_TESTS = Path(__file__).resolve().parents[1] / "network"


def _load(name: str, filename: str) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, NETWORK_TESTS / filename)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


net_lab = _load("booty_net_lab", "conftest.py")
frr_lab = _load("booty_frr_lab", "frr_peer.py")
root, namespaces, dnsmasq = net_lab.root, net_lab.namespaces, net_lab.dnsmasq  # fixtures
http_controllers = net_lab.http_controllers  # fixture

GATEWAY, CONTROLLER = "10.88.0.1", "198.51.100.1"


def booty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", "net", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def state(tmp_path: Path) -> Iterator[Path]:
    """The state file; whatever it still records is torn down at the end (a failed test included)."""
    path = tmp_path / "network.json"
    try:
        yield path
    finally:
        if path.exists() and json.loads(path.read_text())["mode"] is not None:
            booty("down", "--state", str(path))


@pytest.fixture
def wired(namespaces: Any) -> tuple[str, str]:
    """(client, peer): c0 <-> p0, the peer is the router 10.88.0.1 with the controller behind it."""
    cli, peer = namespaces.new("cli"), namespaces.new("peer")
    net_lab.veth(cli, "c0", peer, "p0", address_b=f"{GATEWAY}/24")
    net_lab.add_address(peer, "lo", f"{CONTROLLER}/32")
    return cli, peer


@pytest.fixture
def controller(wired: tuple[str, str], http_controllers: Any) -> Any:
    """An HTTP server in the peer namespace, reachable from the client only through the gateway."""
    return http_controllers(wired[1], CONTROLLER)


def _vars(tmp_path: Path, text: str) -> str:
    path = tmp_path / "vars"
    path.write_text(text)
    return str(path)


def test_static_mode_up_reaches_the_controller_then_down(
    wired: tuple[str, str], controller: Any, state: Path, tmp_path: Path
) -> None:
    cli, _peer = wired
    config = _vars(tmp_path, f"STATIC_IP=10.88.0.5/24\nSTATIC_GATEWAY={GATEWAY}\nINIT_URL={controller.url}\n")
    result = booty("up", config, "--netns", cli, "--iface", "c0", "--json", "--state", str(state))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("connected", "mode", "interfaces", "addresses", "gateway")} == {
        "connected": True,
        "mode": "static",
        "interfaces": ["c0"],
        "addresses": ["10.88.0.5/24"],
        "gateway": GATEWAY,
    }
    assert report["controller"]["url"] == controller.url
    assert report["controller"]["attempts"] == 1
    assert controller.requests == 1
    assert report["state_file"] == str(state)
    assert net_lab.kernel_addresses(cli, "c0") == ["10.88.0.5/24"]

    again = booty("up", config, "--netns", cli, "--iface", "c0", "--state", str(state))
    assert again.returncode == 1
    assert "the network is up already" in again.stderr

    down = booty("down", "--netns", cli, "--state", str(state))
    assert down.returncode == 0, down.stderr
    assert "network down (mode static)" in down.stdout
    assert net_lab.kernel_addresses(cli, "c0") == []
    assert [r for r in net_lab.kernel_routes(cli) if r[1] == 0] == []
    assert not state.exists()  # nothing is up, so nothing is recorded
    assert booty("down", "--state", str(state)).stderr.startswith("booty net down: nothing to tear down")


def test_text_output_and_an_unreachable_controller(
    wired: tuple[str, str], state: Path, tmp_path: Path
) -> None:
    """Nothing listens on the controller port: the network stays up for a look, exit 1."""
    cli, _peer = wired
    config = _vars(
        tmp_path, f"STATIC_IP=10.88.0.5/24\nSTATIC_GATEWAY={GATEWAY}\nINIT_URL=http://{CONTROLLER}:9/\n"
    )
    result = booty(
        "up", config, "--netns", cli, "--iface", "c0", "--wait-timeout", "2", "--state", str(state)
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "mode: static",
        "interfaces: c0",
        "addresses: 10.88.0.5/24",
        f"gateway: {GATEWAY}",
        "dns: -",
    ]
    assert any(
        line.startswith(f"controller: controller http://{CONTROLLER}:9/ unreachable") for line in lines
    )
    assert net_lab.kernel_addresses(cli, "c0") == ["10.88.0.5/24"]
    assert booty("down", "--state", str(state)).returncode == 0
    assert net_lab.kernel_addresses(cli, "c0") == []


def test_dhcp_mode_with_dnsmasq_reaches_the_controller_through_the_leased_router(
    namespaces: Any, dnsmasq: Any, http_controllers: Any, state: Path, tmp_path: Path
) -> None:
    """The controller sits behind the DHCP server's router option, on no subnet of the client's."""
    cli, srv = namespaces.new("cli"), namespaces.new("srv")
    net_lab.veth(cli, "c0", srv, "s0", address_b="10.77.0.1/24")
    net_lab.add_address(srv, "lo", f"{CONTROLLER}/32")
    options = ["--dhcp-range=10.77.0.100,10.77.0.200,255.255.255.0,10m", "--dhcp-option=3,10.77.0.1"]
    dnsmasq(srv, interface="s0", options=[*options, "--dhcp-option=6,10.77.0.53"])
    controller = http_controllers(srv, CONTROLLER)
    config = _vars(tmp_path, f"# no mode configured: DHCP\nINIT_URL={controller.url}\n")
    result = booty("up", config, "--netns", cli, "--iface", "c0", "--json", "--state", str(state))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["connected"], report["mode"], report["interfaces"], report["gateway"], report["dns"]) == (
        True,
        "dhcp",
        ["c0"],
        "10.77.0.1",
        ["10.77.0.53"],
    )
    assert report["controller"]["url"] == controller.url
    assert controller.requests >= 1
    (address,) = report["addresses"]
    assert address.startswith("10.77.0.")
    assert address.endswith("/24")
    assert net_lab.kernel_addresses(cli, "c0") == [address]
    assert booty("down", "--netns", cli, "--state", str(state)).returncode == 0
    assert net_lab.kernel_addresses(cli, "c0") == []
    assert [r for r in net_lab.kernel_routes(cli) if r[1] == 0] == []


def test_nothing_comes_up(namespaces: Any, state: Path, tmp_path: Path) -> None:
    cli = namespaces.new("cli")
    net_lab.veth(cli, "c0", cli, "c0p")
    config = _vars(tmp_path, "STATIC_IP=10.88.0.5/24\nSTATIC_IFACE=nope0\n")
    result = booty(
        "up", config, "--netns", cli, "--iface", "c0", "--dhcp-timeout", "2", "--state", str(state)
    )
    assert result.returncode == 1
    assert "mode: dhcp (not connected)" in result.stdout
    assert "booty net up: dhcp network setup failed: no network mode came up (static: " in result.stderr
    assert "no DHCP lease on c0 within 2 s" in result.stderr
    assert not state.exists()


def test_frr_mode_up_in_one_process_down_in_another(
    namespaces: Any, http_controllers: Any, state: Path, tmp_path: Path
) -> None:
    """The controller is on the provisioning segment the leaf bridges into the VNI (EVPN)."""
    frr_lab.require_frr()
    for reason in (frr_lab.kernel_can_create("bridge"), frr_lab.kernel_can_create("vxlan", "id", "1")):
        if reason:
            pytest.skip(f"FRR mode needs the provision bridge and VXLAN; {reason}")
    host, leaf_ns = namespaces.new("host"), namespaces.new("leaf")
    net_lab.veth(host, "h0", leaf_ns, "l0")
    segment = frr_lab.EvpnSegment(vni=200, gateway="192.168.200.1/24")
    with (
        frr_lab.frr_peer(leaf_ns, "l0", evpn_segment=segment) as leaf,
        frr_lab.private_root("booty-cli") as frr_root,
    ):
        controller = http_controllers(leaf_ns, "192.168.200.1")
        config = _vars(
            tmp_path,
            "underlay_ip=10.0.0.30\nasn_server=65030\nprovision_vni=200\n"
            f"provision_ip=192.168.200.30/24\nINIT_URL={controller.url}\n",
        )
        result = booty(
            "up", config, "--netns", host, "--iface", "h0", "--frr-dir", str(frr_root),
            "--bgp-timeout", "90", "--json", "--state", str(state),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr + leaf.logs()
        report = json.loads(result.stdout)
        assert (report["connected"], report["mode"], report["interfaces"], report["bgp"]["established"]) == (
            True,
            "frr",
            ["h0"],
            ["h0"],
        )
        assert report["controller"]["url"] == controller.url
        assert controller.requests >= 1
        assert report["addresses"] == ["10.0.0.30/32", "192.168.200.30/24"]  # underlay, provision IP
        pids = [d["pid"] for d in report["daemons"]]
        assert [d["name"] for d in report["daemons"]] == ["zebra", "bgpd"]
        assert all(frr_lab.pid_alive(pid) for pid in pids), "booty's daemons died with 'booty net up'"
        assert frr_lab.wait_until(lambda: bool(leaf.route("10.0.0.30/32")), 30)

        down = booty("down", "--state", str(state))
        assert down.returncode == 0, down.stderr
        assert "2 daemon(s) stopped" in down.stdout
        assert frr_lab.wait_until(lambda: not any(frr_lab.pid_alive(pid) for pid in pids), 10)
        assert net_lab.kernel_addresses(host, "lo") == ["127.0.0.1/8"]
        links = subprocess.run(
            ["ip", "-n", host, "-o", "link"], capture_output=True, text=True, check=True
        ).stdout
        assert "vx200" not in links
        assert "br.provision" not in links


def test_a_state_file_that_cannot_be_written_undoes_the_bring_up(
    wired: tuple[str, str], tmp_path: Path
) -> None:
    cli, _peer = wired
    (tmp_path / "plain-file").write_text("")
    config = _vars(tmp_path, "STATIC_IP=10.88.0.5/24\n")
    state = tmp_path / "plain-file" / "network.json"
    result = booty("up", config, "--netns", cli, "--iface", "c0", "--state", str(state))
    assert result.returncode == 1
    assert f"booty net up: cannot write {state}: File exists; tearing down" in result.stderr
    assert net_lab.kernel_addresses(cli, "c0") == []
