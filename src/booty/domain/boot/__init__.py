"""What the installed system boots: GRUB configurations, GRUB environment blocks and Boot Loader
Specification entries read the way GRUB reads them, the default entry GRUB picks with its reason,
and the kernel, initrds and command line kexec needs.

Rules of this package: pure (the domain layer: no I/O, values in, values out). Each module owns
one format or one decision:

* ``grub_lexer``, ``grub_parser``, ``grub_eval``, ``grub_test``: GRUB's script language.
* ``grub``: ``parse_grub_cfg``, grub.cfg text to a ``GrubMenu``.
* ``grubenv``: the ``# GRUB Environment Block`` format.
* ``bls``: ``loader/entries/*.conf`` and GRUB's version order.
* ``default``: ``choose_default_entry``.
* ``kexec``: ``resolve_kexec_image`` and where the files are on an installed tree.
"""

from booty.domain.boot.bls import (
    BlsEntry,
    BlsOrder,
    bls_entry_id,
    compare_bls_ids,
    parse_bls_entry,
    sort_bls_entries,
    vercmp,
)
from booty.domain.boot.default import choose_default_entry
from booty.domain.boot.grub import parse_grub_cfg
from booty.domain.boot.grubenv import parse_grubenv, render_grubenv
from booty.domain.boot.kexec import (
    BLS_DIRS,
    EFI_DIRS,
    GRUB_CONFIG_PATHS,
    efi_config_paths,
    grubenv_path,
    resolve_kexec_image,
)
from booty.domain.boot.model import BootChoice, BootEntry, GrubMenu, GrubProblem, MenuItem, Submenu

__all__ = [
    "BLS_DIRS",
    "EFI_DIRS",
    "GRUB_CONFIG_PATHS",
    "BlsEntry",
    "BlsOrder",
    "BootChoice",
    "BootEntry",
    "GrubMenu",
    "GrubProblem",
    "MenuItem",
    "Submenu",
    "bls_entry_id",
    "choose_default_entry",
    "compare_bls_ids",
    "efi_config_paths",
    "grubenv_path",
    "parse_bls_entry",
    "parse_grub_cfg",
    "parse_grubenv",
    "render_grubenv",
    "resolve_kexec_image",
    "sort_bls_entries",
    "vercmp",
]
