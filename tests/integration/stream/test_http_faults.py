"""The streaming use case against a real HTTP server on 127.0.0.1 that drops, stalls, fails and lies.

Real Urllib3Http, real files, real clock (with a fast retry policy). Each test ends in the right
result, and after a failure the target's first and last MiB are zero: nothing half-written can boot.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import socket
from pathlib import Path
from typing import Any

import attrs
import pytest
import zstandard

from booty.app.streaming import StreamPorts, stream_image
from booty.domain.disk.targets import ImageFile
from booty.domain.errors import ChecksumMismatch, ImageNotFound, StreamFailed, StreamTruncated
from booty.domain.stream import StreamResult, StreamTuning, parse_expected_digest, plan_stream

MiB = 1 << 20
FILL = 0xA5


@attrs.frozen
class Stage:
    """The fault server, the real ports, the target file and the image of one test."""

    server: Any
    ports: StreamPorts
    tuning: StreamTuning
    target: Path
    image: bytes

    def stream(self, *urls: str, checksum: str = "") -> StreamResult:
        expected = parse_expected_digest(checksum) if checksum else None
        plan = plan_stream(list(urls), ImageFile(str(self.target)), expected=expected, tuning=self.tuning)
        return stream_image(plan, self.ports)

    def url(self, path: str) -> str:
        return str(self.server.url(path))

    def head(self) -> bytes:
        with self.target.open("rb") as f:
            return f.read(len(self.image))

    def unbootable(self) -> bool:
        with self.target.open("rb") as f:
            head = f.read(MiB)
            f.seek(-MiB, os.SEEK_END)
            return head == bytes(MiB) and f.read(MiB) == bytes(MiB)

    def untouched(self) -> bool:
        return self.target.read_bytes() == bytes([FILL]) * self.target.stat().st_size


@pytest.fixture
def stage(
    fault_server: Any, real_ports: StreamPorts, tuning: StreamTuning, target_file: Path, image: bytes
) -> Stage:
    return Stage(fault_server, real_ports, tuning, target_file, image)


@pytest.mark.parametrize("percent", [10, 50, 90])
def test_a_dropped_connection_is_resumed_and_only_the_rest_is_fetched(stage: Stage, percent: int) -> None:
    body = zstandard.ZstdCompressor().compress(stage.image)
    cut = len(body) * percent // 100
    served = stage.server.serve("/disk.zst", body, stage.server.drop_after(cut))

    result = stage.stream(stage.url("/disk.zst"))

    assert stage.head() == stage.image
    assert served.sent == len(body)  # the resumed request asked for exactly the missing bytes
    assert served.ranges_asked == [None, f"bytes={cut}-"]
    assert (result.resumes, result.restarts, result.received) == (1, 0, len(body))


def test_two_503_then_the_image(stage: Stage) -> None:
    served = stage.server.serve("/disk.img", stage.image, stage.server.status(503), stage.server.status(503))

    result = stage.stream(stage.url("/disk.img"))

    assert result.image_format.value == "raw"
    assert stage.head() == stage.image
    assert served.ranges_asked == [None, None, None]


def test_a_stall_times_out_and_the_stream_resumes(stage: Stage) -> None:
    body = gzip.compress(stage.image, compresslevel=1)
    served = stage.server.serve("/disk.gz", body, stage.server.stall_after(len(body) // 3))

    result = stage.stream(stage.url("/disk.gz"))

    assert stage.head() == stage.image
    assert served.sent == len(body)
    assert result.resumes == 1


def test_a_server_without_ranges_restarts_cleanly_from_zero(stage: Stage) -> None:
    half = len(stage.image) // 2
    served = stage.server.serve("/disk.img", stage.image, stage.server.drop_after(half), ranges=False)

    result = stage.stream(stage.url("/disk.img"))

    assert stage.head() == stage.image
    assert result.restarts == 1
    assert served.sent == half + len(stage.image)


def test_a_body_shorter_than_its_content_length_is_an_error(stage: Stage) -> None:
    stage.server.serve("/disk.img", stage.image, announce_extra=4096)

    with pytest.raises(StreamFailed) as caught:
        stage.stream(stage.url("/disk.img"))

    assert isinstance(caught.value.failures[0], StreamTruncated)
    assert f"ended after {len(stage.image)} of {len(stage.image) + 4096} bytes" in str(caught.value)
    assert caught.value.wiped
    assert stage.unbootable()


def test_a_truncated_compressed_stream_is_corrupt_not_short(stage: Stage) -> None:
    body = zstandard.ZstdCompressor().compress(stage.image)
    stage.server.serve("/disk.zst", body[: len(body) - 100])

    with pytest.raises(StreamFailed, match="zstd data: the stream ended before its end") as caught:
        stage.stream(stage.url("/disk.zst"))

    assert caught.value.wiped
    assert stage.unbootable()


def test_a_wrong_checksum_fails_and_destroys_the_signatures(stage: Stage) -> None:
    stage.server.serve("/disk.img", stage.image)

    with pytest.raises(StreamFailed) as caught:
        stage.stream(stage.url("/disk.img"), checksum="sha256:" + "0" * 64)

    assert isinstance(caught.value.failures[0], ChecksumMismatch)
    assert "partition table signatures of" in str(caught.value)
    assert stage.unbootable()


def test_the_right_checksum_is_verified(stage: Stage) -> None:
    stage.server.serve("/disk.img", gzip.compress(stage.image, compresslevel=1))
    digest = hashlib.sha512(stage.image).hexdigest()

    result = stage.stream(stage.url("/disk.img"), checksum=f"sha512:{digest}")

    assert result.digest == f"sha512:{digest}"


def test_a_404_fails_at_once_with_the_url_and_leaves_the_target_alone(stage: Stage) -> None:
    url = stage.url("/missing.img")

    with pytest.raises(StreamFailed) as caught:
        stage.stream(url)

    assert isinstance(caught.value.failures[0], ImageNotFound)
    assert f"streaming {url}: image not found (HTTP 404)" in str(caught.value)
    assert not caught.value.wiped
    assert stage.untouched()


def test_a_mirror_takes_over_from_a_dead_one(stage: Stage) -> None:
    stage.server.serve("/a.img", stage.image, *[stage.server.status(500)] * 4)
    stage.server.serve("/b.img", stage.image)

    result = stage.stream(stage.url("/a.img"), stage.url("/b.img"))

    assert result.source == stage.url("/b.img")
    assert "HTTP 500; gave up after 4 attempts without progress" in result.handed_over[0]
    assert stage.head() == stage.image


def test_nothing_listening_fails_after_the_retries(stage: Stage) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/disk.img"
        with pytest.raises(StreamFailed, match="connection refused; gave up after 4 attempts"):
            stage.stream(url)
    assert stage.untouched()
