"""The Http port's contract, run against FakeHttp (scripted) and Urllib3Http (a real loopback server).

Each scenario is written once against a ``Stage``: a way to make a URL answer something, and a URL
that refuses connections. The fake stage scripts ``FakeHttp``; the real stage starts an
``http.server`` on 127.0.0.1 in a thread. If the two adapters ever disagree, these tests say where.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

import pytest

from booty.adapters.fake.http import FakeHttp
from booty.adapters.linux.http import Urllib3Http
from booty.domain.errors import HttpTransportError, ResponseTooLarge
from booty.domain.http import HttpRequest, HttpResponse
from booty.ports.http import Http


class Stage(Protocol):
    http: Http

    def serve(self, path: str, status: int, body: bytes) -> str:
        """Make GET *path* answer *status* with *body* and an ``X-Booty: yes`` header; return its URL."""
        ...

    def refused_url(self) -> str:
        """A URL whose connection is refused."""
        ...


class FakeStage:
    def __init__(self) -> None:
        self.fake = FakeHttp()
        self.http: Http = self.fake

    def serve(self, path: str, status: int, body: bytes) -> str:
        url = f"http://origin.test{path}"
        self.fake.add("GET", url, HttpResponse(status, (("X-Booty", "yes"),), body))
        return url

    def refused_url(self) -> str:
        url = "http://refused.test/"
        self.fake.add("GET", url, HttpTransportError(f"GET {url}: connection refused", url=url))
        return url


class _Handler(BaseHTTPRequestHandler):
    server: _RouteServer

    def do_GET(self) -> None:
        status, body = self.server.routes.get(self.path, (404, b""))
        self.send_response(status)
        self.send_header("X-Booty", "yes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


class _RouteServer(ThreadingHTTPServer):
    routes: dict[str, tuple[int, bytes]]


class RealStage:
    def __init__(self, server: _RouteServer, closed: socket.socket) -> None:
        self.server = server
        self.closed = closed
        self.http: Http = Urllib3Http()

    def serve(self, path: str, status: int, body: bytes) -> str:
        self.server.routes[path] = (status, body)
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def refused_url(self) -> str:
        # A bound socket that never listens: the kernel refuses connections to its port.
        return f"http://127.0.0.1:{self.closed.getsockname()[1]}/"


@pytest.fixture
def real_stage() -> Iterator[RealStage]:
    server = _RouteServer(("127.0.0.1", 0), _Handler)
    server.routes = {}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    stage = RealStage(server, closed)
    try:
        yield stage
    finally:
        assert isinstance(stage.http, Urllib3Http)
        stage.http.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        closed.close()


@pytest.fixture(params=["fake", "urllib3"])
def stage(request: pytest.FixtureRequest) -> Stage:
    if request.param == "fake":
        return FakeStage()
    real: RealStage = request.getfixturevalue("real_stage")
    return real


def test_a_200_comes_back_with_its_body_and_headers(stage: Stage) -> None:
    url = stage.serve("/hello", 200, b"hello")

    response = stage.http.send(HttpRequest("GET", url))

    assert (response.status, response.body, response.ok) == (200, b"hello", True)
    assert response.header("x-booty") == "yes"


def test_a_404_is_returned_not_raised(stage: Stage) -> None:
    url = stage.serve("/missing", 404, b"no such thing")

    response = stage.http.send(HttpRequest("GET", url))

    assert (response.status, response.body, response.ok) == (404, b"no such thing", False)


def test_a_body_exactly_at_the_limit_is_accepted(stage: Stage) -> None:
    url = stage.serve("/exact", 200, b"x" * 1024)

    assert stage.http.send(HttpRequest("GET", url, max_body=1024)).body == b"x" * 1024


def test_a_body_over_the_limit_raises_response_too_large(stage: Stage) -> None:
    url = stage.serve("/big", 200, b"x" * 1025)

    with pytest.raises(ResponseTooLarge) as caught:
        stage.http.send(HttpRequest("GET", url, max_body=1024))

    assert (caught.value.url, caught.value.limit) == (url, 1024)


def test_a_refused_connection_raises_http_transport_error(stage: Stage) -> None:
    url = stage.refused_url()

    with pytest.raises(HttpTransportError, match="connection refused") as caught:
        stage.http.send(HttpRequest("GET", url))

    assert caught.value.url == url
    assert isinstance(caught.value, ConnectionError)


# ---------------------------------------------------------------- the fake's own scripting rules


def test_fake_plays_outcomes_in_order_and_repeats_the_last() -> None:
    fake = FakeHttp()
    url = "http://origin.test/status"
    fake.add("get", url, HttpTransportError("reset", url=url), HttpResponse(503), HttpResponse(200))

    with pytest.raises(HttpTransportError):
        fake.send(HttpRequest("GET", url))
    statuses = [fake.send(HttpRequest("GET", url)).status for _ in range(3)]

    assert statuses == [503, 200, 200]
    assert len(fake.requests_to(url)) == 4


def test_fake_answers_unscripted_requests_with_its_default() -> None:
    assert FakeHttp().send(HttpRequest("GET", "http://origin.test/")).status == 404
    assert FakeHttp(default=HttpResponse(200)).send(HttpRequest("POST", "http://origin.test/")).ok


def test_fake_head_has_no_body_whatever_was_scripted() -> None:
    fake = FakeHttp()
    fake.add("HEAD", "http://origin.test/image", HttpResponse(200, (("Content-Length", "9"),), b"123456789"))

    response = fake.send(HttpRequest("HEAD", "http://origin.test/image", max_body=1))

    assert (response.body, response.header("content-length")) == (b"", "9")


def test_fake_redacts_the_url_in_response_too_large() -> None:
    fake = FakeHttp()
    url = "http://user:pw@origin.test/x?token=abc"
    fake.add("GET", url, HttpResponse(200, body=b"xx"))

    with pytest.raises(ResponseTooLarge) as caught:
        fake.send(HttpRequest("GET", url, max_body=1))

    assert caught.value.url == "http://***@origin.test/x?token=***"
