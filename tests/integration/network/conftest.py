"""Real kernel, real peers: throwaway network namespaces joined by veth pairs, a real dnsmasq, TCP
servers inside namespaces.

Everything a test creates is removed when it ends, also on failure: namespaces (with the links in
them), dnsmasq processes, server threads. No traffic leaves the namespaces made here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import attrs
import pytest
from pyroute2 import IPRoute, netns

from booty.adapters.linux.nsthread import call_in_netns, enter_netns


@pytest.fixture
def root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: creates network namespaces")


@attrs.define
class Namespaces:
    """Creates namespaces on demand and removes all of them at the end."""

    created: list[str] = attrs.field(factory=list)

    def new(self, role: str) -> str:
        name = f"booty-it-{role}-{uuid.uuid4().hex[:6]}"
        netns.create(name)
        self.created.append(name)
        with IPRoute(netns=name, flags=0) as ipr:
            ipr.link("set", index=ipr.link_lookup(ifname="lo")[0], state="up")
        return name

    def remove_all(self) -> None:
        for name in reversed(self.created):
            if name in netns.listnetns():
                netns.remove(name)
        self.created.clear()


@pytest.fixture
def namespaces(root: None) -> Iterator[Namespaces]:
    made = Namespaces()
    try:
        yield made
    finally:
        made.remove_all()


def veth(ns_a: str, name_a: str, ns_b: str, name_b: str, *, address_b: str = "") -> None:
    """A veth pair *name_a* (in *ns_a*) <-> *name_b* (in *ns_b*); *name_b* up, with *address_b*."""
    with IPRoute(netns=ns_a, flags=0) as ipr:
        peer: object = name_b if ns_a == ns_b else {"ifname": name_b, "net_ns_fd": ns_b}
        ipr.link("add", ifname=name_a, kind="veth", peer=peer)
    with IPRoute(netns=ns_b, flags=0) as ipr:
        index = ipr.link_lookup(ifname=name_b)[0]
        if address_b:
            address, prefix = address_b.split("/")
            ipr.addr("add", index=index, address=address, prefixlen=int(prefix))
        ipr.link("set", index=index, state="up")


def add_address(ns: str, link: str, cidr: str) -> None:
    with IPRoute(netns=ns, flags=0) as ipr:
        address, prefix = cidr.split("/")
        ipr.addr("add", index=ipr.link_lookup(ifname=link)[0], address=address, prefixlen=int(prefix))


@attrs.define
class Dnsmasq:
    """A dnsmasq DHCP server running inside a namespace, logging to a file."""

    process: subprocess.Popen[bytes]
    log: Path
    leases: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


StartDnsmasq = Callable[..., Dnsmasq]


@pytest.fixture
def dnsmasq(tmp_path: Path) -> Iterator[StartDnsmasq]:
    """Start dnsmasq (DHCP only, no DNS) in a namespace; every one started is stopped at the end."""
    if shutil.which("dnsmasq") is None or shutil.which("ip") is None:
        pytest.skip("needs dnsmasq and ip (iproute2): ./dev setup installs them")
    started: list[Dnsmasq] = []

    def start(ns: str, *, interface: str, options: list[str]) -> Dnsmasq:
        log, leases = tmp_path / f"dnsmasq-{len(started)}.log", tmp_path / f"dnsmasq-{len(started)}.leases"
        argv = [
            "ip", "netns", "exec", ns, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
            f"--interface={interface}", "--bind-interfaces", "--no-ping", "--dhcp-authoritative",
            f"--dhcp-leasefile={leases}", "--pid-file=", "--user=root", "--log-dhcp", "--log-facility=-",
            *options,
        ]  # fmt: skip
        with log.open("wb") as out:
            process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        server = Dnsmasq(process, log, leases)
        started.append(server)
        _wait_until(lambda: "DHCP, IP range" in log.read_text() or process.poll() is not None, 5)
        if process.poll() is not None:
            pytest.fail(f"dnsmasq exited {process.returncode}: {log.read_text()}")
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


def _wait_until(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


@attrs.define
class TcpServer:
    """Accepts connections on (address, port) inside a namespace and answers ``hello``."""

    ns: str
    address: str
    port: int = 0
    _ready: threading.Event = attrs.field(factory=threading.Event)
    _stop: threading.Event = attrs.field(factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TcpServer:
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("TCP server did not start")
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _serve(self) -> None:
        enter_netns(self.ns)
        with socket.create_server((self.address, self.port)) as server:
            self.port = server.getsockname()[1]
            server.settimeout(0.1)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    conn, _peer = server.accept()
                except TimeoutError:
                    continue
                with conn:
                    conn.sendall(b"hello")


@pytest.fixture
def tcp_servers() -> Iterator[Callable[[str, str], TcpServer]]:
    servers: list[TcpServer] = []

    def start(ns: str, address: str) -> TcpServer:
        server = TcpServer(ns, address).start()
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


class ControllerStatus(BaseHTTPRequestHandler):
    """Stands in for the controller's status endpoint: 200 to HEAD and GET, requests counted."""

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def _answer(self, *, with_body: bool) -> None:
        self.server.requests += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@attrs.define
class HttpController:
    """An HTTP server bound to (address, port) inside a namespace; ``url`` is its status URL."""

    ns: str
    address: str
    _server: ThreadingHTTPServer | None = None
    _ready: threading.Event = attrs.field(factory=threading.Event)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://{self.address}:{self._server.server_address[1]}/status/init"

    @property
    def requests(self) -> int:
        return int(self._server.requests) if self._server is not None else 0  # type: ignore[attr-defined]

    def start(self) -> HttpController:
        threading.Thread(target=self._serve, daemon=True).start()
        if not self._ready.wait(5) or self._server is None:
            raise RuntimeError(f"HTTP controller on {self.address} in {self.ns} did not start")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self) -> None:
        enter_netns(self.ns)  # this thread only; the listening socket stays in the namespace
        try:
            server = ThreadingHTTPServer((self.address, 0), ControllerStatus)
        except OSError:
            self._ready.set()
            raise
        server.requests = 0  # type: ignore[attr-defined]
        self._server = server
        self._ready.set()
        server.serve_forever(poll_interval=0.1)


@pytest.fixture
def http_controllers() -> Iterator[Callable[[str, str], HttpController]]:
    """Start stand-in controllers inside namespaces; every one is shut down at the end."""
    started: list[HttpController] = []

    def start(ns: str, address: str) -> HttpController:
        controller = HttpController(ns, address).start()
        started.append(controller)
        return controller

    try:
        yield start
    finally:
        for controller in started:
            controller.stop()


def tcp_hello(ns: str, address: str, port: int) -> bytes:
    """Connect from inside *ns* to (address, port) and read the greeting."""

    def connect() -> bytes:
        with socket.create_connection((address, port), timeout=3) as conn:
            return conn.recv(16)

    return call_in_netns(ns, connect)


def kernel_routes(ns: str) -> list[tuple[str, int, str | None, int]]:
    """(dst, dst_len, gateway, flags) of the main IPv4 table, read with pyroute2 directly."""
    with IPRoute(netns=ns, flags=0) as ipr:
        return [
            (r.get("RTA_DST") or "0.0.0.0", r["dst_len"], r.get("RTA_GATEWAY"), r["flags"])
            for r in ipr.route("dump", family=socket.AF_INET)
            if r.get("RTA_TABLE") == 254
        ]


def kernel_addresses(ns: str, link: str) -> list[str]:
    """``address/prefix`` of *link*'s IPv4 addresses, read with pyroute2 directly."""
    with IPRoute(netns=ns, flags=0) as ipr:
        index = ipr.link_lookup(ifname=link)[0]
        return [
            f"{a.get('IFA_LOCAL')}/{a['prefixlen']}"
            for a in ipr.addr("dump", family=socket.AF_INET, index=index)
        ]
