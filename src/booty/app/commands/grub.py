"""``booty grub default ROOT [--json] [--platform pc|efi]``: what an installed system boots.

Looks at the installed tree ROOT the way GRUB would on its next boot: the first grub.cfg with
menu entries among ``boot/grub/grub.cfg``, ``boot/grub2/grub.cfg``, ``grub/grub.cfg``,
``grub2/grub.cfg``, ``boot/efi/EFI/*/grub.cfg`` and ``EFI/*/grub.cfg``; the grubenv next to it;
the BLS entries in ``boot/loader/entries`` (or ``loader/entries``). Prints the default entry
with the paths exactly as the configuration writes them, and where kexec would find them.
Everything is read through ``Host``; the decisions are ``booty.domain.boot``'s.
"""

from __future__ import annotations

import argparse
import json
import posixpath

import attrs

from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.boot import (
    BLS_DIRS,
    EFI_DIRS,
    GRUB_CONFIG_PATHS,
    BlsEntry,
    BootChoice,
    GrubMenu,
    bls_entry_id,
    choose_default_entry,
    efi_config_paths,
    grubenv_path,
    parse_bls_entry,
    parse_grub_cfg,
    parse_grubenv,
    resolve_kexec_image,
    sort_bls_entries,
)
from booty.domain.errors import EntryNotBootable, InvalidGrubEnv, NoBootEntries
from booty.ports.host import Host

NAME = "grub"
HELP = "read the GRUB configuration of an installed system"


@attrs.frozen
class InstalledBoot:
    """The default boot entry of an installed tree, and what was read to find it."""

    config: str
    """The grub.cfg used, relative to the root."""
    menu: GrubMenu
    choice: BootChoice
    warnings: tuple[str, ...] = ()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``grub default ROOT [--json] [--platform pc|efi]``."""
    actions = parser.add_subparsers(dest="grub_command", metavar="ACTION", required=True)
    default = actions.add_parser("default", help="print the entry GRUB boots by default")
    default.add_argument("root", metavar="ROOT", help="the installed system's root directory")
    default.add_argument(
        "--json", action="store_true", help="print title, kernel, initrd and cmdline as JSON"
    )
    default.add_argument(
        "--platform",
        choices=("pc", "efi"),
        default="",
        help="GRUB's grub_platform (default: efi for an EFI/*/grub.cfg, else unset)",
    )


def find_default_entry(host: Host, root: str, *, platform: str = "") -> InstalledBoot:
    """The entry GRUB boots by default on the installed tree *root*.

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
    menu = parse_grub_cfg(
        text, source=config, grubenv=grubenv, bls_entries=_bls_entries(host, root), platform=platform
    )
    warnings.extend(f"{config}:{problem}" for problem in menu.problems)
    return menu


def _bls_entries(host: Host, root: str) -> tuple[BlsEntry, ...]:
    for directory in BLS_DIRS:
        path = posixpath.join(root, directory)
        if host.exists(path):
            entries = []
            for name in host.list_dir(path):
                entry_id = bls_entry_id(name)
                if entry_id is not None:
                    text = host.read_file(posixpath.join(path, name)).decode("utf-8", errors="replace")
                    entries.append(parse_bls_entry(entry_id, text))
            return sort_bls_entries(entries)
    return ()


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Print the default entry; exit 1 when there is none or kexec could not start it."""
    root = args.root
    if not services.host.exists(root):
        print(f"{root}: no such directory", file=services.stderr)
        return EXIT_BAD_INPUT
    try:
        found = find_default_entry(services.host, root, platform=args.platform)
    except NoBootEntries as e:
        print(f"{root}: {e}", file=services.stderr)
        return EXIT_FAILED
    except OSError as e:
        return services.cannot_read(e.filename or root, e)
    for warning in found.warnings:
        print(f"warning: {warning}", file=services.stderr)
    entry = found.choice.entry
    if args.json:
        doc = {
            "title": entry.title,
            "kernel": entry.kernel,
            "initrd": list(entry.initrds),
            "cmdline": entry.cmdline,
        }
        json.dump(doc, services.stdout, indent=2)
        services.stdout.write("\n")
    else:
        _print_text(found, services)
    try:
        image = resolve_kexec_image(entry, root=root, config_path=found.config)
    except EntryNotBootable as e:
        print(f"{root}: {e}", file=services.stderr)
        return EXIT_FAILED
    if not args.json:
        print(f"kexec kernel: {image.kernel}", file=services.stdout)
        for initrd in image.initrds:
            print(f"kexec initrd: {initrd}", file=services.stdout)
    return EXIT_OK


def _print_text(found: InstalledBoot, services: CliServices) -> None:
    entry = found.choice.entry
    lines = [
        ("title", entry.title),
        ("id", entry.id),
        ("menu", " > ".join(entry.path)),
        ("kernel", entry.kernel),
        *(("initrd", initrd) for initrd in entry.initrds),
        ("cmdline", entry.cmdline),
        ("config", found.config),
        ("reason", found.choice.reason),
    ]
    for key, value in lines:
        print(f"{key}: {value}", file=services.stdout)
