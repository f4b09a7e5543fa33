"""Real parts for the image streaming tests: a fault-injecting HTTP server, targets, loop devices,
the real ports, and (when installed) Debian's docker-registry, all on 127.0.0.1.

Everything started here is stopped in a ``finally``: the server releases stalled handlers and joins
its threads, loop devices are detached, the registry process is terminated (then killed).
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import pytest

from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.clock import MonotonicClock
from booty.adapters.linux.http import Urllib3Http
from booty.adapters.oci import OrasRegistry
from booty.app.streaming import StreamPorts
from booty.domain.retry import RetryPolicy
from booty.domain.stream import StreamTuning

MiB = 1 << 20
FILL = 0xA5
FAST_RETRY = RetryPolicy(attempts=4, base_delay_s=0.05, factor=2.0, max_delay_s=0.2)
TUNING = StreamTuning(
    buffer_bytes=MiB, buffers=2, stall_timeout_s=0.5, connect_timeout_s=5.0, retry=FAST_RETRY
)


@attrs.frozen
class Fault:
    """What one GET of a path does: ``status`` (answer it), ``drop`` or ``stall`` after ``after`` bytes."""

    kind: str
    after: int = 0
    status: int = 0


@attrs.define
class Served:
    """One path's content, its fault script, and what went out."""

    body: bytes
    faults: list[Fault] = attrs.field(factory=list)
    ranges: bool = True
    announce_extra: int = 0
    sent: int = 0
    """Body bytes written to sockets, over every response."""
    ranges_asked: list[str | None] = attrs.field(factory=list)
    """The Range header of every GET (None: the whole image)."""


class FaultServer(ThreadingHTTPServer):
    """An HTTP/1.1 server with Range support whose answers follow a script of faults."""

    daemon_threads = False
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FaultHandler)
        self.routes: dict[str, Served] = {}
        self.release = threading.Event()
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    @staticmethod
    def drop_after(count: int) -> Fault:
        """Send *count* body bytes, then close the connection."""
        return Fault("drop", after=count)

    @staticmethod
    def stall_after(count: int) -> Fault:
        """Send *count* body bytes, then nothing (until the test ends)."""
        return Fault("stall", after=count)

    @staticmethod
    def status(code: int) -> Fault:
        """Answer *code* instead of the image."""
        return Fault("status", status=code)

    def serve(
        self, path: str, body: bytes, *faults: Fault, ranges: bool = True, announce_extra: int = 0
    ) -> Served:
        served = Served(body, list(faults), ranges=ranges, announce_extra=announce_extra)
        self.routes[path] = served
        return served

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that stop reading (stall timeouts, cancelled streams) break pipes on purpose


class _FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def do_GET(self) -> None:
        served = self.server.routes.get(self.path)
        if served is None:
            self._reply(404, b"not found")
            return
        with self.server.lock:
            fault = served.faults.pop(0) if served.faults else None
            served.ranges_asked.append(self.headers.get("Range"))
        if fault is not None and fault.kind == "status":
            self._reply(fault.status, b"scripted failure")
            return
        total = len(served.body) + served.announce_extra
        start = self._start(served)
        if start >= len(served.body) and start:
            self._reply(416, b"", (("Content-Range", f"bytes */{total}"),))
            return
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
        if served.ranges:
            self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(total - start))
        self.send_header("Connection", "close")
        self.end_headers()
        end = len(served.body) if fault is None else min(len(served.body), start + fault.after)
        self._send(served, start, end)
        if fault is not None and fault.kind == "stall":
            self.server.release.wait(10)
        self.close_connection = True

    def _start(self, served: Served) -> int:
        value = self.headers.get("Range") or ""
        if not served.ranges or not value.startswith("bytes="):
            return 0
        return int(value[6:].split("-", 1)[0])

    def _send(self, served: Served, start: int, end: int) -> None:
        view = memoryview(served.body)
        for offset in range(start, end, 256 << 10):
            piece = view[offset : min(end, offset + (256 << 10))]
            self.wfile.write(piece)
            with self.server.lock:
                served.sent += len(piece)
        self.wfile.flush()

    def _reply(self, status: int, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def tuning() -> StreamTuning:
    """Small buffers, a 0.5 s stall timeout and a fast retry policy: quick tests, same code paths."""
    return TUNING


@pytest.fixture
def real_ports() -> Iterator[StreamPorts]:
    http = Urllib3Http()
    try:
        yield StreamPorts(
            http=http, block=SysfsBlockDevices(), clock=MonotonicClock(), registry=OrasRegistry()
        )
    finally:
        http.close()


def disk_like_image(size: int, *, seed: int = 7) -> bytes:
    """1 MiB blocks of zeros, random bytes and text, like a real disk image."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    text = b" ".join(bytes(rng.choices(b"abcdefgh ", k=9)) for _ in range(MiB // 9))[:MiB]
    kinds = [bytes(MiB), text, None]
    return b"".join(
        kind if kind is not None else rng.randbytes(MiB) for kind in rng.choices(kinds, k=size // MiB)
    )


@pytest.fixture(scope="session")
def image() -> bytes:
    """An 8 MiB disk-like image."""
    return disk_like_image(8 * MiB)


@pytest.fixture
def target_file(tmp_path: Path) -> Path:
    """A 16 MiB regular file filled with 0xA5 (zeroed regions stand out)."""
    path = tmp_path / "disk.img"
    path.write_bytes(bytes([FILL]) * (16 * MiB))
    return path


@pytest.fixture
def loop_device(attach_loop: Any) -> str:
    """A 16 MiB loop device over a file filled with 0xA5; detached whatever happens."""
    return str(attach_loop(bytes([FILL]) * (16 * MiB)).path)


@attrs.frozen
class RegistryLab:
    """A docker-registry on 127.0.0.1 with its storage under the test's tmp_path."""

    host: str
    storage: Path


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[RegistryLab]:
    """Debian's docker-registry, listening on 127.0.0.1 only, storing under tmp_path."""
    binary = shutil.which("docker-registry")
    if binary is None:
        pytest.skip("docker-registry is not installed (apt-get install docker-registry)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storage = tmp_path / "registry"
    config = tmp_path / "registry.yml"
    config.write_text(
        "version: 0.1\n"
        "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {storage}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: 127.0.0.1:{port}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    log = (tmp_path / "registry.log").open("wb")
    process = subprocess.Popen([binary, "serve", str(config)], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_for(f"127.0.0.1:{port}", process)
        yield RegistryLab(f"127.0.0.1:{port}", storage)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_for(host: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"docker-registry exited with {process.returncode}")
        try:
            name, _, port = host.partition(":")
            with socket.create_connection((name, int(port)), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("docker-registry did not start listening within 15 s")
