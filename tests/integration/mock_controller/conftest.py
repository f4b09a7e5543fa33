"""Fixtures for the mock controller tests: a running controller and a tiny HTTP client.

Everything goes over real HTTP on 127.0.0.1 with the standard library's ``http.client``, one
connection per request unless a test says otherwise, so the tests exercise the same framing an
agent would.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from booty.adapters.mock_controller import MockController

TOKEN = "s3cret-T0ken-value"


@attrs.frozen
class Answer:
    """What the client got back."""

    status: int
    headers: dict[str, str]
    body: bytes


Send = Callable[..., Answer]


@pytest.fixture
def token() -> str:
    """The bearer token the controller fixture expects."""
    return TOKEN


@pytest.fixture
def record_dir(tmp_path: Path) -> Path:
    """Where the controller fixture records (created by the controller)."""
    return tmp_path / "record"


@pytest.fixture
def no_new_threads() -> Iterator[None]:
    """Fail the test if it leaves a thread behind that was not running before it."""
    before = set(threading.enumerate())
    yield
    leftover = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert leftover == []


@pytest.fixture
def controller(record_dir: Path, no_new_threads: None) -> Iterator[MockController]:
    """A running controller with a token and a record directory; stopped afterwards."""
    with MockController(listen=("127.0.0.1", 0), token=TOKEN, record_dir=record_dir) as mc:
        yield mc


def send_request(
    mc: MockController,
    method: str,
    path: str,
    body: bytes | str = b"",
    *,
    headers: dict[str, str] | None = None,
    token: str | None = TOKEN,
    timeout: float = 10.0,
) -> Answer:
    """One request on a fresh connection; a bearer header is added when *token* is not None."""
    data = body.encode() if isinstance(body, str) else body
    all_headers = {"Content-Type": "text/plain"}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    all_headers.update(headers or {})
    conn = http.client.HTTPConnection(*mc.address, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


@pytest.fixture
def send_to() -> Callable[..., Answer]:
    """``send_to(mc, method, path, body=b"", ...)``: ``send_request`` for tests with their own controller."""
    return send_request


@pytest.fixture
def send(controller: MockController) -> Send:
    """``send(method, path, body=b"", *, headers=None, token=TOKEN)`` against the controller."""

    def _send(method: str, path: str, body: bytes | str = b"", **kwargs: object) -> Answer:
        return send_request(controller, method, path, body, **kwargs)  # type: ignore[arg-type]

    return _send


@pytest.fixture
def raw(controller: MockController) -> Callable[[bytes], bytes]:
    """Send raw bytes on a fresh socket and read until the server closes it."""

    def _raw(data: bytes) -> bytes:
        with socket.create_connection(controller.address, timeout=10) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
            return b"".join(chunks)

    return _raw
