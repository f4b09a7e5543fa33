"""The DeviceWriter/DeviceReader contract, run against the fake (bytearray) and the real adapter on a
regular file opened as an ``ImageFile`` (the loop device version is in tests/integration/stream, as
root); and what ``open_writer`` refuses: a bare path, and a device node given as an ``ImageFile``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.linux.block import SysfsBlockDevices
from booty.domain.disk.targets import ImageFile
from booty.domain.errors import DeviceWriteFailed, UnapprovedDisk
from booty.domain.system import BlockDevice
from booty.ports.block import BlockDevices

MiB = 1 << 20
SIZE = 4 * MiB
FILL = 0xA5


Disks = tuple[BlockDevices, ImageFile, ImageFile]


@pytest.fixture(params=["fake", "linux"])
def disks(request: pytest.FixtureRequest, tmp_path: Path) -> Disks:
    """(block devices, a 4 MiB image file filled with 0xA5, an image file that does not exist)."""
    if request.param == "fake":
        return (
            FakeBlockDevices(devices={"/lab/disk.img": FakeDevice.of_size(SIZE, fill=FILL)}),
            ImageFile("/lab/disk.img"),
            ImageFile("/lab/nope"),
        )
    path = tmp_path / "disk.img"
    path.write_bytes(bytes([FILL]) * SIZE)
    return (
        SysfsBlockDevices(sysfs_root=str(tmp_path / "sys")),
        ImageFile(str(path)),
        ImageFile(str(tmp_path / "nope")),
    )


def _read(disks: Disks) -> bytes:
    reader = disks[0].open_reader(disks[1].path)
    out = bytearray()
    buffer = memoryview(bytearray(MiB))
    try:
        assert reader.size == SIZE
        while count := reader.readinto(buffer):
            out += buffer[:count]
    finally:
        reader.close()
    return bytes(out)


def test_writes_land_in_order_from_offset_zero(disks: Disks) -> None:
    writer = disks[0].open_writer(disks[1])
    try:
        assert (writer.size, writer.position, writer.path) == (SIZE, 0, disks[1].path)
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


def test_zeroing_head_and_tail_destroys_the_signatures(disks: Disks) -> None:
    writer = disks[0].open_writer(disks[1])
    try:
        writer.zero_head_and_tail(MiB)
    finally:
        writer.close()

    content = _read(disks)
    assert content[:MiB] == bytes(MiB)
    assert content[-MiB:] == bytes(MiB)
    assert content[MiB:-MiB] == bytes([FILL]) * (SIZE - 2 * MiB)


def test_a_missing_device_is_refused_not_created(disks: Disks) -> None:
    with pytest.raises(DeviceWriteFailed, match=r"^opening device .*nope: No such file or directory"):
        disks[0].open_writer(disks[2])
    with pytest.raises(FileNotFoundError):
        disks[0].open_reader(disks[2].path)


def test_a_bare_path_is_refused(disks: Disks) -> None:
    with pytest.raises(UnapprovedDisk, match="not a bare path"):
        disks[0].open_writer(disks[1].path)  # type: ignore[arg-type]
    assert _read(disks) == bytes([FILL]) * SIZE


def test_a_listed_disk_given_as_an_image_file_is_refused() -> None:
    sdz = BlockDevice(name="sdz", size_bytes=SIZE)
    fake = FakeBlockDevices(disks=[sdz], devices={sdz.path: FakeDevice.of_size(SIZE, fill=FILL)})
    with pytest.raises(DeviceWriteFailed, match="disk selection approved it"):
        fake.open_writer(ImageFile(sdz.path))
    assert fake.devices[sdz.path].opened_for_write == 0


def test_a_character_device_given_as_an_image_file_is_refused() -> None:
    with pytest.raises(
        DeviceWriteFailed, match=r"^opening device /dev/null: not a regular file.*disk selection approved it"
    ):
        SysfsBlockDevices().open_writer(ImageFile("/dev/null"))


@pytest.fixture
def loop_device(attach_loop: Any) -> Iterator[str]:
    """A 4 MiB loop device over a file of 0xA5 bytes (root only); detached again in any case."""
    device = attach_loop(bytes([FILL]) * SIZE)
    try:
        yield device.path
    finally:
        device.detach()
        assert device.backing.read_bytes() == bytes([FILL]) * SIZE


def test_a_block_device_given_as_an_image_file_is_refused(loop_device: str) -> None:
    with pytest.raises(DeviceWriteFailed, match=r"not a regular file.*disk selection approved it"):
        SysfsBlockDevices().open_writer(ImageFile(loop_device))
