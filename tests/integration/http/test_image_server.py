"""The loopback image server (booty.adapters.image_server) answers as booty's streamer needs it:
whole files, byte ranges with 206/Content-Range, If-Range, 416, 404, HEAD; and booty's real
streamer downloads and decompresses an image from it into a file, checksum verified.
"""

from __future__ import annotations

import hashlib
import http.client
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard

from booty.adapters.image_server import ImageServer
from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.clock import MonotonicClock
from booty.adapters.linux.http import Urllib3Http
from booty.app.streaming import StreamPorts, stream_image
from booty.domain.config.model import ChecksumType
from booty.domain.disk.targets import ImageFile
from booty.domain.stream import plan_stream

BODY = bytes(range(256)) * 64  # 16 KiB with a recognisable pattern


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ImageServer]:
    (tmp_path / "disk.img").write_bytes(BODY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.img").write_bytes(b"inner")
    with ImageServer(str(tmp_path)) as server:
        yield server


def get(server: ImageServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_whole_file_with_validators(served: ImageServer) -> None:
    status, headers, body = get(served, "/disk.img")
    assert (status, body) == (200, BODY)
    assert headers["Content-Length"] == str(len(BODY))
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["ETag"].startswith('"')
    assert headers["Last-Modified"].endswith("GMT")


@pytest.mark.parametrize(
    ("asked", "start", "end"),
    [("bytes=1000-", 1000, len(BODY)), ("bytes=10-19", 10, 20), ("bytes=-100", len(BODY) - 100, len(BODY))],
)
def test_a_range_is_answered_206(served: ImageServer, asked: str, start: int, end: int) -> None:
    status, headers, body = get(served, "/disk.img", {"Range": asked})
    assert (status, body) == (206, BODY[start:end])
    assert headers["Content-Range"] == f"bytes {start}-{end - 1}/{len(BODY)}"


def test_if_range_with_the_current_etag_resumes(served: ImageServer) -> None:
    etag = get(served, "/disk.img", method="HEAD")[1]["ETag"]
    status, _, body = get(served, "/disk.img", {"Range": "bytes=100-", "If-Range": etag})
    assert (status, body) == (206, BODY[100:])


def test_if_range_with_an_old_etag_sends_the_whole_file(served: ImageServer) -> None:
    status, _, body = get(served, "/disk.img", {"Range": "bytes=100-", "If-Range": '"old"'})
    assert (status, body) == (200, BODY)


def test_a_range_past_the_end_is_416(served: ImageServer) -> None:
    status, headers, _ = get(served, "/disk.img", {"Range": f"bytes={len(BODY)}-"})
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{len(BODY)}"


@pytest.mark.parametrize("header", ["bytes=a-b", "items=0-1", "bytes=0-1,5-6"])
def test_ranges_it_does_not_serve_get_the_whole_file(served: ImageServer, header: str) -> None:
    assert get(served, "/disk.img", {"Range": header})[:3:2] == (200, BODY)


@pytest.mark.parametrize("path", ["/missing.img", "/sub", "/../disk.img", "/%2e%2e/etc/passwd"])
def test_anything_but_a_file_of_the_directory_is_404(served: ImageServer, path: str) -> None:
    assert get(served, path)[0] == 404


def test_files_in_subdirectories_are_served(served: ImageServer) -> None:
    assert get(served, "/sub/inner.img")[::2] == (200, b"inner")


def test_head_sends_headers_only(served: ImageServer) -> None:
    status, headers, body = get(served, "/disk.img", method="HEAD")
    assert (status, body, headers["Content-Length"]) == (200, b"", str(len(BODY)))


def test_requests_are_recorded(served: ImageServer) -> None:
    get(served, "/disk.img", {"Range": "bytes=0-9"})
    get(served, "/nope")
    deadline = time.monotonic() + 5  # a record follows the body the client already has
    while len(served.requests()) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    seen = served.requests()
    assert [(r.path, r.range, r.status, r.sent) for r in seen] == [
        ("/disk.img", "bytes=0-9", 206, 10),
        ("/nope", None, 404, 0),
    ]


def test_only_loopback_addresses_are_bound(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a loopback address"):
        ImageServer(str(tmp_path), listen=("0.0.0.0", 0))


def test_the_directory_must_exist(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        ImageServer(str(tmp_path / "nope"))


def test_stop_twice_is_harmless(tmp_path: Path) -> None:
    server = ImageServer(str(tmp_path)).start()
    server.stop()
    server.stop()


def test_booty_streams_a_compressed_image_from_it(tmp_path: Path) -> None:
    image = bytes(range(251)) * 4096  # ~1 MiB
    served = tmp_path / "www"
    served.mkdir()
    (served / "image.raw.zst").write_bytes(zstandard.ZstdCompressor().compress(image))
    target = tmp_path / "disk.raw"
    target.write_bytes(b"")
    http = Urllib3Http()
    ports = StreamPorts(http=http, block=SysfsBlockDevices(), clock=MonotonicClock())
    with ImageServer(str(served)) as server:
        plan = plan_stream(
            [server.url("image.raw.zst")],
            ImageFile(str(target)),
            checksum=hashlib.sha256(image).hexdigest(),
            checksum_type=ChecksumType.SHA256,
        )
        stream_image(plan, ports)
    assert target.read_bytes()[: len(image)] == image
