"""``Http.open``'s contract, run against FakeHttp (``serve``) and Urllib3Http (a loopback server).

Both must: stream the body into the caller's buffers, answer a Range request with a 206 that starts
at the offset (length = the whole resource), say whether ranges are accepted, return error statuses
instead of raising, and raise ``HttpTransportError`` for a body that ends before its length.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

import pytest

from booty.adapters.fake.http import FakeHttp
from booty.adapters.linux.http import Urllib3Http
from booty.domain.errors import HttpTransportError
from booty.domain.http import HttpRequest
from booty.ports.http import Http, HttpStream

BODY = bytes(range(256)) * 4096  # 1 MiB


class Stage(Protocol):
    http: Http

    def serve(self, path: str, body: bytes, *, short_by: int = 0) -> str:
        """Serve *body* at *path* with Range support; announce *short_by* more bytes than sent."""
        ...


class FakeStage:
    def __init__(self) -> None:
        self.fake = FakeHttp()
        self.http: Http = self.fake

    def serve(self, path: str, body: bytes, *, short_by: int = 0) -> str:
        url = f"http://origin.test{path}"
        self.fake.serve(url, body, announced_length=len(body) + short_by if short_by else None)
        return url


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"not found")
            return
        body, short_by = route
        total = len(body) + short_by
        start = int(self.headers["Range"][6:].split("-")[0]) if self.headers.get("Range") else 0
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(total - start))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body[start:])
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    routes: dict[str, tuple[bytes, int]]


class RealStage:
    def __init__(self, server: _Server) -> None:
        self.server = server
        self.http: Http = Urllib3Http()

    def serve(self, path: str, body: bytes, *, short_by: int = 0) -> str:
        self.server.routes[path] = (body, short_by)
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def real_stage() -> Iterator[RealStage]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.routes = {}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    stage = RealStage(server)
    try:
        yield stage
    finally:
        assert isinstance(stage.http, Urllib3Http)
        stage.http.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(params=["fake", "urllib3"])
def stage(request: pytest.FixtureRequest) -> Stage:
    if request.param == "fake":
        return FakeStage()
    real: RealStage = request.getfixturevalue("real_stage")
    return real


def _read_all(stream: HttpStream) -> bytes:
    out = bytearray()
    buffer = memoryview(bytearray(100_000))
    while count := stream.readinto(buffer):
        out += buffer[:count]
    return bytes(out)


def test_the_body_streams_into_the_callers_buffers(stage: Stage) -> None:
    stream = stage.http.open(HttpRequest("GET", stage.serve("/img", BODY)))

    assert (stream.status, stream.offset, stream.length, stream.accepts_ranges) == (200, 0, len(BODY), True)
    assert _read_all(stream) == BODY
    assert stream.readinto(memoryview(bytearray(10))) == 0
    stream.close()
    stream.close()


def test_a_range_request_gets_the_rest(stage: Stage) -> None:
    stream = stage.http.open(HttpRequest("GET", stage.serve("/img", BODY)), offset=1000)

    assert (stream.status, stream.offset, stream.length, stream.accepts_ranges) == (
        206,
        1000,
        len(BODY),
        True,
    )
    assert _read_all(stream) == BODY[1000:]


def test_an_error_status_is_returned_not_raised(stage: Stage) -> None:
    stage.serve("/img", BODY)
    url = stage.serve("/img", BODY).replace("/img", "/missing")

    stream = stage.http.open(HttpRequest("GET", url))

    assert stream.status == 404
    stream.close()


def test_a_body_shorter_than_announced_raises(stage: Stage) -> None:
    stream = stage.http.open(HttpRequest("GET", stage.serve("/img", BODY, short_by=10)))

    with pytest.raises(
        HttpTransportError, match=f"connection closed after {len(BODY)} of {len(BODY) + 10} bytes"
    ):
        _read_all(stream)
