"""md RAID and LVM on real loop devices, as far as this machine's kernel goes.

Without the md driver mdadm can still be run: stopping reads the real /proc/mdstat (absent) and
creating fails in mdadm itself, whose error must reach the caller with command, exit code and
stderr. Without device-mapper LVM metadata can still be written and deactivated; activation fails
for real, with LVM's own words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.app.disk import activate_lvm, create_raid, deactivate_lvm, stop_raid
from booty.domain.disk.mdadm import RAID_MIN_MEMBERS, parse_mdstat, plan_raid
from booty.domain.errors import DiskCommandFailed, UnapprovedDisk

from .conftest import LVM_PV, NO_DM, NO_MD, Loops, approve_loops, has_device_mapper, has_md, sh

pytestmark = pytest.mark.root


## RAID


def test_stop_raid_reads_the_real_mdstat(loops: Loops, shell: SubprocessShell, host: LinuxHost) -> None:
    loop = loops.new("64M")
    result = stop_raid(shell, host, approve_loops(loop))
    if has_md():
        assert result.stopped == ()
        assert result.reason == "no array on the approved disks"
    else:
        assert result.reason == "no md driver: /proc/mdstat does not exist"


def test_create_raid_without_md_driver_fails_with_mdadms_words(loops: Loops, shell: SubprocessShell) -> None:
    if has_md():
        pytest.skip("the kernel has the md driver: test_create_and_stop_raid runs instead")
    members = [loops.new("64M"), loops.new("64M")]
    spec = plan_raid("bootytest", 1, members)
    with pytest.raises(DiskCommandFailed, match="create RAID 1 array /dev/md/bootytest") as caught:
        create_raid(shell, approve_loops(*members), spec)
    assert caught.value.argv[:3] == ("mdadm", "--create", "/dev/md/bootytest")
    assert caught.value.returncode == 1
    assert caught.value.stderr.startswith("mdadm: ")


def test_raid_members_must_be_approved(loops: Loops, shell: SubprocessShell) -> None:
    chosen, other = loops.new("64M"), loops.new("64M")
    with pytest.raises(UnapprovedDisk, match=other):
        create_raid(shell, approve_loops(chosen), plan_raid("bootytest", 1, [chosen, other]))


@pytest.mark.parametrize("level", sorted(RAID_MIN_MEMBERS))
def test_create_and_stop_raid(loops: Loops, shell: SubprocessShell, host: LinuxHost, level: int) -> None:
    if not has_md():
        pytest.skip(NO_MD)
    personalities = Path("/proc/mdstat").read_text().splitlines()[0]
    if f"[raid{level}]" not in personalities:
        pytest.skip(f"no raid{level} personality in the kernel: {personalities.strip()}")
    members = [loops.new("64M") for _ in range(max(RAID_MIN_MEMBERS[level], 2))]
    spec = plan_raid(f"bootytest{level}", level, members)
    created = create_raid(shell, approve_loops(*members), spec)
    try:
        arrays = parse_mdstat(Path("/proc/mdstat").read_text())
        assert any(
            sorted(m.name for m in a.members) == sorted(x.removeprefix("/dev/") for x in members)
            for a in arrays
        )
        stopped = stop_raid(shell, host, approve_loops(*members))
        assert len(stopped.stopped) == 1
    finally:
        sh("mdadm", "--stop", created.path, check=False)
        sh("mdadm", "--zero-superblock", *members, check=False)


## LVM


def make_vg(loops: Loops, device: str, name: str) -> None:
    """A VG on *device* with one LV written as metadata only (no device-mapper needed)."""
    sh("pvcreate", "--force", "--yes", device)
    sh("vgcreate", name, device)
    loops.vgs.append(name)
    sh("lvcreate", "--driverloaded", "n", "--activate", "n", "--zero", "n", "-L", "16M", "-n", "root", name)


def test_lvm_deactivates_only_the_approved_disks_volume_groups(loops: Loops, shell: SubprocessShell) -> None:
    chosen, other = loops.new("128M"), loops.new("128M")
    loops.partition(chosen, f"label: gpt\n1: type={LVM_PV}, name=lvm\n")
    make_vg(loops, f"{chosen}p1", "bootytestchosen")
    make_vg(loops, other, "bootytestother")
    result = deactivate_lvm(shell, approve_loops(chosen))
    assert [vg.name for vg in result.volume_groups] == ["bootytestchosen"]
    assert not result.activated
    assert len(result.volume_groups[0].uuid) == 38


def test_lvm_activation(loops: Loops, shell: SubprocessShell) -> None:
    if not has_device_mapper():
        pytest.skip(NO_DM)
    loop = loops.new("128M")
    make_vg(loops, loop, "bootytestact")
    result = activate_lvm(shell, approve_loops(loop))
    assert [vg.name for vg in result.volume_groups] == ["bootytestact"]
    deactivate_lvm(shell, approve_loops(loop))


def test_lvm_activation_without_device_mapper_fails_with_lvms_words(
    loops: Loops, shell: SubprocessShell
) -> None:
    if has_device_mapper():
        pytest.skip("the kernel has device-mapper: test_lvm_activation runs instead")
    loop = loops.new("128M")
    make_vg(loops, loop, "bootytestact")
    with pytest.raises(DiskCommandFailed, match="activate volume group bootytestact") as caught:
        activate_lvm(shell, approve_loops(loop))
    assert caught.value.argv[:4] == ("lvm", "vgchange", "--activate", "y")
    assert caught.value.returncode == 5
    assert "device-mapper" in caught.value.stderr


def test_no_volume_group_on_the_approved_disk_is_nothing_to_do(loops: Loops, shell: SubprocessShell) -> None:
    loop = loops.new("64M")
    assert activate_lvm(shell, approve_loops(loop)).volume_groups == ()
