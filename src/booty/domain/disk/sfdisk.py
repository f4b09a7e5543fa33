"""``sfdisk --json`` read into a ``PartitionTable``, and the root and EFI partitions found in it.

Rules of this file:

1. Only sfdisk's standard output is parsed. v0.0.1 merged stderr into it, so the warnings sfdisk
   prints right after a small GPT image lands on a larger disk ("The backup GPT table is not on
   the end of the device") broke the JSON (spec disk-and-image.md §2.8 [bug]).
2. A disk without a partition table is an empty table, not an error (the later upstream's rule);
   the caller then fails at the root lookup with a clear reason.
3. Roles are decided by partition type, with the reason kept (spec §2.9, with the later upstream's
   and §7.10's fixes): the EFI system partition is the first ESP-typed partition; the root is the
   Linux-typed partition named ``root`` or ``/``, else the first one typed as a discoverable root
   (x86-64, arm64, ...), else the *last* Linux-filesystem partition (v0.0.1 took the first, and
   so mounted ``/boot`` as root on images that put it before root).
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from booty.domain.errors import NoRootPartition, PartitionTableUnreadable
from booty.domain.shell import CommandResult

ESP_GUID = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
LINUX_FS_GUID = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
DISCOVERABLE_ROOT_GUIDS: dict[str, str] = {
    "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709": "x86-64 root",
    "44479540-F297-41B2-9AF7-D131D5F0458A": "x86 root",
    "B921B045-1DF0-41C3-AF44-4C6F280D3FAE": "arm64 root",
    "69DAD710-2CE4-4E3C-B16C-21A1D49ABED3": "arm root",
    "72EC70A6-CF74-40E6-BD49-4BDA08E8F224": "riscv64 root",
    "1AACDB3B-5444-4138-BD9E-E5C2239B2346": "ppc64le root",
}
"""Root partition types of the Discoverable Partitions Specification that booty accepts."""
DOS_ESP = "ef"
DOS_LINUX = "83"
ROOT_NAMES = ("root", "/")
NO_TABLE = "does not contain a recognized partition table"


def _normal_type(kind: str) -> str:
    """GPT GUIDs in upper case, DOS codes in lower case: types compare case-insensitively."""
    return kind.upper() if "-" in kind else kind.lower()


@attrs.frozen
class Partition:
    """One entry of a partition table, in sectors of the table's sector size."""

    node: str
    start: int
    size: int
    type: str = attrs.field(converter=_normal_type)
    """A GPT type GUID in upper case, or a DOS type code in lower-case hex (``83``)."""
    uuid: str = ""
    name: str = ""
    """The GPT partition name (``root``, ``EFI``); empty on DOS tables."""
    bootable: bool = False

    @property
    def end(self) -> int:
        """The last sector of the partition."""
        return self.start + self.size - 1


@attrs.frozen
class PartitionTable:
    """A disk's partition table as sfdisk reads it; ``label`` is empty when the disk has none."""

    device: str
    label: str = ""
    """``gpt``, ``dos`` or ``""`` (no table)."""
    id: str = ""
    sector_size: int = 512
    first_lba: int = 0
    last_lba: int = 0
    """The last usable sector the GPT header records; 0 for DOS tables."""
    partitions: tuple[Partition, ...] = ()


def parse_sfdisk_json(text: str, *, device: str = "") -> PartitionTable:
    """The table in sfdisk's ``--json`` standard output; an empty *text* is a disk without a table.

    Raises:
        PartitionTableUnreadable: *text* is not JSON or lacks the ``partitiontable`` fields.
    """
    if not text.strip():
        return PartitionTable(device=device)
    try:
        data = json.loads(text)
        table = data["partitiontable"]
        return PartitionTable(
            device=str(table.get("device", device)),
            label=str(table["label"]),
            id=str(table.get("id", "")),
            sector_size=int(table.get("sectorsize", 512)),
            first_lba=int(table.get("firstlba", 0)),
            last_lba=int(table.get("lastlba", 0)),
            partitions=tuple(_partition(p) for p in table.get("partitions", ())),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise PartitionTableUnreadable(device or "disk", f"{type(e).__name__}: {e}") from e


def _partition(entry: dict[str, Any]) -> Partition:
    return Partition(
        node=str(entry["node"]),
        start=int(entry["start"]),
        size=int(entry["size"]),
        type=str(entry["type"]),
        uuid=str(entry.get("uuid", "")),
        name=str(entry.get("name", "")),
        bootable=bool(entry.get("bootable", False)),
    )


def read_sfdisk(result: CommandResult, *, device: str) -> PartitionTable:
    """The table from a finished ``sfdisk --json <device>``.

    Returns:
        The parsed standard output; an empty table when sfdisk says the disk has none.

    Raises:
        PartitionTableUnreadable: sfdisk failed for another reason, or printed no valid JSON.
    """
    if not result.ok:
        if NO_TABLE in result.stderr:
            return PartitionTable(device=device)
        why = result.stderr.strip() or f"exit status {result.returncode}"
        raise PartitionTableUnreadable(device, f"sfdisk exited {result.returncode}: {why}")
    return parse_sfdisk_json(result.stdout, device=device)


@attrs.frozen
class PartitionRoles:
    """The root partition and the EFI system partition of a table, with how each was found."""

    root: Partition
    root_reason: str
    """``named root``, ``x86-64 root type`` or ``last Linux filesystem partition``."""
    esp: Partition | None = None
    esp_reason: str = "no EFI system partition"


def find_partition_roles(table: PartitionTable) -> PartitionRoles:
    """The root partition and the ESP of *table* (rules in the module docstring).

    Raises:
        NoRootPartition: no partition has a Linux filesystem or root type.
    """
    esp = next((p for p in table.partitions if p.type in {ESP_GUID, DOS_ESP}), None)
    esp_reason = "first EFI system partition" if esp else "no EFI system partition"
    linux = [
        p for p in table.partitions if p.type in {LINUX_FS_GUID, DOS_LINUX} | set(DISCOVERABLE_ROOT_GUIDS)
    ]
    named = next((p for p in linux if p.name.strip().casefold() in ROOT_NAMES), None)
    if named is not None:
        return PartitionRoles(named, f"named {named.name.strip()!r}", esp, esp_reason)
    typed = next((p for p in linux if p.type in DISCOVERABLE_ROOT_GUIDS), None)
    if typed is not None:
        return PartitionRoles(typed, f"{DISCOVERABLE_ROOT_GUIDS[typed.type]} type", esp, esp_reason)
    if not linux:
        detail = (
            "no partition table" if not table.label else f"{len(table.partitions)} partition(s), none Linux"
        )
        raise NoRootPartition(table.device, detail)
    return PartitionRoles(linux[-1], "last Linux filesystem partition", esp, esp_reason)
