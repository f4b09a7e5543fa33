"""UEFI boot entries and boot loaders, pure: what ``efibootmgr -v`` says, which entries an install
removes, which loader on the EFI system partition a new entry starts, and the efibootmgr argv.

Rules of this package: pure (values in, values out; the app runs efibootmgr and lists the ESP).

* ``bootmgr``: ``parse_efibootmgr``, ``plan_cleanup``, the ``efibootmgr`` argvs.
* ``loader``: ``efi_arch`` and ``choose_loader``.
"""

from booty.domain.efi.bootmgr import (
    EfiBootEntry,
    EfiBootState,
    EfiCleanup,
    create_entry_argv,
    delete_entry_argv,
    parse_efibootmgr,
    plan_cleanup,
)
from booty.domain.efi.loader import LoaderChoice, NoEfiLoader, choose_loader, efi_arch, vendor_dirs

__all__ = [
    "EfiBootEntry",
    "EfiBootState",
    "EfiCleanup",
    "LoaderChoice",
    "NoEfiLoader",
    "choose_loader",
    "create_entry_argv",
    "delete_entry_argv",
    "efi_arch",
    "parse_efibootmgr",
    "plan_cleanup",
    "vendor_dirs",
]
