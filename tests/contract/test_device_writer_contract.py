"""The DeviceWriter/DeviceReader contract, run against the fake (bytearray) and the real adapter on a
regular file (the loop device version is in tests/integration/stream, as root)."""

from __future__ import annotations

from pathlib import Path

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.linux.block import SysfsBlockDevices
from booty.domain.errors import DeviceWriteFailed
from booty.ports.block import BlockDevices

MiB = 1 << 20
SIZE = 4 * MiB
FILL = 0xA5


@pytest.fixture(params=["fake", "linux"])
def disks(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[BlockDevices, str, str]:
    """(block devices, path of a 4 MiB disk filled with 0xA5, a path that does not exist)."""
    if request.param == "fake":
        return (
            FakeBlockDevices(devices={"/dev/sdz": FakeDevice.of_size(SIZE, fill=FILL)}),
            "/dev/sdz",
            "/dev/nope",
        )
    path = tmp_path / "disk.img"
    path.write_bytes(bytes([FILL]) * SIZE)
    return SysfsBlockDevices(sysfs_root=str(tmp_path / "sys")), str(path), str(tmp_path / "nope")


def _read(disks: tuple[BlockDevices, str, str]) -> bytes:
    reader = disks[0].open_reader(disks[1])
    out = bytearray()
    buffer = memoryview(bytearray(MiB))
    try:
        assert reader.size == SIZE
        while count := reader.readinto(buffer):
            out += buffer[:count]
    finally:
        reader.close()
    return bytes(out)


def test_writes_land_in_order_from_offset_zero(disks: tuple[BlockDevices, str, str]) -> None:
    writer = disks[0].open_writer(disks[1])
    try:
        assert (writer.size, writer.position, writer.path) == (SIZE, 0, disks[1])
        writer.write(memoryview(b"a" * MiB))
        writer.write(memoryview(b"tail"))
        writer.fsync()
        assert writer.position == MiB + 4
    finally:
        writer.close()
        writer.close()

    content = _read(disks)
    assert content[: MiB + 4] == b"a" * MiB + b"tail"
    assert content[MiB + 4 :] == bytes([FILL]) * (SIZE - MiB - 4)


def test_zeroing_head_and_tail_destroys_the_signatures(disks: tuple[BlockDevices, str, str]) -> None:
    writer = disks[0].open_writer(disks[1])
    try:
        writer.zero_head_and_tail(MiB)
    finally:
        writer.close()

    content = _read(disks)
    assert content[:MiB] == bytes(MiB)
    assert content[-MiB:] == bytes(MiB)
    assert content[MiB:-MiB] == bytes([FILL]) * (SIZE - 2 * MiB)


def test_a_missing_device_is_refused_not_created(disks: tuple[BlockDevices, str, str]) -> None:
    with pytest.raises(DeviceWriteFailed, match=r"^opening device .*nope: No such file or directory"):
        disks[0].open_writer(disks[2])
    with pytest.raises(FileNotFoundError):
        disks[0].open_reader(disks[2])
