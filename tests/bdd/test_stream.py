"""Steps for features/stream: the image streaming use case over the fakes (FakeHttp, FakeBlockDevices)."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import logging
import lzma
import random
from collections.abc import Callable

import lz4.frame
import pytest
import zstandard
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.http_stream import DropAfter, FakeResource, Refuse, StallAfter, Status
from booty.app.streaming import StreamPorts, stream_image
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.targets import ApprovedDisk, ImageFile, approve
from booty.domain.errors import StreamFailed
from booty.domain.stream import StreamResult, StreamTuning, parse_expected_digest, plan_stream
from booty.domain.stream.checksum import ExpectedDigest
from booty.domain.system import BlockDevice

scenarios("stream")

MiB = 1 << 20
KiB = 1 << 10
COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "raw": lambda data: data,
    "gzip": gzip.compress,
    "zstd": zstandard.ZstdCompressor().compress,
    "lz4": lz4.frame.compress,
    "xz": lzma.compress,
    "bzip2": bz2.compress,
}
FILL = 0xA5
"""What a fresh fake disk holds everywhere: zeroed regions stand out."""


class StreamWorld:
    """The fakes, the image, and what streaming did."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.http = FakeHttp(clock=self.clock)
        self.block = FakeBlockDevices()
        self.tuning = StreamTuning(buffer_bytes=256 * KiB, buffers=2, progress_interval_s=5.0)
        self.image = b""
        self.bodies: dict[str, bytes] = {}
        self.resources: dict[str, FakeResource] = {}
        self.last_url = ""
        self.result: StreamResult | None = None
        self.error: StreamFailed | None = None

    def serve(self, url: str, body: bytes, **options: object) -> None:
        self.bodies[url] = body
        self.resources[url] = self.http.serve(url, body, **options)  # type: ignore[arg-type]
        self.last_url = url

    def stream(self, urls: str, target: str, expected: ExpectedDigest | None = None) -> None:
        plan = plan_stream(
            [u.strip() for u in urls.split(",")],
            self.write_target(target),
            expected=expected,
            tuning=self.tuning,
        )
        try:
            self.result = stream_image(plan, StreamPorts(self.http, self.block, self.clock))
        except StreamFailed as e:
            self.error = e

    def write_target(self, path: str) -> ApprovedDisk | ImageFile:
        """A disk of the machine approved through disk selection, as provisioning does; else a file."""
        if any(d.path == path for d in self.block.disks):
            return approve(choose_target_disk(self.block.disks, override=path)).get(path)
        return ImageFile(path)

    def device(self, path: str) -> FakeDevice:
        return self.block.devices[path]

    def digest(self, algorithm: str) -> str:
        return hashlib.new(algorithm, self.image).hexdigest()


@pytest.fixture
def world(caplog: pytest.LogCaptureFixture) -> StreamWorld:
    caplog.set_level(logging.INFO, logger="booty.stream")
    return StreamWorld()


def disk_like_image(size: int, *, seed: int = 4) -> bytes:
    """64 KiB blocks: zeros, random bytes, or text, like a real disk image."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    words = [bytes(rng.choices(b"abcdefghij", k=rng.randint(2, 8))) for _ in range(300)]
    blocks = []
    for _ in range(size // (64 * KiB)):
        kind = rng.random()
        if kind < 0.4:
            blocks.append(bytes(64 * KiB))
        elif kind < 0.7:
            blocks.append(rng.randbytes(64 * KiB))
        else:
            blocks.append(b" ".join(rng.choices(words, k=20000))[: 64 * KiB])
    return b"".join(blocks)


## Given


@given(parsers.parse('the machine has a disk "{path}" of {size:d} MiB'))
def disk(world: StreamWorld, path: str, size: int) -> None:
    world.block.devices[path] = FakeDevice.of_size(size * MiB, fill=FILL)
    world.block.disks.append(BlockDevice(name=path.removeprefix("/dev/"), size_bytes=size * MiB))


@given(parsers.parse("a {size:d} MiB disk image with zero, random and text blocks"))
def image(world: StreamWorld, size: int) -> None:
    world.image = disk_like_image(size * MiB)


@given(parsers.re(r'the image is served (compressed with (?P<fmt>\w+)|(?P<raw>raw)) at "(?P<url>[^"]+)"$'))
def served(world: StreamWorld, fmt: str | None, raw: str | None, url: str) -> None:
    world.serve(url, COMPRESSORS[fmt or "raw"](world.image))


@given(
    parsers.re(
        r'the image is served (compressed with (?P<fmt>\w+)|raw) at "(?P<url>[^"]+)" '
        r"at (?P<rate>\d+) (?P<unit>kB|MB)/s"
    )
)
def served_slowly(world: StreamWorld, fmt: str | None, url: str, rate: str, unit: str) -> None:
    scale = 1000 if unit == "kB" else 1_000_000
    world.serve(url, COMPRESSORS[fmt or "raw"](world.image), bytes_per_s=int(rate) * scale)


@given(parsers.parse('the image is served compressed with {fmt} in {parts:d} concatenated parts at "{url}"'))
def served_in_parts(world: StreamWorld, fmt: str, parts: int, url: str) -> None:
    step = -(-len(world.image) // parts)
    pieces = [world.image[i : i + step] for i in range(0, len(world.image), step)]
    world.serve(url, b"".join(COMPRESSORS[fmt](piece) for piece in pieces))


@given(parsers.parse('the image is served compressed with {fmt} without range support at "{url}"'))
def served_without_ranges(world: StreamWorld, fmt: str, url: str) -> None:
    world.serve(url, COMPRESSORS[fmt](world.image), ranges=False)


@given(parsers.parse('the image is served compressed with {fmt} but cut short at "{url}"'))
def served_cut_short(world: StreamWorld, fmt: str, url: str) -> None:
    body = COMPRESSORS[fmt](world.image)
    world.serve(url, body[: len(body) * 2 // 3])


@given(parsers.parse('the image is served raw at "{url}" announcing {extra:d} bytes more than it has'))
def served_truncated(world: StreamWorld, url: str, extra: int) -> None:
    world.serve(url, world.image, announced_length=len(world.image) + extra)


@given(parsers.parse('a qcow2 image is served at "{url}"'))
def served_qcow2(world: StreamWorld, url: str) -> None:
    world.serve(url, b"QFI\xfb\x00\x00\x00\x03" + bytes(MiB))


@given(parsers.parse('the bytes "" are served at "{url}"'))
def served_empty(world: StreamWorld, url: str) -> None:
    world.serve(url, b"")


@given(parsers.parse('nothing is served at "{url}"'))
def nothing_served(world: StreamWorld, url: str) -> None:
    del world, url  # FakeHttp answers 404 to anything it was not told to serve


@given(parsers.parse('the image is stored compressed with {fmt} at "{path}"'))
def stored(world: StreamWorld, fmt: str, path: str) -> None:
    world.block.devices[path] = FakeDevice(bytearray(COMPRESSORS[fmt](world.image)))


@given(parsers.parse("the connection drops after {percent:d}% of the compressed image"))
def drops(world: StreamWorld, percent: int) -> None:
    body = world.bodies[world.last_url]
    world.resources[world.last_url].faults.append(DropAfter(len(body) * percent // 100))


@given(parsers.parse('the connection to "{url}" drops after {percent:d}% of the compressed image every time'))
def drops_for_good(world: StreamWorld, url: str, percent: int) -> None:
    resource = world.resources[url]
    resource.faults += [DropAfter(len(world.bodies[url]) * percent // 100), *[Refuse()] * 10]


@given(parsers.parse("the server stalls after {percent:d}% of the compressed image"))
def stalls(world: StreamWorld, percent: int) -> None:
    body = world.bodies[world.last_url]
    world.resources[world.last_url].faults.append(StallAfter(len(body) * percent // 100))


@given(parsers.re(r"the server answers (?P<status>\d+) (?P<times>twice|\d+ times) first"))
def answers_first(world: StreamWorld, status: str, times: str) -> None:
    count = 2 if times == "twice" else int(times.split(maxsplit=1)[0])
    world.resources[world.last_url].faults[:0] = [Status(int(status))] * count


@given(parsers.parse('"{path}" fails writes after {size:d} MiB'))
def failing_disk(world: StreamWorld, path: str, size: int) -> None:
    world.device(path).fail_after = size * MiB


## When


@when(parsers.re(r'booty streams "(?P<urls>[^"]+)" onto "(?P<target>[^"]+)"$'))
def streams(world: StreamWorld, urls: str, target: str) -> None:
    world.stream(urls, target)


@when(
    parsers.re(
        r'booty streams "(?P<urls>[^"]+)" onto "(?P<target>[^"]+)" '
        r"expecting its (?P<case>upper-case )?(?P<algorithm>sha\d+) digest"
    )
)
def streams_with_digest(world: StreamWorld, urls: str, target: str, case: str | None, algorithm: str) -> None:
    digest = world.digest(algorithm)
    world.stream(urls, target, parse_expected_digest(f"{algorithm}:{digest.upper() if case else digest}"))


@when(parsers.parse('booty streams "{urls}" onto "{target}" expecting the sha256 digest "{digest}"'))
def streams_with_wrong_digest(world: StreamWorld, urls: str, target: str, digest: str) -> None:
    world.stream(urls, target, parse_expected_digest(f"sha256:{digest}"))


## Then


def _result(world: StreamWorld) -> StreamResult:
    assert world.result is not None, f"the stream failed: {world.error}"
    return world.result


@then(parsers.parse('the stream succeeds with the format "{fmt}"'))
def succeeds_with(world: StreamWorld, fmt: str) -> None:
    assert _result(world).image_format.value == fmt
    assert _result(world).written == len(world.image)


@then(parsers.parse('the stream succeeds from "{url}"'))
def succeeds_from(world: StreamWorld, url: str) -> None:
    assert _result(world).source == url


@then(parsers.parse('the stream fails with "{text}"'))
def fails_with(world: StreamWorld, text: str) -> None:
    assert world.error is not None, f"the stream succeeded: {world.result}"
    assert text in str(world.error)


@then(parsers.parse('"{path}" begins with the image'))
def holds_image(world: StreamWorld, path: str) -> None:
    assert bytes(world.device(path).data[: len(world.image)]) == world.image


@then(parsers.parse('"{path}" was synced'))
def synced(world: StreamWorld, path: str) -> None:
    assert world.device(path).fsyncs >= 1


@then(parsers.parse('"{path}" was not written'))
def untouched(world: StreamWorld, path: str) -> None:
    device = world.device(path)
    assert (device.writes, device.wipes) == ([], [])
    assert device.data.count(FILL) == len(device.data)


@then(parsers.parse('"{path}" cannot boot: its first and last MiB are zero'))
def unbootable(world: StreamWorld, path: str) -> None:
    device = world.device(path)
    assert device.data[:MiB] == bytes(MiB)
    assert device.data[-MiB:] == bytes(MiB)
    assert device.wipes == [MiB]
    assert world.error is not None
    assert world.error.wiped


@then("the server sent the compressed image exactly once")
def sent_once(world: StreamWorld) -> None:
    resource = world.resources[world.last_url]
    assert resource.served == len(world.bodies[world.last_url])


@then(parsers.re(r"the stream was resumed (?P<count>\d+) times?"))
def resumed(world: StreamWorld, count: str) -> None:
    assert _result(world).resumes == int(count)


@then(parsers.re(r"the stream was restarted (?P<count>\d+) times?"))
def restarted(world: StreamWorld, count: str) -> None:
    assert _result(world).restarts == int(count)


@then("booty waited 1 s then 2 s between the attempts")
def waited(world: StreamWorld) -> None:
    assert world.clock.sleeps == [1.0, 2.0]


@then("booty did not wait before handing over")
def no_wait(world: StreamWorld) -> None:
    assert world.clock.sleeps == []


@then(parsers.parse('a warning says the stream "{text}"'))
def warned(caplog: pytest.LogCaptureFixture, text: str) -> None:
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name == "booty.stream"]
    assert any(text in str(getattr(r, "error", "")) for r in warnings), [r.__dict__ for r in warnings]


@then(parsers.parse('nothing was asked of "{url}"'))
def not_asked(world: StreamWorld, url: str) -> None:
    assert world.http.requests_to(url) == []


@then(parsers.parse('the first mirror was passed over because "{text}"'))
def passed_over(world: StreamWorld, text: str) -> None:
    assert _result(world).handed_over == (text,)


@then(parsers.parse('the text "{secret}" is not in the error'))
def no_secret(world: StreamWorld, secret: str) -> None:
    assert world.error is not None
    assert secret not in str(world.error)


@then(parsers.parse("the result carries the {algorithm} digest of the image"))
def carries_digest(world: StreamWorld, algorithm: str) -> None:
    assert _result(world).digest == f"{algorithm}:{world.digest(algorithm)}"


@then(parsers.parse('the log says "{text}"'))
def logged(caplog: pytest.LogCaptureFixture, text: str) -> None:
    assert any(r.getMessage() == text for r in caplog.records if r.name == "booty.stream")


def _progress_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Stream progress")]


@then(parsers.parse("at least {count:d} progress lines were logged"))
def progress_lines(caplog: pytest.LogCaptureFixture, count: int) -> None:
    assert len(_progress_lines(caplog)) >= count


@then(parsers.parse('a progress line says "{text}"'))
def progress_says(caplog: pytest.LogCaptureFixture, text: str) -> None:
    assert any(text in line for line in _progress_lines(caplog)), _progress_lines(caplog)


def _summary(caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    return next(r for r in caplog.records if r.getMessage().startswith("Image written"))


@then(parsers.parse('the summary has bytes {size:d}, format "{fmt}", source "{url}" and the sha256 digest'))
def summary_fields(
    world: StreamWorld, caplog: pytest.LogCaptureFixture, size: int, fmt: str, url: str
) -> None:
    record = _summary(caplog)
    fields = {k: getattr(record, k) for k in ("bytes", "format", "source", "digest")}
    assert fields == {
        "bytes": size,
        "format": fmt,
        "source": url,
        "digest": f"sha256:{world.digest('sha256')}",
    }


@then("the summary has a speed in MB/s")
def summary_speed(caplog: pytest.LogCaptureFixture) -> None:
    record = _summary(caplog)
    assert record.mb_s > 0  # type: ignore[attr-defined]
    assert "MB/s" in record.getMessage()
