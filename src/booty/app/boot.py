"""Use case: what an installed system boots by default, read the way GRUB reads it on its next boot.

Looks at an installed tree (the target root ``/newroot`` in the pipeline, any directory for
``booty grub default``): the first grub.cfg with menu entries among ``boot/grub/grub.cfg``,
``boot/grub2/grub.cfg``, ``grub/grub.cfg``, ``grub2/grub.cfg``, ``boot/efi/EFI/*/grub.cfg`` and
``EFI/*/grub.cfg``; the grubenv next to it; the BLS entries in ``boot/loader/entries`` (or
``loader/entries``). Everything is read through ``Host``; the decisions are ``booty.domain.boot``'s.

Shared by the CLI (``booty.app.commands.grub``), the demo and the pipeline's load-kexec step.
v0.0.1 took the first ``menuentry`` of ``/newroot/boot/grub/grub.cfg`` and nothing else (spec
provisioning.md §6.1): no ``set default``, no saved entry, no BLS, no other grub.cfg location.
BLS entries are ordered the way the installed system's GRUB orders them: by the ``version`` key
on RHEL 8 and its rebuilds (``PLATFORM_ID="platform:el8"`` in its os-release), by the file name
everywhere else (``booty.domain.boot.BlsOrder``).
"""

from __future__ import annotations

import posixpath

import attrs

from booty.domain.boot import (
    BLS_DIRS,
    EFI_DIRS,
    GRUB_CONFIG_PATHS,
    BlsEntry,
    BlsOrder,
    BootChoice,
    GrubMenu,
    bls_entry_id,
    choose_default_entry,
    efi_config_paths,
    grubenv_path,
    parse_bls_entry,
    parse_grub_cfg,
    parse_grubenv,
    sort_bls_entries,
)
from booty.domain.errors import InvalidGrubEnv, NoBootEntries
from booty.domain.os_release import OS_RELEASE_PATHS, OsRelease, bls_order, parse_os_release
from booty.domain.system import FileKind
from booty.ports.host import Host


@attrs.frozen
class InstalledBoot:
    """The default boot entry of an installed tree, and what was read to find it."""

    config: str
    """The grub.cfg used, relative to the root."""
    menu: GrubMenu
    choice: BootChoice
    warnings: tuple[str, ...] = ()


def find_default_entry(host: Host, root: str, *, platform: str = "") -> InstalledBoot:
    """The entry GRUB boots by default on the installed tree *root*.

    Args:
        host: reads the tree.
        root: the installed system's root directory.
        platform: GRUB's ``grub_platform`` (``pc``, ``efi``); default: ``efi`` for an
            ``EFI/*/grub.cfg``, else unset.

    Raises:
        NoBootEntries: no grub.cfg under *root*, or none with a menu entry.
        OSError: a file exists but cannot be read.
    """
    empty: list[str] = []
    warnings: list[str] = []
    for config in _config_candidates(host, root):
        menu = _read_menu(host, root, config, platform=platform, warnings=warnings)
        if menu.items:
            return InstalledBoot(config, menu, choose_default_entry(menu), tuple(warnings))
        empty.append(f"{config} defines no menu entry")
    if not empty:
        looked = ", ".join((*GRUB_CONFIG_PATHS, *(f"{d}/*/grub.cfg" for d in EFI_DIRS)))
        raise NoBootEntries(f"no grub.cfg under {root} (looked for {looked})")
    raise NoBootEntries("; ".join(empty))


def _config_candidates(host: Host, root: str) -> list[str]:
    found = [path for path in GRUB_CONFIG_PATHS if host.exists(posixpath.join(root, path))]
    for efi_dir in EFI_DIRS:
        if host.exists(posixpath.join(root, efi_dir)):
            vendors = tuple(host.list_dir(posixpath.join(root, efi_dir)))
            found += [p for p in efi_config_paths(efi_dir, vendors) if host.exists(posixpath.join(root, p))]
    return found


def _read_menu(host: Host, root: str, config: str, *, platform: str, warnings: list[str]) -> GrubMenu:
    text = host.read_file(posixpath.join(root, config)).decode("utf-8", errors="replace")
    grubenv = None
    env_path = grubenv_path(config)
    if host.exists(posixpath.join(root, env_path)):
        try:
            grubenv = parse_grubenv(host.read_file(posixpath.join(root, env_path)))
        except InvalidGrubEnv as e:
            warnings.append(f"{env_path}: {e} (GRUB ignores it)")
    if not platform and "/EFI/" in f"/{config}":
        platform = "efi"
    bls = _bls_entries(host, root, order=bls_order(read_os_release(host, root)))
    menu = parse_grub_cfg(text, source=config, grubenv=grubenv, bls_entries=bls, platform=platform)
    warnings.extend(f"{config}:{problem}" for problem in menu.problems)
    return menu


def read_os_release(host: Host, root: str) -> OsRelease:
    """The os-release of the installed tree *root*; empty when it has none (a boot partition).

    Raises:
        OSError: the file exists but cannot be read.
    """
    for path in OS_RELEASE_PATHS:
        full = _inside(host, root, path)
        if host.exists(full) and host.stat(full).kind is not FileKind.SYMLINK:
            return parse_os_release(host.read_file(full).decode("utf-8", errors="replace"))
    return OsRelease()


def _inside(host: Host, root: str, path: str) -> str:
    # /etc/os-release is usually a symlink to ../usr/lib/os-release; an absolute link must be
    # read inside the installed tree, not on the ramdisk (one level, as os-release(5) uses it).
    full = posixpath.join(root, path.lstrip("/"))
    if host.exists(full) and host.stat(full).kind is FileKind.SYMLINK:
        target = host.read_link(full)
        inner = target if target.startswith("/") else posixpath.join(posixpath.dirname(path), target)
        inner = posixpath.normpath("/" + inner.lstrip("/"))
        return posixpath.join(root, inner.lstrip("/"))
    return full


def _bls_entries(host: Host, root: str, *, order: BlsOrder) -> tuple[BlsEntry, ...]:
    for directory in BLS_DIRS:
        path = posixpath.join(root, directory)
        if host.exists(path):
            entries = []
            for name in host.list_dir(path):
                entry_id = bls_entry_id(name)
                if entry_id is not None:
                    text = host.read_file(posixpath.join(path, name)).decode("utf-8", errors="replace")
                    entries.append(parse_bls_entry(entry_id, text))
            return sort_bls_entries(entries, order=order)
    return ()
