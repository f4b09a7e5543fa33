"""FRR/EVPN mode on a real kernel against a real FRR leaf.

Two namespaces joined by a veth pair: the leaf runs Debian's zebra and bgpd (frr_peer.py) and
peers BGP unnumbered over ``l0``; booty's ``configure_network`` runs in the host namespace with
``h0`` as its fabric NIC, starting its own zebra and bgpd there. The tests assert that the session
is Established, that the leaf learned the host's underlay /32 from BGP and installed it in its
kernel, and that teardown leaves no daemon, link or address behind.

This kernel has no dummy links: booty then puts the underlay on ``lo`` (spec §4.1 step 4), which
is asserted; where the kernel does have them, ``dummy.underlay`` is asserted instead. The VXLAN
and bridge are asserted where the kernel can create them; without them FRR mode cannot come up
at all (as in v0.0.1), and the test says so in its skip reason.

The last word is the controller: with the leaf as a VTEP bridging the provisioning segment into
the VNI, a controller on that segment answers booty's connectivity wait only through the EVPN
overlay (the host's VXLAN, the underlay route learned over BGP, the leaf's VXLAN and bridge).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from ipaddress import IPv4Address, ip_interface
from pathlib import Path

import attrs
import pytest
from pyroute2 import IPRoute

from booty.app.network import (
    NetworkOptions,
    NetworkPorts,
    configure_network,
    teardown_network,
    wait_for_network,
)
from booty.bootstrap import network_ports
from booty.domain.config import load_vars
from booty.domain.errors import ControllerUnreachable
from booty.domain.netdev import BridgeSpec, VxlanSpec
from booty.domain.network import (
    NetworkMode,
    NetworkOutcome,
    NetworkRecord,
    bgp_summary_command,
    parse_bgp_summary,
)

from .conftest import HttpController, Namespaces, kernel_addresses, kernel_routes, veth
from .frr_peer import (
    EvpnSegment,
    FrrPeer,
    frr_peer,
    kernel_can_create,
    pid_alive,
    private_root,
    require_frr,
    wait_until,
)

VARS = """\
underlay_ip=10.0.0.20
asn_server=65020
provision_vni=100
provision_ip=192.168.100.20/24
"""
UNDERLAY = "10.0.0.20/32"


@pytest.fixture
def lab(namespaces: Namespaces) -> tuple[str, str]:
    """(host namespace, leaf namespace), joined by h0 <-> l0 (l0 up, MTU 9000 as on a fabric)."""
    require_frr()
    for reason in (kernel_can_create("bridge"), kernel_can_create("vxlan", "id", "1", "dstport", "4789")):
        if reason:
            pytest.skip(f"FRR mode needs the provision bridge and VXLAN (spec §4.2); {reason}")
    host, leaf = namespaces.new("host"), namespaces.new("leaf")
    veth(host, "h0", leaf, "l0")
    with IPRoute(netns=leaf, flags=0) as ipr:
        ipr.link("set", index=ipr.link_lookup(ifname="l0")[0], mtu=9000)
    return host, leaf


@pytest.fixture
def leaf(lab: tuple[str, str]) -> Iterator[FrrPeer]:
    with frr_peer(lab[1], "l0") as peer:
        yield peer


@pytest.fixture
def booty_root() -> Iterator[Path]:
    with private_root("booty-frr") as root:
        yield root


class Run:
    """booty's bring-up in the host namespace, torn down at the end whatever happened."""

    def __init__(self, host: str, root: Path) -> None:
        self.ports: NetworkPorts = network_ports(host)
        self.options = NetworkOptions(interfaces=("h0",), netns=host, frr_root=str(root), bgp_timeout_s=90)
        self.outcome: NetworkOutcome | None = None
        self.torn_down: tuple[str, ...] | None = None

    def up(self, text: str = VARS) -> NetworkOutcome:
        self.outcome = configure_network(self.ports, load_vars(text).config.network, options=self.options)
        return self.outcome

    def down(self) -> tuple[str, ...]:
        assert self.outcome is not None
        self.torn_down = teardown_network(self.ports, self.outcome.record)
        return self.torn_down


@pytest.fixture
def run(lab: tuple[str, str], booty_root: Path) -> Iterator[Run]:
    made = Run(lab[0], booty_root)
    try:
        yield made
    finally:
        if made.outcome is not None and made.torn_down is None:
            made.down()


def test_bgp_session_with_a_real_leaf_and_a_clean_teardown(
    lab: tuple[str, str], leaf: FrrPeer, run: Run, booty_root: Path
) -> None:
    host, leaf_ns = lab
    outcome = run.up()

    assert outcome.mode is NetworkMode.FRR, (outcome.fallbacks, _logs(booty_root), leaf.logs())
    assert outcome.frr is not None
    assert outcome.frr.bgp.established == ("h0",)
    assert [d.name for d in outcome.record.daemons] == ["zebra", "bgpd"]
    assert all(pid_alive(d.pid) for d in outcome.record.daemons)
    assert leaf.peer_states() == {"l0": "Established"}

    # The leaf learned the host's underlay loopback over BGP and installed it in its kernel.
    assert wait_until(lambda: bool(leaf.route(UNDERLAY)), 30), leaf.vtysh("show ip route")
    (route,) = leaf.route(UNDERLAY)
    assert (route["protocol"], route["installed"]) == ("bgp", True)
    assert route["nexthops"][0]["interfaceName"] == "l0"
    assert UNDERLAY in _kernel_destinations(leaf_ns)

    # The kernel objects of spec §4.2, as far as this kernel has them.
    assert UNDERLAY in kernel_addresses(host, outcome.frr.underlay_link)
    no_dummy = kernel_can_create("dummy")
    if no_dummy:  # spec §4.1 step 4: the underlay goes on lo instead
        assert outcome.frr.underlay_link == "lo"
        assert "dummy.underlay" in " ".join(outcome.frr.warnings)
    else:
        assert outcome.frr.underlay_link == "dummy.underlay"
    assert run.ports.netlink.link_settings("vx100") == VxlanSpec(
        "vx100", 100, local=IPv4Address("10.0.0.20"), mtu=8950
    )
    assert run.ports.netlink.link_settings("br.provision") == BridgeSpec("br.provision", "02:54:00:00:00:01")
    assert run.ports.netlink.master_of("vx100") == "br.provision"
    assert ip_interface("192.168.100.20/24") in run.ports.netlink.addresses("br.provision")
    assert run.ports.netlink.sysctl("net/ipv4/ip_forward") == "1"

    daemons = outcome.record.daemons
    assert run.down() == ()
    assert not any(pid_alive(d.pid) for d in daemons)
    names = {link.name for link in run.ports.netlink.links()}
    assert {"vx100", "br.provision", "dummy.underlay"}.isdisjoint(names)
    assert kernel_addresses(host, "lo") == ["127.0.0.1/8"]
    assert run.ports.netlink.sysctl("net/ipv4/ip_forward") == "0"
    assert {link.name: link.mtu for link in run.ports.netlink.links()}["h0"] == 1500  # 9000 while up
    assert wait_until(lambda: not leaf.route(UNDERLAY), 30), "the leaf kept the withdrawn route"


def test_the_controller_on_the_provisioning_segment_answers_through_the_evpn_overlay(
    lab: tuple[str, str], run: Run, booty_root: Path, http_controllers: Callable[[str, str], HttpController]
) -> None:
    """From nothing to a reachable controller: FRR mode, then the connectivity wait (spec §8)."""
    host, leaf_ns = lab
    segment = EvpnSegment(vni=100, gateway="192.168.100.1/24")
    with frr_peer(leaf_ns, "l0", evpn_segment=segment) as leaf:
        controller = http_controllers(leaf_ns, "192.168.100.1")
        outcome = run.up()
        assert outcome.mode is NetworkMode.FRR, (outcome.fallbacks, _logs(booty_root), leaf.logs())

        reached = wait_for_network(run.ports, outcome.record, controller.url, timeout_s=60)

        assert reached.url == controller.url
        assert controller.requests >= 1
        # The path was the overlay: the host has no route to the segment but its bridge's, and
        # reaches the leaf's VTEP over the underlay route BGP taught it.
        assert ("192.168.100.0", 24, None, 0) in kernel_routes(host)
        assert any(dst == "10.255.0.1" and length == 32 for dst, length, _gw, _f in kernel_routes(host))
        assert "10.0.0.20" in leaf.vtysh("show evpn vni 100"), leaf.vtysh("show evpn vni 100")
        daemons = outcome.record.daemons
        assert run.down() == ()
    assert not any(pid_alive(d.pid) for d in daemons)
    assert {"vx100", "br.provision"}.isdisjoint(link.name for link in run.ports.netlink.links())


def test_with_bfd_configured_bfdd_runs_too(leaf: FrrPeer, run: Run, booty_root: Path) -> None:
    """bfdd starts with its own control socket and takes the BFD profile; the leaf runs no BFD,
    which leaves the BFD session down but does not hold BGP back."""
    outcome = run.up(VARS + "bfd_transmit_ms=300\nbfd_receive_ms=300\n")
    assert outcome.mode is NetworkMode.FRR, (outcome.fallbacks, _logs(booty_root), leaf.logs())
    assert [d.name for d in outcome.record.daemons] == ["zebra", "bgpd", "bfdd"]
    assert (booty_root / "run" / "bfdd.sock").exists()
    profile = run.ports.shell.run(
        ("vtysh", "--vty_socket", str(booty_root / "run"), "-c", "show running-config")
    )
    assert "bfd\n profile datacenter\n" in profile.stdout, profile  # 300 ms is FRR's default: not shown
    assert " neighbor fabric bfd profile datacenter\n" in profile.stdout, profile
    daemons = outcome.record.daemons
    assert run.down() == ()
    assert not any(pid_alive(d.pid) for d in daemons)


def test_frr_restarted_while_the_controller_is_unreachable_peers_again(
    leaf: FrrPeer, run: Run, booty_root: Path
) -> None:
    """Spec §4.8 with booty's own daemons: the wait restarts zebra and bgpd (new pids), reloads
    frr.conf, and BGP comes back; the new record lets teardown stop the new daemons."""
    outcome = run.up()
    assert outcome.mode is NetworkMode.FRR, (outcome.fallbacks, _logs(booty_root), leaf.logs())
    records: list[NetworkRecord] = []
    with pytest.raises(ControllerUnreachable):  # nothing listens on port 9 of the host's lo
        wait_for_network(
            run.ports,
            outcome.record,
            "http://127.0.0.1:9/",
            timeout_s=4,
            restart_after_s=2,
            on_record=records.append,
        )
    assert records, _logs(booty_root)
    run.outcome = attrs.evolve(outcome, record=records[-1])  # what teardown must stop now
    old, new = outcome.record.daemons, records[-1].daemons
    assert [d.name for d in new] == ["zebra", "bgpd"]
    assert not any(pid_alive(d.pid) for d in old)
    assert all(pid_alive(d.pid) for d in new)

    def established() -> bool:
        answer = run.ports.shell.run(
            ("vtysh", "--vty_socket", str(booty_root / "run"), "-c", bgp_summary_command())
        )
        return answer.ok and parse_bgp_summary(answer.stdout).established == ("h0",)

    assert wait_until(established, 30), (_logs(booty_root), leaf.logs())
    assert wait_until(lambda: leaf.peer_states() == {"l0": "Established"}, 30), leaf.logs()
    assert run.down() == ()
    assert not any(pid_alive(d.pid) for d in new)


def test_without_a_leaf_frr_mode_fails_cleanly_and_dhcp_takes_over(lab: tuple[str, str], run: Run) -> None:
    """No BGP peer: FRR mode gives up after its wait, removes everything, DHCP (no server) fails too."""
    host, _leaf_ns = lab
    run.options = NetworkOptions(
        interfaces=("h0",), netns=host, frr_root=run.options.frr_root, bgp_timeout_s=5, dhcp_timeout_s=2
    )
    outcome = run.up()
    assert not outcome.connected
    assert any("no BGP session Established within 5 s" in f for f in outcome.fallbacks), outcome.fallbacks
    assert outcome.record.empty
    names = {link.name for link in run.ports.netlink.links()}
    assert {"vx100", "br.provision"}.isdisjoint(names)
    assert kernel_addresses(host, "lo") == ["127.0.0.1/8"]
    pids = [
        int(p.read_text()) for p in Path(run.options.frr_root, "run").glob("*.pid") if p.read_text().strip()
    ]
    assert pids == [] or not any(pid_alive(pid) for pid in pids)


def _kernel_destinations(ns: str) -> list[str]:
    with IPRoute(netns=ns, flags=0) as ipr:
        return [f"{r.get('RTA_DST')}/{r['dst_len']}" for r in ipr.route("dump", family=socket.AF_INET)]


def _logs(root: Path) -> str:
    return "".join(f"--- {p}\n{p.read_text()}" for p in sorted(root.glob("log/*.log")))
