"""Mount the root of a real loop device, bind /dev /proc /sys /run, tear down in reverse order,
also after an error in the body, and without hiding that error when the teardown fails too."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pytest

from booty.adapters.linux.host import LinuxHost
from booty.app.disk import mount_root, target_root
from booty.domain.disk.filesystem import FsType
from booty.domain.errors import MountFailed, TeardownFailed

from .conftest import LINUX, Loops, sh

pytestmark = pytest.mark.root


def mounted_under(root: Path) -> list[str]:
    """Mount points at or below *root*, in mount order (from the kernel's table)."""
    targets = [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()]
    return [t for t in targets if t == str(root) or t.startswith(f"{root}/")]


@pytest.fixture
def root_partition(loops: Loops) -> str:
    loop = loops.new("256M")
    loops.partition(loop, f"label: gpt\n1: type={LINUX}, name=root\n")
    sh("mkfs.ext4", "-q", "-F", f"{loop}p1")
    return f"{loop}p1"


def test_mount_binds_and_teardown(loops: Loops, host: LinuxHost, root_partition: str, tmp_path: Path) -> None:
    root = tmp_path / "newroot"
    loops.mounts += [str(root), *(f"{root}/{d}" for d in ("dev", "proc", "sys", "run"))]
    with target_root(host, root_partition, root=str(root)) as mounted:
        assert [m.target for m in mounted.mounts] == [
            str(root),
            *(f"{root}/{d}" for d in ("dev", "proc", "sys", "run")),
        ]
        assert mounted_under(root) == [m.target for m in mounted.mounts]
        assert (root / "proc" / "self" / "status").is_file()
        assert (root / "dev" / "null").exists()
        (root / "etc").mkdir()
        (root / "etc" / "hostname").write_text("booty\n")
    assert mounted_under(root) == []
    sh("mount", root_partition, str(root))
    assert (root / "etc" / "hostname").read_text() == "booty\n"
    sh("umount", str(root))


def test_teardown_after_an_error_in_the_body(
    loops: Loops, host: LinuxHost, root_partition: str, tmp_path: Path
) -> None:
    root = tmp_path / "newroot"
    loops.mounts += [str(root), *(f"{root}/{d}" for d in ("dev", "proc", "sys", "run"))]
    with (
        pytest.raises(RuntimeError, match="step failed") as caught,
        target_root(host, root_partition, root=str(root)),
    ):
        raise RuntimeError("step failed")
    assert mounted_under(root) == []
    assert not getattr(caught.value, "__notes__", [])


def hold_busy(root: Path, held: list[IO[str]], error: Exception | None = None) -> None:
    """Open a file on the root filesystem and keep it open (umount then gives EBUSY); then fail."""
    held.append((root / "held-open").open("w"))
    if error is not None:
        raise error


def test_a_failed_teardown_is_a_note_on_the_original_error(
    loops: Loops, host: LinuxHost, root_partition: str, tmp_path: Path
) -> None:
    root = tmp_path / "newroot"
    loops.mounts += [str(root), *(f"{root}/{d}" for d in ("dev", "proc", "sys", "run"))]
    held: list[IO[str]] = []
    try:
        with (
            pytest.raises(RuntimeError, match="step failed") as caught,
            target_root(host, root_partition, root=str(root)),
        ):
            hold_busy(root, held, RuntimeError("step failed"))
        notes = caught.value.__notes__
        assert len(notes) == 1
        assert notes[0].startswith(f"teardown after this error also failed: umount {root}: ")
        assert "busy" in notes[0]
        assert mounted_under(root) == [str(root)]  # the binds went; only the busy root stays
    finally:
        for file in held:
            file.close()
    host.unmount(str(root))


def test_a_failed_teardown_after_success_is_its_own_error(
    loops: Loops, host: LinuxHost, root_partition: str, tmp_path: Path
) -> None:
    root = tmp_path / "newroot"
    loops.mounts += [str(root), *(f"{root}/{d}" for d in ("dev", "proc", "sys", "run"))]
    held: list[IO[str]] = []
    try:
        with (
            pytest.raises(TeardownFailed, match=f"teardown failed: umount {root}: ") as caught,
            target_root(host, root_partition, root=str(root)),
        ):
            hold_busy(root, held)
        assert len(caught.value.errors) == 1
    finally:
        for file in held:
            file.close()
    host.unmount(str(root))


def test_mount_root_tries_the_types_in_order(loops: Loops, host: LinuxHost, tmp_path: Path) -> None:
    loop = loops.new("512M")
    loops.partition(loop, f"label: gpt\n1: type={LINUX}, name=root\n")
    sh("mkfs.xfs", "-q", "-f", f"{loop}p1")
    target = tmp_path / "newroot"
    loops.mounts.append(str(target))
    assert mount_root(host, f"{loop}p1", target=str(target)).fstype == "xfs"
    host.unmount(str(target))
    assert mount_root(host, f"{loop}p1", target=str(target), fstype=FsType.XFS).fstype == "xfs"
    host.unmount(str(target))


def test_mount_root_without_filesystem_names_every_type_tried(
    loops: Loops, host: LinuxHost, tmp_path: Path
) -> None:
    loop = loops.new("64M")
    target = tmp_path / "newroot"
    with pytest.raises(
        MountFailed, match=f"mounting {loop} at {target}: tried ext4=.*, xfs=.*, vfat="
    ) as caught:
        mount_root(host, loop, target=str(target))
    assert caught.value.target == str(target)
