"""A two-namespace LLDP lab: booty's side and a peer joined by a veth pair, with a real lldpd.

Everything happens inside namespaces this module creates (``booty-lldp-<role>-<random>``); the
host's interfaces are never touched. ``lldp_lab()`` and ``running_lldpd()`` are context managers
that clean up on every path: processes they started are terminated (and, as a safety net, every
process still inside the namespaces is killed) before the namespaces are deleted.

Shared by ``tests/integration/lldp`` (through its conftest) and ``tests/integration/cli``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest

from booty.adapters.linux.lldp import in_netns

PEER_IPV4 = "192.0.2.2"
PEER_IPV6 = "2001:db8::2"


@attrs.frozen
class Lab:
    """The two namespaces and the veth ends in them."""

    booty_ns: str
    peer_ns: str
    booty_if: str = "bl0"
    peer_if: str = "bl1"

    def mac(self, ns: str, ifname: str) -> str:
        """The MAC of *ifname* in namespace *ns*."""
        out = ip("-n", ns, "-j", "link", "show", ifname).stdout
        return str(json.loads(out)[0]["address"])

    def send(self, frames: Sequence[bytes], *, delay_s: float = 0.5, gap_s: float = 0.05) -> threading.Thread:
        """Send raw *frames* out of the peer end, after *delay_s*, from a background thread."""

        def sender() -> None:
            time.sleep(delay_s)
            sock = in_netns(self.peer_ns, lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
            with sock:
                sock.bind((self.peer_if, 0))
                for frame in frames:
                    sock.send(frame)
                    time.sleep(gap_s)

        thread = threading.Thread(target=sender, name="lldp-lab-sender", daemon=True)
        thread.start()
        return thread


def ip(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``ip``; a failure fails the test with ip's own words."""
    result = subprocess.run(["ip", *args], capture_output=True, text=True, check=False, timeout=30)
    if result.returncode != 0:
        raise AssertionError(f"ip {' '.join(args)}: {result.stderr.strip()}")
    return result


def require_root_and_tools(*tools: str) -> None:
    """Skip (with the reason) unless root and every tool is on PATH."""
    if os.geteuid() != 0:
        pytest.skip("needs root: creates network namespaces and raw sockets")
    missing = [tool for tool in ("ip", *tools) if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing tools: {', '.join(missing)} (./dev setup installs them)")


@contextlib.contextmanager
def lldp_lab() -> Iterator[Lab]:
    """Two fresh namespaces joined by veth bl0 (booty) <-> bl1 (peer), both up, peer addressed."""
    suffix = uuid.uuid4().hex[:8]
    lab = Lab(booty_ns=f"booty-lldp-b-{suffix}", peer_ns=f"booty-lldp-p-{suffix}")
    created: list[str] = []
    try:
        for ns in (lab.booty_ns, lab.peer_ns):
            ip("netns", "add", ns)
            created.append(ns)
        ip("link", "add", lab.booty_if, "netns", lab.booty_ns, "type", "veth",
           "peer", "name", lab.peer_if, "netns", lab.peer_ns)  # fmt: skip
        ip("-n", lab.peer_ns, "addr", "add", f"{PEER_IPV4}/24", "dev", lab.peer_if)
        ip("-n", lab.peer_ns, "addr", "add", f"{PEER_IPV6}/64", "dev", lab.peer_if, "nodad")
        for ns, ifname in ((lab.booty_ns, lab.booty_if), (lab.peer_ns, lab.peer_if)):
            ip("-n", ns, "link", "set", "lo", "up")
            ip("-n", ns, "link", "set", ifname, "up")
        yield lab
    finally:
        for ns in created:
            kill_everything_in(ns)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False, timeout=30)


def kill_everything_in(ns: str) -> None:
    """SIGKILL every process still inside namespace *ns* (all of them were started by these tests)."""
    pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True, check=False)
    for pid in pids.stdout.split():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)


@attrs.frozen
class Lldpd:
    """A running lldpd and the control socket ``lldpcli`` talks to it through."""

    process: subprocess.Popen[bytes]
    ns: str
    control: Path
    log: Path

    def cli(self, *args: str) -> str:
        """``lldpcli -u <control> ARGS`` inside the daemon's namespace; its stdout."""
        result = subprocess.run(
            ["ip", "netns", "exec", self.ns, "lldpcli", "-u", str(self.control), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert result.returncode == 0, f"lldpcli {' '.join(args)}: {result.stderr}"
        return result.stdout


@contextlib.contextmanager
def running_lldpd(
    ns: str, ifname: str, *, config: Sequence[str] = (), receive_only: bool = False
) -> Iterator[Lldpd]:
    """lldpd on *ifname* in *ns*, configured with lldpcli *config* lines, until the block ends.

    Returns once the daemon answers on its control socket with the configuration applied, so that
    every frame sent afterwards carries it. Its files live in a fresh world-readable directory
    (lldpd runs lldpcli as its unprivileged user, which cannot enter pytest's 0700 tmp_path).
    """
    workdir = Path(tempfile.mkdtemp(prefix="booty-lldpd-"))
    workdir.chmod(0o755)
    conf, control, log = workdir / "lldpd.conf", workdir / "lldpd.socket", workdir / "lldpd.log"
    conf.write_text("".join(f"{line}\n" for line in config))
    conf.chmod(0o644)
    argv = ["ip", "netns", "exec", ns, "lldpd", "-dd", "-I", ifname, "-u", str(control), "-O", str(conf)]
    if receive_only:
        argv.append("-r")
    try:
        with log.open("wb") as log_file:
            process = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT)
        daemon = Lldpd(process, ns, control, log)
        try:
            _wait_until_configured(daemon, config)
            yield daemon
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_until_configured(daemon: Lldpd, config: Sequence[str]) -> None:
    hostname = next((line.split()[-1] for line in config if "system hostname" in line), None)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if daemon.process.poll() is not None:
            raise AssertionError(f"lldpd exited {daemon.process.returncode}: {daemon.log.read_text()}")
        if daemon.control.exists():
            shown = subprocess.run(
                [
                    "ip",
                    "netns",
                    "exec",
                    daemon.ns,
                    "lldpcli",
                    "-u",
                    str(daemon.control),
                    "show",
                    "configuration",
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=30,
            )
            if shown.returncode == 0 and (
                hostname is None or f"Override system name with: {hostname}" in shown.stdout
            ):
                time.sleep(0.3)  # let lldpd finish applying the rest of the file
                return
        time.sleep(0.1)
    raise AssertionError(f"lldpd did not come up: {daemon.log.read_text()}")
