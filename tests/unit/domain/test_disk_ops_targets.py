"""Approved targets (only disks the domain chose are written to), command lines, filesystem rules."""

from __future__ import annotations

import attrs
import pytest

from booty.domain.disk import commands as cmd
from booty.domain.disk.filesystem import (
    MOUNT_ORDER,
    FsckVerdict,
    FsType,
    ResizeCommand,
    chroot_binds,
    filesystem_type,
    fsck_argv,
    fsck_verdict,
    parse_blkid_export,
    resize_command,
)
from booty.domain.disk.mdadm import RaidSpec
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.targets import (
    ApprovedDisk,
    ApprovedTargets,
    ImageFile,
    Scope,
    approve,
    require_approved,
    require_write_target,
)
from booty.domain.errors import UnapprovedDisk
from booty.domain.shell import CommandResult
from booty.domain.system import BlockDevice, Mount

GIB = 2**30
SDA = BlockDevice("sda", 500 * GIB, partitions=("sda1", "sda2"))
SDB = BlockDevice("sdb", 400 * GIB)
NVME = BlockDevice("nvme0n1", 400 * GIB, partitions=("nvme0n1p1",))
USB = BlockDevice("sdc", 64 * GIB, removable=True)
LOOP = BlockDevice("loop7", GIB)


def targets(scope: Scope = Scope.TARGET) -> ApprovedTargets:
    return approve(choose_target_disk([SDA, SDB, USB, NVME]), scope=scope)


## Approval


def test_the_chosen_disk_only() -> None:
    approved = targets()
    assert approved.paths == ("/dev/nvme0n1",)
    assert approved.disks[0].reason == "chosen by preference"
    assert approved.scope is Scope.TARGET


def test_every_eligible_disk_for_deprovision_never_the_removable_one() -> None:
    approved = targets(Scope.ELIGIBLE)
    assert approved.paths == ("/dev/nvme0n1", "/dev/sda", "/dev/sdb")
    assert [d.reason for d in approved.disks][1:] == ["eligible for deprovision"] * 2


def test_a_forced_choice_says_what_was_forced() -> None:
    approved = approve(choose_target_disk([LOOP, SDA], override="/dev/loop7", force=True))
    assert approved.disks[0].reason == "chosen by DISK_DEVICE, forced past: not a physical disk: loop device"


def test_get_and_owner_of() -> None:
    approved = targets(Scope.ELIGIBLE)
    assert approved.get("/dev/sda").disk == SDA
    assert approved.owner_of("/dev/sda2").name == "sda"
    assert approved.owner_of("/dev/nvme0n1").name == "nvme0n1"


@pytest.mark.parametrize("path", ["/dev/sdc", "/dev/sdz", "/dev/sda"])
def test_get_refuses_unapproved_disks(path: str) -> None:
    with pytest.raises(UnapprovedDisk, match=f"refusing to write to {path}: not a disk the domain chose"):
        targets().get(path)


@pytest.mark.parametrize("node", ["/dev/sdc1", "/dev/nvme0n11", "/dev/sd"])
def test_owner_of_refuses_nodes_on_no_approved_disk(node: str) -> None:
    with pytest.raises(UnapprovedDisk, match="not on a disk the domain chose"):
        targets(Scope.ELIGIBLE).owner_of(node)


def test_no_approved_disk_at_all_says_none() -> None:
    with pytest.raises(UnapprovedDisk, match=r"\(approved: none\)"):
        ApprovedTargets((), Scope.TARGET).get("/dev/sda")
    with pytest.raises(UnapprovedDisk, match=r"\(approved: none\)"):
        ApprovedTargets((), Scope.TARGET).owner_of("/dev/sda")


def test_partitions_of_the_approved_disk_only() -> None:
    disk = targets().disks[0]
    assert disk.partition("/dev/nvme0n1p1") == "/dev/nvme0n1p1"
    assert disk.owns("/dev/nvme0n1")
    assert not disk.owns("/dev/sda1")
    with pytest.raises(UnapprovedDisk, match="not a partition of the approved disk /dev/nvme0n1"):
        disk.partition("/dev/nvme0n1")


def test_an_approved_disk_cannot_be_made_by_hand() -> None:
    with pytest.raises(UnapprovedDisk, match="made only from a disk choice"):
        ApprovedDisk(SDB, "trust me", object())


def test_an_approved_disk_cannot_be_moved_onto_another_disk() -> None:
    disk = targets().disks[0]
    with pytest.raises(UnapprovedDisk, match="refusing to write to /dev/sdb"):
        attrs.evolve(disk, disk=SDB)
    assert attrs.evolve(disk, reason="same disk").path == "/dev/nvme0n1"


@pytest.mark.parametrize("value", ["/dev/sda", SDA, None, 3])
def test_require_approved_refuses_anything_else(value: object) -> None:
    with pytest.raises(UnapprovedDisk, match="destructive operations take an ApprovedDisk"):
        require_approved(value)


def test_require_approved_passes_an_approved_disk() -> None:
    disk = targets().disks[0]
    assert require_approved(disk) is disk


def test_require_approved_refuses_an_image_file() -> None:
    with pytest.raises(UnapprovedDisk, match="refusing to write to ImageFile"):
        require_approved(ImageFile("/tmp/disk.img"))


@pytest.mark.parametrize("value", ["/dev/sda", SDA, None, 3])
def test_require_write_target_refuses_anything_else(value: object) -> None:
    with pytest.raises(UnapprovedDisk, match="writers take an ApprovedDisk or an ImageFile, not a bare path"):
        require_write_target(value)


def test_require_write_target_passes_an_approved_disk_and_an_image_file() -> None:
    disk = targets().disks[0]
    image = ImageFile("/tmp/disk.img")
    assert require_write_target(disk) is disk
    assert require_write_target(image) is image
    assert image.path == "/tmp/disk.img"


## Command lines


def test_wipe_and_partition_commands() -> None:
    disk = targets(Scope.ELIGIBLE).get("/dev/sda")
    assert cmd.sgdisk_zap(disk) == ("sgdisk", "--zap-all", "/dev/sda")
    assert cmd.wipefs_all(disk, "/dev/sda") == ("wipefs", "--all", "/dev/sda")
    assert cmd.wipefs_all(disk, "/dev/sda2") == ("wipefs", "--all", "/dev/sda2")
    with pytest.raises(UnapprovedDisk):
        cmd.wipefs_all(disk, "/dev/sdb1")
    assert cmd.sgdisk_relocate_backup(disk) == ("sgdisk", "--move-second-header", "/dev/sda")
    assert cmd.growpart(disk, 2) == ("growpart", "/dev/sda", "2")
    assert cmd.sfdisk_grow(disk, 2) == ("sfdisk", "--no-reread", "--no-tell-kernel", "-N", "2", "/dev/sda")
    assert cmd.sfdisk_json("/dev/sda") == ("sfdisk", "--json", "/dev/sda")
    assert cmd.partprobe("/dev/sda") == ("partprobe", "/dev/sda")
    assert cmd.blockdev_rereadpt("/dev/sda") == ("blockdev", "--rereadpt", "/dev/sda")
    assert cmd.blkid_probe("/dev/sda2") == ("blkid", "--probe", "--output", "export", "/dev/sda2")


def test_raid_and_lvm_commands() -> None:
    approved = targets(Scope.ELIGIBLE)
    spec = RaidSpec("md0", 1, ("/dev/sda", "/dev/sdb"))
    assert cmd.mdadm_create(spec, approved.disks) == (
        "mdadm", "--create", "/dev/md0", "--level", "1", "--raid-devices", "2",
        "--metadata", "1.2", "--run", "--force", "/dev/sda", "/dev/sdb",
    )  # fmt: skip
    with pytest.raises(UnapprovedDisk, match="a RAID member must be an approved disk"):
        cmd.mdadm_create(RaidSpec("md0", 1, ("/dev/sda", "/dev/sdc")), approved.disks)
    assert cmd.mdadm_stop("/dev/md127") == ("mdadm", "--stop", "/dev/md127")
    assert cmd.lvm_vgchange("u-1", activate=True) == (
        "lvm",
        "vgchange",
        "--activate",
        "y",
        "--select",
        "vg_uuid=u-1",
    )
    assert cmd.lvm_vgchange("u-1", activate=False)[3] == "n"
    assert cmd.lvm_pvs()[:4] == ("lvm", "pvs", "--reportformat", "json")


def test_erase_commands() -> None:
    approved = targets(Scope.ELIGIBLE)
    sda, nvme = approved.get("/dev/sda"), approved.get("/dev/nvme0n1")
    assert cmd.hdparm_identify("/dev/sda") == ("hdparm", "-I", "/dev/sda")
    assert cmd.hdparm_set_password(sda, "pw") == (
        "hdparm",
        "--user-master",
        "u",
        "--security-set-pass",
        "pw",
        "/dev/sda",
    )
    assert cmd.hdparm_erase(sda, "pw", enhanced=True)[3] == "--security-erase-enhanced"
    assert cmd.hdparm_erase(sda, "pw", enhanced=False)[3] == "--security-erase"
    assert cmd.hdparm_disable_password(sda, "pw")[3] == "--security-disable"
    assert cmd.nvme_id_ctrl("/dev/nvme0n1") == ("nvme", "id-ctrl", "/dev/nvme0n1", "--output-format=json")
    assert cmd.nvme_format(nvme, ses=2) == ("nvme", "format", "/dev/nvme0n1", "--ses=2", "--force")
    assert cmd.nvme_sanitize(nvme, "/dev/nvme0", action=4) == ("nvme", "sanitize", "/dev/nvme0", "--sanact=4")
    assert cmd.nvme_sanitize_log("/dev/nvme0") == (
        "nvme",
        "sanitize-log",
        "/dev/nvme0",
        "--output-format=json",
    )
    with pytest.raises(UnapprovedDisk, match="not the controller of the approved disk"):
        cmd.nvme_sanitize(nvme, "/dev/nvme1", action=4)


## Filesystems


def test_blkid_export() -> None:
    probe = parse_blkid_export(
        "DEVNAME=/dev/loop0p2\nUUID=1234\nTYPE=ext4\nUSAGE=filesystem\n\n=odd\nnoequals\n"
    )
    assert probe == {"DEVNAME": "/dev/loop0p2", "UUID": "1234", "TYPE": "ext4", "USAGE": "filesystem"}
    assert filesystem_type(probe) is FsType.EXT4
    assert filesystem_type({"TYPE": "XFS"}) is FsType.XFS
    assert filesystem_type({"TYPE": "LVM2_member"}) is None
    assert filesystem_type({}) is None


def test_mount_order_is_v001s() -> None:
    assert [fs.value for fs in MOUNT_ORDER] == ["ext4", "xfs", "btrfs", "ext3", "ext2", "vfat"]


@pytest.mark.parametrize(
    ("fs", "argv"),
    [
        (FsType.EXT2, ("e2fsck", "-f", "-y", "/dev/sda2")),
        (FsType.EXT4, ("e2fsck", "-f", "-y", "/dev/sda2")),
        (FsType.XFS, ("xfs_repair", "-n", "/dev/sda2")),
        (FsType.BTRFS, ("btrfs", "check", "--readonly", "/dev/sda2")),
        (FsType.VFAT, ("fsck.vfat", "-a", "-w", "/dev/sda2")),
    ],
)
def test_fsck_argv(fs: FsType, argv: tuple[str, ...]) -> None:
    assert fsck_argv(fs, "/dev/sda2") == argv


@pytest.mark.parametrize(
    ("fs", "rc", "verdict"),
    [
        (FsType.EXT4, 0, FsckVerdict(True, False, "clean")),
        (FsType.EXT4, 1, FsckVerdict(True, True, "errors corrected (e2fsck exit 1)")),
        (FsType.EXT3, 3, FsckVerdict(True, True, "errors corrected (e2fsck exit 3)")),
        (FsType.EXT4, 4, FsckVerdict(False, False, "uncorrectable filesystem errors (e2fsck exit 4)")),
        (FsType.EXT2, 12, FsckVerdict(False, False, "uncorrectable filesystem errors (e2fsck exit 12)")),
        (FsType.EXT4, 8, FsckVerdict(False, False, "e2fsck exit 8: e2fsck: No such file or directory")),
        (FsType.EXT4, 132, FsckVerdict(False, False, "e2fsck exit 132: e2fsck: No such file or directory")),
        (FsType.XFS, 1, FsckVerdict(False, False, "xfs_repair exit 1: e2fsck: No such file or directory")),
        (FsType.VFAT, 1, FsckVerdict(True, True, "errors corrected (fsck.vfat exit 1)")),
        (FsType.VFAT, 2, FsckVerdict(False, False, "fsck.vfat exit 2: e2fsck: No such file or directory")),
        (FsType.BTRFS, 1, FsckVerdict(False, False, "btrfs exit 1: e2fsck: No such file or directory")),
    ],
)
def test_fsck_verdict(fs: FsType, rc: int, verdict: FsckVerdict) -> None:
    argv = fsck_argv(fs, "/dev/sda2")
    result = CommandResult(argv, rc, "some output\n", "e2fsck: No such file or directory\n\n")
    assert fsck_verdict(fs, result) == verdict


def test_fsck_verdict_without_output_or_argv() -> None:
    assert fsck_verdict(FsType.XFS, CommandResult((), 2)).reason == "fsck exit 2: no output"
    assert fsck_verdict(
        FsType.XFS, CommandResult(("xfs_repair",), 1, "Phase 1\nbad superblock\n")
    ).reason == ("xfs_repair exit 1: bad superblock")


@pytest.mark.parametrize(
    ("fs", "command"),
    [
        (
            FsType.EXT4,
            ResizeCommand(("resize2fs", "/dev/sda2"), False, "resize2fs grows ext2/3/4 online or offline"),
        ),
        (
            FsType.EXT2,
            ResizeCommand(("resize2fs", "/dev/sda2"), False, "resize2fs grows ext2/3/4 online or offline"),
        ),
        (FsType.XFS, ResizeCommand(("xfs_growfs", "/newroot"), True, "xfs grows only while mounted")),
        (
            FsType.BTRFS,
            ResizeCommand(
                ("btrfs", "filesystem", "resize", "max", "/newroot"), True, "btrfs grows only while mounted"
            ),
        ),
        (FsType.VFAT, ResizeCommand((), False, "vfat has no in-place grow that works; it keeps its size")),
    ],
)
def test_resize_command(fs: FsType, command: ResizeCommand) -> None:
    assert resize_command(fs, device="/dev/sda2", mountpoint="/newroot") == command


def test_chroot_binds_in_order() -> None:
    assert chroot_binds("/newroot/") == (
        Mount("/dev", "/newroot/dev", bind=True),
        Mount("/proc", "/newroot/proc", bind=True),
        Mount("/sys", "/newroot/sys", bind=True),
        Mount("/run", "/newroot/run", bind=True),
    )
    assert chroot_binds()[0].target == "/newroot/dev"


def test_result_values() -> None:
    from booty.domain.disk.results import RereadMethod, RereadResult, ResizeResult, TargetRoot

    assert (
        RereadResult("/dev/sda", RereadMethod.BLKRRPART, "partprobe exited 1").method.value
        == "BLKRRPART ioctl"
    )
    assert not ResizeResult("/dev/sda2", FsType.VFAT, grown=False, reason="keeps its size").grown
    assert TargetRoot("/newroot", chroot_binds()).mounts[3].source == "/run"
