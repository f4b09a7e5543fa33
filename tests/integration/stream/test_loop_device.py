"""Streaming onto a real loop device (root): every compression format byte-exact, qcow2 refused,
O_DIRECT writes, and the signatures destroyed on failure. The loop device is detached by its fixture.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lz4.frame
import pytest
import zstandard

from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.device_writer import LinuxDeviceWriter
from booty.app.streaming import StreamPorts, stream_image
from booty.domain.errors import StreamFailed
from booty.domain.stream import StreamTuning, parse_expected_digest, plan_stream

MiB = 1 << 20
FILL = 0xA5
SMALL = StreamTuning(buffer_bytes=MiB, buffers=2)
COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "raw": lambda data: data,
    "gzip": gzip.compress,
    "zstd": zstandard.ZstdCompressor().compress,
    "lz4": lz4.frame.compress,
    "xz": lzma.compress,
    "bzip2": bz2.compress,
}


def _sha256_head(device: str, size: int) -> str:
    with Path(device).open("rb") as f:
        return hashlib.sha256(f.read(size)).hexdigest()


def _ends(device: str) -> tuple[bytes, bytes]:
    with Path(device).open("rb") as f:
        head = f.read(MiB)
        f.seek(-MiB, os.SEEK_END)
        return head, f.read(MiB)


@pytest.mark.parametrize("fmt", list(COMPRESSORS))
def test_every_format_lands_byte_exact_on_a_loop_device(
    fault_server: Any, real_ports: StreamPorts, loop_device: str, image: bytes, fmt: str
) -> None:
    fault_server.serve(f"/disk.{fmt}", COMPRESSORS[fmt](image))
    digest = hashlib.sha256(image).hexdigest()
    plan = plan_stream(
        [fault_server.url(f"/disk.{fmt}")],
        loop_device,
        expected=parse_expected_digest(f"sha256:{digest}"),
        tuning=SMALL,
    )

    result = stream_image(plan, real_ports)

    assert (result.image_format.value, result.written) == (fmt, len(image))
    assert _sha256_head(loop_device, len(image)) == digest


def test_a_qcow2_image_is_refused_and_the_device_untouched(
    fault_server: Any, real_ports: StreamPorts, tuning: StreamTuning, loop_device: str
) -> None:
    fault_server.serve("/vm.qcow2", b"QFI\xfb\x00\x00\x00\x03" + bytes(2 * MiB))

    with pytest.raises(StreamFailed, match="qcow2 images cannot be written to a disk") as caught:
        stream_image(plan_stream([fault_server.url("/vm.qcow2")], loop_device, tuning=tuning), real_ports)

    assert not caught.value.wiped
    assert _ends(loop_device) == (bytes([FILL]) * MiB, bytes([FILL]) * MiB)


def test_a_failure_after_writing_leaves_the_loop_device_unbootable(
    fault_server: Any, real_ports: StreamPorts, tuning: StreamTuning, loop_device: str, image: bytes
) -> None:
    fault_server.serve("/disk.zst", zstandard.ZstdCompressor().compress(image))
    plan = plan_stream(
        [fault_server.url("/disk.zst")],
        loop_device,
        expected=parse_expected_digest("sha256:" + "1" * 64),
        tuning=tuning,
    )

    with pytest.raises(StreamFailed, match="checksum mismatch") as caught:
        stream_image(plan, real_ports)

    assert caught.value.wiped
    assert _ends(loop_device) == (bytes(MiB), bytes(MiB))


def test_block_devices_are_written_with_o_direct_and_exclusively(loop_device: str) -> None:
    writer = SysfsBlockDevices().open_writer(loop_device)
    try:
        assert isinstance(writer, LinuxDeviceWriter)
        assert writer.direct
        assert writer.size == 16 * MiB
        with pytest.raises(OSError, match="busy"):  # O_EXCL: a second writer is refused
            LinuxDeviceWriter(loop_device)
        block = memoryview(bytearray(b"x" * 4096))  # not page-aligned: falls back to buffered
        writer.write(block)
        writer.write(memoryview(b"tail"))
        writer.fsync()
        assert writer.position == 4100
    finally:
        writer.close()
    with Path(loop_device).open("rb") as f:
        assert f.read(4100) == b"x" * 4096 + b"tail"
