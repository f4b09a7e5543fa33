"""Filesystem check and grow on real loop devices: ext4, xfs, btrfs, vfat.

Each filesystem is made on a 320 MiB root partition (xfsprogs refuses less than 300 MiB), checked
unmounted, the disk is grown from 1 GiB to 2 GiB, the partition grown, the filesystem mounted at
a temporary target root and grown there, and its new size read back with statvfs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.app.disk import (
    check_filesystem,
    grow_root_partition,
    mount_root,
    probe_filesystem,
    read_partition_table,
    resize_filesystem,
)
from booty.domain.disk.filesystem import FsType
from booty.domain.errors import DiskCommandFailed, UnapprovedDisk, UnsupportedFilesystem

from .conftest import ESP, LINUX, MIB, NO_VFAT, Loops, approve_loop, has_filesystem, sh

pytestmark = pytest.mark.root

LAYOUT = f"label: gpt\n1: size=32M, type={ESP}, name=EFI\n2: size=320M, type={LINUX}, name=root\n"
MKFS = {
    # 4 KiB blocks as every distribution image has: mkfs picks 1 KiB blocks for a filesystem this
    # small, and the kernel then refuses to grow it online to 2 GiB (EPERM: too few reserved GDT blocks).
    FsType.EXT4: ("mkfs.ext4", "-q", "-F", "-b", "4096"),
    FsType.XFS: ("mkfs.xfs", "-q", "-f"),
    FsType.BTRFS: ("mkfs.btrfs", "-q", "-f"),
    FsType.VFAT: ("mkfs.vfat", "-F", "32"),
}


def make(loops: Loops, fs: FsType) -> tuple[str, str]:
    loop = loops.new("1G")
    loops.partition(loop, LAYOUT)
    sh(*MKFS[fs], f"{loop}p2")
    return loop, f"{loop}p2"


CAP_SYS_RESOURCE = 24
NO_ONLINE_EXT4 = (
    "no CAP_SYS_RESOURCE in this process: the kernel refuses ext4 online resize (EXT4_IOC_RESIZE_FS "
    "gives EPERM); test_ext4_grows_unmounted_too grows ext4 offline instead, and tests/vm runs this "
    "test in a VM, as root with every capability"
)


def has_capability(bit: int) -> bool:
    status = Path("/proc/self/status").read_text()
    return bool(int(status.split("CapEff:")[1].split()[0], 16) >> bit & 1)


def statvfs_bytes(mountpoint: Path) -> int:
    stats = os.statvfs(mountpoint)
    return stats.f_blocks * stats.f_frsize


@pytest.mark.parametrize("fs", [FsType.EXT4, FsType.XFS, FsType.BTRFS])
def test_check_grow_partition_mount_and_grow_filesystem(  # noqa: PLR0917 (pytest fixtures)
    loops: Loops,
    shell: SubprocessShell,
    block: SysfsBlockDevices,
    host: LinuxHost,
    tmp_path: Path,
    fs: FsType,
) -> None:
    if fs is FsType.EXT4 and not has_capability(CAP_SYS_RESOURCE):
        pytest.skip(NO_ONLINE_EXT4)
    loop, root = make(loops, fs)
    disk = approve_loop(loop)
    assert probe_filesystem(shell, root) is fs
    checked = check_filesystem(shell, disk, root)
    assert (checked.fstype, checked.verdict.ok) == (fs, True)

    loops.grow(loop, "2G")
    table = read_partition_table(shell, loop)
    assert grow_root_partition(shell, block, disk, table, table.partitions[1]).grown

    target = tmp_path / "newroot"
    loops.mounts.append(str(target))
    mounted = mount_root(host, root, target=str(target))
    assert mounted.fstype == fs.value
    before = statvfs_bytes(target)
    assert before < 330 * MIB
    grown = resize_filesystem(shell, disk, root, mountpoint=str(target))
    assert grown.grown
    after = statvfs_bytes(target)
    assert after > 1800 * MIB, f"{fs.value} is {after} bytes after growing"
    host.unmount(str(target))


def test_ext4_grows_unmounted_too(loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices) -> None:
    loop, root = make(loops, FsType.EXT4)
    disk = approve_loop(loop)
    loops.grow(loop, "2G")
    table = read_partition_table(shell, loop)
    grow_root_partition(shell, block, disk, table, table.partitions[1])
    assert resize_filesystem(shell, disk, root, mountpoint="/nonexistent", fstype=FsType.EXT4).grown
    block_count = int(sh("dumpe2fs", "-h", root).stdout.split("Block count:")[1].split()[0])
    assert block_count * 4096 > 1800 * MIB


def test_vfat_is_checked_and_keeps_its_size(
    loops: Loops, shell: SubprocessShell, host: LinuxHost, tmp_path: Path
) -> None:
    loop, root = make(loops, FsType.VFAT)
    disk = approve_loop(loop)
    assert check_filesystem(shell, disk, root).verdict.reason == "clean"
    result = resize_filesystem(shell, disk, root, mountpoint=str(tmp_path))
    assert (result.grown, result.reason) == (False, "vfat has no in-place grow that works; it keeps its size")
    if not has_filesystem("vfat"):
        pytest.skip(NO_VFAT)
    loops.mounts.append(str(tmp_path / "newroot"))
    assert mount_root(host, root, target=str(tmp_path / "newroot")).fstype == "vfat"
    host.unmount(str(tmp_path / "newroot"))


def test_a_failing_check_carries_the_checkers_words(loops: Loops, shell: SubprocessShell) -> None:
    loop = loops.new("1G")
    loops.partition(loop, LAYOUT)  # partition 2 holds only zeros: e2fsck finds no superblock
    root = f"{loop}p2"
    with pytest.raises(DiskCommandFailed, match=f"check ext4 filesystem on {root}") as caught:
        check_filesystem(shell, approve_loop(loop), root, fstype=FsType.EXT4)
    assert caught.value.argv == ("e2fsck", "-f", "-y", root)
    assert caught.value.returncode == 8
    assert "Bad magic number in super-block" in caught.value.stderr + caught.value.result.stdout


def test_no_filesystem_and_unknown_ones_are_named(loops: Loops, shell: SubprocessShell) -> None:
    loop = loops.new("1G")
    loops.partition(loop, LAYOUT)
    with pytest.raises(UnsupportedFilesystem, match="no filesystem found"):
        check_filesystem(shell, approve_loop(loop), f"{loop}p2")
    sh("mkswap", f"{loop}p2")
    with pytest.raises(UnsupportedFilesystem, match="swap is not a filesystem booty checks or grows"):
        probe_filesystem(shell, f"{loop}p2")


def test_a_partition_of_another_disk_is_refused(loops: Loops, shell: SubprocessShell) -> None:
    chosen, other = loops.new("64M"), loops.new("64M")
    with pytest.raises(UnapprovedDisk, match=f"{other}p1: not a partition of the approved disk {chosen}"):
        check_filesystem(shell, approve_loop(chosen), f"{other}p1", fstype=FsType.EXT4)
