"""The demo's stage over the fakes: its vars load cleanly, the deploy tree is written, a loop disk
is attached and detached with losetup, leftover mounts under the work directory are undone
deepest first, and only a static ELF counts as a usable busybox."""

from __future__ import annotations

import struct

import pytest

from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.shell import FakeShell
from booty.app.demo_setup import (
    DEMO_TOKEN,
    DEPLOY_TREE,
    DemoSetupError,
    attach_loop,
    demo_vars,
    detach_loop,
    find_static_busybox,
    is_static_elf,
    run_deferred,
    unmount_below,
    write_deploy_dir,
)
from booty.domain.config import load_vars
from booty.domain.system import Mount


def vars_text(**flags: bool) -> str:
    return demo_vars(
        base="http://127.0.0.1:4000", image_url="http://127.0.0.1:5000/demo.img.zst", sha256="ab" * 32,
        disk="/dev/loop7", **flags,
    )  # fmt: skip


def test_the_vars_load_without_warnings_and_point_at_loopback() -> None:
    loaded = load_vars(vars_text(), source="demo")
    config = loaded.config
    assert loaded.warnings == ()
    assert config.disk_device == "/dev/loop7"
    assert config.image_urls == ("http://127.0.0.1:5000/demo.img.zst",)
    assert config.token is not None
    assert config.inventory_enabled
    assert config.health_checks_enabled
    assert config.health_skip_checks == ("disk-presence", "disk-ioerr", "nic-link-state", "thermal-state")
    assert len(config.post_provision_cmds) == 2
    assert DEMO_TOKEN in config.secrets()


def test_without_hardware_the_reports_are_off() -> None:
    config = load_vars(vars_text(hardware=False), source="demo").config
    assert not config.inventory_enabled
    assert not config.health_checks_enabled


def test_the_deploy_dir_gets_the_vars_and_the_tree() -> None:
    host = FakeHost()
    write_deploy_dir(host, "/w/deploy", "X=1\n")
    assert host.read_file("/w/deploy/vars") == b"X=1\n"
    assert host.mode_of("/w/deploy/vars") == 0o600
    for path in DEPLOY_TREE:
        assert host.exists(f"/w/deploy/{path}")


def test_a_loop_disk_is_a_sparse_file_on_a_free_loop_device() -> None:
    shell = FakeShell()
    shell.script(["losetup", "--find", "--show", "/w/disk.img"], stdout="/dev/loop7\n")
    assert attach_loop(shell, "/w/disk.img") == "/dev/loop7"
    assert shell.argvs[0] == ("truncate", "-s", "512M", "/w/disk.img")


def test_a_failing_losetup_is_an_error_naming_it() -> None:
    shell = FakeShell()
    shell.script_prefix(["losetup"], returncode=1, stderr="losetup: cannot find an unused loop device")
    with pytest.raises(DemoSetupError, match=r"losetup --find --show /w/disk\.img exited 1: losetup: cannot"):
        attach_loop(shell, "/w/disk.img")


def test_detaching_reports_a_failure_instead_of_raising() -> None:
    shell = FakeShell()
    assert detach_loop(shell, "/dev/loop7") == ""
    shell.script_prefix(["losetup"], returncode=1, stderr="busy")
    assert detach_loop(shell, "/dev/loop7") == "losetup --detach /dev/loop7: busy"


def test_mounts_below_the_work_dir_are_undone_deepest_first() -> None:
    host = FakeHost()
    host.write_file(
        "/proc/self/mounts",
        b"/dev/vda / ext4 rw 0 0\n"
        b"/dev/loop7p2 /w/newroot ext4 rw 0 0\n"
        b"proc /w/newroot/proc proc rw 0 0\n"
        b"/dev /w/newroot/dev none rw 0 0\n"
        b"/dev/loop8 /wx ext4 rw 0 0\n",
    )
    for target in ("/w/newroot", "/w/newroot/proc", "/w/newroot/dev"):
        host.mount(Mount("x", target))
    done = unmount_below(host, FakeShell(), "/w")
    assert done == ["/w/newroot/proc", "/w/newroot/dev", "/w/newroot"]
    assert host.mounts == []


def test_an_unmount_that_fails_is_done_lazily() -> None:
    host, shell = FakeHost(), FakeShell()
    host.write_file("/proc/self/mounts", b"/dev/loop7p2 /w/newroot ext4 rw 0 0\n")
    assert unmount_below(host, shell, "/w") == ["/w/newroot"]  # not mounted in the fake: it fails
    assert shell.argvs == [("umount", "--lazy", "/w/newroot")]


def elf(*, interp: bool, wide: bool = True) -> bytes:
    """A minimal ELF header with two program headers (PT_LOAD, and PT_INTERP when *interp*)."""
    types = [1, 3] if interp else [1, 1]
    if wide:
        header = bytearray(64)
        header[:6] = b"\x7fELF\x02\x01"
        struct.pack_into("<Q", header, 0x20, 64)
        struct.pack_into("<HH", header, 0x36, 56, len(types))
        return bytes(header) + b"".join(struct.pack("<I", t) + bytes(52) for t in types)
    header = bytearray(64)
    header[:6] = b"\x7fELF\x01\x01"
    struct.pack_into("<I", header, 0x1C, 64)
    struct.pack_into("<HH", header, 0x2A, 32, len(types))
    return bytes(header) + b"".join(struct.pack("<I", t) + bytes(28) for t in types)


@pytest.mark.parametrize(
    ("content", "static"),
    [
        (elf(interp=False), True),
        (elf(interp=True), False),
        (elf(interp=False, wide=False), True),
        (elf(interp=True, wide=False), False),
        (b"#!/bin/sh\n", False),
        (b"\x7fELF", False),
    ],
)
def test_only_an_elf_without_interpreter_is_static(content: bytes, static: bool) -> None:
    assert is_static_elf(content) is static


def test_the_first_static_busybox_is_chosen() -> None:
    host = FakeHost()
    host.write_file("/bin/busybox", elf(interp=True))
    host.write_file("/usr/bin/busybox", elf(interp=False))
    assert find_static_busybox(host, ("/nope", "/bin/busybox", "/usr/bin/busybox")) == "/usr/bin/busybox"
    assert find_static_busybox(host, ("/bin/busybox",)) == ""


def test_a_deferred_resize_is_run_offline_after_a_forced_check() -> None:
    shell = FakeShell()
    lines = run_deferred(shell, [("resize2fs", "/dev/loop7p2")])
    assert shell.argvs == [("e2fsck", "-fy", "/dev/loop7p2"), ("resize2fs", "/dev/loop7p2")]
    assert lines == ["resize2fs /dev/loop7p2 (offline): ok"]


def test_a_failing_deferred_command_is_reported() -> None:
    shell = FakeShell()
    shell.script_prefix(["resize2fs"], returncode=1, stderr="resize2fs: Bad magic number\n")
    assert run_deferred(shell, [("resize2fs", "/dev/x")]) == [
        "resize2fs /dev/x (offline): exit 1: resize2fs: Bad magic number"
    ]
