"""Loader choice on the ESP by architecture, os-release ID and what exists."""

from __future__ import annotations

import pytest

from booty.domain.efi import NoEfiLoader, choose_loader, efi_arch, vendor_dirs


@pytest.mark.parametrize(
    ("machine", "arch"),
    [("x86_64", "x64"), ("amd64", "x64"), ("aarch64", "aa64"), ("arm64\n", "aa64"), ("i686", "ia32")],
)
def test_uefi_arch_names(machine: str, arch: str) -> None:
    assert efi_arch(machine) == arch


def test_unknown_arch_is_refused() -> None:
    with pytest.raises(ValueError, match="'s390x'"):
        efi_arch("s390x")


@pytest.mark.parametrize(
    ("os_id", "id_like", "esp", "expected"),
    [
        (
            "ubuntu",
            (),
            {"ubuntu": ("shimx64.efi", "grubx64.efi"), "BOOT": ("BOOTX64.EFI",)},
            "\\EFI\\ubuntu\\shimx64.efi",
        ),
        ("ubuntu", (), {"ubuntu": ("grubx64.efi",)}, "\\EFI\\ubuntu\\grubx64.efi"),
        ("rhel", ("fedora",), {"redhat": ("shimx64.efi",)}, "\\EFI\\redhat\\shimx64.efi"),
        ("rocky", ("rhel", "centos", "fedora"), {"rocky": ("SHIMX64.EFI",)}, "\\EFI\\rocky\\SHIMX64.EFI"),
        ("debian", (), {"Debian": ("shimx64.efi",)}, "\\EFI\\Debian\\shimx64.efi"),
        ("", (), {"BOOT": ("BOOTX64.EFI",), "custom": ("grubx64.efi",)}, "\\EFI\\custom\\grubx64.efi"),
    ],
)
def test_loader_choice(
    os_id: str, id_like: tuple[str, ...], esp: dict[str, tuple[str, ...]], expected: str
) -> None:
    assert choose_loader(arch="x64", os_id=os_id, id_like=id_like, esp=esp).path == expected


def test_arm64_names() -> None:
    choice = choose_loader(arch="aa64", os_id="ubuntu", esp={"ubuntu": ("shimaa64.efi", "shimx64.efi")})
    assert choice.path == "\\EFI\\ubuntu\\shimaa64.efi"
    assert choice.reason == "Secure Boot shim of ubuntu"


def test_no_loader_names_every_path_looked_for() -> None:
    with pytest.raises(NoEfiLoader) as raised:
        choose_loader(arch="x64", os_id="ubuntu", esp={"BOOT": ("BOOTX64.EFI",)})
    assert raised.value.looked_for == ("\\EFI\\ubuntu\\shimx64.efi", "\\EFI\\ubuntu\\grubx64.efi")
    assert "looked for \\EFI\\ubuntu\\shimx64.efi, \\EFI\\ubuntu\\grubx64.efi" in str(raised.value)


def test_vendor_order_without_duplicates() -> None:
    assert vendor_dirs("sles", ("suse",), ("opensuse", "BOOT", "sles")) == ("sles", "opensuse", "suse")
