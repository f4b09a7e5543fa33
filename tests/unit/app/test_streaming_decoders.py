"""The decompression stage on its own: padding, concatenation, corruption, bounded output, release."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import threading
from collections.abc import Callable

import lz4.frame
import pytest
import zstandard

from booty.app.streaming import lz4_native
from booty.app.streaming.buffers import END, BufferPool, Channel, Chunk, OutputFiller
from booty.app.streaming.decoders import ChunkInput, decode
from booty.domain.errors import CorruptImage
from booty.domain.image import ImageFormat

KiB = 1 << 10
IMAGE = bytes(300 * KiB) + os.urandom(200 * KiB) + b"booty " * 60_000
COMPRESS: dict[ImageFormat, Callable[[bytes], bytes]] = {
    ImageFormat.GZIP: gzip.compress,
    ImageFormat.ZSTD: zstandard.ZstdCompressor().compress,
    ImageFormat.LZ4: lz4.frame.compress,
    ImageFormat.XZ: lzma.compress,
    ImageFormat.BZIP2: bz2.compress,
}


def _decode(
    image_format: ImageFormat, data: bytes, *, chunk: int = 64 * KiB, native_lz4: bool = True
) -> tuple[bytes, list[int]]:
    """Run the stage over *data* cut in *chunk*-sized pieces; (output, sizes of the output chunks)."""
    cancel = threading.Event()
    pool_in, pool_out = BufferPool(chunk, 3, cancel), BufferPool(128 * KiB, 3, cancel)
    received, decoded = Channel(2, cancel), Channel(2, cancel)
    output, sizes = bytearray(), []

    def feed() -> None:
        for start in range(0, len(data), chunk):
            buffer = pool_in.acquire()
            piece = data[start : start + chunk]
            buffer[: len(piece)] = piece
            received.put(Chunk(buffer, len(piece), pool_in))
        received.put(END)

    def drain() -> None:
        while (item := decoded.get()) is not END:
            output.extend(item.view)
            sizes.append(item.length)
            item.release()

    threads = [threading.Thread(target=feed), threading.Thread(target=drain)]
    for thread in threads:
        thread.start()
    try:
        filler = OutputFiller(pool_out, decoded)
        chunks = ChunkInput(received, received.get())
        try:
            decode(image_format, chunks, filler, source="http://x/disk", native_lz4=native_lz4)
            filler.finish()
        finally:
            chunks.release()
            filler.abandon()
    finally:
        decoded.put(END)
        cancel.set()
        for thread in threads:
            thread.join(timeout=10)
    return bytes(output), sizes


@pytest.mark.parametrize("image_format", list(COMPRESS))
def test_every_format_decodes_into_full_output_buffers(image_format: ImageFormat) -> None:
    output, sizes = _decode(image_format, COMPRESS[image_format](IMAGE))

    assert output == IMAGE
    assert all(size == 128 * KiB for size in sizes[:-1])  # whole buffers: aligned writes


@pytest.mark.parametrize("image_format", list(COMPRESS))
def test_concatenated_streams_and_trailing_zero_padding(image_format: ImageFormat) -> None:
    compress = COMPRESS[image_format]
    data = compress(IMAGE[:100_000]) + compress(IMAGE[100_000:])
    if image_format is not ImageFormat.ZSTD:  # zstd (like the zstd tool) does not skip zero padding
        data += bytes(4096)

    assert _decode(image_format, data, chunk=8 * KiB)[0] == IMAGE


@pytest.mark.parametrize("image_format", [f for f in COMPRESS if f is not ImageFormat.ZSTD])
def test_garbage_after_the_stream_is_corrupt(image_format: ImageFormat) -> None:
    with pytest.raises(CorruptImage, match=f"^streaming http://x/disk: {image_format.value} data: "):
        _decode(image_format, COMPRESS[image_format](IMAGE) + b"\0\0garbage" * 100)


CHECKED: dict[ImageFormat, Callable[[bytes], bytes]] = {
    **COMPRESS,  # as the zstd and lz4 tools write by default: with a content checksum
    ImageFormat.ZSTD: zstandard.ZstdCompressor(write_checksum=True).compress,
    ImageFormat.LZ4: lambda data: lz4.frame.compress(data, content_checksum=True),
}


@pytest.mark.parametrize("image_format", list(COMPRESS))
def test_corrupt_data_is_an_error(image_format: ImageFormat) -> None:
    data = bytearray(CHECKED[image_format](IMAGE))
    middle = len(data) // 2
    data[middle : middle + 64] = os.urandom(64)

    with pytest.raises(CorruptImage):
        _decode(image_format, bytes(data))


@pytest.mark.parametrize("image_format", list(COMPRESS))
def test_a_truncated_stream_is_an_error(image_format: ImageFormat) -> None:
    data = COMPRESS[image_format](IMAGE)

    with pytest.raises(CorruptImage, match=r"truncated|corrupt|error|invalid|Invalid|end"):
        _decode(image_format, data[: len(data) - 7])


def test_a_bomb_of_zeros_never_materialises_at_once() -> None:
    data = zstandard.ZstdCompressor(level=19).compress(bytes(64 << 20))  # 64 MiB of zeros in ~2 KiB

    output, sizes = _decode(ImageFormat.ZSTD, data)

    assert len(output) == 64 << 20
    assert max(sizes) == 128 * KiB


@pytest.mark.parametrize("native", [True, False])
def test_liblz4_and_python_lz4_agree(native: bool) -> None:
    if native and lz4_native.load() is None:
        pytest.skip("liblz4.so.1 is not installed")
    frames = lz4.frame.compress(IMAGE[:300_000], content_checksum=True) + lz4.frame.compress(IMAGE[300_000:])
    padded = frames + bytes(100)

    assert _decode(ImageFormat.LZ4, padded, chunk=4 * KiB, native_lz4=native)[0] == IMAGE
    with pytest.raises(CorruptImage, match="truncated"):
        _decode(ImageFormat.LZ4, frames[:-3], native_lz4=native)
    with pytest.raises(CorruptImage, match="lz4 data: "):
        _decode(ImageFormat.LZ4, frames + b"\0\0not lz4", native_lz4=native)
