"""The zstd frame walker tells complete streams from truncated ones, on real zstd output."""

from __future__ import annotations

import os

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from booty.domain.stream.zstd_frames import ZstdFormatError, ZstdFrameWalker

DATA = bytes(300_000) + os.urandom(200_000) + b"booty " * 50_000
SKIPPABLE = (0x184D2A53).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"abcde"


def _walk(data: bytes, step: int = 4096) -> ZstdFrameWalker:
    walker = ZstdFrameWalker()
    for i in range(0, len(data), step):
        walker.feed(data[i : i + step])
    return walker


@pytest.mark.parametrize(
    "options",
    [{}, {"write_checksum": True}, {"write_content_size": False}, {"level": 19}, {"write_dict_id": True}],
)
def test_complete_and_truncated_frames(options: dict[str, object]) -> None:
    frame = zstandard.ZstdCompressor(**options).compress(DATA)  # type: ignore[arg-type]

    assert _walk(frame).complete
    assert _walk(frame + frame).frames == 2
    assert not _walk(frame[:-1]).complete
    assert not _walk(frame[:7]).complete
    assert not _walk(b"").complete


def test_small_frames_use_single_segment_headers_and_raw_or_rle_blocks() -> None:
    for data in (b"", b"a", b"\0" * 5000, os.urandom(100)):
        frame = zstandard.ZstdCompressor().compress(data)
        assert _walk(frame, step=1).complete


def test_a_frame_without_any_content_bytes() -> None:
    # descriptor 0x20: single segment, 1-byte content size; then an empty raw last block.
    frame = b"\x28\xb5\x2f\xfd" + b"\x20\x00" + (1).to_bytes(3, "little")
    assert _walk(frame, step=1).complete
    # an empty raw block that is not the last, then the empty last one.
    assert _walk(frame[:6] + bytes(3) + frame[6:], step=1).complete
    # descriptor 0x00: window byte only, no checksum; an empty raw last block again.
    assert _walk(b"\x28\xb5\x2f\xfd\x00\x48" + (1).to_bytes(3, "little"), step=1).complete


def test_skippable_frames() -> None:
    frame = zstandard.ZstdCompressor().compress(DATA)
    empty_skippable = (0x184D2A50).to_bytes(4, "little") + bytes(4)

    assert _walk(SKIPPABLE + frame).frames == 2
    assert _walk(SKIPPABLE).complete
    assert _walk(empty_skippable).complete
    assert not _walk(SKIPPABLE[:-1]).complete


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\0\0\0\0", "unknown frame magic 0x00000000 after 0 frames"),
        (b"\x28\xb5\x2f\xfd\x08", "reserved bit"),
        (b"\x28\xb5\x2f\xfd\x20\x05" + (7).to_bytes(3, "little"), "reserved block type"),
    ],
)
def test_garbage_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ZstdFormatError, match=message):
        _walk(data, step=1)


@settings(max_examples=30, deadline=None)
@given(cut=st.integers(0, 2000), step=st.integers(1, 5000))
def test_any_cut_of_a_stream_is_incomplete(cut: int, step: int) -> None:
    frame = zstandard.ZstdCompressor(write_checksum=True).compress(DATA[:100_000])
    walker = _walk(frame[: max(0, len(frame) - 1 - cut)], step=step)

    assert not walker.complete
