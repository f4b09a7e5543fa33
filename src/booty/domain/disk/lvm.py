"""LVM, pure: ``pvs``/``vgs``/``lvs --reportformat json`` read into values, and the volume groups
that live on approved disks.

Rules of this file:

1. The report is LVM's JSON: ``{"report": [{"pv": [{...}, ...]}]}`` with every value a string;
   fields booty did not ask for are ignored, missing ones are empty.
2. booty deactivates and activates only the volume groups with a physical volume on an approved
   disk, and names them by UUID (two disks can carry a VG of the same name, e.g. two images'
   ``ubuntu-vg``). v0.0.1 ran ``lvm vgchange -an`` / ``-ay`` on every VG of the machine
   (spec disk-and-image.md §2.4).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from booty.domain.errors import LvmReportUnreadable

PV_FIELDS = ("pv_name", "vg_name", "vg_uuid", "pv_uuid", "pv_size")
VG_FIELDS = ("vg_name", "vg_uuid", "pv_count", "lv_count", "vg_attr", "vg_size")
LV_FIELDS = ("lv_name", "vg_name", "lv_path", "lv_attr", "lv_size", "lv_active")


@attrs.frozen
class PhysicalVolume:
    """One PV: a partition (or disk, or md array) that holds LVM data."""

    name: str
    """Its node, e.g. ``/dev/sda3``."""
    vg_name: str = ""
    """Empty for a PV that belongs to no VG."""
    vg_uuid: str = ""
    uuid: str = ""
    size: str = ""


@attrs.frozen
class VolumeGroup:
    """One VG."""

    name: str
    uuid: str = ""
    pv_count: int = 0
    lv_count: int = 0
    attr: str = ""
    size: str = ""


@attrs.frozen
class LogicalVolume:
    """One LV; ``active`` is read from ``lv_active`` (``active`` or empty)."""

    name: str
    vg_name: str
    path: str = ""
    attr: str = ""
    size: str = ""
    active: bool = False


def _rows(text: str, kind: str) -> list[dict[str, Any]]:
    try:
        report = json.loads(text)["report"]
        return [row for section in report for row in section.get(kind, ())]
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise LvmReportUnreadable(f"not an LVM {kind} report: {type(e).__name__}: {e}") from e


def _text(row: dict[str, Any], key: str) -> str:
    return str(row.get(key) or "").strip()


def _int(row: dict[str, Any], key: str) -> int:
    value = _text(row, key)
    return int(value) if value.isdigit() else 0


def parse_pvs(text: str) -> tuple[PhysicalVolume, ...]:
    """The PVs of ``pvs --reportformat json`` output.

    Raises:
        LvmReportUnreadable: *text* is not such a report.
    """
    return tuple(
        PhysicalVolume(
            _text(r, "pv_name"),
            _text(r, "vg_name"),
            _text(r, "vg_uuid"),
            _text(r, "pv_uuid"),
            _text(r, "pv_size"),
        )
        for r in _rows(text, "pv")
    )


def parse_vgs(text: str) -> tuple[VolumeGroup, ...]:
    """The VGs of ``vgs --reportformat json`` output.

    Raises:
        LvmReportUnreadable: *text* is not such a report.
    """
    return tuple(
        VolumeGroup(
            _text(r, "vg_name"),
            _text(r, "vg_uuid"),
            _int(r, "pv_count"),
            _int(r, "lv_count"),
            _text(r, "vg_attr"),
            _text(r, "vg_size"),
        )
        for r in _rows(text, "vg")
    )


def parse_lvs(text: str) -> tuple[LogicalVolume, ...]:
    """The LVs of ``lvs --reportformat json`` output.

    Raises:
        LvmReportUnreadable: *text* is not such a report.
    """
    return tuple(
        LogicalVolume(
            _text(r, "lv_name"),
            _text(r, "vg_name"),
            _text(r, "lv_path"),
            _text(r, "lv_attr"),
            _text(r, "lv_size"),
            _text(r, "lv_active") == "active",
        )
        for r in _rows(text, "lv")
    )


@attrs.frozen
class VgRef:
    """A volume group named for a command: by UUID, with its name for messages."""

    name: str
    uuid: str


def volume_groups_on(pvs: Iterable[PhysicalVolume], on: Callable[[str], bool]) -> tuple[VgRef, ...]:
    """The VGs with a PV whose node satisfies *on* (e.g. ``ApprovedDisk.owns``), by name.

    PVs in no VG are skipped; a VG with PVs on several approved disks is listed once.
    """
    found: dict[str, VgRef] = {}
    for pv in pvs:
        if pv.vg_uuid and on(pv.name):
            found.setdefault(pv.vg_uuid, VgRef(pv.vg_name, pv.vg_uuid))
    return tuple(sorted(found.values(), key=lambda vg: (vg.name, vg.uuid)))
