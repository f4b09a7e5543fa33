"""Real servers on 127.0.0.1 for the Urllib3Http integration tests: origin, forwarding proxy, TLS files.

Every server runs in threads that its fixture stops in a ``finally``: ``release`` wakes handlers that
stall on purpose, ``shutdown``/``server_close`` stop the accept loop and join the handler threads.
Handlers answer with ``Connection: close`` so no client keeps a handler thread alive between tests.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import select
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest

from booty.adapters.linux.http import HttpOptions, Urllib3Http

Route = Callable[["Handler"], None]


@attrs.frozen
class Seen:
    """One request as a server received it."""

    method: str
    target: str
    """The request target as sent: a path, an absolute URL (via a proxy) or host:port (CONNECT)."""
    headers: dict[str, str]
    body: bytes = b""


class Server(ThreadingHTTPServer):
    """A threaded server that records requests and never prints tracebacks of expected aborts."""

    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.tls = tls
        self.seen: list[Seen] = []
        self.routes: dict[str, Route] = {}
        self.release = threading.Event()
        self.errors: list[BaseException] = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str = "/", *, host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # TLS is wrapped here, in the per-connection thread, so a client that fails the handshake
        # cannot block the accept loop.
        request.settimeout(10)
        if self.tls is None:
            self.RequestHandlerClass(request, client_address, self)  # type: ignore[arg-type]
            return
        try:
            wrapped = self.tls.wrap_socket(request, server_side=True)
        except OSError as e:  # the client refused our certificate: expected in the untrusted-CA test
            self.errors.append(e)
            return
        with wrapped:
            self.RequestHandlerClass(wrapped, client_address, self)  # type: ignore[arg-type]

    def handle_error(self, *_: object) -> None:
        # Clients that stop reading (body limit, timeouts) make handlers fail with broken pipes.
        self.errors.append(sys.exc_info()[1] or RuntimeError("unknown"))


class Handler(BaseHTTPRequestHandler):
    """Records the request, then runs the route registered for its path (404 without one)."""

    server: Server
    protocol_version = "HTTP/1.1"  # chunked responses need it

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_HEAD = do_GET  # noqa: N815

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
        route = self.server.routes.get(urlsplit(self.path).path)
        if route is None:
            self.reply(404, b"not found")
        else:
            route(self)

    def reply(self, status: int, body: bytes = b"", headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def echo(self) -> None:
        """Answer with the request as JSON: method, headers, body."""
        seen = self.server.seen[-1]
        doc = {"method": seen.method, "headers": seen.headers, "body": seen.body.decode()}
        self.reply(200, json.dumps(doc).encode(), (("Content-Type", "application/json"),))

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


class ProxyHandler(BaseHTTPRequestHandler):
    """A forwarding proxy: absolute-form requests are relayed, CONNECT opens a byte tunnel."""

    server: Server

    def do_GET(self) -> None:
        self.server.seen.append(Seen(self.command, self.path, dict(self.headers.items())))
        target = urlsplit(self.path)
        upstream = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=10)
        try:
            hop_by_hop = {"proxy-authorization", "proxy-connection", "connection"}
            headers = {k: v for k, v in self.headers.items() if k.lower() not in hop_by_hop}
            path = target.path + (f"?{target.query}" if target.query else "")
            upstream.request(self.command, path or "/", headers=headers)
            answer = upstream.getresponse()
            body = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in {"connection", "transfer-encoding", "content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:
        self.server.seen.append(Seen(self.command, self.path, dict(self.headers.items())))
        host, _, port = self.path.rpartition(":")
        with socket.create_connection((host, int(port)), timeout=10) as upstream:
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            _pump(self.connection, upstream, self.server.release)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


def _pump(a: socket.socket, b: socket.socket, stop: threading.Event) -> None:
    """Copy bytes both ways until either side closes or the fixture stops the proxy."""
    peers = {a: b, b: a}
    while not stop.is_set():
        readable, _, _ = select.select(list(peers), [], [], 0.1)
        for sock in readable:
            data = sock.recv(65536)
            if not data:
                return
            peers[sock].sendall(data)


@contextlib.contextmanager
def _running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def origin() -> Iterator[Server]:
    """A plain http origin on 127.0.0.1; tests register routes in ``origin.routes``."""
    with _running(Server(Handler)) as server:
        yield server


@pytest.fixture
def tls_origin(tls_files: TlsFiles) -> Iterator[Server]:
    """An https origin whose certificate (SAN IP:127.0.0.1 only) is signed by the test CA."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_files.server_cert, tls_files.server_key)
    with _running(Server(Handler, tls=context)) as server:
        yield server


@pytest.fixture
def proxy() -> Iterator[Server]:
    """A forwarding proxy on 127.0.0.1; ``proxy.seen`` lists the requests that went through it."""
    with _running(Server(ProxyHandler)) as server:
        yield server


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A port nothing listens on: a bound socket that never calls listen(), so the kernel refuses."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@pytest.fixture
def make_http() -> Iterator[Callable[..., Urllib3Http]]:
    """Build ``Urllib3Http(HttpOptions(**kwargs))``; every client built is closed after the test."""
    built: list[Urllib3Http] = []

    def make(**kwargs: Any) -> Urllib3Http:
        built.append(Urllib3Http(HttpOptions(**kwargs)))
        return built[-1]

    try:
        yield make
    finally:
        for client in built:
            client.close()


@attrs.frozen
class TlsFiles:
    ca_cert: str
    server_cert: str
    server_key: str


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A throwaway CA and a server certificate it signed, made with the openssl command line."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    d = tmp_path_factory.mktemp("tls")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(d, "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=booty test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    _openssl(d, "req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (d / "server.ext").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    _openssl(d, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext")  # fmt: skip
    return TlsFiles(str(d / "ca.pem"), str(d / "server.pem"), str(d / "server.key"))


def _openssl(cwd: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)
