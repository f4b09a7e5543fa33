"""Where booty looks for GRUB's files on an installed tree."""

from __future__ import annotations

from booty.domain.boot import efi_config_paths, grubenv_path


def test_efi_vendor_directories_are_tried_in_name_order_with_the_fallback_last() -> None:
    assert efi_config_paths("boot/efi/EFI", ("ubuntu", "BOOT", "centos")) == (
        "boot/efi/EFI/centos/grub.cfg",
        "boot/efi/EFI/ubuntu/grub.cfg",
        "boot/efi/EFI/BOOT/grub.cfg",
    )


def test_grubenv_sits_next_to_grub_cfg() -> None:
    assert grubenv_path("boot/efi/EFI/rocky/grub.cfg") == "boot/efi/EFI/rocky/grubenv"
