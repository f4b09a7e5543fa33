"""Installed-system trees give the default entry GRUB boots on that distribution, and why.

The debian12-* trees are real grub-mkconfig output; the *-style trees are written by hand in the
shape of the named distribution's generator (tests/data/grub/README.md). Each case says why GRUB
boots that entry: the header that sets ``default``, the grubenv it reads, and the menu order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from booty.domain.boot import (
    BLS_DIRS,
    BlsOrder,
    BootChoice,
    GrubMenu,
    bls_entry_id,
    choose_default_entry,
    grubenv_path,
    parse_bls_entry,
    parse_grub_cfg,
    parse_grubenv,
    render_grubenv,
    resolve_kexec_image,
    sort_bls_entries,
)
from booty.domain.errors import EntryNotBootable

DATA = Path(__file__).resolve().parents[2] / "data" / "grub"
Env = dict[str, str] | Literal["tree"] | None
"""The grubenv to use: the tree's own (``"tree"``), these variables, or none at all."""
EL8_TREES = frozenset({"rhel8-ppc64le-style", "rocky8-bls-style"})
"""Trees of RHEL 8 and its rebuilds, whose GRUB orders BLS entries by their version key."""


def read_tree(name: str, config: str, *, platform: str = "", grubenv: Env = "tree") -> GrubMenu:
    """What the installed tree *name* gives GRUB: its grub.cfg, grubenv and BLS entries.

    *grubenv* replaces the tree's environment block (None: the system has none), as
    grub2-editenv, grub2-reboot or a failed boot would have left it.
    """
    root = DATA / name
    if grubenv == "tree":
        env_file = root / grubenv_path(config)
        env = parse_grubenv(env_file.read_bytes()) if env_file.exists() else None
    else:
        env = None if grubenv is None else parse_grubenv(render_grubenv(grubenv))
    entries = []
    for directory in BLS_DIRS:
        if (root / directory).is_dir():
            for path in sorted((root / directory).iterdir()):
                entry_id = bls_entry_id(path.name)
                if entry_id:
                    entries.append(parse_bls_entry(entry_id, path.read_text()))
            break
    order = BlsOrder.VERSION_KEY if name in EL8_TREES else BlsOrder.FILE_NAME
    return parse_grub_cfg(
        (root / config).read_text(),
        source=config,
        grubenv=env,
        bls_entries=sort_bls_entries(entries, order=order),
        platform=platform,
    )


def choose(name: str, config: str, *, platform: str = "", grubenv: Env = "tree") -> BootChoice:
    menu = read_tree(name, config, platform=platform, grubenv=grubenv)
    assert menu.problems == ()
    return choose_default_entry(menu)


# -- Debian 12: real grub-mkconfig output ---------------------------------------------------------


def test_debian12_default_0_boots_the_newest_kernel() -> None:
    # GRUB_DEFAULT=0: `set default="0"`; entry 0 is the top-level entry grub-mkconfig writes for
    # the newest kernel (6.1.0-18), with GRUB_CMDLINE_LINUX then GRUB_CMDLINE_LINUX_DEFAULT.
    choice = choose("debian12-bios", "boot/grub/grub.cfg")
    assert choice.entry.title == "Debian GNU/Linux"
    assert choice.entry.kernel == "/boot/vmlinuz-6.1.0-18-amd64"
    assert choice.entry.initrds == ("/boot/initrd.img-6.1.0-18-amd64",)
    assert choice.entry.cmdline == "root=/dev/sda2 ro console=ttyS0,115200 quiet"
    assert "'0' is entry 0" in choice.reason


def test_debian12_saved_entry_picks_the_older_kernel_in_the_submenu() -> None:
    # GRUB_DEFAULT=saved: `set default="${saved_entry}"` after `load_env`; grub-set-default
    # stored "<submenu id>><entry id>", which names the 6.1.0-17 entry inside "Advanced options".
    choice = choose("debian12-saved", "boot/grub/grub.cfg")
    assert choice.entry.title == "Debian GNU/Linux, with Linux 6.1.0-17-amd64"
    assert choice.entry.path == ("Advanced options for Debian GNU/Linux", choice.entry.title)
    assert choice.entry.position == (1, 2)
    assert choice.entry.kernel == "/boot/vmlinuz-6.1.0-17-amd64"
    assert "saved_entry from grubenv" in choice.reason


def test_debian12_next_entry_wins_over_saved_entry() -> None:
    # grub-reboot set next_entry; 00_header's `if [ "${next_entry}" ]` branch makes it the
    # default for this boot (and clears it with save_env, which booty does not write).
    choice = choose("debian12-next-entry", "boot/grub/grub.cfg")
    assert choice.entry.title == "Debian GNU/Linux"
    assert "next_entry from grubenv" in choice.reason


def test_debian12_separate_boot_paths_resolve_under_boot() -> None:
    # /boot is its own partition: grub-mkconfig writes paths relative to it, and kexec finds
    # them under <root>/boot.
    choice = choose("debian12-separate-boot", "boot/grub/grub.cfg")
    assert choice.entry.kernel == "/vmlinuz-6.1.0-18-amd64"
    image = resolve_kexec_image(choice.entry, root="/newroot", config_path="boot/grub/grub.cfg")
    assert image.kernel == "/newroot/boot/vmlinuz-6.1.0-18-amd64"
    assert image.initrds == ("/newroot/boot/initrd.img-6.1.0-18-amd64",)


# -- Ubuntu ---------------------------------------------------------------------------------------

UBUNTU1304_ROOT = "5f0c2a7e-83d1-4b6a-9e2f-71c4d08ab3e5"
UBUNTU2404_ROOT = "9d3e61b2-47a8-4c0f-b5e9-2a18f7c6d403"


def test_ubuntu1304_default_0_and_vt_handoff_from_the_gfxmode_function() -> None:
    # GRUB_DEFAULT=0: `set default="0"`, the top-level "Ubuntu" entry for the newest kernel.
    # No grubenv, so recordfail is unset; no gfxblacklist.txt, so linux_gfx_mode=keep, and the
    # entry's `gfxmode $linux_gfx_mode` sets vt_handoff=vt.handoff=7 before `linux` uses it.
    choice = choose("ubuntu1304-style", "boot/grub/grub.cfg")
    assert choice.entry.title == "Ubuntu"
    assert choice.entry.kernel == "/boot/vmlinuz-3.8.0-35-generic"
    assert choice.entry.initrds == ("/boot/initrd.img-3.8.0-35-generic",)
    assert choice.entry.cmdline == f"root=UUID={UBUNTU1304_ROOT} ro quiet splash vt.handoff=7"
    assert "'0' is entry 0" in choice.reason


def test_ubuntu1304_menu_has_the_submenu_recovery_and_memtest_entries() -> None:
    entries = read_tree("ubuntu1304-style", "boot/grub/grub.cfg").entries()
    assert [(e.title, e.position) for e in entries] == [
        ("Ubuntu", (0,)),
        ("Ubuntu, with Linux 3.8.0-35-generic", (1, 0)),
        ("Ubuntu, with Linux 3.8.0-35-generic (recovery mode)", (1, 1)),
        ("Ubuntu, with Linux 3.8.0-19-generic", (1, 2)),
        ("Ubuntu, with Linux 3.8.0-19-generic (recovery mode)", (1, 3)),
        ("Memory test (memtest86+)", (2,)),
        ("Memory test (memtest86+, serial console 115200)", (3,)),
    ]
    # Recovery entries do not call gfxmode, so they have no vt.handoff; memtest is linux16.
    assert entries[2].cmdline == f"root=UUID={UBUNTU1304_ROOT} ro recovery nomodeset"
    assert (entries[5].kernel, entries[5].initrds) == ("/boot/memtest86+.bin", ())


def test_ubuntu2404_saved_entry_names_the_older_kernel_inside_the_submenu() -> None:
    # GRUB_DEFAULT=saved and grub-set-default stored "gnulinux-advanced-<uuid>>gnulinux-
    # 6.8.0-41-generic-advanced-<uuid>": the part before ">" is the submenu's id, the rest the id
    # of the 6.8.0-41 entry in it. recordfail=1 (the last boot did not finish) makes 10_linux set
    # linux_gfx_mode=text, so gfxmode empties vt_handoff: no vt.handoff=7 on this boot.
    choice = choose("ubuntu2404-style", "boot/grub/grub.cfg")
    assert choice.entry.title == "Ubuntu, with Linux 6.8.0-41-generic"
    assert choice.entry.path == ("Advanced options for Ubuntu", "Ubuntu, with Linux 6.8.0-41-generic")
    assert choice.entry.position == (1, 2)
    assert choice.entry.id == f"gnulinux-6.8.0-41-generic-advanced-{UBUNTU2404_ROOT}"
    assert choice.entry.kernel == "/boot/vmlinuz-6.8.0-41-generic"
    assert choice.entry.initrds == ("/boot/initrd.img-6.8.0-41-generic",)
    assert choice.entry.cmdline == f"root=UUID={UBUNTU2404_ROOT} ro quiet splash"
    assert "saved_entry from grubenv" in choice.reason
    assert "inside submenu 'Advanced options for Ubuntu'" in choice.reason


def test_ubuntu2404_after_a_clean_boot_the_same_entry_gets_vt_handoff() -> None:
    # Once a boot finishes, Ubuntu clears recordfail; the same saved entry then boots with
    # linux_gfx_mode=keep and so vt.handoff=7.
    saved = f"gnulinux-advanced-{UBUNTU2404_ROOT}>gnulinux-6.8.0-41-generic-advanced-{UBUNTU2404_ROOT}"
    choice = choose("ubuntu2404-style", "boot/grub/grub.cfg", grubenv={"saved_entry": saved})
    assert choice.entry.position == (1, 2)
    assert choice.entry.cmdline == f"root=UUID={UBUNTU2404_ROOT} ro quiet splash vt.handoff=7"


def test_ubuntu2404_platform_decides_memtest_and_firmware_entries() -> None:
    def tail(platform: str) -> list[str]:
        return [
            e.title for e in read_tree("ubuntu2404-style", "boot/grub/grub.cfg", platform=platform).entries()
        ][5:]

    assert tail("efi") == [
        "Memory test (memtest86+x64.efi)",
        "Memory test (memtest86+x64.efi, serial console)",
        "UEFI Firmware Settings",
    ]
    assert tail("pc") == [
        "Memory test (memtest86+x64.bin)",
        "Memory test (memtest86+x64.bin, serial console)",
    ]


# -- RHEL 7 / CentOS 7 ----------------------------------------------------------------------------

RHEL7_TITLE = "Red Hat Enterprise Linux Server ({}) 7.9 (Maipo)"
RHEL7_ARGS = (
    "root=/dev/mapper/rhel-root ro crashkernel=auto rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap "
    "console=tty0 console=ttyS0,115200n8 isolcpus=2-7 nohz=on nohz_full=2-7 rcu_nocbs=2-7"
)


def test_rhel7_saved_entry_title_pins_the_older_kernel() -> None:
    # RHEL 7: GRUB_DEFAULT=saved, so `set default="${saved_entry}"`; grub2-set-default stored the
    # title of the 108.1 kernel. RHEL 7's GRUB tries a number first ("Red Hat..." is none), then
    # titles and ids: entry 1 has that title. The title-correction line 10_linux wrote for it
    # compares "x$default" with the bare title, so it never fires and default stays the title.
    # $tuned_params comes from 00_tuned's `set`, linux16/initrd16 are the BIOS commands.
    pinned = RHEL7_TITLE.format("3.10.0-1160.108.1.el7.x86_64")
    config = (DATA / "rhel7-bios-style" / "boot" / "grub2" / "grub.cfg").read_text()
    assert f"if [ \"x$default\" = '{pinned}' ]; then default='Advanced options for" in config
    choice = choose("rhel7-bios-style", "boot/grub2/grub.cfg")
    assert choice.entry.title == pinned
    assert choice.entry.position == (1,)
    assert choice.entry.kernel == "/vmlinuz-3.10.0-1160.108.1.el7.x86_64"
    assert choice.entry.initrds == ("/initramfs-3.10.0-1160.108.1.el7.x86_64.img",)
    assert choice.entry.cmdline == RHEL7_ARGS
    assert "matches the title" in choice.reason
    image = resolve_kexec_image(choice.entry, root="/newroot", config_path="boot/grub2/grub.cfg")
    assert image.kernel == "/newroot/boot/vmlinuz-3.10.0-1160.108.1.el7.x86_64"


def test_rhel7_an_empty_grubenv_boots_the_entry_the_kernel_update_put_first() -> None:
    # An environment block with no variables: default is "", so GRUB boots entry 0, the 119.1
    # kernel that the kernel package's install script added after the last grub2-mkconfig, as a
    # copy of the default entry (its id included).
    menu = read_tree("rhel7-bios-style", "boot/grub2/grub.cfg", grubenv={})
    choice = choose_default_entry(menu)
    assert choice.entry.title == RHEL7_TITLE.format("3.10.0-1160.119.1.el7.x86_64")
    assert choice.entry.id == menu.entries()[1].id
    assert "no default" in choice.reason


def test_rhel7_menu_ends_with_the_custom_entry_without_initrd() -> None:
    entries = read_tree("rhel7-bios-style", "boot/grub2/grub.cfg").entries()
    assert [e.title for e in entries][2:] == [
        RHEL7_TITLE.format("3.10.0-1160.el7.x86_64"),
        RHEL7_TITLE.format("0-rescue-c41f9a0e2b7d4e6f8a1b3c5d7e9f0a2b"),
        "Memtest86+ 5.01 (serial console)",
    ]
    assert (entries[4].kernel, entries[4].initrds) == ("/elf-memtest86+-5.01", ())


def test_centos7_efi_next_entry_index_boots_the_previous_kernel_once() -> None:
    # grub2-reboot 1 stored next_entry=1; the header's next_entry branch wins over saved_entry
    # (the newest kernel's title) for this boot, and "1" is entry 1, the 114.2 kernel.
    # linuxefi/initrdefi: grub.cfg is on the ESP, the paths are on the /boot partition.
    config = "boot/efi/EFI/centos/grub.cfg"
    choice = choose("centos7-efi-style", config, platform="efi")
    assert choice.entry.title == "CentOS Linux (3.10.0-1160.114.2.el7.x86_64) 7 (Core)"
    assert choice.entry.kernel == "/vmlinuz-3.10.0-1160.114.2.el7.x86_64"
    assert choice.entry.initrds == ("/initramfs-3.10.0-1160.114.2.el7.x86_64.img",)
    assert choice.entry.cmdline.endswith("rhgb quiet LANG=en_US.UTF-8")
    assert "next_entry from grubenv" in choice.reason
    assert "'1' is entry 1" in choice.reason
    image = resolve_kexec_image(choice.entry, root="/newroot", config_path=config)
    assert image.kernel == "/newroot/boot/vmlinuz-3.10.0-1160.114.2.el7.x86_64"
    assert image.initrds == ("/newroot/boot/initramfs-3.10.0-1160.114.2.el7.x86_64.img",)


def test_centos7_efi_without_next_entry_boots_the_saved_title() -> None:
    choice = choose(
        "centos7-efi-style",
        "boot/efi/EFI/centos/grub.cfg",
        platform="efi",
        grubenv={"saved_entry": "CentOS Linux (3.10.0-1160.119.1.el7.x86_64) 7 (Core)"},
    )
    assert choice.entry.position == (0,)
    assert "saved_entry from grubenv" in choice.reason


# -- RHEL 8 / Rocky 8 -----------------------------------------------------------------------------

PPC_MID = "f3b8a61c0d9e4a27b5c6e8d1f2a3b4c5"
PPC_KERNELOPTS = "root=/dev/mapper/rhel-root ro crashkernel=auto rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap"


def test_rhel8_ppc64le_rendered_entries_take_kernelopts_from_grubenv() -> None:
    # RHEL 8.0 on ppc64le writes the BLS entries into grub.cfg as menuentries using $kernelopts
    # and $tuned_params; kernelopts comes from grubenv, tuned_params/tuned_initrd are "" (00_tuned).
    # saved_entry is the newest kernel's BLS id, which is also entry 0.
    choice = choose("rhel8-ppc64le-style", "boot/grub2/grub.cfg")
    assert choice.entry.title == "Red Hat Enterprise Linux (4.18.0-80.11.2.el8_0.ppc64le) 8.0 (Ootpa)"
    assert choice.entry.kernel == "/vmlinuz-4.18.0-80.11.2.el8_0.ppc64le"
    assert choice.entry.initrds == ("/initramfs-4.18.0-80.11.2.el8_0.ppc64le.img",)
    assert choice.entry.cmdline == PPC_KERNELOPTS


def test_rhel8_ppc64le_without_grubenv_has_no_kernel_options() -> None:
    # Without a grubenv, $kernelopts is unset and this generator writes no fallback: GRUB boots
    # entry 0 with an empty command line.
    choice = choose("rhel8-ppc64le-style", "boot/grub2/grub.cfg", grubenv=None)
    assert choice.entry.kernel == "/vmlinuz-4.18.0-80.11.2.el8_0.ppc64le"
    assert choice.entry.cmdline == ""


def test_rhel8_ppc64le_users_without_a_value_keeps_the_bls_id() -> None:
    # `--users $grub_users --id X` with grub_users unset is `--users --id X` to GRUB: an option's
    # value is the next argument only when that does not start with "-", and RHEL's GRUB lets
    # --users go without one, so the entry's id is X. A saved_entry naming the older kernel's BLS
    # id boots that kernel.
    older = f"{PPC_MID}-4.18.0-80.4.2.el8_0.ppc64le"
    menu = read_tree("rhel8-ppc64le-style", "boot/grub2/grub.cfg", grubenv={"saved_entry": older})
    assert menu.entries()[1].id == older
    assert choose_default_entry(menu).entry.kernel == "/vmlinuz-4.18.0-80.4.2.el8_0.ppc64le"


ROCKY_MID = "2c9e4b7a1f3d4e8c9b0a6d5e7f8a9b1c"
ROCKY_CONFIG = "boot/efi/EFI/rocky/grub.cfg"
ROCKY_TUNED = (
    "skew_tick=1 nohz=on nohz_full=2-15 rcu_nocbs=2-15 "
    "tuned.non_isolcpus=00000003 intel_pstate=disable nosoftlockup"
)


def test_rocky8_saved_entry_bls_id_starting_with_a_digit_pins_the_older_kernel() -> None:
    # EL8 EFI: grub.cfg and grubenv on the ESP. saved_entry is the BLS id of the 513.9.1 kernel
    # (set as the default by hand). The id starts with "2": upstream GRUB would read it as entry 2,
    # EL8's GRUB tries ids first and finds entry 1. $kernelopts comes from grubenv (so the
    # fallback `set kernelopts=` is skipped, and grubenv's console=ttyS0 is kept);
    # tuned_params/tuned_initrd from 00_tuned (cpu-partitioning) add options and a second initrd.
    choice = choose("rocky8-bls-style", ROCKY_CONFIG, platform="efi")
    assert choice.entry.id == f"{ROCKY_MID}-4.18.0-513.9.1.el8_9.x86_64"
    assert choice.entry.position == (1,)
    assert choice.entry.title == "Rocky Linux (4.18.0-513.9.1.el8_9.x86_64) 8.9 (Green Obsidian)"
    assert choice.entry.initrds == ("/initramfs-4.18.0-513.9.1.el8_9.x86_64.img", "/tuned-initrd.img")
    assert choice.entry.cmdline == (
        "root=/dev/mapper/rl-root ro crashkernel=auto resume=/dev/mapper/rl-swap rd.lvm.lv=rl/root "
        f"rd.lvm.lv=rl/swap console=ttyS0,115200n8 {ROCKY_TUNED}"
    )
    assert "matches the id of" in choice.reason
    image = resolve_kexec_image(choice.entry, root="/newroot", config_path=ROCKY_CONFIG)
    assert image.kernel == "/newroot/boot/vmlinuz-4.18.0-513.9.1.el8_9.x86_64"
    assert image.initrds == (
        "/newroot/boot/initramfs-4.18.0-513.9.1.el8_9.x86_64.img",
        "/newroot/boot/tuned-initrd.img",
    )


def test_rocky8_menu_is_newest_first_by_rpm_version() -> None:
    # EL8's blscfg orders by the version keys read as version-release (the file names would give
    # the same here): 513.24.1 > 513.9.1 > 477.43.1 (24 > 9 as numbers), the rescue entry
    # ("0-rescue-<machine id>") last; 'System setup' is 30_uefi-firmware's.
    entries = read_tree("rocky8-bls-style", ROCKY_CONFIG, platform="efi").entries()
    assert [e.id for e in entries] == [
        f"{ROCKY_MID}-4.18.0-513.24.1.el8_9.x86_64",
        f"{ROCKY_MID}-4.18.0-513.9.1.el8_9.x86_64",
        f"{ROCKY_MID}-4.18.0-477.43.1.el8_8.x86_64",
        f"{ROCKY_MID}-0-rescue",
        "uefi-firmware",
    ]
    assert entries[3].initrds == (f"/initramfs-0-rescue-{ROCKY_MID}.img",)


def test_rocky8_grub2_grubenv_is_the_esp_block_through_its_symlink() -> None:
    root = DATA / "rocky8-bls-style" / "boot"
    assert (root / "grub2" / "grubenv").is_symlink()
    assert (root / "grub2" / "grubenv").read_bytes() == (
        root / "efi" / "EFI" / "rocky" / "grubenv"
    ).read_bytes()


def test_rocky8_new_machine_id_entry_sorts_by_its_version() -> None:
    # An image built with machine id 2c9e... booted with a new one, 1f0d...; the next kernel's
    # entry is named with the new id. EL8 GRUB compares the version keys, so 553.5.1 is entry 0;
    # Fedora's and EL9's, comparing file names, put every 2c9e... entry first ("2" > "1").
    root = DATA / "rocky8-bls-style"
    entries = [
        parse_bls_entry(bls_entry_id(p.name) or "", p.read_text())
        for p in sorted((root / "boot" / "loader" / "entries").iterdir())
    ]
    newest = "4.18.0-553.5.1.el8_10.x86_64"
    entries.append(
        parse_bls_entry(
            f"1f0d7c2e9a4b4c3d8e6f5a1b0c9d8e7f-{newest}",
            f"title Rocky Linux ({newest}) 8.10 (Green Obsidian)\nversion {newest}\nlinux /vmlinuz-{newest}\n"
            f"initrd /initramfs-{newest}.img $tuned_initrd\noptions $kernelopts $tuned_params\n",
        )
    )
    menu = parse_grub_cfg(
        (root / ROCKY_CONFIG).read_text(),
        grubenv={"kernelopts": "root=/dev/mapper/rl-root ro"},
        bls_entries=sort_bls_entries(sorted(entries, key=lambda e: e.id), order=BlsOrder.VERSION_KEY),
    )
    assert choose_default_entry(menu).entry.kernel == f"/vmlinuz-{newest}"
    by_file_name = sort_bls_entries(sorted(entries, key=lambda e: e.id))
    assert [e.get("version") for e in by_file_name][:2] == [
        "4.18.0-513.24.1.el8_9.x86_64",
        "4.18.0-513.9.1.el8_9.x86_64",
    ]


# -- RHEL 9 / Fedora ------------------------------------------------------------------------------

EL9_MID = "d8a3f1c6b9e24075a1c3e5f7092b4d6e"
EL9_OPTIONS = (
    "root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M "
    "resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet"
)


def test_el9_saved_entry_boots_the_newest_kernel_with_options_from_its_entry() -> None:
    # EL9 keeps the options in each BLS entry (no $kernelopts). Installing 362.24.1 made it
    # saved_entry; its id names entry 0.
    choice = choose("el9-bls-style", "boot/grub2/grub.cfg", platform="efi")
    assert choice.entry.id == f"{EL9_MID}-5.14.0-362.24.1.el9_3.x86_64"
    assert choice.entry.title == "Red Hat Enterprise Linux (5.14.0-362.24.1.el9_3.x86_64) 9.3 (Plow)"
    assert choice.entry.cmdline == EL9_OPTIONS
    assert "saved_entry from grubenv" in choice.reason
    image = resolve_kexec_image(choice.entry, root="/newroot", config_path="boot/grub2/grub.cfg")
    assert image.kernel == "/newroot/boot/vmlinuz-5.14.0-362.24.1.el9_3.x86_64"


def test_el9_menu_order_is_rpm_version_order_not_text_order() -> None:
    # As text "70.13.1" > "362.24.1" > "362.18.1"; as versions 362.24.1 > 362.18.1 > 70.13.1.
    entries = read_tree("el9-bls-style", "boot/grub2/grub.cfg").entries()
    assert [e.id.removeprefix(f"{EL9_MID}-") for e in entries] == [
        "5.14.0-362.24.1.el9_3.x86_64",
        "5.14.0-362.18.1.el9_3.x86_64",
        "5.14.0-70.13.1.el9_0.x86_64",
        "0-rescue",
    ]


def test_el9_boot_counter_run_out_boots_entry_1() -> None:
    # 08_fallback_counting: boot_counter reached 0 without boot_success, so `set default=1`
    # replaces the saved entry: entry 1 in version order, the 362.18.1 kernel.
    env = {
        "saved_entry": f"{EL9_MID}-5.14.0-362.24.1.el9_3.x86_64",
        "boot_counter": "0",
        "boot_success": "0",
    }
    choice = choose("el9-bls-style", "boot/grub2/grub.cfg", grubenv=env)
    assert choice.entry.kernel == "/vmlinuz-5.14.0-362.18.1.el9_3.x86_64"
    assert "'1' is entry 1" in choice.reason


FEDORA_MID = "e6f1c2a94b3d4f7e8a0b9c1d2e3f4a5b"
WINDOWS = "Windows Boot Manager (on /dev/nvme1n1p1)"


def test_fedora_saved_entry_of_a_removed_kernel_falls_back_to_the_newest() -> None:
    # saved_entry names the 6.9.4 entry, whose kernel was removed with its BLS file: no id or
    # title matches and "e6f1..." is not a number, so GRUB boots entry 0, the newest kernel in
    # version order (6.8.11 > 6.8.9 although "6.8.11" < "6.8.9" as text).
    choice = choose("fedora-efi-style", "boot/grub2/grub.cfg", platform="efi")
    assert choice.entry.title == "Fedora Linux (6.8.11-300.fc40.x86_64) 40 (Workstation Edition)"
    assert (
        choice.entry.cmdline
        == "root=UUID=c5e09a72-4d1b-4f83-9a6e-07b3d2f8e194 ro rootflags=subvol=root rhgb quiet"
    )
    assert "names no entry" in choice.reason


def test_fedora_menu_has_windows_and_on_efi_the_firmware_entry() -> None:
    titles = [e.title for e in read_tree("fedora-efi-style", "boot/grub2/grub.cfg", platform="efi").entries()]
    assert titles[3:] == [WINDOWS, "UEFI Firmware Settings"]
    assert [e.title for e in read_tree("fedora-efi-style", "boot/grub2/grub.cfg").entries()][3:] == [WINDOWS]


def test_fedora_grub2_reboot_into_windows_cannot_be_kexeced() -> None:
    # `grub2-reboot "Windows Boot Manager (on /dev/nvme1n1p1)"` set next_entry: the title of the
    # os-prober entry, which only chainloads.
    env = {"saved_entry": f"{FEDORA_MID}-6.8.11-300.fc40.x86_64", "next_entry": WINDOWS}
    choice = choose("fedora-efi-style", "boot/grub2/grub.cfg", platform="efi", grubenv=env)
    assert choice.entry.title == WINDOWS
    with pytest.raises(EntryNotBootable, match="loads no Linux kernel"):
        resolve_kexec_image(choice.entry, root="/newroot", config_path="boot/grub2/grub.cfg")


def test_fedora_stale_saved_entry_starting_with_a_digit_is_not_an_index() -> None:
    # The image's entries were written under machine id 3b71...; saved_entry still names one of
    # them after it was removed. Fedora's GRUB: no id, no title, and "3b71..." is not a number as
    # a whole (upstream GRUB would take the 3 and boot Windows): entry 0.
    env = {"saved_entry": "3b71d0e8c5a24f69b8e1d4c7a2f05e93-6.8.5-301.fc40.x86_64"}
    choice = choose("fedora-efi-style", "boot/grub2/grub.cfg", platform="efi", grubenv=env)
    assert choice.entry.title == "Fedora Linux (6.8.11-300.fc40.x86_64) 40 (Workstation Edition)"
    assert "names no entry" in choice.reason


# -- Fedora CoreOS --------------------------------------------------------------------------------


def test_fcos_without_default_boots_the_newest_deployment() -> None:
    # The static grub.cfg never sets default, so GRUB boots entry 0. ostree names the default
    # deployment's file ostree-2-fedora-coreos.conf (deployments + 1 - index) and the rollback's
    # ostree-1-...; blscfg compares file names, so "ostree-2" comes first. $ignition_firstboot is
    # empty: /ignition.firstboot does not exist after the first boot.
    choice = choose("fcos-bls-style", "boot/grub2/grub.cfg")
    assert choice.entry.id == "ostree-2-fedora-coreos"
    assert choice.entry.title == "Fedora CoreOS 40.20240616.3.0 (ostree:0)"
    assert "ignition.platform.id=metal ostree=/ostree/boot.1/fedora-coreos/" in choice.entry.cmdline
    assert "ignition_firstboot" not in choice.entry.cmdline
    assert "default is never set" in choice.reason
    image = resolve_kexec_image(choice.entry, root="/newroot", config_path="boot/grub2/grub.cfg")
    assert image.kernel.startswith("/newroot/boot/ostree/fedora-coreos-7d41c0a9")
    assert image.kernel.endswith("/vmlinuz-6.8.11-300.fc40.x86_64")


def test_fcos_rollback_deployment_is_second() -> None:
    # /boot/loader is a symlink to loader.1, as ostree swaps it between loader.0 and loader.1.
    assert (DATA / "fcos-bls-style" / "boot" / "loader").is_symlink()
    entries = read_tree("fcos-bls-style", "boot/grub2/grub.cfg").entries()
    assert [e.title for e in entries] == [
        "Fedora CoreOS 40.20240616.3.0 (ostree:0)",
        "Fedora CoreOS 40.20240602.3.0 (ostree:1)",
    ]
    assert entries[1].kernel.endswith("/vmlinuz-6.8.9-300.fc40.x86_64")
