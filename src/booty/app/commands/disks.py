"""``booty disks [--sysfs DIR] [--vars FILE] [--json]``: the disks booty sees and the one it would take.

Reads disk facts from a sysfs tree (``/sys`` by default; a copied tree for a machine elsewhere),
runs the same ``choose_target_disk`` the provisioning flow runs, and prints every disk with its
verdict: chosen, or the reason it was rejected. Nothing is written to any disk.

Exit codes: 0 a disk was chosen; 1 no disk can be chosen (the reasons are printed); 2 bad input.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

import attrs

from booty.app.commands.vars_check import load_or_report
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.disk import (
    GIB,
    HINT_KEYS,
    Basis,
    DiskChoice,
    choose_target_disk,
    parse_root_device_hints,
    size_gib,
)
from booty.domain.errors import DiskSelectionError
from booty.domain.system import BlockDevice

NAME = "disks"
HELP = "show the disks, the target disk booty would choose, and why every other disk was rejected"
MIB = 2**20
HEADINGS = ("DISK", "SIZE", "TRANSPORT", "MODEL", "SERIAL", "VERDICT")
BASIS_TEXT = {
    Basis.PREFERENCE: "NVMe first, then largest",
    Basis.DISK_DEVICE: "DISK_DEVICE",
    Basis.HINTS: "root device hints",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``disks [--sysfs DIR] [--vars FILE] [--json] [--hint KEY=VALUE]... [--allow-removable] [--force]``."""
    parser.add_argument(
        "--sysfs",
        metavar="DIR",
        default="/sys",
        help="sysfs root to read (default /sys); DIR/../dev/disk/by-path and DIR/../proc/self/mounts too",
    )
    parser.add_argument(
        "--vars", metavar="FILE", help="take MIN_DISK_SIZE_GB and DISK_DEVICE from this /deploy/vars file"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--hint",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help=f"root device hint the target must match ({', '.join(HINT_KEYS)}; size also >=, <=, >, <)",
    )
    parser.add_argument("--allow-removable", action="store_true", help="removable disks are eligible")
    parser.add_argument(
        "--force",
        action="store_true",
        help="use the disk named by DISK_DEVICE or the hints even if it fails a safety check",
    )


@attrs.frozen
class _Outcome:
    """What the selection gave, whether a disk was chosen or not."""

    disks: tuple[BlockDevice, ...]
    rejected: tuple[tuple[BlockDevice, str], ...]
    candidates: tuple[BlockDevice, ...]
    chosen: BlockDevice | None = None
    basis: Basis | None = None
    forced_past: str = ""
    error: str = ""

    @classmethod
    def of_choice(cls, disks: tuple[BlockDevice, ...], choice: DiskChoice) -> _Outcome:
        return cls(disks, choice.rejected, choice.candidates, choice.chosen, choice.basis, choice.forced_past)

    @classmethod
    def of_error(cls, disks: tuple[BlockDevice, ...], error: DiskSelectionError) -> _Outcome:
        return cls(disks, error.rejected, error.candidates, error=str(error))

    def reason(self, disk: BlockDevice) -> str | None:
        """Why *disk* was rejected; for the chosen disk ``None``, or the check it was forced past."""
        if disk is self.chosen:
            return self.forced_past or None
        return next(why for d, why in self.rejected if d is disk)

    def eligible(self, disk: BlockDevice) -> bool:
        """True when *disk* passed every safety check."""
        return any(d is disk for d in self.candidates)

    def verdict(self, disk: BlockDevice) -> str:
        """``chosen (...)`` or ``rejected: <reason>``, for the table."""
        if disk is not self.chosen:
            return f"rejected: {self.reason(disk)}"
        forced = f", forced past: {self.forced_past}" if self.forced_past else ""
        return f"chosen ({BASIS_TEXT[self.basis or Basis.PREFERENCE]}{forced})"


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Select the target disk from the facts under ``--sysfs`` and print every verdict."""
    min_size_gb, override = 0, ""
    if args.vars:
        loaded = load_or_report(args.vars, services)
        if isinstance(loaded, int):
            return loaded
        min_size_gb, override = loaded.config.min_disk_size_gb, loaded.config.disk_device
    try:
        hints = parse_root_device_hints(args.hint)
    except ValueError as e:
        print(f"booty disks: {e}", file=services.stderr)
        return EXIT_BAD_INPUT
    disks = services.block_devices(args.sysfs).list_disks()
    try:
        choice = choose_target_disk(
            disks,
            min_size_gb=min_size_gb,
            override=override,
            force=args.force,
            allow_removable=args.allow_removable,
            hints=hints,
        )
    except DiskSelectionError as e:
        outcome = _Outcome.of_error(disks, e)
    else:
        outcome = _Outcome.of_choice(disks, choice)
    if args.json:
        json.dump(_to_json(outcome), services.stdout, indent=2)
        services.stdout.write("\n")
    else:
        _print_table(outcome, services.stdout)
    if outcome.error:
        print(f"booty disks: {outcome.error}", file=services.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _to_json(outcome: _Outcome) -> dict[str, Any]:
    return {
        "chosen": outcome.chosen.path if outcome.chosen else None,
        "basis": outcome.basis.value if outcome.basis else None,
        "forced": bool(outcome.forced_past),
        "error": outcome.error or None,
        "disks": [_disk_json(outcome, disk) for disk in outcome.disks],
    }


def _disk_json(outcome: _Outcome, disk: BlockDevice) -> dict[str, Any]:
    return {
        "path": disk.path,
        "name": disk.name,
        "size_bytes": disk.size_bytes,
        "size_gib": size_gib(disk),
        "eligible": outcome.eligible(disk),
        "chosen": disk is outcome.chosen,
        "reason": outcome.reason(disk),
        "transport": disk.transport,
        "model": disk.model,
        "serial": disk.serial,
        "wwn": disk.wwn,
        "by_path": disk.by_path,
        "removable": disk.removable,
        "read_only": disk.read_only,
        "rotational": disk.rotational,
        "holders": list(disk.holders),
        "partitions": list(disk.partitions),
        "partition_holders": list(disk.partition_holders),
        "mounts": [{"source": m.source, "target": m.target, "fstype": m.fstype} for m in disk.mounts],
    }


def _print_table(outcome: _Outcome, out: TextIO) -> None:
    rows = [HEADINGS] + [
        (disk.path, _size(disk.size_bytes), disk.transport, disk.model, disk.serial, outcome.verdict(disk))
        for disk in outcome.disks
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]), file=out)
    if not outcome.disks:
        print("no disks found", file=out)
    if outcome.chosen is not None:
        print(f"\nchosen: {outcome.chosen.path}", file=out)


def _size(size_bytes: int) -> str:
    if size_bytes >= GIB:
        return f"{size_bytes // GIB} GiB"
    if size_bytes >= MIB:
        return f"{size_bytes // MIB} MiB"
    return f"{size_bytes} B"
