"""The lab fences (booty.adapters.lab) around fake inner adapters: only the lab's disks are
listed, kexec and reboot are recorded and never reach the inner host, hidden host paths look
absent, and refused programs are not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.shell import FakeShell
from booty.adapters.lab import FENCED_EXIT, FencedHost, FencedShell, VisibleDisks
from booty.adapters.lab_ports import CAP_SYS_RESOURCE, has_capability
from booty.domain.system import BlockDevice, KexecImage


def test_only_the_visible_disks_are_listed() -> None:
    inner = FakeBlockDevices(disks=[BlockDevice("sda", 1 << 40), BlockDevice("loop3", 1 << 29)])
    block = VisibleDisks(inner, frozenset({"/dev/loop3"}))
    assert [d.path for d in block.list_disks()] == ["/dev/loop3"]
    assert block.size_bytes("/dev/loop3") == 1 << 29


def fenced() -> tuple[FakeHost, FencedHost]:
    inner = FakeHost()
    inner.write_file("/sys/firmware/efi/efivars/Boot0000", b"x")
    inner.write_file("/sys/firmware/acpi", b"y")
    return inner, FencedHost(inner, hidden=("/sys/firmware/efi",))


def test_kexec_and_reboot_are_recorded_not_done() -> None:
    inner, host = fenced()
    image = KexecImage("/newroot/boot/vmlinuz", ("/newroot/boot/initrd.img",), "root=UUID=x ro")
    host.kexec_load(image)
    host.reboot(kexec=True)
    assert (host.kexec_images, host.reboots) == ([image], [True])
    assert (inner.kexec_image, inner.reboots) == (None, [])


@pytest.mark.parametrize(
    "path", ["/sys/firmware/efi", "/sys/firmware/efi/efivars/Boot0000", "/sys/firmware/efi/"]
)
def test_hidden_paths_look_absent(path: str) -> None:
    _, host = fenced()
    assert not host.exists(path)
    with pytest.raises(FileNotFoundError):
        host.stat(path)
    with pytest.raises(FileNotFoundError):
        host.read_file(path)


def test_other_paths_and_listings_pass_through_without_the_hidden_entries() -> None:
    _, host = fenced()
    assert host.read_file("/sys/firmware/acpi") == b"y"
    assert host.list_dir("/sys/firmware") == ("acpi",)
    assert host.exists("/sys/firmware/efix") is False  # a sibling name is not hidden, just missing


def test_writes_go_to_the_inner_host() -> None:
    inner, host = fenced()
    host.write_file("/newroot/etc/hostname", b"h\n")
    assert inner.read_file("/newroot/etc/hostname") == b"h\n"


def test_refused_programs_are_not_run() -> None:
    inner = FakeShell()
    shell = FencedShell(inner, refused={"efibootmgr": "not in a lab"})
    result = shell.run(["/usr/sbin/efibootmgr", "-v"])
    assert (result.returncode, result.stderr) == (FENCED_EXIT, "efibootmgr: not in a lab\n")
    assert shell.fenced == [("/usr/sbin/efibootmgr", "-v")]
    assert inner.calls == []


def test_other_programs_run() -> None:
    inner = FakeShell()
    inner.script(["sfdisk", "--json", "/dev/loop3"], stdout="{}")
    shell = FencedShell(inner, refused={"efibootmgr": "no"})
    assert shell.run(["sfdisk", "--json", "/dev/loop3"], timeout_s=5).stdout == "{}"
    assert inner.calls[0].timeout_s == 5


def test_deferred_programs_are_recorded_and_answered_success() -> None:
    inner = FakeShell()
    shell = FencedShell(inner, refused={}, deferred={"resize2fs": "later"})
    result = shell.run(["resize2fs", "/dev/loop3p2"])
    assert (result.returncode, result.stdout) == (0, "resize2fs: later\n")
    assert shell.postponed == [("resize2fs", "/dev/loop3p2")]
    assert inner.calls == []


def test_deferred_programs_still_run_inside_a_chroot() -> None:
    inner = FakeShell()
    shell = FencedShell(inner, refused={}, deferred={"resize2fs": "later"})
    shell.run(["resize2fs", "-P", "/x"], root="/newroot")
    assert shell.postponed == []
    assert len(inner.calls) == 1


@pytest.mark.parametrize(("cap_eff", "expected"), [("0000000001000000", True), ("000001fffeffffff", False)])
def test_capabilities_are_read_from_the_effective_set(tmp_path: Path, cap_eff: str, expected: bool) -> None:
    status = tmp_path / "status"
    status.write_text(f"Name:\tpython\nCapEff:\t{cap_eff}\n")
    assert has_capability(CAP_SYS_RESOURCE, status_file=str(status)) is expected


def test_an_unreadable_status_counts_as_capable(tmp_path: Path) -> None:
    assert has_capability(CAP_SYS_RESOURCE, status_file=str(tmp_path / "nope"))
