"""``booty grub default ROOT [--json] [--platform pc|efi]``: what an installed system boots.

Looks at the installed tree ROOT the way GRUB would on its next boot: the first grub.cfg with
menu entries among ``boot/grub/grub.cfg``, ``boot/grub2/grub.cfg``, ``grub/grub.cfg``,
``grub2/grub.cfg``, ``boot/efi/EFI/*/grub.cfg`` and ``EFI/*/grub.cfg``; the grubenv next to it;
the BLS entries in ``boot/loader/entries`` (or ``loader/entries``). Prints the default entry
with the paths exactly as the configuration writes them, and where kexec would find them.
The lookup itself is ``booty.app.boot.find_default_entry`` (shared with the pipeline's
load-kexec step); it is re-exported here for the callers that import it from this module.
"""

from __future__ import annotations

import argparse
import json

from booty.app.boot import InstalledBoot, find_default_entry
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.boot import resolve_kexec_image
from booty.domain.errors import EntryNotBootable, NoBootEntries

__all__ = ["HELP", "NAME", "InstalledBoot", "add_arguments", "find_default_entry", "run"]

NAME = "grub"
HELP = "read the GRUB configuration of an installed system"


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
