"""The disk step handlers on a real loop device, as root: detect-disk (DISK_DEVICE names the loop
device), parse-partitions, check-filesystem, mount-root, grow-partition, resize-filesystem and
teardown-chroot, with the real sysfs, shell and host adapters; the rest of the ports are fakes
(no network, no controller).

The image is a GPT disk made with sfdisk (an ESP and an ext4 root that ends well before the end of
the disk), so grow-partition has room to grow the root. The loop devices, mounts and files are
undone by ``Loops`` of ``tests/integration/disk`` (rule 2 there), also when a test fails.

Growing a *mounted* ext4 needs CAP_SYS_RESOURCE, which containers often drop: without it
resize-filesystem must fail with resize2fs's own words and teardown-chroot must still leave nothing
mounted (the agent's failure path); with it the filesystem must fill the grown partition.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.disk.conftest import ESP, LINUX, MIB, Loops, sh

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.lab_ports import CAP_SYS_RESOURCE, has_capability
from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.app.provision import HANDLERS, AgentOptions, RunContext
from booty.app.streaming import StreamPorts
from booty.domain.config import load_vars
from booty.domain.errors import DiskCommandFailed
from booty.ports import Ports

pytestmark = [pytest.mark.root, pytest.mark.slow]

TOOLS = ("sfdisk", "mkfs.ext4", "losetup", "partprobe", "blkid", "e2fsck", "resize2fs", "sgdisk", "dumpe2fs")
DISK = "256M"
ROOT_SIZE_MIB = 64
TABLE = f"label: gpt\n1: size=16M, type={ESP}, name=EFI\n2: size={ROOT_SIZE_MIB}M, type={LINUX}, name=root\n"
BEFORE_TEARDOWN = ("parse-partitions", "check-filesystem", "mount-root", "grow-partition")


@pytest.fixture
def loops(tmp_path: Path) -> Iterator[Loops]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing tools: {', '.join(missing)}")
    if os.geteuid() != 0:
        pytest.skip("needs root: creates loop devices and mounts them")
    made = Loops(tmp_path)
    try:
        yield made
    finally:
        made.cleanup()


@pytest.fixture
def disk(loops: Loops) -> str:
    """A loop disk with an ESP and a small ext4 root, the rest of the disk free."""
    device = loops.new(DISK)
    loops.partition(device, TABLE)
    sh("mkfs.ext4", "-q", "-F", "-L", "root", f"{device}p2")
    return device


def context(device: str, root: Path, loops: Loops) -> RunContext:
    """A run over the real disk adapters, with DISK_DEVICE naming *device* and the target root *root*."""
    loops.mounts.append(str(root))  # unmounted by the cleanup if the test fails while mounted
    config = load_vars(
        f'MODE="provision"\nIMAGE="http://unused.example/os.img"\nDISK_DEVICE="{device}"\n'
    ).config
    http, block, clock = FakeHttp(), SysfsBlockDevices(), FakeClock()
    ports = Ports(
        netlink=FakeNetlink(),
        block=block,
        http=http,
        shell=SubprocessShell(),
        controller=FakeController(),
        host=LinuxHost(),
        clock=clock,
        lldp=FakeLldp(),
        processes=FakeProcesses(),
    )
    options = AgentOptions(target_root=str(root), no_reboot=True)
    return RunContext(config, ports, StreamPorts(http, block, clock), options)


def run(ctx: RunContext, *names: str) -> list[str]:
    return [HANDLERS[name].run(ctx) or "" for name in names]


def partition_bytes(node: str) -> int:
    return int(sh("blockdev", "--getsize64", node).stdout)


def filesystem_bytes(node: str) -> int:
    fields = dict(
        line.split(":", 1) for line in sh("dumpe2fs", "-h", node).stdout.splitlines() if ":" in line
    )
    return int(fields["Block count"]) * int(fields["Block size"])


def mounted_below(root: Path) -> list[str]:
    return [
        line.split()[1]
        for line in Path("/proc/self/mounts").read_text().splitlines()
        if line.split()[1] == str(root) or line.split()[1].startswith(f"{root}/")
    ]


def test_the_root_partition_is_found_checked_mounted_grown_and_unmounted(
    disk: str, loops: Loops, tmp_path: Path
) -> None:
    root = tmp_path / "newroot"
    ctx = context(disk, root, loops)
    run(ctx, "detect-disk")
    assert ctx.require_target().path == disk
    assert partition_bytes(f"{disk}p2") == ROOT_SIZE_MIB * MIB

    details = run(ctx, *BEFORE_TEARDOWN)

    assert (ctx.state.root_partition, ctx.state.boot_partition) == (f"{disk}p2", f"{disk}p1")
    assert details[0] == f"root {disk}p2 (named 'root'), EFI {disk}p1 (first EFI system partition)"
    assert mounted_below(root) == [str(root)]
    assert [m.target for m in ctx.state.mounts] == [str(root)]
    grown = partition_bytes(f"{disk}p2")
    # The whole disk but the ESP, the 1 MiB alignment gap and the backup GPT at the end.
    assert grown > 200 * MIB, details[3]
    assert sh("sfdisk", "--json", disk).stdout.count('"node"') == 2

    if has_capability(CAP_SYS_RESOURCE):
        run(ctx, "resize-filesystem")
        assert filesystem_bytes(f"{disk}p2") > 200 * MIB
    else:
        with pytest.raises(DiskCommandFailed, match=rf"grow ext4 filesystem on {disk}p2: resize2fs .*exited"):
            run(ctx, "resize-filesystem")

    assert run(ctx, "teardown-chroot") == [f"unmounted {root}"]
    assert mounted_below(root) == []
    assert ctx.state.mounts == []
    # The filesystem is still sound after the online grow (or the refused one).
    assert sh("e2fsck", "-f", "-n", f"{disk}p2", check=False).returncode == 0


def test_teardown_unmounts_the_chroot_binds_before_the_root(disk: str, loops: Loops, tmp_path: Path) -> None:
    root = tmp_path / "newroot"
    ctx = context(disk, root, loops)
    run(ctx, "detect-disk", "parse-partitions", "mount-root", "setup-chroot-binds")
    loops.mounts.extend(f"{root}/{d}" for d in ("dev", "proc", "sys", "run"))
    assert mounted_below(root) == [str(root), *(f"{root}/{d}" for d in ("dev", "proc", "sys", "run"))]

    detail = run(ctx, "teardown-chroot")[0]

    assert detail == f"unmounted {root}/run, {root}/sys, {root}/proc, {root}/dev, {root}"
    assert mounted_below(root) == []
    assert ctx.state.mounts == []
