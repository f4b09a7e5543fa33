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
from booty.app.disk.selection import choose_named_disk
from booty.app.streaming import StreamPorts, stream_image
from booty.domain.disk.targets import ApprovedDisk, ImageFile, approve
from booty.domain.errors import DeviceWriteFailed, StreamFailed, UnapprovedDisk
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


@pytest.fixture
def approved_loop(loop_device: str) -> ApprovedDisk:
    """The loop device approved the only way there is: chosen by name through disk selection."""
    disks = SysfsBlockDevices().list_disks()
    return approve(choose_named_disk(disks, loop_device)).get(loop_device)


@pytest.mark.parametrize("fmt", list(COMPRESSORS))
def test_every_format_lands_byte_exact_on_a_loop_device(
    fault_server: Any, real_ports: StreamPorts, approved_loop: ApprovedDisk, image: bytes, fmt: str
) -> None:
    loop_device = approved_loop.path
    fault_server.serve(f"/disk.{fmt}", COMPRESSORS[fmt](image))
    digest = hashlib.sha256(image).hexdigest()
    plan = plan_stream(
        [fault_server.url(f"/disk.{fmt}")],
        approved_loop,
        expected=parse_expected_digest(f"sha256:{digest}"),
        tuning=SMALL,
    )

    result = stream_image(plan, real_ports)

    assert (result.image_format.value, result.written) == (fmt, len(image))
    assert _sha256_head(loop_device, len(image)) == digest


def test_a_qcow2_image_is_refused_and_the_device_untouched(
    fault_server: Any, real_ports: StreamPorts, tuning: StreamTuning, approved_loop: ApprovedDisk
) -> None:
    loop_device = approved_loop.path
    fault_server.serve("/vm.qcow2", b"QFI\xfb\x00\x00\x00\x03" + bytes(2 * MiB))

    with pytest.raises(StreamFailed, match="qcow2 images cannot be written to a disk") as caught:
        stream_image(plan_stream([fault_server.url("/vm.qcow2")], approved_loop, tuning=tuning), real_ports)

    assert not caught.value.wiped
    assert _ends(loop_device) == (bytes([FILL]) * MiB, bytes([FILL]) * MiB)


def test_a_failure_after_writing_leaves_the_loop_device_unbootable(
    fault_server: Any,
    real_ports: StreamPorts,
    tuning: StreamTuning,
    approved_loop: ApprovedDisk,
    image: bytes,
) -> None:
    loop_device = approved_loop.path
    fault_server.serve("/disk.zst", zstandard.ZstdCompressor().compress(image))
    plan = plan_stream(
        [fault_server.url("/disk.zst")],
        approved_loop,
        expected=parse_expected_digest("sha256:" + "1" * 64),
        tuning=tuning,
    )

    with pytest.raises(StreamFailed, match="checksum mismatch") as caught:
        stream_image(plan, real_ports)

    assert caught.value.wiped
    assert _ends(loop_device) == (bytes(MiB), bytes(MiB))


def test_block_devices_are_written_with_o_direct_and_exclusively(approved_loop: ApprovedDisk) -> None:
    loop_device = approved_loop.path
    writer = SysfsBlockDevices().open_writer(approved_loop)
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


def test_a_loop_device_is_written_only_once_approved(loop_device: str) -> None:
    block = SysfsBlockDevices()
    with pytest.raises(UnapprovedDisk, match="not a bare path"):
        block.open_writer(loop_device)  # type: ignore[arg-type]
    with pytest.raises(DeviceWriteFailed, match="disk selection approved it"):
        block.open_writer(ImageFile(loop_device))
    assert _ends(loop_device) == (bytes([FILL]) * MiB, bytes([FILL]) * MiB)
