"""``booty grub default ROOT`` as an operator runs it: a real process on installed-OS trees."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booty.domain.boot import render_grubenv

DATA = Path(__file__).resolve().parents[2] / "data" / "grub"


def booty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", "grub", "default", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def installed(tmp_path: Path, fixture: str) -> Path:
    """A copy of the fixture tree, as the installed system's root."""
    root = tmp_path / fixture
    shutil.copytree(DATA / fixture, root, symlinks=True)
    return root


FCOS_BOOT = "/ostree/fedora-coreos-7d41c0a9e3f6b2d85a1c4e7f9b0d3a6c2e5f8b1d4a7c0e3f6b9d2a5c8e1f4b70"
EXPECTED = {
    # fixture: (title, kernel, initrds) of the entry GRUB boots; why is in test_grub_fixtures.py
    "debian12-bios": (
        "Debian GNU/Linux",
        "/boot/vmlinuz-6.1.0-18-amd64",
        ["/boot/initrd.img-6.1.0-18-amd64"],
    ),
    "debian12-saved": (
        "Debian GNU/Linux, with Linux 6.1.0-17-amd64",
        "/boot/vmlinuz-6.1.0-17-amd64",
        ["/boot/initrd.img-6.1.0-17-amd64"],
    ),
    "debian12-next-entry": (
        "Debian GNU/Linux",
        "/boot/vmlinuz-6.1.0-18-amd64",
        ["/boot/initrd.img-6.1.0-18-amd64"],
    ),
    "debian12-separate-boot": ("Debian GNU/Linux", "/vmlinuz-6.1.0-18-amd64", ["/initrd.img-6.1.0-18-amd64"]),
    "ubuntu1304-style": ("Ubuntu", "/boot/vmlinuz-3.8.0-35-generic", ["/boot/initrd.img-3.8.0-35-generic"]),
    "ubuntu2404-style": (
        "Ubuntu, with Linux 6.8.0-41-generic",
        "/boot/vmlinuz-6.8.0-41-generic",
        ["/boot/initrd.img-6.8.0-41-generic"],
    ),
    "rhel7-bios-style": (
        "Red Hat Enterprise Linux Server (3.10.0-1160.108.1.el7.x86_64) 7.9 (Maipo)",
        "/vmlinuz-3.10.0-1160.108.1.el7.x86_64",
        ["/initramfs-3.10.0-1160.108.1.el7.x86_64.img"],
    ),
    "centos7-efi-style": (
        "CentOS Linux (3.10.0-1160.114.2.el7.x86_64) 7 (Core)",
        "/vmlinuz-3.10.0-1160.114.2.el7.x86_64",
        ["/initramfs-3.10.0-1160.114.2.el7.x86_64.img"],
    ),
    "rhel8-ppc64le-style": (
        "Red Hat Enterprise Linux (4.18.0-80.11.2.el8_0.ppc64le) 8.0 (Ootpa)",
        "/vmlinuz-4.18.0-80.11.2.el8_0.ppc64le",
        ["/initramfs-4.18.0-80.11.2.el8_0.ppc64le.img"],
    ),
    "rocky8-bls-style": (
        "Rocky Linux (4.18.0-513.9.1.el8_9.x86_64) 8.9 (Green Obsidian)",
        "/vmlinuz-4.18.0-513.9.1.el8_9.x86_64",
        ["/initramfs-4.18.0-513.9.1.el8_9.x86_64.img", "/tuned-initrd.img"],
    ),
    "el9-bls-style": (
        "Red Hat Enterprise Linux (5.14.0-362.24.1.el9_3.x86_64) 9.3 (Plow)",
        "/vmlinuz-5.14.0-362.24.1.el9_3.x86_64",
        ["/initramfs-5.14.0-362.24.1.el9_3.x86_64.img"],
    ),
    "fedora-efi-style": (
        "Fedora Linux (6.8.11-300.fc40.x86_64) 40 (Workstation Edition)",
        "/vmlinuz-6.8.11-300.fc40.x86_64",
        ["/initramfs-6.8.11-300.fc40.x86_64.img"],
    ),
    "fcos-bls-style": (
        "Fedora CoreOS 40.20240616.3.0 (ostree:0)",
        f"{FCOS_BOOT}/vmlinuz-6.8.11-300.fc40.x86_64",
        [f"{FCOS_BOOT}/initramfs-6.8.11-300.fc40.x86_64.img"],
    ),
}


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_json_names_the_entry_the_installed_system_boots(tmp_path: Path, fixture: str) -> None:
    result = booty(str(installed(tmp_path, fixture)), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["title", "kernel", "initrd", "cmdline"]
    assert (doc["title"], doc["kernel"], doc["initrd"]) == EXPECTED[fixture]


def test_text_output_says_what_why_and_where(tmp_path: Path) -> None:
    # EL8 on EFI: the menu is the ESP's grub.cfg with the grubenv next to it; the kernels are on
    # the /boot partition, which the installed system mounts at /boot.
    root = installed(tmp_path, "rocky8-bls-style")
    result = booty(str(root))
    assert result.returncode == 0, result.stderr
    pairs = [line.split(": ", 1) for line in result.stdout.splitlines()]
    lines = dict(pairs)
    assert lines["id"] == "2c9e4b7a1f3d4e8c9b0a6d5e7f8a9b1c-4.18.0-513.9.1.el8_9.x86_64"
    assert lines["config"] == "boot/efi/EFI/rocky/grub.cfg"
    assert "saved_entry from grubenv" in lines["reason"]
    assert lines["kexec kernel"] == f"{root}/boot/vmlinuz-4.18.0-513.9.1.el8_9.x86_64"
    assert [value for key, value in pairs if key == "kexec initrd"] == [
        f"{root}/boot/initramfs-4.18.0-513.9.1.el8_9.x86_64.img",
        f"{root}/boot/tuned-initrd.img",
    ]
    assert "console=ttyS0,115200n8 skew_tick=1" in lines["cmdline"]


def test_an_empty_tree_has_no_boot_entries(tmp_path: Path) -> None:
    result = booty(str(tmp_path), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{tmp_path}: no boot entries found: no grub.cfg under {tmp_path}")


def test_a_missing_root_is_bad_input(tmp_path: Path) -> None:
    result = booty(str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / 'nope'}: no such directory\n"


def test_a_menu_without_a_linux_entry_fails_after_printing_it(tmp_path: Path) -> None:
    # grub2-reboot into Windows: next_entry names the os-prober entry, which only chainloads.
    root = installed(tmp_path, "fedora-efi-style")
    (root / "boot" / "grub2" / "grubenv").write_bytes(
        render_grubenv({"next_entry": "Windows Boot Manager (on /dev/nvme1n1p1)"})
    )
    result = booty(str(root), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["title"] == "Windows Boot Manager (on /dev/nvme1n1p1)"
    assert "cannot be started with kexec: it loads no Linux kernel" in result.stderr


def test_an_efi_stub_is_skipped_for_the_config_it_hands_over_to(tmp_path: Path) -> None:
    # Fedora 34+/RHEL 9: EFI/<vendor>/grub.cfg only hands over with configfile; the real menu is
    # boot/grub2/grub.cfg, which booty reads first anyway. Alone, the stub has no entry.
    root = tmp_path / "root"
    shutil.copytree(DATA / "fedora-efi-style" / "boot" / "efi", root / "boot" / "efi")
    result = booty(str(root))
    assert result.returncode == 1
    assert "boot/efi/EFI/fedora/grub.cfg defines no menu entry" in result.stderr
    shutil.copytree(DATA / "fedora-efi-style" / "boot", root / "boot", dirs_exist_ok=True)
    result = booty(str(root), "--json")
    assert result.returncode == 0, result.stderr
    assert (
        json.loads(result.stdout)["title"] == "Fedora Linux (6.8.11-300.fc40.x86_64) 40 (Workstation Edition)"
    )


def test_efi_config_on_the_esp_with_grubenv_and_platform(tmp_path: Path) -> None:
    root = tmp_path / "esp"
    config = root / "EFI" / "debian" / "grub.cfg"
    config.parent.mkdir(parents=True)
    config.write_text(
        'load_env\nset default="${saved_entry}"\n'
        "if [ \"$grub_platform\" = efi ]; then\n  menuentry 'On EFI' {\n    linux /vmlinuz-efi\n  }\nfi\n"
        "menuentry 'Other' {\n  linux /vmlinuz-other\n}\n"
    )
    (config.parent / "grubenv").write_bytes(render_grubenv({"saved_entry": "Other"}))
    result = booty(str(root))
    assert result.returncode == 0, result.stderr
    assert "title: Other" in result.stdout
    assert f"kexec kernel: {root}/vmlinuz-other" in result.stdout
    pc = booty(str(root), "--platform", "pc", "--json")
    assert json.loads(pc.stdout)["title"] == "Other"


def test_a_broken_grubenv_and_grub_cfg_problems_are_warnings(tmp_path: Path) -> None:
    root = tmp_path / "root"
    config = root / "boot" / "grub" / "grub.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("load_env\nset default=\"${saved_entry}\"\n}\nmenuentry 'A' {\n  linux /boot/a\n}\n")
    (config.parent / "grubenv").write_text("saved_entry=B\n")
    result = booty(str(root), "--json")
    assert result.returncode == 0, result.stderr
    assert "warning: boot/grub/grubenv: invalid environment block" in result.stderr
    assert "warning: boot/grub/grub.cfg:line 3: syntax error: unexpected '}'" in result.stderr


def test_an_unreadable_grub_cfg_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "boot" / "grub" / "grub.cfg").mkdir(parents=True)
    result = booty(str(root))
    assert result.returncode == 2
    assert "grub.cfg: cannot read:" in result.stderr


def test_bls_entries_on_a_boot_partition_root(tmp_path: Path) -> None:
    # ROOT is the /boot partition itself: grub2/grub.cfg and loader/entries at its top.
    root = tmp_path / "bootfs"
    shutil.copytree(DATA / "el9-bls-style" / "boot", root, symlinks=True)
    (root / "loader" / "entries" / "README").write_text("not an entry\n")
    result = booty(str(root))
    assert result.returncode == 0, result.stderr
    assert f"kexec kernel: {root}/vmlinuz-5.14.0-362.24.1.el9_3.x86_64" in result.stdout


def test_ostree_entries_behind_the_loader_symlink(tmp_path: Path) -> None:
    # ostree's /boot/loader is a symlink to loader.0 or loader.1; the copy keeps it a symlink.
    root = installed(tmp_path, "fcos-bls-style")
    assert (root / "boot" / "loader").is_symlink()
    result = booty(str(root))
    assert result.returncode == 0, result.stderr
    assert f"kexec kernel: {root}/boot{FCOS_BOOT}/vmlinuz-6.8.11-300.fc40.x86_64" in result.stdout
