"""A real FRR leaf for booty's FRR mode to peer with: zebra and bgpd of Debian's frr package,
started by the test (not by booty) inside a namespace, under a private root in /run.

The leaf peers BGP unnumbered over one interface (``neighbor IFACE interface remote-as
external``) with IPv4 unicast and L2VPN EVPN, as a data-centre leaf does. Asked to be a VTEP
(``evpn_segment``), it also owns a VXLAN in a bridge carrying the provisioning segment, announces
its VTEP loopback over BGP, and holds the segment's gateway address on the bridge: a controller
bound to that address is reachable only through the EVPN overlay. Its processes are the test's
own children and are stopped (SIGTERM, then SIGKILL) and reaped when the context ends, also on
failure; the private root is removed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest

FRR_SBIN = Path("/usr/lib/frr")
LEAF_CONF = """\
frr defaults datacenter
hostname leaf
!
router bgp {asn}
 bgp router-id {router_id}
 no bgp default ipv4-unicast
 neighbor {iface} interface remote-as external
 !
 address-family ipv4 unicast
  neighbor {iface} activate
{networks} exit-address-family
 !
 address-family l2vpn evpn
  neighbor {iface} activate
  advertise-all-vni
 exit-address-family
exit
!
"""


def require_frr() -> None:
    """Skip unless running as root with Debian's FRR (zebra, bgpd, vtysh) and its frr user."""
    if os.geteuid() != 0:
        pytest.skip("needs root: network namespaces and FRR daemons")
    missing = [p for p in ("zebra", "bgpd") if not (FRR_SBIN / p).exists()]
    if missing or shutil.which("vtysh") is None or shutil.which("ip") is None:
        pytest.skip(
            "needs Debian's frr (zebra, bgpd, vtysh) and iproute2: './dev test' as root installs them"
        )
    try:
        import pwd

        pwd.getpwnam("frr")
    except KeyError:
        pytest.skip("needs the frr user of Debian's frr package (FRR refuses users outside frrvty)")


@contextmanager
def private_root(role: str) -> Iterator[Path]:
    """A fresh 0755 directory under /run that the frr user can reach (pytest's tmp_path cannot)."""
    root = Path("/run") / f"booty-it-{role}-{uuid.uuid4().hex[:6]}"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def kernel_can_create(kind: str, *extra: str) -> str:
    """Empty when this kernel creates a link of *kind* (tried in a scratch namespace), else why not."""
    ns = f"booty-it-probe-{uuid.uuid4().hex[:6]}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        result = subprocess.run(
            ["ip", "-n", ns, "link", "add", "probe0", "type", kind, *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        return (
            ""
            if result.returncode == 0
            else f"this kernel cannot create {kind} links: {result.stderr.strip()}"
        )
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


@attrs.define
class FrrPeer:
    """The leaf: its namespace, its private root, its daemons."""

    ns: str
    root: Path
    processes: list[subprocess.Popen[bytes]] = attrs.field(factory=list)

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    def vtysh(self, command: str) -> str:
        result = subprocess.run(
            ["vtysh", "--vty_socket", str(self.run_dir), "-c", command],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return result.stdout

    def route(self, prefix: str) -> list[dict[str, Any]]:
        """The leaf's RIB entries for *prefix* (``show ip route json``)."""
        text = self.vtysh("show ip route json")
        routes: dict[str, list[dict[str, Any]]] = json.loads(text) if text.strip() else {}
        return routes.get(prefix, [])

    def peer_states(self) -> dict[str, str]:
        text = self.vtysh("show bgp summary json")
        summary = json.loads(text) if text.strip() else {}
        return {
            peer: fields["state"] for peer, fields in summary.get("ipv4Unicast", {}).get("peers", {}).items()
        }

    def logs(self) -> str:
        return "".join(f"--- {p.name}\n{p.read_text()}" for p in sorted(self.root.glob("*.log")))

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@attrs.frozen
class EvpnSegment:
    """The L2 segment the leaf bridges into VNI *vni*, with *gateway* (``address/prefix``) on it."""

    vni: int
    gateway: str


@contextmanager
def frr_peer(
    ns: str,
    iface: str,
    *,
    asn: int = 65100,
    router_id: str = "10.255.0.1",
    evpn_segment: EvpnSegment | None = None,
) -> Iterator[FrrPeer]:
    """Start the leaf's zebra and bgpd in *ns* and load its configuration; stopped at the end.

    With *evpn_segment* the leaf is also a VTEP at *router_id* (see the module docstring); its
    links live in *ns* and go with it.
    """
    with private_root("leaf") as root:
        peer = FrrPeer(ns, root)
        try:
            if evpn_segment is not None:
                _make_vtep(ns, router_id, evpn_segment)
            networks = f"  network {router_id}/32\n" if evpn_segment is not None else ""
            conf = LEAF_CONF.format(asn=asn, router_id=router_id, iface=iface, networks=networks)
            _start(peer, conf)
            yield peer
        finally:
            peer.stop()


def _make_vtep(ns: str, vtep: str, segment: EvpnSegment) -> None:
    """VTEP loopback, VXLAN (IANA port, no learning: EVPN fills the FDB) in a bridge with the gateway."""
    vxlan, bridge = f"vx{segment.vni}", f"br{segment.vni}"
    for argv in (
        ["addr", "add", f"{vtep}/32", "dev", "lo"],
        ["link", "add", vxlan, "type", "vxlan", "id", str(segment.vni), "local", vtep,
         "dstport", "4789", "nolearning"],
        ["link", "add", bridge, "type", "bridge"],
        ["link", "set", vxlan, "master", bridge],
        ["addr", "add", segment.gateway, "dev", bridge],
        ["link", "set", bridge, "up"],
        ["link", "set", vxlan, "up"],
    ):  # fmt: skip
        subprocess.run(["ip", "-n", ns, *argv], check=True, capture_output=True)


def _start(peer: FrrPeer, conf: str) -> None:
    run = peer.run_dir
    run.mkdir(mode=0o755)
    shutil.chown(run, "frr", "frr")
    (peer.root / "frr.conf").write_text(conf)
    (peer.root / "vtysh.conf").write_text("service integrated-vtysh-config\n")
    for daemon in ("zebra", "bgpd"):
        argv = [
            "ip", "netns", "exec", peer.ns, str(FRR_SBIN / daemon), "-f", "/dev/null",
            "-i", f"{run}/{daemon}.pid", "-z", f"{run}/zserv.api", "--vty_socket", str(run),
            "-P", "0", "-u", "frr", "-g", "frr", "--log", "stdout",
        ]  # fmt: skip
        with (peer.root / f"{daemon}.log").open("wb") as log:
            peer.processes.append(subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT))
        socket = run / f"{daemon}.vty"
        wait_until(lambda s=socket: s.exists() or peer.processes[-1].poll() is not None, 10)  # type: ignore[misc]
        if not socket.exists():
            pytest.fail(f"the leaf's {daemon} did not start:\n{peer.logs()}")
    load = subprocess.run(
        ["vtysh", "--vty_socket", str(run), "--config_dir", str(peer.root), "-b"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if load.returncode != 0:
        pytest.fail(f"the leaf refused its configuration: {load.stdout}{load.stderr}")


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def pid_alive(pid: int) -> bool:
    """True while *pid* exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"
