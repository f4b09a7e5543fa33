"""Which boot loader on the EFI system partition a new boot entry starts.

The installed system's loader lives in ``\\EFI\\<vendor>\\``: ``shim<arch>.efi`` when the image
supports Secure Boot, else ``grub<arch>.efi``; ``<arch>`` is the UEFI name of the machine's
architecture (``x64``, ``aa64``). The vendor directory is the os-release ``ID`` (``ubuntu``,
``debian``), except where distributions use another name (RHEL: ``redhat``, SLES and openSUSE:
``opensuse`` or ``sles``), then the ``ID_LIKE`` ids, then any other vendor directory on the ESP.
FAT is case-insensitive, so names are compared without case and written as the ESP spells them.

Departs from v0.0.1 (spec provisioning.md §2.2 step 28, §13 "EFI fixes"): v0.0.1 always used
``\\EFI\\ubuntu\\``, x86 names, and ``grubx64.efi`` without checking that it exists; it never
mounted the ESP, so it did not see shim either. booty fails, naming the paths it looked for, when
no loader exists, rather than creating an entry that cannot boot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from booty.domain.errors import BootyError

UEFI_ARCH = {
    "x86_64": "x64",
    "amd64": "x64",
    "aarch64": "aa64",
    "arm64": "aa64",
    "i386": "ia32",
    "i686": "ia32",
    "riscv64": "riscv64",
    "loongarch64": "loongarch64",
}
"""``uname -m`` to the suffix UEFI uses in loader names (``BOOTX64.EFI``, ``shimaa64.efi``)."""
VENDOR_ALIASES = {"rhel": ("redhat",), "sles": ("sles", "opensuse"), "opensuse-leap": ("opensuse",)}
"""os-release IDs whose ESP directory has another name."""
FALLBACK_DIR = "BOOT"
"""``\\EFI\\BOOT``: the removable-media path, not a vendor's own directory."""


class NoEfiLoader(BootyError, LookupError):
    """The ESP holds no loader booty can make a boot entry for."""

    def __init__(self, looked_for: Sequence[str]) -> None:
        super().__init__(
            f"no EFI boot loader on the EFI system partition (looked for {', '.join(looked_for)})"
        )
        self.looked_for = tuple(looked_for)


@attrs.frozen
class LoaderChoice:
    """The loader a boot entry starts, as efibootmgr wants it, and why it was taken."""

    path: str
    """ESP-relative with backslashes, e.g. ``\\EFI\\ubuntu\\shimx64.efi``."""
    reason: str


def efi_arch(machine: str) -> str:
    """The UEFI suffix of *machine* (``uname -m``): ``x86_64`` -> ``x64``.

    Raises:
        ValueError: an architecture booty knows no UEFI loader names for.
    """
    try:
        return UEFI_ARCH[machine.strip().lower()]
    except KeyError:
        raise ValueError(f"no UEFI loader names known for architecture {machine!r}") from None


def vendor_dirs(os_id: str, id_like: Sequence[str], on_esp: Sequence[str]) -> tuple[str, ...]:
    """The ESP vendor directories to try, in order (lower case, no duplicates, ``BOOT`` never)."""
    wanted: list[str] = []
    for name in (os_id, *id_like):
        wanted += [name.lower(), *VENDOR_ALIASES.get(name.lower(), ())]
    wanted += sorted(d.lower() for d in on_esp)
    ordered = dict.fromkeys(w for w in wanted if w and w != FALLBACK_DIR.lower())
    return tuple(ordered)


def choose_loader(
    *, arch: str, os_id: str, id_like: Sequence[str] = (), esp: Mapping[str, Sequence[str]]
) -> LoaderChoice:
    """The shim or GRUB loader of the installed system on the ESP.

    Args:
        arch: the UEFI suffix (``efi_arch``).
        os_id: os-release ``ID`` of the installed system.
        id_like: its ``ID_LIKE`` ids.
        esp: the directories under ``\\EFI`` as the ESP spells them, each with its file names.

    Raises:
        NoEfiLoader: no vendor directory holds ``shim<arch>.efi`` or ``grub<arch>.efi``.
    """
    by_lower = {d.lower(): d for d in esp}
    looked_for: list[str] = []
    for vendor in vendor_dirs(os_id, id_like, tuple(esp)):
        directory = by_lower.get(vendor, vendor)
        files = {f.lower(): f for f in esp.get(directory, ())}
        for kind in ("shim", "grub"):
            name = f"{kind}{arch}.efi"
            looked_for.append(f"\\EFI\\{directory}\\{name}")
            if name in files:
                why = "Secure Boot shim" if kind == "shim" else "GRUB (no shim on the ESP)"
                return LoaderChoice(f"\\EFI\\{directory}\\{files[name]}", f"{why} of {directory}")
    raise NoEfiLoader(looked_for)
