"""Wipe and secure erase on real loop devices: the chosen disk is cleared, the other one is not."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.shell import SubprocessShell
from booty.app.disk import secure_erase_disks, wipe_disk, wipe_disks
from booty.domain.disk.erase import EraseMethod, EraseOutcome
from booty.domain.errors import BlockOperationFailed, SecureEraseFailed, UnapprovedDisk, WipeFailed

from .conftest import ESP, LINUX, LVM_PV, MIB, Loops, approve_loop, approve_loops, digest, fill, sh

pytestmark = pytest.mark.root

LAYOUT = (
    f"label: gpt\n1: size=32M, type={ESP}, name=EFI\n2: size=64M, type={LVM_PV}, name=lvm\n"
    f"3: type={LINUX}, name=root\n"
)


def prepared(loops: Loops, size: str = "256M") -> str:
    """A disk as a previous install leaves it: pattern bytes, GPT, vfat ESP, an LVM PV, ext4 root."""
    loop = loops.new(size)
    fill(loop, 0x5A)
    loops.partition(loop, LAYOUT)
    sh("mkfs.vfat", f"{loop}p1")
    sh("pvcreate", "--force", "--yes", f"{loop}p2")
    sh("mkfs.ext4", "-q", "-F", f"{loop}p3")
    return loop


def signatures(device: str) -> str:
    """What wipefs would erase (``--no-act``), one signature per line; empty when clean."""
    return sh("wipefs", "--no-act", "--noheadings", device).stdout.strip()


def head_and_tail(device: str) -> tuple[bytes, bytes]:
    size = int(sh("blockdev", "--getsize64", device).stdout)
    with Path(device).open("rb") as stream:
        head = stream.read(MIB)
        stream.seek(size - MIB)
        return head, stream.read(MIB)


def test_only_the_chosen_disk_is_wiped(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    chosen, other = prepared(loops), prepared(loops)
    before = digest(other)
    partitions_of_chosen = [f"{chosen}p{n}" for n in (1, 2, 3)]
    assert all(signatures(p) for p in partitions_of_chosen)

    (outcome,) = wipe_disks(shell, block, approve_loops(chosen))

    assert outcome.done == (
        f"wipefs {chosen}p1",
        f"wipefs {chosen}p2",
        f"wipefs {chosen}p3",
        "sgdisk --zap-all",
        f"wipefs {chosen}",
        "zeroed first MiB",
        "zeroed last MiB",
    )
    assert outcome.warnings == ()
    assert signatures(chosen) == ""
    assert sh("blkid", "--probe", chosen, check=False).returncode == 2  # nothing found
    assert head_and_tail(chosen) == (bytes(MIB), bytes(MIB))
    assert not list(Path("/sys/block", Path(chosen).name).glob("*p[0-9]*"))  # the kernel forgot them
    assert digest(other) == before
    assert sh("sfdisk", "--json", other).returncode == 0
    assert signatures(f"{other}p3")


def test_the_old_partitions_signatures_are_gone_even_when_a_table_brings_them_back(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    loop = prepared(loops)
    wipe_disk(shell, block, approve_loop(loop))
    loops.partition(loop, LAYOUT)  # the same layout again: what did the old partitions leave?
    assert [signatures(f"{loop}p{n}") for n in (1, 2, 3)] == ["", "", ""]


def test_a_path_string_is_refused_and_nothing_is_written(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    other = prepared(loops)
    before = digest(other)
    with pytest.raises(UnapprovedDisk, match="destructive operations take an ApprovedDisk"):
        wipe_disk(shell, block, other)  # type: ignore[arg-type]
    with pytest.raises(UnapprovedDisk):
        block.zero_range(other, 0, MIB)  # type: ignore[arg-type]
    assert digest(other) == before


def test_a_mounted_disk_is_refused_by_the_kernel(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices, tmp_path: Path
) -> None:
    loop = loops.new("64M")
    sh("mkfs.ext4", "-q", "-F", loop)
    target = tmp_path / "mnt"
    target.mkdir()
    loops.mounts.append(str(target))
    sh("mount", loop, str(target))
    disk = approve_loop(loop)  # forced past "mounted"
    with pytest.raises(WipeFailed, match=f"the wipe failed: {loop}: ") as caught:
        wipe_disks(shell, block, approve_loops(loop))
    assert "wipefs" in str(caught.value) or "Device or resource busy" in str(caught.value)
    sh("umount", str(target))
    assert disk.path == loop


def test_secure_erase_of_a_disk_without_hardware_erase_fails_without_fallback(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    loop = prepared(loops)
    before = digest(loop)
    with pytest.raises(SecureEraseFailed, match="secure erase failed on 1 disk") as caught:
        secure_erase_disks(shell, block, FakeClock(), approve_loops(loop), fallback=False)
    assert caught.value.outcomes == (EraseOutcome(loop, None, "hdparm reports no ATA security feature set"),)
    assert digest(loop) == before


def test_secure_erase_falls_back_to_a_metadata_wipe_when_allowed(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    loop = prepared(loops)
    other = prepared(loops)
    before = digest(other)
    (outcome,) = secure_erase_disks(shell, block, FakeClock(), approve_loops(loop), fallback=True)
    assert outcome == EraseOutcome(
        loop, EraseMethod.METADATA_WIPE, "hdparm reports no ATA security feature set"
    )
    assert str(outcome) == f"{loop}: metadata wipe (fallback: hdparm reports no ATA security feature set)"
    assert signatures(loop) == ""
    assert digest(other) == before


def test_zeroing_a_mounted_disk_is_refused_by_the_kernel(
    loops: Loops, block: SysfsBlockDevices, tmp_path: Path
) -> None:
    """zero_range opens the disk with O_EXCL: while it is mounted the kernel says EBUSY."""
    loop = loops.new("64M")
    sh("mkfs.ext4", "-q", "-F", loop)
    target = tmp_path / "mnt"
    target.mkdir()
    loops.mounts.append(str(target))
    sh("mount", loop, str(target))
    with pytest.raises(BlockOperationFailed) as caught:
        block.zero_range(approve_loop(loop), 0, MIB)
    assert caught.value.errno == errno.EBUSY
    sh("umount", str(target))
    assert (
        "TYPE=ext4" in sh("blkid", "--probe", "--output", "export", loop).stdout
    )  # the superblock is intact
