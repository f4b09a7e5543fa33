"""The connectivity wait over real HTTP on 127.0.0.1 with the urllib3 adapter.

A status endpoint that refuses HEAD with 405 (as the CAPRF mock does on POST-only paths) still
proves connectivity through GET; a controller that comes up late is waited for; one that never
answers makes a clear error after the deadline, measured on a fake clock.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.clock import MonotonicClock
from booty.adapters.linux.http import Urllib3Http
from booty.app.network import wait_for_controller
from booty.domain.errors import ControllerUnreachable


class HeadRefused(BaseHTTPRequestHandler):
    """405 to HEAD, 200 with a small body to GET; records the methods it saw."""

    seen: list[str] = []

    def do_HEAD(self) -> None:
        self.seen.append("HEAD")
        self.send_response(405)
        self.send_header("Allow", "GET, POST")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self.seen.append("GET")
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class Servers:
    """HTTP servers on 127.0.0.1, each in its own thread, all shut down at the end."""

    def __init__(self) -> None:
        self.running: list[ThreadingHTTPServer] = []

    def start(self, port: int = 0) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", port), HeadRefused)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.running.append(server)
        return server

    def stop_all(self) -> None:
        for server in self.running:
            server.shutdown()
            server.server_close()


@pytest.fixture
def servers() -> Iterator[Servers]:
    HeadRefused.seen = []
    made = Servers()
    try:
        yield made
    finally:
        made.stop_all()


@pytest.fixture
def http() -> Iterator[Urllib3Http]:
    adapter = Urllib3Http()
    try:
        yield adapter
    finally:
        adapter.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_head_refused_with_405_is_asked_again_with_get(servers: Servers, http: Urllib3Http) -> None:
    port = servers.start().server_address[1]
    url = f"http://127.0.0.1:{port}/status/init"
    reached = wait_for_controller(http, FakeClock(), url, timeout_s=5)
    assert (reached.method, reached.status, reached.attempts) == ("GET", 200, 1)
    assert HeadRefused.seen == ["HEAD", "GET"]


def test_a_controller_that_comes_up_late_is_waited_for(servers: Servers, http: Urllib3Http) -> None:
    port = _free_port()
    timer = threading.Timer(1.5, servers.start, kwargs={"port": port})
    timer.start()
    try:
        reached = wait_for_controller(
            http, MonotonicClock(), f"http://127.0.0.1:{port}/", timeout_s=15, interval_s=0.5
        )
    finally:
        timer.cancel()
    assert reached.attempts >= 2
    assert reached.method == "GET"
    assert 1.0 <= reached.elapsed_s < 10


def test_a_controller_that_never_answers_times_out_on_the_clock(
    http: Urllib3Http, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"http://127.0.0.1:{_free_port()}/status/init"
    clock = FakeClock()
    with caplog.at_level("INFO", logger="booty.network"), pytest.raises(ControllerUnreachable) as caught:
        wait_for_controller(http, clock, url, timeout_s=5)
    assert caught.value.url == url
    assert (caught.value.attempts, caught.value.elapsed_s) == (6, 5.0)
    assert str(caught.value).startswith(f"controller {url} unreachable after 5.0 s and 6 attempts: ")
    assert clock.sleeps == [1.0] * 5
    attempts = [r for r in caplog.records if r.getMessage() == "Controller not reachable yet"]
    assert [r.attempt for r in attempts] == [1, 2, 3, 4, 5, 6]  # type: ignore[attr-defined]
