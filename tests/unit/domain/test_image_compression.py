"""Format detection: every magic number, real compressor output, and arbitrary bytes."""

from __future__ import annotations

import bz2
import gzip
import lzma
from collections.abc import Callable

import lz4.frame
import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.errors import EmptyImage
from booty.domain.image import MAGIC, MAGIC_BYTES_NEEDED, ImageFormat, detect_format

QCOW2_HEADER = bytes.fromhex("514649fb00000003") + bytes(64)
"""The first bytes of ``qemu-img create -f qcow2``: magic ``QFI\\xfb`` then version 3 (big-endian)."""

COMPRESSORS: dict[ImageFormat, Callable[[bytes], bytes]] = {
    ImageFormat.GZIP: gzip.compress,
    ImageFormat.ZSTD: zstandard.ZstdCompressor().compress,
    ImageFormat.LZ4: lz4.frame.compress,
    ImageFormat.XZ: lzma.compress,
    ImageFormat.BZIP2: bz2.compress,
}


def test_six_bytes_are_enough() -> None:
    assert MAGIC_BYTES_NEEDED == 6


@pytest.mark.parametrize(("fmt", "compress"), COMPRESSORS.items(), ids=lambda v: getattr(v, "value", ""))
@pytest.mark.parametrize("payload", [b"hello", b"", bytes(range(256)) * 64])
def test_real_compressor_output(fmt: ImageFormat, compress: Callable[[bytes], bytes], payload: bytes) -> None:
    assert detect_format(compress(payload)[:MAGIC_BYTES_NEEDED]) is fmt
    assert fmt.compressed


def test_qcow2_is_recognised_and_is_no_compression() -> None:
    assert detect_format(QCOW2_HEADER) is ImageFormat.QCOW2
    assert not ImageFormat.QCOW2.compressed
    assert not ImageFormat.RAW.compressed


def test_empty_input_is_an_error() -> None:
    with pytest.raises(EmptyImage, match="detect format: the image is empty"):
        detect_format(b"")


@given(st.binary(min_size=1, max_size=16))
def test_any_bytes_get_the_first_matching_magic_or_raw(data: bytes) -> None:
    expected = next((fmt for fmt, magic in MAGIC if data.startswith(magic)), ImageFormat.RAW)
    assert detect_format(data) is expected


@given(st.sampled_from(MAGIC), st.binary(max_size=10))
def test_a_magic_number_wins_whatever_follows(entry: tuple[ImageFormat, bytes], tail: bytes) -> None:
    fmt, magic = entry
    assert detect_format(magic + tail) is fmt
