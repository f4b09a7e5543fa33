"""/proc/mdstat, RAID specifications, LVM reports: golden fixtures (tests/data/{mdadm,lvm}/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from booty.domain.disk.lvm import (
    LogicalVolume,
    PhysicalVolume,
    VgRef,
    VolumeGroup,
    parse_lvs,
    parse_pvs,
    parse_vgs,
    volume_groups_on,
)
from booty.domain.disk.mdadm import MdArray, MdMember, RaidSpec, arrays_on, parse_mdstat, plan_raid
from booty.domain.errors import LvmReportUnreadable, RaidSpecInvalid

DATA = Path(__file__).resolve().parents[2] / "data"


def mdstat(name: str) -> tuple[MdArray, ...]:
    return parse_mdstat((DATA / "mdadm" / f"mdstat-{name}.txt").read_text())


def lvm(name: str) -> str:
    return (DATA / "lvm" / name).read_text()


## /proc/mdstat


def test_no_arrays() -> None:
    assert mdstat("no-arrays") == ()
    assert parse_mdstat("") == ()


def test_raid5_with_bitmap_and_members_sorted_by_slot() -> None:
    (array,) = mdstat("raid5-bitmap")
    assert array == MdArray(
        name="md_d0",
        active=True,
        level="raid5",
        members=(
            MdMember("sdb1", 0),
            MdMember("sdc1", 1),
            MdMember("sdd1", 2),
            MdMember("sdf1", 4),
            MdMember("sdg1", 5),
        ),
        blocks=3906514944,
    )
    assert array.path == "/dev/md_d0"


def test_four_arrays_in_file_order() -> None:
    arrays = mdstat("raid1-raid10-raid6-four-arrays")
    assert [(a.name, a.level, len(a.members), a.blocks, a.degraded) for a in arrays] == [
        ("md1", "raid1", 2, 523264, False),
        ("md2", "raid10", 4, 1953257472, False),
        ("md3", "raid6", 6, 15627538432, False),  # resyncing, all members up
        ("md0", "raid1", 2, 33520640, False),
    ]


def test_degraded_and_failed_members() -> None:
    (recovering,) = mdstat("raid5-recovery")
    assert recovering.degraded
    (failed,) = mdstat("raid1-failed-member")
    assert failed.degraded
    assert MdMember("sdc1", 2, ("F",)) in failed.members


def test_inactive_arrays() -> None:
    (raid5,) = mdstat("inactive-raid5")
    assert (raid5.active, raid5.level, [m.name for m in raid5.members]) == (
        False,
        "raid5",
        ["sda1", "sdb1", "sdd1"],
    )
    spares = mdstat("inactive-spares")[2]
    assert (spares.name, spares.active, spares.level, spares.degraded) == ("md127", False, "", False)
    assert all(m.flags == ("S",) for m in spares.members)


def test_whole_nvme_namespaces_and_loop_devices_as_members() -> None:
    arrays = mdstat("nvme-raid0-raid1")
    assert [m.name for m in arrays[0].members] == ["nvme0n1", "nvme1n1"]
    (loops,) = mdstat("loop-raid0")
    assert [m.name for m in loops.members] == ["loop0", "loop1"]


def test_auto_read_only_is_a_note_not_a_level() -> None:
    text = (
        "Personalities : [raid1]\nmd2 : active (auto-read-only) raid1 sda6[0] sdb6[1]\n"
        "      4200952 blocks super 1.0 [2/2] [UU]\n"
    )
    (array,) = parse_mdstat(text)
    assert (array.level, array.read_only, array.degraded) == ("raid1", True, False)


def test_an_array_line_at_the_end_of_the_file() -> None:
    (array,) = parse_mdstat("md9 : active raid1 sda1[0] junk sdb1[1]")
    assert (array.blocks, [m.name for m in array.members]) == (0, ["sda1", "sdb1"])


def test_arrays_on_the_approved_disks_only() -> None:
    arrays = mdstat("raid1-raid10-raid6-four-arrays")
    assert [a.name for a in arrays_on(arrays, {"sda", "sda1", "sda2"})] == ["md1", "md0"]
    assert arrays_on(arrays, {"sdz"}) == ()


## Creating arrays


@pytest.mark.parametrize(
    ("level", "members"),
    [(0, 2), (1, 2), (5, 3), (6, 4), (10, 2), (10, 4), (1, 3)],
)
def test_valid_raid_specs(level: int, members: int) -> None:
    disks = tuple(f"/dev/sd{chr(97 + i)}" for i in range(members))
    assert plan_raid("md0", level, disks) == RaidSpec("md0", level, disks)


@pytest.mark.parametrize(
    ("name", "level", "members", "message"),
    [
        ("md0", 1, ["/dev/sda"], "RAID requires at least 2 devices, got 1"),
        ("md0", 0, [], "RAID requires at least 2 devices, got 0"),
        ("md0", 5, ["/dev/sda", "/dev/sdb"], "RAID 5 requires at least 3 devices, got 2"),
        ("md0", 6, ["/dev/sda", "/dev/sdb", "/dev/sdc"], "RAID 6 requires at least 4 devices, got 3"),
        ("md0", 4, ["/dev/sda", "/dev/sdb", "/dev/sdc"], "unsupported RAID level 4"),
        ("md0", 1, ["/dev/sda", "/dev/sda"], "a RAID member is listed twice"),
        ("", 1, ["/dev/sda", "/dev/sdb"], "invalid RAID array name"),
        ("md/0", 1, ["/dev/sda", "/dev/sdb"], "invalid RAID array name"),
        (".hidden", 1, ["/dev/sda", "/dev/sdb"], "invalid RAID array name"),
    ],
)
def test_invalid_raid_specs(name: str, level: int, members: list[str], message: str) -> None:
    with pytest.raises(RaidSpecInvalid, match=re.escape(message)):
        plan_raid(name, level, members)


@pytest.mark.parametrize(
    ("name", "path"), [("md0", "/dev/md0"), ("md127", "/dev/md127"), ("data", "/dev/md/data")]
)
def test_raid_node(name: str, path: str) -> None:
    assert RaidSpec(name, 1, ("/dev/sda", "/dev/sdb")).path == path


## LVM reports (real output of two loop devices)

VG_UUID = "wALgK4-H98S-lEAv-2HvU-bGiY-M2KN-uOKIhS"


def test_pvs() -> None:
    pvs = parse_pvs(lvm("pvs-two-loops-one-vg.json"))
    assert pvs[1] == PhysicalVolume(
        "/dev/loop0p2", "bootyfixvg", VG_UUID, "PcQHWt-A0Ma-jVQg-uXTZ-RED9-GxX2-7rIlVH", "197132288"
    )
    assert (pvs[0].name, pvs[0].vg_name, pvs[0].vg_uuid) == ("/dev/loop0p1", "", "")
    assert parse_pvs(lvm("pvs-none.json")) == ()


def test_pvs_with_default_columns_lack_uuids() -> None:
    pvs = parse_pvs(lvm("pvs-default-columns.json"))
    assert [(p.name, p.vg_name, p.vg_uuid) for p in pvs][1:] == [
        ("/dev/loop0p2", "bootyfixvg", ""),
        ("/dev/loop1", "bootyfixvg", ""),
    ]


def test_vgs_and_lvs() -> None:
    assert parse_vgs(lvm("vgs-one-vg.json")) == (
        VolumeGroup("bootyfixvg", VG_UUID, 2, 2, "wz--n-", "461373440"),
    )
    assert parse_lvs(lvm("lvs-two-inactive.json")) == (
        LogicalVolume("root", "bootyfixvg", "/dev/bootyfixvg/root", "-wi-XX----", "41943040", False),
        LogicalVolume("swap", "bootyfixvg", "/dev/bootyfixvg/swap", "-wi-XX----", "20971520", False),
    )


def test_active_lv_and_odd_counts() -> None:
    text = '{"report": [{"lv": [{"lv_name": "root", "vg_name": "vg", "lv_active": "active"}]}]}'
    assert parse_lvs(text)[0].active
    vgs = '{"report": [{"vg": [{"vg_name": "vg", "pv_count": "", "lv_count": null}]}]}'
    assert parse_vgs(vgs) == (VolumeGroup("vg"),)


@pytest.mark.parametrize("text", ["", "{}", '{"report": 3}', '{"report": [[]]}', "  0 logical volume(s)"])
def test_unreadable_reports(text: str) -> None:
    with pytest.raises(LvmReportUnreadable, match="not an LVM pv report"):
        parse_pvs(text)


def test_volume_groups_on_approved_nodes_by_uuid_once() -> None:
    pvs = parse_pvs(lvm("pvs-two-loops-one-vg.json"))
    both = volume_groups_on(pvs, lambda node: node.startswith(("/dev/loop0", "/dev/loop1")))
    assert both == (VgRef("bootyfixvg", VG_UUID),)
    assert volume_groups_on(pvs, lambda node: node == "/dev/loop0p1") == ()  # a PV in no VG
    assert volume_groups_on(pvs, lambda _node: False) == ()


def test_two_vgs_of_the_same_name_stay_apart() -> None:
    pvs = (
        PhysicalVolume("/dev/sda3", "ubuntu-vg", "uuid-b"),
        PhysicalVolume("/dev/sdb3", "ubuntu-vg", "uuid-a"),
    )
    assert volume_groups_on(pvs, lambda _: True) == (
        VgRef("ubuntu-vg", "uuid-a"),
        VgRef("ubuntu-vg", "uuid-b"),
    )
