"""The legacy upload through the real Urllib3Http.send_streaming to a server on 127.0.0.1 that
decodes the chunked body and keeps it."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.clock import MonotonicClock
from booty.adapters.linux.http import Urllib3Http
from booty.app.streaming import StreamPorts, upload_disk


class _Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _SinkServer

    def do_POST(self) -> None:
        body = bytearray()
        assert self.headers["Transfer-Encoding"] == "chunked"
        while size := int(self.rfile.readline().strip(), 16):
            body += self.rfile.read(size)
            self.rfile.readline()
        self.rfile.readline()
        self.server.bodies.append((dict(self.headers.items()), bytes(body)))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _SinkServer(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    bodies: list[tuple[dict[str, str], bytes]]


@pytest.fixture
def sink() -> Iterator[_SinkServer]:
    server = _SinkServer(("127.0.0.1", 0), _Sink)
    server.bodies = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_disk_is_uploaded_gzip_compressed_in_chunks(
    sink: _SinkServer, tmp_path: Path, image: bytes
) -> None:
    disk = tmp_path / "disk.img"
    disk.write_bytes(image)
    http = Urllib3Http()
    url = f"http://127.0.0.1:{sink.server_address[1]}/upload"
    try:
        response = upload_disk(
            str(disk),
            url,
            mac="aa:bb:cc:dd:ee:ff",
            compressed=True,
            ports=StreamPorts(http, SysfsBlockDevices(), MonotonicClock()),
            boundary="b0und",
        )
    finally:
        http.close()

    assert response.status == 201
    headers, body = sink.bodies[0]
    assert headers["Content-Type"] == "multipart/form-data; boundary=b0und"
    assert b'filename="aa:bb:cc:dd:ee:ff.zmg"' in body
    content = body[body.index(b"\r\n\r\n") + 4 : -len(b"\r\n--b0und--\r\n")]
    assert gzip.decompress(content) == image
