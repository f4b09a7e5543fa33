"""The sample image builder over the fakes: what it stages, which tools it runs with which
arguments, what it notes when optional tools are missing, and how a failing tool is reported."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
import zstandard

from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.shell import FakeShell, ShellCall
from booty.app.sample_image import BuildPorts, SampleImageError, SampleImageSpec, build_sample_image
from booty.app.sample_tree import BUSYBOX_APPLETS, ROOT_UUID, grub_cfg, sample_tree
from booty.domain.shell import CommandResult

WORK = "/work"
RAW = b"\x00" * 4096 + b"sample disk"


def world(*, mtools: bool = True) -> tuple[FakeHost, FakeShell]:
    host, shell = FakeHost(), FakeShell()
    host.make_dirs(WORK)
    host.write_file("/usr/bin/busybox", b"\x7fELF busybox", mode=0o755)

    def creates(position: int, content: bytes = b"") -> Callable[[ShellCall], CommandResult]:
        def make(call: ShellCall) -> CommandResult:
            host.write_file(call.argv[position], content)
            return CommandResult(call.argv, 0)

        return make

    shell.script_prefix(["mkfs.vfat"], creates(-2))
    shell.script_prefix(["mke2fs"], creates(-2))
    shell.script_prefix(["truncate"], creates(-1, RAW))  # what truncate + sfdisk + dd leave
    if not mtools:
        shell.script_prefix(["mmd"], returncode=127, stderr="command not found: mmd")
    return host, shell


def build(host: FakeHost, shell: FakeShell, *, busybox: str = "/usr/bin/busybox"):
    return build_sample_image(BuildPorts(shell, host), WORK, SampleImageSpec(busybox=busybox))


def test_the_root_tree_is_staged_with_its_modes() -> None:
    host, shell = world()
    build(host, shell)
    staged = "/work/rootfs"
    assert host.read_file(f"{staged}/etc/os-release").startswith(b'PRETTY_NAME="Booty Demo Linux 1.0"')
    assert host.read_file(f"{staged}/boot/grub/grub.cfg").decode() == grub_cfg(cmdline="ro quiet")
    assert host.mode_of(f"{staged}/usr/sbin/update-grub") == 0o755
    assert host.read_file(f"{staged}/bin/busybox") == b"\x7fELF busybox"
    assert host.mode_of(f"{staged}/bin/busybox") == 0o755
    assert host.dir_modes[f"{staged}/tmp"] == 0o1777


def test_links_are_made_with_ln_including_every_applet() -> None:
    host, shell = world()
    build(host, shell)
    links = {call.argv[-1]: call.argv[-2] for call in shell.calls if call.argv[0] == "ln"}
    assert links["/work/rootfs/etc/resolv.conf"] == "../run/systemd/resolve/stub-resolv.conf"
    assert all(links[f"/work/rootfs/bin/{applet}"] == "busybox" for applet in BUSYBOX_APPLETS)


def test_the_tools_run_in_order_with_their_arguments() -> None:
    host, shell = world()
    build(host, shell)
    tools = [call.argv for call in shell.calls if call.argv[0] != "ln"]
    assert tools[0] == ("mkfs.vfat", "-C", "-n", "ESP", "-i", "B007DE01", "/work/esp.img", "8192")
    assert tools[1] == ("mmd", "-i", "/work/esp.img", "::/EFI", "::/EFI/debian")
    assert tools[2] == ("mcopy", "-i", "/work/esp.img", "/work/grubx64.efi", "::/EFI/debian/grubx64.efi")
    assert tools[3][:2] == ("mke2fs", "-q")
    assert tools[3][tools[3].index("-U") : tools[3].index("-U") + 2] == ("-U", ROOT_UUID)
    assert tools[3][-3:] == ("/work/rootfs", "/work/root.img", "54M")
    assert tools[4] == ("truncate", "-s", "64M", "/work/demo.img")
    assert tools[5][0] == "sfdisk"
    assert [t[:5] for t in tools[6:]] == [
        ("dd", "if=/work/esp.img", "of=/work/demo.img", "bs=1M", "seek=1"),
        ("dd", "if=/work/root.img", "of=/work/demo.img", "bs=1M", "seek=9"),
    ]


def test_the_partition_table_has_an_esp_and_a_root_filling_the_disk() -> None:
    host, shell = world()
    build(host, shell)
    sfdisk = next(call for call in shell.calls if call.argv[0] == "sfdisk")
    script = (sfdisk.stdin or b"").decode()
    assert script.splitlines() == [
        "label: gpt",
        'start=2048, size=16384, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI System"',
        'start=18432, size=110592, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="root"',
    ]


def test_the_image_is_compressed_and_hashed_and_the_parts_removed() -> None:
    host, shell = world()
    image = build(host, shell)
    assert zstandard.ZstdDecompressor().decompress(host.read_file(image.compressed)) == RAW
    assert image.sha256 == hashlib.sha256(RAW).hexdigest()
    assert (image.raw_bytes, image.compressed_bytes) == (len(RAW), len(host.read_file(image.compressed)))
    assert not host.exists("/work/esp.img")
    assert not host.exists("/work/root.img")
    assert not host.exists("/work/grubx64.efi")
    assert image.chroot_shell
    assert image.notes == ()


def test_without_busybox_there_are_no_applets_and_a_note_says_what_cannot_run() -> None:
    host, shell = world()
    image = build(host, shell, busybox="")
    assert not host.exists("/work/rootfs/bin/busybox")
    assert not any(call.argv[-1].startswith("/work/rootfs/bin/") for call in shell.calls)
    assert not image.chroot_shell
    assert "update-grub, the machine commands and POST_PROVISION_CMDS cannot run" in image.notes[0]


def test_without_mtools_the_esp_stays_empty_and_a_note_says_so() -> None:
    host, shell = world(mtools=False)
    image = build(host, shell)
    assert not any(call.argv[0] == "mcopy" for call in shell.calls)
    assert image.notes == ("no mtools (mmd, mcopy) on this machine: the ESP is an empty vfat file system",)


def test_a_failing_tool_names_the_command_its_exit_and_stderr() -> None:
    host, shell = world()
    shell.script_prefix(["mke2fs"], returncode=1, stderr="line one\nmke2fs: Could not allocate block\n")
    with pytest.raises(SampleImageError) as failed:
        build(host, shell)
    text = str(failed.value)
    assert text.startswith("building the sample image: mke2fs -q -F -t ext4")
    assert "exited 1: line one mke2fs: Could not allocate block" in text


def test_a_missing_required_tool_is_named() -> None:
    host, shell = world()
    shell.script_prefix(["sfdisk"], returncode=127, stderr="command not found: sfdisk")
    with pytest.raises(SampleImageError, match=r"sfdisk .* exited 127 \(not installed\?\)"):
        build(host, shell)


def test_the_tree_without_busybox_has_no_applet_links() -> None:
    tree = sample_tree(with_busybox=False)
    assert [link.path for link in tree.links] == ["/etc/resolv.conf"]
