"""Partition naming, the sfdisk parser and the root/ESP roles, the root growth decision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.disk.layout import (
    GrowPlan,
    gpt_last_usable_lba,
    partition_number,
    partition_path,
    plan_root_growth,
)
from booty.domain.disk.sfdisk import (
    ESP_GUID,
    LINUX_FS_GUID,
    Partition,
    PartitionTable,
    find_partition_roles,
    parse_sfdisk_json,
    read_sfdisk,
)
from booty.domain.errors import NoRootPartition, PartitionTableUnreadable
from booty.domain.shell import CommandResult

DATA = Path(__file__).resolve().parents[2] / "data" / "sfdisk"


def fixture(name: str) -> str:
    return (DATA / name).read_text()


## Partition naming (spec §2.10 table, fixed)


@pytest.mark.parametrize(
    ("disk", "number", "node"),
    [
        ("/dev/sda", 1, "/dev/sda1"),
        ("/dev/sda", 10, "/dev/sda10"),
        ("/dev/vda", 3, "/dev/vda3"),
        ("/dev/xvdb", 2, "/dev/xvdb2"),
        ("/dev/nvme0n1", 1, "/dev/nvme0n1p1"),
        ("/dev/nvme0n1", 15, "/dev/nvme0n1p15"),
        ("/dev/mmcblk0", 1, "/dev/mmcblk0p1"),
        ("/dev/loop0", 2, "/dev/loop0p2"),
        ("/dev/md127", 1, "/dev/md127p1"),
        ("/dev/nbd0", 1, "/dev/nbd0p1"),
    ],
)
def test_partition_path_and_its_inverse(disk: str, number: int, node: str) -> None:
    assert partition_path(disk, number) == node
    assert partition_number(node, disk) == number


@pytest.mark.parametrize(
    ("node", "disk"),
    [
        ("/dev/sda", "/dev/sda"),  # the disk itself: skip growth
        ("/dev/sdb1", "/dev/sda"),  # v0.0.1 said 1
        ("/dev/sd", "/dev/sda"),  # shorter than the disk: v0.0.1 panicked
        ("/dev/nvme0n11", "/dev/nvme0n1"),  # v0.0.1's pvresize name for partition 1
        ("/dev/nvme0n1px", "/dev/nvme0n1"),
        ("/dev/sda01", "/dev/sda"),
        ("/dev/sda1", ""),
        ("/dev/sdaa1", "/dev/sda"),
        ("/dev/sda\u0661", "/dev/sda"),  # an Arabic-Indic digit one
    ],
)
def test_nodes_that_are_not_partitions_of_the_disk_give_0(node: str, disk: str) -> None:
    assert partition_number(node, disk) == 0


@pytest.mark.parametrize(("disk", "number"), [("/dev/sda", 0), ("/dev/sda", -1), ("", 1)])
def test_partition_path_refuses_nonsense(disk: str, number: int) -> None:
    with pytest.raises(ValueError, match=r"partition numbers start at 1|no disk"):
        partition_path(disk, number)


@given(
    name=st.from_regex(
        r"/dev/(sd[a-z]{1,2}|vd[a-z]|nvme[0-9]n[1-9]|mmcblk[0-9]|loop[0-9]{1,3}|md[0-9]{1,3})", fullmatch=True
    ),
    number=st.integers(min_value=1, max_value=256),
)
def test_partition_number_inverts_partition_path(name: str, number: int) -> None:
    assert partition_number(partition_path(name, number), name) == number


## sfdisk --json (real output of loop devices)


def test_gpt_table_from_a_loop_device() -> None:
    table = parse_sfdisk_json(fixture("loop-gpt-esp-root.json"))
    assert (table.label, table.device, table.sector_size, table.first_lba, table.last_lba) == (
        "gpt",
        "/dev/loop0",
        512,
        2048,
        2097118,
    )
    esp, root = table.partitions
    assert esp == Partition(
        "/dev/loop0p1", 2048, 204800, ESP_GUID, "DC47B944-E7EA-6549-BA1F-1000292E437A", "EFI"
    )
    assert (root.node, root.start, root.size, root.type, root.name) == (
        "/dev/loop0p2",
        206848,
        409600,
        LINUX_FS_GUID,
        "root",
    )
    assert root.end == 206848 + 409600 - 1


def test_dos_table_types_are_lower_case_codes() -> None:
    table = parse_sfdisk_json(fixture("loop-dos-esp-root-lvm.json"))
    assert table.label == "dos"
    assert table.last_lba == 0
    assert [(p.type, p.bootable, p.name) for p in table.partitions] == [
        ("ef", True, ""),
        ("83", False, ""),
        ("8e", False, ""),
    ]


def test_lower_case_guids_are_normalised() -> None:
    entry = '{"node": "/dev/sda1", "start": 1, "size": 2, "type": "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"}'
    text = '{"partitiontable": {"label": "gpt", "partitions": [' + entry + "]}}"
    table = parse_sfdisk_json(text, device="/dev/sda")
    assert table.device == "/dev/sda"
    assert table.partitions[0].type == ESP_GUID


def test_an_empty_output_is_a_disk_without_table() -> None:
    assert parse_sfdisk_json(fixture("loop-no-table.json"), device="/dev/loop0") == PartitionTable(
        "/dev/loop0"
    )


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        fixture("loop-gpt-grown-disk.stderr") + fixture("loop-gpt-grown-disk.json"),  # v0.0.1's merged output
        '{"partitiontable": {}}',
        '{"partitiontable": {"label": "gpt", "partitions": [{"node": "/dev/sda1"}]}}',
        '{"partitiontable": {"label": "gpt", "sectorsize": "many"}}',
        "[]",
    ],
)
def test_anything_but_sfdisk_json_is_unreadable(text: str) -> None:
    with pytest.raises(PartitionTableUnreadable, match="parsing sfdisk output for /dev/loop0"):
        parse_sfdisk_json(text, device="/dev/loop0")


def test_unreadable_without_a_device_says_disk() -> None:
    with pytest.raises(PartitionTableUnreadable, match="for disk:"):
        parse_sfdisk_json("{")


def test_read_sfdisk_keeps_stderr_apart_from_the_json() -> None:
    result = CommandResult(
        ("sfdisk", "--json", "/dev/loop0"),
        0,
        fixture("loop-gpt-grown-disk.json"),
        fixture("loop-gpt-grown-disk.stderr"),
    )
    assert len(read_sfdisk(result, device="/dev/loop0").partitions) == 2


def test_read_sfdisk_of_a_disk_without_table_is_empty() -> None:
    result = CommandResult(("sfdisk", "--json", "/dev/loop0"), 1, "", fixture("loop-no-table.stderr"))
    assert read_sfdisk(result, device="/dev/loop0") == PartitionTable("/dev/loop0")


@pytest.mark.parametrize(
    ("stderr", "shown"),
    [("sfdisk: cannot open /dev/sdz: No such file\n", "cannot open"), ("", "exit status 1")],
)
def test_read_sfdisk_failure_is_unreadable_with_the_reason(stderr: str, shown: str) -> None:
    with pytest.raises(PartitionTableUnreadable, match=shown):
        read_sfdisk(CommandResult(("sfdisk",), 1, "", stderr), device="/dev/sdz")


## Root and ESP roles (spec §6.1 table, with the later upstream's and §7.10's fixes)

EFI, LINUX, X86_ROOT, ARM_ROOT = (
    ESP_GUID,
    LINUX_FS_GUID,
    "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
    "B921B045-1DF0-41C3-AF44-4C6F280D3FAE",
)


def table_of(*entries: tuple[str, str, str]) -> PartitionTable:
    return PartitionTable(
        "/dev/sda",
        "gpt",
        partitions=tuple(
            Partition(node, 2048 * (i + 1), 2048, kind, name=name)
            for i, (node, kind, name) in enumerate(entries)
        ),
    )


@pytest.mark.parametrize(
    ("entries", "esp", "root", "why"),
    [
        (
            [("/dev/sda1", EFI, ""), ("/dev/sda2", LINUX, "")],
            "/dev/sda1",
            "/dev/sda2",
            "last Linux filesystem partition",
        ),
        ([("/dev/sda1", LINUX, "")], None, "/dev/sda1", "last Linux filesystem partition"),
        (
            [("/dev/sda1", EFI.lower(), ""), ("/dev/sda2", LINUX.lower(), "")],
            "/dev/sda1",
            "/dev/sda2",
            "last Linux filesystem partition",
        ),
        (
            [("/dev/sda1", EFI, ""), ("/dev/sda2", LINUX, "boot"), ("/dev/sda3", LINUX, "")],
            "/dev/sda1",
            "/dev/sda3",
            "last Linux filesystem partition",
        ),
        (
            [
                ("/dev/sda1", EFI, ""),
                ("/dev/sda2", LINUX, "boot"),
                ("/dev/sda3", LINUX, "root"),
                ("/dev/sda4", LINUX, "data"),
            ],
            "/dev/sda1",
            "/dev/sda3",
            "named 'root'",
        ),
        ([("/dev/sda1", LINUX, "/"), ("/dev/sda2", LINUX, "")], None, "/dev/sda1", "named '/'"),
        ([("/dev/sda1", LINUX, " ROOT ")], None, "/dev/sda1", "named 'ROOT'"),
        (
            [("/dev/sda1", LINUX, "boot"), ("/dev/sda2", ARM_ROOT, ""), ("/dev/sda3", LINUX, "")],
            None,
            "/dev/sda2",
            "arm64 root type",
        ),
    ],
)
def test_roles(entries: list[tuple[str, str, str]], esp: str | None, root: str, why: str) -> None:
    roles = find_partition_roles(table_of(*entries))
    assert (roles.esp.node if roles.esp else None, roles.root.node, roles.root_reason) == (esp, root, why)
    assert roles.esp_reason == ("first EFI system partition" if esp else "no EFI system partition")


def test_roles_of_a_real_image_layout() -> None:
    roles = find_partition_roles(parse_sfdisk_json(fixture("loop-gpt-bios-esp-boot-root-data.json")))
    assert (roles.esp.node if roles.esp else "", roles.root.node, roles.root_reason) == (
        "/dev/loop0p2",
        "/dev/loop0p4",
        "named 'root'",
    )


def test_dos_roles() -> None:
    roles = find_partition_roles(parse_sfdisk_json(fixture("loop-dos-esp-root-lvm.json")))
    assert (roles.esp.node if roles.esp else "", roles.root.node) == ("/dev/loop0p1", "/dev/loop0p2")


def test_a_discoverable_root_type_alone_is_root() -> None:
    roles = find_partition_roles(table_of(("/dev/sda1", X86_ROOT, "")))
    assert roles.root_reason == "x86-64 root type"


@pytest.mark.parametrize(
    ("table", "detail"),
    [
        (table_of(("/dev/sda1", EFI, "")), "1 partition(s), none Linux"),
        (PartitionTable("/dev/sda"), "no partition table"),
    ],
)
def test_no_root_partition_is_the_spec_error(table: PartitionTable, detail: str) -> None:
    with pytest.raises(
        NoRootPartition, match=re.escape(f"no Linux filesystem partition found on /dev/sda: {detail}")
    ):
        find_partition_roles(table)


## Growth (real tables: a 1 GiB GPT disk grown to 2 GiB; a 4K-sector disk)

GIB = 2**30


def test_gpt_last_usable_lba_for_512_and_4096_byte_sectors() -> None:
    assert gpt_last_usable_lba(2 * GIB // 512, 512) == 2 * GIB // 512 - 34
    table = parse_sfdisk_json(fixture("loop-4k-gpt-full.json"))
    assert gpt_last_usable_lba(512 * 2**20 // 4096, 4096) == table.last_lba


def test_grown_disk_relocates_the_backup_header_and_grows_the_last_partition() -> None:
    table = parse_sfdisk_json(fixture("loop-gpt-grown-disk.json"))
    root = table.partitions[1]
    plan = plan_root_growth(table, root, disk_bytes=2 * GIB)
    assert plan.relocate_backup_gpt
    assert plan.grow
    assert plan.free_bytes == (2 * GIB // 512 - 34 - root.end) * 512
    assert plan.reason == "1.7 GiB free after /dev/loop0p2"


def test_a_partition_that_fills_the_disk_does_not_grow() -> None:
    table = parse_sfdisk_json(fixture("loop-4k-gpt-full.json"))
    plan = plan_root_growth(table, table.partitions[1], disk_bytes=512 * 2**20)
    assert plan == GrowPlan(False, False, "/dev/loop0p2 already ends at the end of the disk", 1028096)


def test_a_partition_followed_by_another_does_not_grow() -> None:
    table = parse_sfdisk_json(fixture("loop-gpt-bios-esp-boot-root-data.json"))
    plan = plan_root_growth(table, table.partitions[3], disk_bytes=2 * GIB)
    assert (plan.grow, plan.reason) == (False, "/dev/loop0p5 follows /dev/loop0p4: no room to grow")


def test_dos_disks_grow_to_the_last_sector_without_relocation() -> None:
    table = parse_sfdisk_json(fixture("loop-dos-esp-root-lvm.json"))
    last = table.partitions[2]
    plan = plan_root_growth(table, last, disk_bytes=2 * GIB + 3 * 2**20)
    assert (plan.relocate_backup_gpt, plan.grow, plan.reason) == (
        False,
        True,
        "3.0 MiB free after /dev/loop0p3",
    )


def test_the_root_must_be_in_the_table() -> None:
    table = parse_sfdisk_json(fixture("loop-gpt-esp-root.json"))
    with pytest.raises(ValueError, match="not in the partition table"):
        plan_root_growth(table, Partition("/dev/sdz1", 0, 1, LINUX_FS_GUID), disk_bytes=GIB)
