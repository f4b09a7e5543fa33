"""Contract of the BlockDevices port: SysfsBlockDevices reads a sysfs tree written under
tmp_path (with the machine's ``dev/disk/by-path`` links and ``proc/self/mounts`` beside it),
FakeBlockDevices is loaded with the same disks, and both must list them alike; both size and
zero disks alike, and refuse to zero or open a writer on anything but an approved disk (or, for
writing, an image file)."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.linux.block import SysfsBlockDevices
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.targets import ApprovedDisk, approve
from booty.domain.errors import BlockOperationFailed, UnapprovedDisk
from booty.domain.system import BlockDevice, Mount
from booty.ports.block import BlockDevices

ROOT = Mount("/dev/mapper/vg0-root", "/", "ext4", ("rw", "relatime"))
SRV = Mount("/dev/md127", "/srv", "xfs", ("rw",))

SDA = BlockDevice(
    name="sda",
    size_bytes=1_875_385_008 * 512,
    rotational=True,
    transport="sata",
    model="ST1000NM0055-1V4",
    serial="ZBS0XYZ1",
    wwn="naa.5000c500a1b2c3d4",
    holders=("md127",),
    partitions=("sda1", "sda2"),
    by_path="/dev/disk/by-path/pci-0000:00:1f.2-ata-1",
    mounts=(SRV,),
)
SDB = BlockDevice(
    name="sdb",
    size_bytes=60_063_744 * 512,
    removable=True,
    transport="usb",
    model="Flash Drive",
    by_path="/dev/disk/by-path/pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0",
    mounts=(Mount("/dev/sdb", "/media/USB STICK", "vfat", ("ro",)),),
)
NVME = BlockDevice(
    name="nvme0n1",
    size_bytes=937_703_088 * 512,
    transport="nvme",
    model="SAMSUNG MZQL2480HCJR-00A07",
    serial="S64GNE0R123456",
    wwn="eui.36344730526054940025384500000001",
    partitions=("nvme0n1p1", "nvme0n1p2", "nvme0n1p10"),
    partition_holders=("dm-0",),
    by_path="/dev/disk/by-path/pci-0000:3d:00.0-nvme-1",
    mounts=(Mount("/dev/nvme0n1p1", "/boot/efi", "vfat", ("rw",)), ROOT),
)
DM_CRYPT = BlockDevice(
    name="dm-0", size_bytes=937_000_000 * 512, transport="dm", holders=("dm-1",), mounts=(ROOT,)
)
"""dm-crypt on nvme0n1p2, holding the LVM volume that is mounted as /."""
DM_LVM = BlockDevice(name="dm-1", size_bytes=900_000_000 * 512, transport="dm", mounts=(ROOT,))
LOOP = BlockDevice(
    name="loop0",
    size_bytes=0,
    read_only=True,
    transport="loop",
    mounts=(Mount("/dev/loop0", "/snap/x/1", "squashfs", ("ro",)),),
)
BARE = BlockDevice(name="sdz", size_bytes=0)
"""An entry with none of the usual attribute files: everything defaults, nothing crashes."""

EXPECTED = (DM_CRYPT, DM_LVM, LOOP, NVME, SDA, SDB, BARE)

MOUNTS = r"""overlay / overlay rw,lowerdir=/a:/b 0 0
proc /proc proc rw,nosuid 0 0
/dev/nvme0n1p1 /boot/efi vfat rw 0 0
/dev/mapper/vg0-root / ext4 rw,relatime 0 0
/dev/md127 /srv xfs rw 0 0
/dev/sdb /media/USB\040STICK vfat ro 0 0
/dev/loop0 /snap/x/1 squashfs ro 0 0
"""
BY_PATH = {
    "pci-0000:00:1f.2-ata-1": "sda",
    "pci-0000:00:1f.2-ata-1.0": "sda",
    "pci-0000:00:1f.2-ata-1-part1": "sda1",
    "pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0": "sdb",
    "pci-0000:3d:00.0-nvme-1": "nvme0n1",
    "pci-0000:3d:00.0-nvme-1-part2": "nvme0n1p2",
}


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text + "\n")


def _disk(sys: Path, devpath: str, *, attrs: dict[str, str]) -> Path:
    """Create ``devices/<devpath>`` with *attrs* and link ``block/<name>`` to it, as the kernel does."""
    disk = sys / "devices" / devpath
    for name, value in attrs.items():
        _write(disk / name, value)
    link = sys / "block" / disk.name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(Path("..", "devices", devpath))
    return disk


def _partition(disk: Path, name: str, number: int) -> None:
    _write(disk / name / "partition", str(number))
    _write(disk / name / "size", "2048")


def write_sysfs(sys: Path) -> None:
    """A machine with a SATA disk in an md array, a USB stick, an NVMe disk, a loop device."""
    scsi = "pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0"
    sda = _disk(sys, f"{scsi}/block/sda", attrs={"size": "1875385008", "removable": "0", "ro": "0"})
    _write(sda / "queue" / "rotational", "1")
    _write(sys / "devices" / scsi / "model", "ST1000NM0055-1V4    ")
    _write(sys / "devices" / scsi / "wwid", "naa.5000c500a1b2c3d4")
    _write(sys / "devices" / scsi / "vpd_pg80", b"\x00\x80\x00\x08ZBS0XYZ1")
    (sda / "device").symlink_to("../../../0:0:0:0")
    (sda / "holders").mkdir()
    (sda / "holders" / "md127").symlink_to("../../../../../../../../virtual/block/md127")
    _partition(sda, "sda2", 2)
    _partition(sda, "sda1", 1)

    usb = "pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0"
    sdb = _disk(sys, f"{usb}/block/sdb", attrs={"size": "60063744", "removable": "1", "ro": "0"})
    _write(sdb / "queue" / "rotational", "0")
    _write(sys / "devices" / usb / "model", "Flash Drive")
    (sdb / "device").symlink_to("../../../6:0:0:0")

    ctrl = "pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0"
    nvme = _disk(sys, f"{ctrl}/nvme0n1", attrs={"size": "937703088", "removable": "0", "ro": "0"})
    _write(nvme / "queue" / "rotational", "0")
    _write(nvme / "wwid", "eui.36344730526054940025384500000001")
    _write(sys / "devices" / ctrl / "model", "SAMSUNG MZQL2480HCJR-00A07              ")
    _write(sys / "devices" / ctrl / "serial", "S64GNE0R123456      ")
    _write(sys / "devices" / ctrl / "transport", "pcie")
    (nvme / "device").symlink_to("../../nvme0")
    (nvme / "holders").mkdir()
    for number in (10, 2, 1):
        _partition(nvme, f"nvme0n1p{number}", number)

    (sys / "devices" / ctrl / "nvme0n1" / "nvme0n1p2" / "holders").mkdir()
    (sys / "devices" / ctrl / "nvme0n1" / "nvme0n1p2" / "holders" / "dm-0").symlink_to(
        "../../../../../../virtual/block/dm-0"
    )

    crypt = _disk(sys, "virtual/block/dm-0", attrs={"size": "937000000", "dm/name": "luks-root"})
    (crypt / "holders").mkdir()
    (crypt / "holders" / "dm-1").symlink_to("../../dm-1")
    _disk(sys, "virtual/block/dm-1", attrs={"size": "900000000", "dm/name": "vg0-root"})

    _disk(sys, "virtual/block/loop0", attrs={"size": "0", "removable": "0", "ro": "1"})
    (sys / "block" / "sdz").mkdir()

    by_path = sys.parent / "dev" / "disk" / "by-path"
    by_path.mkdir(parents=True)
    for link, target in BY_PATH.items():
        (by_path / link).symlink_to(f"../../{target}")
    _write(sys.parent / "proc" / "self" / "mounts", MOUNTS)


@pytest.fixture(params=["fake", "linux"])
def block(request: pytest.FixtureRequest, tmp_path: Path) -> BlockDevices:
    if request.param == "fake":
        return FakeBlockDevices(disks=[SDB, DM_LVM, SDA, BARE, NVME, LOOP, DM_CRYPT])
    write_sysfs(tmp_path / "sys")
    return SysfsBlockDevices(sysfs_root=str(tmp_path / "sys"), dev_root=str(tmp_path / "dev"))


def test_every_disk_is_listed_sorted_by_name(block: BlockDevices) -> None:
    assert [disk.name for disk in block.list_disks()] == [
        "dm-0",
        "dm-1",
        "loop0",
        "nvme0n1",
        "sda",
        "sdb",
        "sdz",
    ]


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda disk: disk.name)
def test_disk_facts(block: BlockDevices, expected: BlockDevice) -> None:
    (disk,) = [disk for disk in block.list_disks() if disk.name == expected.name]
    assert disk == expected


def test_partitions_are_in_partition_number_order(block: BlockDevices) -> None:
    nvme = next(disk for disk in block.list_disks() if disk.name == "nvme0n1")
    assert nvme.partitions == ("nvme0n1p1", "nvme0n1p2", "nvme0n1p10")


def test_device_node_path(block: BlockDevices) -> None:
    assert [disk.path for disk in block.list_disks()][2:4] == ["/dev/loop0", "/dev/nvme0n1"]


def test_a_disk_is_mounted_through_its_partitions_and_what_is_stacked_on_them(block: BlockDevices) -> None:
    nvme = next(disk for disk in block.list_disks() if disk.name == "nvme0n1")
    assert [(m.source, m.target) for m in nvme.mounts] == [
        ("/dev/nvme0n1p1", "/boot/efi"),
        ("/dev/mapper/vg0-root", "/"),
    ]


def test_by_path_names_the_disk_not_its_partitions(block: BlockDevices) -> None:
    paths = {disk.name: disk.by_path for disk in block.list_disks()}
    assert paths["sda"] == "/dev/disk/by-path/pci-0000:00:1f.2-ata-1"
    assert paths["sdz"] == ""


## Real only: odd trees


def test_missing_sysfs_lists_nothing(tmp_path: Path) -> None:
    assert SysfsBlockDevices(sysfs_root=str(tmp_path / "nowhere")).list_disks() == ()


def test_garbage_attribute_reads_as_zero(tmp_path: Path) -> None:
    _write(tmp_path / "block" / "vda" / "size", "not-a-number")
    _write(tmp_path / "block" / "vda" / "queue" / "rotational", "")
    (disk,) = SysfsBlockDevices(sysfs_root=str(tmp_path)).list_disks()
    assert disk == BlockDevice(name="vda", size_bytes=0, transport="virtio")


def test_by_path_and_mounts_can_be_elsewhere(tmp_path: Path) -> None:
    write_sysfs(tmp_path / "machine" / "sys")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "pci-0000:00:1f.2-ata-9").symlink_to("../../sdb")
    (tmp_path / "links" / "not-a-link").write_text("")
    _write(tmp_path / "mounts", "/dev/sda1 /mnt ext4 rw 0 0")
    block = SysfsBlockDevices(
        sysfs_root=str(tmp_path / "machine" / "sys"),
        by_path_dir=str(tmp_path / "links"),
        mounts_file=str(tmp_path / "mounts"),
    )
    disks = {disk.name: disk for disk in block.list_disks()}
    assert disks["sdb"].by_path == "/dev/disk/by-path/pci-0000:00:1f.2-ata-9"
    assert disks["sda"].by_path == ""
    assert disks["sda"].mounts == (Mount("/dev/sda1", "/mnt", "ext4", ("rw",)),)
    assert disks["nvme0n1"].mounts == ()


def test_no_by_path_links_and_no_mounts_table(tmp_path: Path) -> None:
    write_sysfs(tmp_path / "sys")
    block = SysfsBlockDevices(
        sysfs_root=str(tmp_path / "sys"),
        by_path_dir=str(tmp_path / "absent"),
        mounts_file=str(tmp_path / "absent"),
    )
    assert all(disk.by_path == "" and disk.mounts == () for disk in block.list_disks())


def test_stacked_devices_that_loop_do_not_hang(tmp_path: Path) -> None:
    for name, holder in (("vda", "dm-0"), ("dm-0", "dm-1"), ("dm-1", "dm-0")):
        (tmp_path / "sys" / "block" / name / "holders").mkdir(parents=True)
        (tmp_path / "sys" / "block" / name / "holders" / holder).mkdir()
    _write(tmp_path / "sys" / "block" / "dm-1" / "dm" / "name", "vg-x")
    _write(tmp_path / "proc" / "self" / "mounts", "/dev/mapper/vg-x /x ext4 rw 0 0")
    disks = {d.name: d for d in SysfsBlockDevices(sysfs_root=str(tmp_path / "sys")).list_disks()}
    assert [m.target for m in disks["vda"].mounts] == ["/x"]


def test_the_real_sysfs_reads_without_error() -> None:
    if not Path("/sys/block").is_dir():
        pytest.skip("no /sys/block on this machine")
    for disk in SysfsBlockDevices().list_disks():
        assert disk.size_bytes >= 0


## Block-device operations: size, zeroing (approved disks only), partition re-read.
## The real adapter works on regular files standing in for disks under a dev root of tmp_path
## (no root needed); tests/integration/disk runs it on loop devices.

DISK_BYTES = 4 * 2**20
FILL = 0xA5
SDQ = BlockDevice(name="sdq", size_bytes=DISK_BYTES)
SDR = BlockDevice(name="sdr", size_bytes=DISK_BYTES)


@attrs.define
class Machine:
    """A BlockDevices adapter with two 4 MiB disks, and a way to read their bytes back."""

    block: BlockDevices
    read: Callable[[str], bytes]


@pytest.fixture(params=["fake", "linux"])
def machine(request: pytest.FixtureRequest, tmp_path: Path) -> Machine:
    if request.param == "fake":
        fake = FakeBlockDevices(
            disks=[SDQ, SDR],
            devices={d.path: FakeDevice.of_size(DISK_BYTES, fill=FILL) for d in (SDQ, SDR)},
        )
        return Machine(fake, lambda path: bytes(fake.devices[path].data))
    dev = tmp_path / "dev"
    dev.mkdir()
    for disk in (SDQ, SDR):
        (dev / disk.name).write_bytes(bytes([FILL]) * DISK_BYTES)
    linux = SysfsBlockDevices(sysfs_root=str(tmp_path / "sys"), dev_root=str(dev))
    return Machine(linux, lambda path: (dev / path.removeprefix("/dev/")).read_bytes())


def approved(disk: BlockDevice) -> ApprovedDisk:
    """*disk* approved the only way there is: chosen (forced, since these are tiny) by DISK_DEVICE."""
    return approve(choose_target_disk([SDQ, SDR], override=disk.path, force=True)).disks[0]


def test_size_of_a_disk(machine: Machine) -> None:
    assert machine.block.size_bytes("/dev/sdq") == DISK_BYTES


def test_size_of_a_missing_device_is_enoent(machine: Machine) -> None:
    with pytest.raises(BlockOperationFailed) as caught:
        machine.block.size_bytes("/dev/nope")
    assert caught.value.errno == errno.ENOENT


def test_zeroing_clears_exactly_the_range_of_the_approved_disk(machine: Machine) -> None:
    machine.block.zero_range(approved(SDQ), 2**20, 4096)
    data = machine.read("/dev/sdq")
    assert data[2**20 : 2**20 + 4096] == bytes(4096)
    assert data[: 2**20] == bytes([FILL]) * 2**20
    assert data[2**20 + 4096 :] == bytes([FILL]) * (DISK_BYTES - 2**20 - 4096)
    assert machine.read("/dev/sdr") == bytes([FILL]) * DISK_BYTES


def test_zeroing_the_first_and_last_mib(machine: Machine) -> None:
    disk = approved(SDQ)
    machine.block.zero_range(disk, 0, 2**20)
    machine.block.zero_range(disk, DISK_BYTES - 2**20, 2**20)
    data = machine.read("/dev/sdq")
    assert data[: 2**20] == data[-(2**20) :] == bytes(2**20)
    assert set(data[2**20 : -(2**20)]) == {FILL}


@pytest.mark.parametrize(("offset", "length"), [(DISK_BYTES - 10, 11), (-1, 1), (0, -1)])
def test_zeroing_outside_the_disk_is_refused(machine: Machine, offset: int, length: int) -> None:
    with pytest.raises(BlockOperationFailed) as caught:
        machine.block.zero_range(approved(SDQ), offset, length)
    assert caught.value.errno == errno.EINVAL
    assert set(machine.read("/dev/sdq")) == {FILL}


@pytest.mark.parametrize("value", ["/dev/sdr", SDR, None])
def test_zeroing_refuses_anything_but_an_approved_disk(machine: Machine, value: object) -> None:
    with pytest.raises(UnapprovedDisk):
        machine.block.zero_range(value, 0, 512)  # type: ignore[arg-type]
    assert set(machine.read("/dev/sdr")) == {FILL}


def test_an_approved_disk_is_opened_for_writing(machine: Machine) -> None:
    writer = machine.block.open_writer(approved(SDQ))
    try:
        writer.write(memoryview(b"booty"))
        writer.fsync()
    finally:
        writer.close()
    assert machine.read("/dev/sdq")[:6] == b"booty" + bytes([FILL])
    assert machine.read("/dev/sdr") == bytes([FILL]) * DISK_BYTES


@pytest.mark.parametrize("value", ["/dev/sdr", SDR, None])
def test_opening_a_writer_refuses_anything_but_an_approved_disk_or_an_image_file(
    machine: Machine, value: object
) -> None:
    with pytest.raises(UnapprovedDisk, match="not a bare path"):
        machine.block.open_writer(value)  # type: ignore[arg-type]
    assert set(machine.read("/dev/sdr")) == {FILL}


def test_zeroing_a_vanished_disk_fails(machine: Machine, tmp_path: Path) -> None:
    disk = approved(SDQ)
    if isinstance(machine.block, FakeBlockDevices):
        machine.block.devices.clear()
        machine.block.disks.clear()
    else:
        (tmp_path / "dev" / "sdq").unlink()
    with pytest.raises(BlockOperationFailed) as caught:
        machine.block.zero_range(disk, 0, 512)
    assert caught.value.errno == errno.ENOENT


def test_reread_of_a_missing_device_is_enoent(machine: Machine) -> None:
    with pytest.raises(BlockOperationFailed) as caught:
        machine.block.reread_partitions("/dev/nope")
    assert caught.value.errno == errno.ENOENT


## Real only: files are not block devices; the fake: scripted failures and history


def test_rereading_a_regular_file_is_refused_by_the_kernel(tmp_path: Path) -> None:
    (tmp_path / "sdq").write_bytes(bytes(4096))
    with pytest.raises(BlockOperationFailed, match="BLKRRPART /dev/sdq") as caught:
        SysfsBlockDevices(dev_root=str(tmp_path)).reread_partitions("/dev/sdq")
    assert caught.value.errno == errno.ENOTTY


def test_size_of_a_character_device_is_refused() -> None:
    with pytest.raises(BlockOperationFailed, match="not a block device"):
        SysfsBlockDevices().size_bytes("/dev/null")


def test_fake_records_rereads_and_zeroing_of_disks_without_content() -> None:
    big = BlockDevice(name="sda", size_bytes=480 * 2**30)
    fake = FakeBlockDevices(disks=[big], reread_errors={"/dev/sdb": errno.EBUSY})
    fake.reread_partitions("/dev/sda")
    disk = approve(choose_target_disk([big])).disks[0]
    fake.zero_range(disk, big.size_bytes - 2**20, 2**20)
    assert fake.rereads == ["/dev/sda"]
    assert fake.zeroed == [("/dev/sda", big.size_bytes - 2**20, 2**20)]
    fake.disks.append(BlockDevice(name="sdb", size_bytes=1))
    with pytest.raises(BlockOperationFailed) as caught:
        fake.reread_partitions("/dev/sdb")
    assert caught.value.errno == errno.EBUSY
