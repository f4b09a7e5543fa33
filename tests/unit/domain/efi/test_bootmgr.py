"""``efibootmgr`` output parsing, which entries an install removes, and the argvs."""

from __future__ import annotations

import pytest

from booty.domain.efi import (
    EfiBootEntry,
    create_entry_argv,
    delete_entry_argv,
    parse_efibootmgr,
    plan_cleanup,
)

SERVER = (
    "BootCurrent: 0004\n"
    "Timeout: 2 seconds\n"
    "BootOrder: 0003,0004,0001,0000,0005\n"
    "Boot0000* UiApp\tFvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503)\n"
    "Boot0001* UEFI Shell\tFvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(7c04a583-9e3e-4f1c)\n"
    "Boot0003* ubuntu\tHD(1,GPT,8e2fd1a0-1111-2222-3333-444455556666,0x800,0x100000)"
    "/File(\\EFI\\ubuntu\\shimx64.efi)\n"
    "      dp: 04 01 2a 00 01 00 00 00 / 7f ff 04 00\n"
    "Boot0004* UEFI PXEv4 (MAC:525400123456)\tPciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,1)"
    "/IPv4(0.0.0.0,0,DHCP,0.0.0.0,0.0.0.0,0.0.0.0)\n"
    "Boot0005  Red Hat Enterprise Linux\tHD(2,GPT,aa,0x1000,0x64000)/\\EFI\\redhat\\shimx64.efi\n"
    "Boot0006* UEFI HTTPv4\tPciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,1)/IPv4(0.0.0.0)/Uri()\n"
    "Boot0007* UEFI Samsung SSD\tPciRoot(0x0)/Pci(0x1d,0x0)/NVMe(0x1,00-00)/HD(1,GPT,bb,0x800,0x1000)\n"
    "BootNext: 0003\n"
)


def test_entries_numbers_labels_and_activity() -> None:
    state = parse_efibootmgr(SERVER)
    assert state.current == "0004"
    assert state.order == ("0003", "0004", "0001", "0000", "0005")
    assert [(e.number, e.label, e.active) for e in state.entries] == [
        ("0000", "UiApp", True),
        ("0001", "UEFI Shell", True),
        ("0003", "ubuntu", True),
        ("0004", "UEFI PXEv4 (MAC:525400123456)", True),
        ("0005", "Red Hat Enterprise Linux", False),
        ("0006", "UEFI HTTPv4", True),
        ("0007", "UEFI Samsung SSD", True),
    ]


@pytest.mark.parametrize(
    ("path", "loader"),
    [
        ("HD(1,GPT,x,0x800,0x1000)/File(\\EFI\\ubuntu\\shimx64.efi)", "\\EFI\\ubuntu\\shimx64.efi"),
        ("HD(1,GPT,x,0x800,0x1000)/\\EFI\\redhat\\grubx64.efi", "\\EFI\\redhat\\grubx64.efi"),
        ("HD(1,800,f3800,x)File(\\EFI\\steamos\\grubx64.efi)", "\\EFI\\steamos\\grubx64.efi"),
        ("HD(1,GPT,x)/File(\\EFI\\MS\\BOOTMGFW.EFI)5749004e", "\\EFI\\MS\\BOOTMGFW.EFI"),
        ("PciRoot(0x0)/Pci(0x3,0x0)/MAC(5254,1)", ""),
        ("", ""),
    ],
)
def test_loader_file_of_a_device_path(path: str, loader: str) -> None:
    assert EfiBootEntry("0001", "x", True, path).loader_file == loader


def test_cleanup_deletes_disk_loaders_and_keeps_the_rest_with_reasons() -> None:
    cleanup = plan_cleanup(parse_efibootmgr(SERVER))
    assert [e.number for e in cleanup.delete] == ["0003", "0005"]
    assert [(e.number, why) for e, why in cleanup.kept] == [
        ("0000", "firmware application or device, not a disk partition"),
        ("0001", "firmware application or device, not a disk partition"),
        ("0004", "BootCurrent: the ramdisk was booted from it"),
        ("0006", "network boot"),
        ("0007", "the firmware's entry for a whole disk, no loader file"),
    ]


def test_boot_current_is_kept_even_when_it_is_a_disk_loader() -> None:
    text = "BootCurrent: 0002\nBoot0002* booty usb\tHD(1,GPT,x)/File(\\EFI\\BOOT\\BOOTX64.EFI)\n"
    assert plan_cleanup(parse_efibootmgr(text)).delete == ()


def test_without_verbose_nothing_is_deleted() -> None:
    text = "BootCurrent: 0009\nBootOrder: 0001\nBoot0001* ubuntu\nBoot0002* debian\n"
    cleanup = plan_cleanup(parse_efibootmgr(text))
    assert cleanup.delete == ()
    assert {why for _, why in cleanup.kept} == {"no device path shown (efibootmgr without -v)"}


def test_label_and_path_split_on_spaces_when_the_tab_was_lost() -> None:
    text = "Boot0003* Debian GNU/Linux   HD(1,GPT,x,0x800,0x1000)/File(\\EFI\\debian\\shimx64.efi)\n"
    (entry,) = parse_efibootmgr(text).entries
    assert (entry.label, entry.loader_file) == ("Debian GNU/Linux", "\\EFI\\debian\\shimx64.efi")


def test_unknown_lines_and_an_empty_output() -> None:
    state = parse_efibootmgr("Timeout: 1 seconds\nBootOrderX\nBootxyz1* nope\n")
    assert (state.entries, state.current, state.order) == ((), "", ())


def test_lower_case_numbers_are_normalised() -> None:
    (entry,) = parse_efibootmgr("Boot00ab* x\tHD(1)/File(\\EFI\\x\\y.efi)\n").entries
    assert entry.number == "00AB"


def test_argvs() -> None:
    assert delete_entry_argv("0003") == ("efibootmgr", "-b", "0003", "-B")
    argv = create_entry_argv(
        disk="/dev/sda", partition=1, label="Ubuntu", loader="\\EFI\\ubuntu\\shimx64.efi"
    )
    assert argv == (
        "efibootmgr", "-c", "-d", "/dev/sda", "-p", "1", "-L", "Ubuntu", "-l", "\\EFI\\ubuntu\\shimx64.efi",
    )  # fmt: skip
