"""Partition re-read, sfdisk read and root growth on real loop devices."""

from __future__ import annotations

import errno
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.shell import SubprocessShell
from booty.app.disk import grow_root_partition, read_partition_table, reread_partitions
from booty.domain.disk.results import RereadMethod
from booty.domain.disk.sfdisk import ESP_GUID, LINUX_FS_GUID, find_partition_roles
from booty.domain.errors import BlockOperationFailed, DiskCommandFailed
from booty.domain.shell import CommandResult

from .conftest import ESP, LINUX, MIB, Loops, approve_loop, sh

pytestmark = pytest.mark.root

TWO_PARTITIONS = f"label: gpt\n1: size=100M, type={ESP}, name=EFI\n2: size=200M, type={LINUX}, name=root\n"


def sys_partitions(device: str) -> list[str]:
    name = Path(device).name
    return sorted(p.name for p in Path("/sys/block", name).iterdir() if (p / "partition").is_file())


def test_sfdisk_reads_the_table_and_the_roles(loops: Loops, shell: SubprocessShell) -> None:
    loop = loops.new("1G")
    loops.partition(loop, TWO_PARTITIONS)
    table = read_partition_table(shell, loop)
    assert [p.type for p in table.partitions] == [ESP_GUID, LINUX_FS_GUID]
    roles = find_partition_roles(table)
    assert (roles.esp.node if roles.esp else "", roles.root.node, roles.root_reason) == (
        f"{loop}p1",
        f"{loop}p2",
        "named 'root'",
    )


def test_a_disk_without_table_reads_as_empty(loops: Loops, shell: SubprocessShell) -> None:
    loop = loops.new("16M")
    table = read_partition_table(shell, loop)
    assert (table.label, table.partitions) == ("", ())


def test_sfdisk_failure_carries_command_exit_code_and_stderr(shell: SubprocessShell) -> None:
    with pytest.raises(DiskCommandFailed) as caught:
        read_partition_table(shell, "/dev/booty-no-such-disk")
    assert caught.value.argv == ("sfdisk", "--json", "/dev/booty-no-such-disk")
    assert caught.value.returncode == 1
    assert "No such file or directory" in caught.value.stderr


def test_partprobe_makes_the_kernel_see_a_new_table(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    loop = loops.new("1G")
    sh("sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", loop, stdin=TWO_PARTITIONS)
    assert sys_partitions(loop) == []
    result = reread_partitions(shell, block, loop)
    assert result.method is RereadMethod.PARTPROBE
    name = Path(loop).name
    assert sys_partitions(loop) == [f"{name}p1", f"{name}p2"]


class NoPartprobe:
    """The real shell, except that partprobe is not installed (what an initramfs may lack)."""

    def __init__(self) -> None:
        self.real = SubprocessShell()

    def run(
        self,
        argv: Sequence[str],
        *,
        stdin: bytes | None = None,
        root: str | None = None,
        timeout_s: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> CommandResult:
        if argv[0] == "partprobe":
            result = self.real.run(["booty-test-partprobe-is-not-installed", *argv[1:]])
            return CommandResult(tuple(argv), result.returncode, result.stdout, result.stderr)
        return self.real.run(argv, stdin=stdin, root=root, timeout_s=timeout_s, env=env)


def test_blkrrpart_is_the_fallback_without_partprobe(loops: Loops, block: SysfsBlockDevices) -> None:
    loop = loops.new("64M")
    result = reread_partitions(NoPartprobe(), block, loop)
    assert result.method is RereadMethod.BLKRRPART
    assert result.fallback_reason.startswith("partprobe exited 127")


def test_blkrrpart_refused_by_the_kernel_fails_with_both_reasons(
    loops: Loops, block: SysfsBlockDevices, tmp_path: Path
) -> None:
    backing = tmp_path / "plain.img"
    sh("truncate", "-s", "16M", str(backing))
    loop = sh("losetup", "--find", "--show", str(backing)).stdout.strip()  # no --partscan
    loops.devices.append(loop)
    with pytest.raises(BlockOperationFailed) as direct:
        block.reread_partitions(loop)
    assert direct.value.errno == errno.EINVAL
    with pytest.raises(DiskCommandFailed, match="re-read partition table") as caught:
        reread_partitions(NoPartprobe(), block, loop)
    assert caught.value.returncode == 127
    assert any("BLKRRPART fallback failed too" in note for note in caught.value.__notes__)


def test_size_follows_the_backing_file(loops: Loops, block: SysfsBlockDevices) -> None:
    loop = loops.new("64M")
    assert block.size_bytes(loop) == 64 * MIB
    loops.grow(loop, "96M")
    assert block.size_bytes(loop) == 96 * MIB


def test_grow_after_the_disk_grew(loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices) -> None:
    loop = loops.new("1G")
    loops.partition(loop, TWO_PARTITIONS)
    loops.grow(loop, "2G")
    table = read_partition_table(shell, loop)  # sfdisk warns on stderr: backup GPT not at the end
    root = find_partition_roles(table).root
    result = grow_root_partition(shell, block, approve_loop(loop), table, root)
    assert (result.grown, result.method, result.number) == (True, "growpart", 2)
    assert result.plan.relocate_backup_gpt
    assert result.detail.startswith("CHANGED: partition=2")
    grown = read_partition_table(shell, loop)
    assert grown.last_lba == 2 * 2**30 // 512 - 34
    assert grown.partitions[1].end == grown.last_lba
    size_in_kernel = int(Path("/sys/block", Path(loop).name, f"{Path(loop).name}p2", "size").read_text())
    assert size_in_kernel == grown.partitions[1].size
    again = grow_root_partition(shell, block, approve_loop(loop), grown, grown.partitions[1])
    assert (again.grown, again.plan.relocate_backup_gpt) == (False, False)
    assert again.detail == f"{loop}p2 already ends at the end of the disk"


def test_growpart_nochange_is_not_an_error(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    loop = loops.new("1G")
    loops.partition(loop, f"label: gpt\n1: type={LINUX}, name=root\n")
    loops.grow(loop, "1026M")  # 2 MiB more: growpart grows, or says NOCHANGE after alignment
    table = read_partition_table(shell, loop)
    result = grow_root_partition(shell, block, approve_loop(loop), table, table.partitions[0])
    assert result.grown or "NOCHANGE" in result.detail


class NoGrowpart(NoPartprobe):
    """The real shell without growpart (cloud-guest-utils missing from the initramfs)."""

    def run(
        self,
        argv: Sequence[str],
        *,
        stdin: bytes | None = None,
        root: str | None = None,
        timeout_s: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> CommandResult:
        if argv[0] == "growpart":
            result = self.real.run(["booty-test-growpart-is-not-installed"])
            return CommandResult(tuple(argv), result.returncode, result.stdout, result.stderr)
        return self.real.run(argv, stdin=stdin, root=root, timeout_s=timeout_s, env=env)


def test_sfdisk_grows_when_growpart_is_missing(
    loops: Loops, shell: SubprocessShell, block: SysfsBlockDevices
) -> None:
    loop = loops.new("1G")
    loops.partition(loop, TWO_PARTITIONS)
    loops.grow(loop, "2G")
    table = read_partition_table(shell, loop)
    result = grow_root_partition(NoGrowpart(), block, approve_loop(loop), table, table.partitions[1])
    assert (result.grown, result.method, result.detail) == (True, "sfdisk", "growpart not installed")
    grown = read_partition_table(shell, loop)
    # sfdisk writes its own, MiB-aligned last usable sector and ends the partition there
    assert grown.partitions[1].end == grown.last_lba
    assert 0 <= 2 * 2**30 // 512 - 34 - grown.last_lba < MIB // 512
    size_in_kernel = int(Path("/sys/block", Path(loop).name, f"{Path(loop).name}p2", "size").read_text())
    assert size_in_kernel == grown.partitions[1].size
