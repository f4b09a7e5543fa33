"""Real kernel objects for the disk operations: loop devices over sparse files, their partitions,
filesystems, LVM metadata and mounts.

Rules of this folder:

1. Only loop devices a test created are touched. Each is attached with ``losetup --find --show``
   over a file under the test's tmp_path, and approved the only way booty knows: chosen (forced:
   loop devices are never eligible) by DISK_DEVICE from the machine's real disk list.
2. Everything is undone in ``finally`` blocks, also when a test fails: mounts (innermost first),
   LVM volume groups and physical volumes, md device nodes mdadm created, loop devices.
3. What the kernel here cannot do is skipped with the exact reason (this machine's kernel has no
   md driver, no device-mapper, no vfat and no partition-table parsers: ``partprobe`` tells it the
   partitions with BLKPG instead). tests/vm runs these tests under a Debian kernel that has them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.targets import ApprovedDisk, ApprovedTargets, Scope, approve

MIB = 2**20
ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
LVM_PV = "E6D6D379-F507-44C2-A23C-238F2A3DF928"
LVM_ENV = {**os.environ, "LVM_SUPPRESS_FD_WARNINGS": "1"}


def sh(*argv: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a setup or verification command (never the code under test)."""
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, check=check, env=LVM_ENV)


def has_md() -> bool:
    return Path("/proc/mdstat").exists()


def has_device_mapper() -> bool:
    return "device-mapper" in Path("/proc/devices").read_text()


def has_filesystem(name: str) -> bool:
    return any(line.split()[-1] == name for line in Path("/proc/filesystems").read_text().splitlines())


IN_VM = "; tests/vm runs this test under a Debian kernel in a VM"
NO_MD = (
    "kernel has no md driver (CONFIG_MD not set: /proc/mdstat is missing and modules cannot be loaded)"
    + IN_VM
)
NO_DM = (
    "kernel has no device-mapper (no 'device-mapper' in /proc/devices): LVM volumes cannot be activated"
    + IN_VM
)
NO_VFAT = "kernel has no vfat driver (not in /proc/filesystems): a vfat filesystem cannot be mounted" + IN_VM


@attrs.define
class Loops:
    """Creates loop devices over sparse files and removes every trace of them at the end."""

    directory: Path
    devices: list[str] = attrs.field(factory=list)
    mounts: list[str] = attrs.field(factory=list)
    """Mount points to unmount at the end if a test left them mounted (innermost last)."""
    vgs: list[str] = attrs.field(factory=list)
    md_nodes_before: set[str] = attrs.field(factory=set)

    def new(self, size: str, *, sector_size: int = 512) -> str:
        backing = self.directory / f"disk{len(self.devices)}.img"
        sh("truncate", "-s", size, str(backing))
        device = sh(
            "losetup", "--find", "--show", "--partscan", "--sector-size", str(sector_size), str(backing)
        ).stdout.strip()
        self.devices.append(device)
        return device

    def backing(self, device: str) -> Path:
        return self.directory / f"disk{self.devices.index(device)}.img"

    def grow(self, device: str, size: str) -> None:
        """Enlarge the backing file and tell the loop driver (``losetup -c``)."""
        sh("truncate", "-s", size, str(self.backing(device)))
        sh("losetup", "--set-capacity", device)

    def partition(self, device: str, script: str) -> None:
        """Write a table with an sfdisk script, then tell the kernel its partitions (partprobe)."""
        sh("sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", device, stdin=script)
        sh("partprobe", device)

    def cleanup(self) -> None:
        for target in reversed(self.mounts):
            subprocess.run(["umount", target], capture_output=True, check=False)
        for vg in self.vgs:
            subprocess.run(
                ["vgremove", "--force", "--yes", vg], capture_output=True, check=False, env=LVM_ENV
            )
        for device in self.devices:
            partitions = sorted(Path("/sys/block", Path(device).name).glob(f"{Path(device).name}p*"))
            pvs = [f"/dev/{p.name}" for p in partitions] + [device]
            subprocess.run(
                ["pvremove", "--force", "--yes", *pvs], capture_output=True, check=False, env=LVM_ENV
            )
            subprocess.run(["losetup", "--detach", device], capture_output=True, check=False)
        for image in self.directory.glob("*.img"):
            image.unlink()  # sparse, but pytest keeps the last runs' tmp_path around
        for node in sorted(_md_nodes() - self.md_nodes_before, reverse=True):
            path = Path(node)
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)


def _md_nodes() -> set[str]:
    nodes = {str(p) for p in Path("/dev").glob("md*")}
    if Path("/dev/md").is_dir():
        nodes |= {str(p) for p in Path("/dev/md").iterdir()}
    return nodes


@pytest.fixture
def loops(tmp_path: Path) -> Iterator[Loops]:
    if os.geteuid() != 0:
        pytest.skip("needs root: creates loop devices")
    made = Loops(tmp_path, md_nodes_before=_md_nodes())
    run_mdadm_existed = Path("/run/mdadm").exists()
    try:
        yield made
    finally:
        made.cleanup()
        if not run_mdadm_existed and Path("/run/mdadm").is_dir():
            for entry in Path("/run/mdadm").iterdir():
                entry.unlink()
            Path("/run/mdadm").rmdir()


@pytest.fixture
def shell() -> SubprocessShell:
    return SubprocessShell()


@pytest.fixture
def block() -> SysfsBlockDevices:
    return SysfsBlockDevices()


@pytest.fixture
def host() -> LinuxHost:
    return LinuxHost()


def approve_loops(*devices: str, scope: Scope = Scope.TARGET) -> ApprovedTargets:
    """Approve *devices* as booty approves disks: the machine's real disks, DISK_DEVICE, force.

    With several devices the first is DISK_DEVICE and the others must be candidates, which loop
    devices never are; so each is approved on its own and the approvals are joined.
    """
    disks = SysfsBlockDevices().list_disks()
    approved = [
        approve(choose_target_disk(disks, override=d, force=True), scope=scope).disks[0] for d in devices
    ]
    return ApprovedTargets(tuple(sorted(approved, key=lambda a: a.name)), scope)


def approve_loop(device: str) -> ApprovedDisk:
    return approve_loops(device).disks[0]


def digest(device: str) -> str:
    """SHA-256 of the device's whole content."""
    with Path(device).open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def fill(device: str, byte: int) -> None:
    """Write *byte* over the whole device (the loop devices here are a few MiB to a GiB)."""
    size = int(sh("blockdev", "--getsize64", device).stdout)
    with Path(device).open("r+b") as stream:
        for _ in range(size // MIB):
            stream.write(bytes([byte]) * MIB)
        os.fsync(stream.fileno())
