"""The stream plan, its tuning limits, the qcow2 refusal and the result's speed."""

from __future__ import annotations

import hashlib

import pytest

from booty.domain.config.model import ChecksumType
from booty.domain.disk.targets import ImageFile
from booty.domain.image import ImageFormat
from booty.domain.stream.checksum import ExpectedDigest
from booty.domain.stream.plan import StreamResult, StreamTuning, plan_stream, refusal_for


def test_a_plan_from_the_configuration() -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    plan = plan_stream(
        ["http://a/x", "http://b/x"],
        ImageFile("/tmp/disk.img"),
        checksum=digest,
        checksum_type=ChecksumType.SHA256,
    )

    assert [str(s) for s in plan.sources] == ["http://a/x", "http://b/x"]
    assert plan.expected == ExpectedDigest(ChecksumType.SHA256, digest)
    assert plan.target == ImageFile("/tmp/disk.img")


def test_an_explicit_digest_wins_and_no_digest_means_no_check() -> None:
    explicit = ExpectedDigest(ChecksumType.SHA512, "a" * 128)

    assert plan_stream(["http://a/x"], ImageFile("/tmp/disk.img"), expected=explicit).expected is explicit
    assert plan_stream(["http://a/x"], ImageFile("/tmp/disk.img")).expected is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"buffer_bytes": 1000}, "buffer_bytes must be a positive multiple of 4096, not 1000"),
        ({"buffer_bytes": 0}, "buffer_bytes must be a positive multiple of 4096, not 0"),
        ({"buffers": 0}, "buffers must be at least 1, not 0"),
        ({"wipe_bytes": 512}, "wipe_bytes must be a positive multiple of 4096, not 512"),
    ],
)
def test_tuning_is_checked(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StreamTuning(**kwargs)  # type: ignore[arg-type]


def test_only_qcow2_is_refused() -> None:
    assert "qemu-img convert -O raw" in refusal_for(ImageFormat.QCOW2)
    assert all(refusal_for(f) == "" for f in ImageFormat if f is not ImageFormat.QCOW2)


def test_the_result_says_how_fast() -> None:
    result = StreamResult(
        "http://a/x", "/dev/sda", ImageFormat.ZSTD, written=500_000_000, received=1, seconds=2.0
    )

    assert result.mb_per_s == 250.0
