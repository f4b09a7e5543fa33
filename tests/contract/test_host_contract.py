"""Contract of the Host port: LinuxHost on files and mounts under tmp_path, FakeHost in memory.

Nothing here loads a module, stages a kexec image or reboots: the module and kexec tests only
reach the argument checks, which both adapters make before any file is opened.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from booty.adapters.fake.host import FakeHost
from booty.adapters.linux.host import LinuxHost
from booty.domain.errors import HostOperationFailed, MountFailed, NotMounted, RebootFailed, UnsupportedOnHost
from booty.domain.system import FileInfo, FileKind, KexecImage, Mount
from booty.ports.host import Host


@attrs.frozen
class World:
    """The port under test, the directory it may use, and what the port cannot tell about itself."""

    host: Host
    base: str
    mode_of: Callable[[str], int]
    listdir: Callable[[str], tuple[str, ...]]
    is_mounted: Callable[[str], bool]
    real: bool


def _mount_points() -> list[str]:
    """Mount points of this process, from /proc/self/mountinfo (field 5, octal-escaped)."""
    lines = Path("/proc/self/mountinfo").read_text().splitlines()
    return [line.split()[4].encode().decode("unicode_escape") for line in lines]


@pytest.fixture(params=["fake", "linux"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    base = str(tmp_path / "root")
    if request.param == "fake":
        fake = FakeHost()
        fake.make_dirs(base)
        yield World(
            fake, base, fake.mode_of, fake.list_dir, lambda t: any(m.target == t for m in fake.mounts), False
        )
        return
    Path(base).mkdir()
    try:
        yield World(
            LinuxHost(),
            base,
            lambda p: Path(p).stat().st_mode & 0o7777,
            LinuxHost().list_dir,
            lambda t: t in _mount_points(),
            True,
        )
    finally:
        # Leave no mount behind, even when the test failed half-way.
        for target in reversed(_mount_points()):
            if target.startswith(str(tmp_path)):
                subprocess.run(["umount", "-l", target], check=False)


@pytest.fixture
def mounting(world: World) -> World:
    """The world, provided mount(2) is allowed here."""
    if world.real and os.geteuid() != 0:
        pytest.skip("needs root: mount(2) and umount2(2) are privileged")
    return world


## Files


def test_written_file_reads_back(world: World) -> None:
    path = f"{world.base}/etc/hostname"
    world.host.write_file(path, b"node-1\n")
    assert world.host.read_file(path) == b"node-1\n"


def test_reading_a_missing_file_raises_file_not_found(world: World) -> None:
    with pytest.raises(FileNotFoundError):
        world.host.read_file(f"{world.base}/missing")


def test_reading_a_directory_raises_is_a_directory(world: World) -> None:
    with pytest.raises(IsADirectoryError):
        world.host.read_file(world.base)


def test_exists_sees_files_and_the_directories_made_for_them(world: World) -> None:
    path = f"{world.base}/a/b/c.txt"
    assert not world.host.exists(path)
    world.host.write_file(path, b"x")
    assert world.host.exists(path)
    assert world.host.exists(f"{world.base}/a/b")
    assert not world.host.exists(f"{world.base}/a/c")


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o755, 0o4755])
def test_mode_is_applied_whatever_the_umask(world: World, mode: int) -> None:
    path = f"{world.base}/file"
    old = os.umask(0o077)
    try:
        world.host.write_file(path, b"x", mode=mode)
    finally:
        os.umask(old)
    assert world.mode_of(path) == mode


def test_default_mode_is_0644(world: World) -> None:
    world.host.write_file(f"{world.base}/file", b"x")
    assert world.mode_of(f"{world.base}/file") == 0o644


def test_replacing_a_file_leaves_only_the_new_content(world: World) -> None:
    path = f"{world.base}/etc/fstab"
    world.host.write_file(path, b"old contents that are longer\n", mode=0o600)
    world.host.write_file(path, b"new\n", mode=0o644)
    assert world.host.read_file(path) == b"new\n"
    assert world.mode_of(path) == 0o644
    assert world.listdir(f"{world.base}/etc") == ("fstab",), "a temporary file was left behind"


def test_writing_over_a_directory_fails_and_leaves_nothing(world: World) -> None:
    world.host.write_file(f"{world.base}/d/inner", b"x")
    with pytest.raises(IsADirectoryError):
        world.host.write_file(f"{world.base}/d", b"y")
    assert world.listdir(world.base) == ("d",)


## Mounts


def test_tmpfs_mount_then_unmount(mounting: World) -> None:
    target = f"{mounting.base}/mnt/tmp"
    mounting.host.mount(Mount("tmpfs", target, "tmpfs", ("size=1m", "nosuid", "mode=0755")))
    assert mounting.host.exists(target)
    assert mounting.is_mounted(target)
    mounting.host.unmount(target)
    assert not mounting.is_mounted(target)


def test_bind_mount_then_unmount(mounting: World) -> None:
    source, target = f"{mounting.base}/src", f"{mounting.base}/dst"
    mounting.host.write_file(f"{source}/marker", b"here")
    mounting.host.mount(Mount(source, target, bind=True))
    assert mounting.is_mounted(target)
    mounting.host.unmount(target)
    assert not mounting.is_mounted(target)


def test_bind_mount_of_a_missing_source_fails(mounting: World) -> None:
    with pytest.raises(MountFailed) as caught:
        mounting.host.mount(Mount(f"{mounting.base}/nothing", f"{mounting.base}/dst", bind=True))
    assert caught.value.errno == errno.ENOENT


def test_unmounting_a_directory_that_is_not_mounted_raises_not_mounted(mounting: World) -> None:
    mounting.host.write_file(f"{mounting.base}/plain/file", b"x")
    with pytest.raises(NotMounted) as caught:
        mounting.host.unmount(f"{mounting.base}/plain")
    assert isinstance(caught.value, HostOperationFailed)
    assert caught.value.errno == errno.EINVAL


def test_unmounting_a_missing_path_raises_not_mounted(mounting: World) -> None:
    with pytest.raises(NotMounted):
        mounting.host.unmount(f"{mounting.base}/no/such/dir")


def test_unmounting_twice_raises_not_mounted(mounting: World) -> None:
    target = f"{mounting.base}/mnt"
    mounting.host.mount(Mount("tmpfs", target, "tmpfs"))
    mounting.host.unmount(target)
    with pytest.raises(NotMounted):
        mounting.host.unmount(target)


## Modules and kexec: argument checks only


def test_loading_a_missing_module_raises_file_not_found(world: World) -> None:
    with pytest.raises(FileNotFoundError):
        world.host.load_module(f"{world.base}/lib/modules/nope.ko")


def test_kexec_with_several_initrds_is_refused_before_anything_is_opened(world: World) -> None:
    image = KexecImage(f"{world.base}/vmlinuz", (f"{world.base}/a.img", f"{world.base}/b.img"), "ro")
    with pytest.raises(UnsupportedOnHost, match="single initrd"):
        world.host.kexec_load(image)


@pytest.mark.parametrize("initrds", [(), ("initrd.img",)])
def test_kexec_of_a_missing_kernel_raises_file_not_found(world: World, initrds: tuple[str, ...]) -> None:
    image = KexecImage(f"{world.base}/vmlinuz", tuple(f"{world.base}/{i}" for i in initrds))
    with pytest.raises(FileNotFoundError):
        world.host.kexec_load(image)


## Real only


def test_unknown_architecture_is_refused_before_any_syscall(tmp_path: Path) -> None:
    module = tmp_path / "fake.ko"
    module.write_bytes(b"not really a module")
    host = LinuxHost(machine="mips64")
    with pytest.raises(UnsupportedOnHost, match="mips64"):
        host.load_module(str(module))
    with pytest.raises(UnsupportedOnHost, match="mips64"):
        host.kexec_load(KexecImage(str(module)))


def test_read_only_bind_mount_refuses_writes(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: mount(2) is privileged")
    host, source, target = LinuxHost(), tmp_path / "src", tmp_path / "ro"
    host.write_file(str(source / "marker"), b"here")
    host.mount(Mount(str(source), str(target), bind=True, options=("ro",)))
    try:
        assert host.read_file(str(target / "marker")) == b"here"
        with pytest.raises(OSError, match="Read-only") as caught:
            (target / "new").write_bytes(b"x")
        assert caught.value.errno == errno.EROFS
    finally:
        host.unmount(str(target))


def test_bind_mounting_a_file_creates_a_file_mount_point(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: mount(2) is privileged")
    host, source, target = LinuxHost(), tmp_path / "resolv.conf", tmp_path / "etc" / "resolv.conf"
    host.write_file(str(source), b"nameserver 192.0.2.53\n")
    host.mount(Mount(str(source), str(target), bind=True))
    try:
        assert host.read_file(str(target)) == b"nameserver 192.0.2.53\n"
    finally:
        host.unmount(str(target))


## Fake only: what tests inspect


def test_fake_records_modules_kexec_and_reboots() -> None:
    host = FakeHost()
    host.write_file("/lib/modules/mlx5_core.ko", b"\x7fELF")
    host.write_file("/boot/vmlinuz", b"kernel")
    host.write_file("/boot/initrd.img", b"initrd")
    with pytest.raises(RebootFailed):
        host.reboot(kexec=True)
    host.load_module("/lib/modules/mlx5_core.ko")
    image = KexecImage("/boot/vmlinuz", ("/boot/initrd.img",), "root=/dev/sda2")
    host.kexec_load(image)
    host.reboot(kexec=True)
    host.reboot()
    assert host.modules == ["/lib/modules/mlx5_core.ko"]
    assert host.kexec_image == image
    assert host.reboots == [True, False]


def test_fake_mount_table_stacks_and_unstacks() -> None:
    host = FakeHost()
    host.mount(Mount("/dev/sda2", "/mnt", "ext4"))
    host.mount(Mount("tmpfs", "/mnt/", "tmpfs"))
    host.unmount("/mnt")
    assert host.mounts == [Mount("/dev/sda2", "/mnt", "ext4")]


def test_list_dir_lists_sorted_names_and_fails_like_os_listdir(world: World) -> None:
    world.host.write_file(f"{world.base}/b/two", b"")
    world.host.write_file(f"{world.base}/b/one", b"")
    assert world.host.list_dir(f"{world.base}/b") == ("one", "two")
    with pytest.raises(FileNotFoundError):
        world.host.list_dir(f"{world.base}/missing")
    with pytest.raises(NotADirectoryError):
        world.host.list_dir(f"{world.base}/b/one")


def test_read_file_with_a_limit_reads_only_the_head(world: World) -> None:
    world.host.write_file(f"{world.base}/image", b"\x28\xb5\x2f\xfd" + b"x" * 100)
    assert world.host.read_file(f"{world.base}/image", limit=4) == b"\x28\xb5\x2f\xfd"
    assert world.host.read_file(f"{world.base}/image", limit=1000) == b"\x28\xb5\x2f\xfd" + b"x" * 100


## Metadata, directories, renames and removal


def _link(world: World, path: str, target: str) -> None:
    if isinstance(world.host, FakeHost):
        world.host.add_link(path, target)
    else:
        Path(path).symlink_to(target)


def test_stat_tells_file_directory_and_symlink_apart(world: World) -> None:
    world.host.write_file(f"{world.base}/f", b"abc", mode=0o600)
    world.host.make_dirs(f"{world.base}/d")
    _link(world, f"{world.base}/l", "f")
    assert world.host.stat(f"{world.base}/f") == FileInfo(FileKind.FILE, 0o600, 3)
    assert world.host.stat(f"{world.base}/d").kind is FileKind.DIRECTORY
    assert world.host.stat(f"{world.base}/l").kind is FileKind.SYMLINK


def test_stat_of_a_missing_path_raises_file_not_found(world: World) -> None:
    with pytest.raises(FileNotFoundError):
        world.host.stat(f"{world.base}/missing")


def test_read_link_returns_the_target_as_written(world: World) -> None:
    _link(world, f"{world.base}/driver", "../../bus/pci/drivers/i40e")
    assert world.host.read_link(f"{world.base}/driver") == "../../bus/pci/drivers/i40e"


def test_read_link_of_a_regular_file_is_einval(world: World) -> None:
    world.host.write_file(f"{world.base}/f", b"")
    with pytest.raises(OSError, match="nvalid") as caught:
        world.host.read_link(f"{world.base}/f")
    assert caught.value.errno == errno.EINVAL


def test_make_dirs_creates_parents_with_the_mode_and_keeps_existing(world: World) -> None:
    world.host.make_dirs(f"{world.base}/a/b", mode=0o700)
    world.host.make_dirs(f"{world.base}/a/b")
    assert world.host.stat(f"{world.base}/a").mode == 0o700
    assert world.host.stat(f"{world.base}/a/b").kind is FileKind.DIRECTORY


def test_make_dirs_through_a_file_fails(world: World) -> None:
    world.host.write_file(f"{world.base}/f", b"")
    with pytest.raises(FileExistsError):
        world.host.make_dirs(f"{world.base}/f")


def test_rename_moves_the_file_and_replaces_the_target(world: World) -> None:
    world.host.write_file(f"{world.base}/grub.cfg", b"new")
    world.host.write_file(f"{world.base}/grub.cfg.bak", b"old")
    world.host.rename(f"{world.base}/grub.cfg", f"{world.base}/grub.cfg.bak")
    assert not world.host.exists(f"{world.base}/grub.cfg")
    assert world.host.read_file(f"{world.base}/grub.cfg.bak") == b"new"


def test_rename_of_a_missing_file_raises_file_not_found(world: World) -> None:
    with pytest.raises(FileNotFoundError):
        world.host.rename(f"{world.base}/missing", f"{world.base}/x")


def test_remove_deletes_files_and_symlinks_but_not_directories(world: World) -> None:
    world.host.write_file(f"{world.base}/f", b"")
    _link(world, f"{world.base}/l", "f")
    world.host.make_dirs(f"{world.base}/d")
    world.host.remove(f"{world.base}/l")
    world.host.remove(f"{world.base}/f")
    assert not world.host.exists(f"{world.base}/f")
    assert not world.host.exists(f"{world.base}/l")
    with pytest.raises(IsADirectoryError):
        world.host.remove(f"{world.base}/d")
    with pytest.raises(FileNotFoundError):
        world.host.remove(f"{world.base}/f")
