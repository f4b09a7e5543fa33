"""From a boot entry to the files kexec loads: ``resolve_kexec_image``, and where on an installed
tree booty looks for GRUB's configuration.

Rules of this file: pure; paths are strings, nothing is opened. v0.0.1 glued ``/newroot`` in
front of the kernel path as written (spec provisioning.md §6.3 step 5), which is wrong when
/boot is its own partition: GRUB then reads ``/vmlinuz-6.8.0-31-generic`` from that partition,
which the installed system mounts at ``/boot``. booty's rule, for a configuration found at
``config_path`` under the installed root ``root``:

1. A GRUB device prefix is dropped: ``(hd0,gpt2)/vmlinuz`` and ``($root)/vmlinuz`` are ``/vmlinuz``.
2. When the configuration lives under ``boot/`` (``boot/grub/grub.cfg``, ``boot/grub2/grub.cfg``,
   ``boot/efi/EFI/<vendor>/grub.cfg``), *root* is a whole installed system: a path starting with
   ``/boot/`` is on the root filesystem (``<root>/boot/...``); a path with ``/boot/`` after a
   btrfs subvolume (``/@/boot/vmlinuz``) is too, without the subvolume; any other path is on a
   separate /boot partition (``<root>/boot/vmlinuz-...``). grub-mkconfig and kernel-install write
   exactly these two forms, so the rule needs no look at the disk.
3. Otherwise (``grub/grub.cfg``, ``grub2/grub.cfg``, ``EFI/<vendor>/grub.cfg``) *root* is the
   boot partition itself, and paths are relative to it: ``<root>/vmlinuz-...``.
4. ``..`` is resolved, and a path that would leave *root* is refused.
"""

from __future__ import annotations

import posixpath

from booty.domain.boot.model import BootEntry
from booty.domain.errors import EntryNotBootable
from booty.domain.system import KexecImage

GRUB_CONFIG_PATHS = ("boot/grub/grub.cfg", "boot/grub2/grub.cfg", "grub/grub.cfg", "grub2/grub.cfg")
"""Where grub-install puts grub.cfg, relative to an installed root or a boot partition, in the
order booty tries them."""
EFI_DIRS = ("boot/efi/EFI", "EFI")
"""Directories whose ``<vendor>/grub.cfg`` booty tries next (``EFI/BOOT`` last)."""
BLS_DIRS = ("boot/loader/entries", "loader/entries")
"""Where ``blscfg`` finds BLS entries, relative to an installed root or a boot partition."""


def efi_config_paths(efi_dir: str, vendors: tuple[str, ...]) -> tuple[str, ...]:
    """``<efi_dir>/<vendor>/grub.cfg`` for each vendor directory, sorted, the fallback ``BOOT`` last."""
    ordered = sorted(vendors, key=lambda v: (v.upper() == "BOOT", v))
    return tuple(f"{efi_dir}/{vendor}/grub.cfg" for vendor in ordered)


def grubenv_path(config_path: str) -> str:
    """The grubenv GRUB's ``load_env`` reads: the one next to grub.cfg."""
    return posixpath.join(posixpath.dirname(config_path), "grubenv")


def resolve_kexec_image(entry: BootEntry, *, root: str, config_path: str) -> KexecImage:
    """The kernel, initrds and command line of *entry* as paths under the installed root.

    Args:
        entry: the chosen entry; its paths as written in the configuration.
        root: where the installed system is mounted (``/newroot``).
        config_path: where its grub.cfg was found, relative to *root*.

    Raises:
        EntryNotBootable: the entry loads no Linux kernel, or a path leaves *root*.
    """
    if not entry.kernel:
        raise EntryNotBootable(entry.title, "it loads no Linux kernel")
    whole_system = config_path.lstrip("/").startswith("boot/")

    def place(path: str) -> str:
        return _place(entry, path, root=root, whole_system=whole_system)

    return KexecImage(
        kernel=place(entry.kernel),
        initrds=tuple(place(initrd) for initrd in entry.initrds),
        cmdline=entry.cmdline,
    )


def _place(entry: BootEntry, path: str, *, root: str, whole_system: bool) -> str:
    if path.startswith("("):
        close = path.find(")")
        path = path[close + 1 :] if close >= 0 else path
    path = "/" + path.lstrip("/")
    if whole_system:
        boot = path.find("/boot/")
        path = path[boot:] if boot >= 0 else "/boot" + path
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                raise EntryNotBootable(entry.title, f"{path} is outside the installed root")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return posixpath.join(root, *parts)
