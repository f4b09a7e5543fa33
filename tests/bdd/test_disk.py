"""Steps for features/disk: choosing the target disk from disk facts held by FakeBlockDevices.

Disks are written either compactly, ``"sda:500, sdb:64:removable"`` (name:GiB[:flag]...), or as a
datatable with a ``name`` column and any of ``size_gib``, ``size_bytes``, ``serial``, ``wwn``,
``model``, ``by_path``, ``removable``, ``read_only``, ``holders``, ``partition_holders`` and
``mounts`` (``SOURCE on TARGET``). Compact flags: ``removable``, ``ro``, ``holder=X``,
``partholder=X``, ``mounted=TARGET`` (partition 1 mounted there), ``path=LINK`` (by-path).
"""

from __future__ import annotations

import re

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.block import FakeBlockDevices
from booty.domain.disk import (
    GIB,
    NO_HINTS,
    DiskChoice,
    RootDeviceHints,
    choose_target_disk,
    parse_root_device_hints,
)
from booty.domain.errors import DiskSelectionError
from booty.domain.system import BlockDevice, Mount

scenarios("disk/hints.feature", "disk/override.feature", "disk/selection.feature")


class DiskWorld:
    """The machine's disks, the selection settings, and what selecting gave."""

    def __init__(self) -> None:
        self.block = FakeBlockDevices()
        self.min_size_gb = 0
        self.override = ""
        self.force = False
        self.allow_removable = False
        self.hints: RootDeviceHints = NO_HINTS
        self.choice: DiskChoice | None = None
        self.error: DiskSelectionError | None = None
        self.hint_error: ValueError | None = None

    @property
    def verdicts(self) -> list[tuple[str, str]]:
        """(path, reason) of every rejected disk, from the choice or from the error."""
        source = self.choice if self.choice is not None else self.error
        assert source is not None, "no selection was made"
        return [(disk.path, why) for disk, why in source.rejected]


@pytest.fixture
def world() -> DiskWorld:
    return DiskWorld()


_FLAG = re.compile(r":(?=removable|ro\b|holder=|partholder=|mounted=|path=)")


def compact_disk(spec: str) -> BlockDevice:
    """``name:GiB[:flag]...``; flag values may hold colons (``path=pci-0000:00:17.0-ata-1``)."""
    name, size, *rest = spec.strip().split(":", 2)
    flags = _FLAG.split(":" + rest[0])[1:] if rest else []
    fields: dict[str, object] = {"name": name, "size_bytes": int(size) * GIB}
    for flag in flags:
        key, _, value = flag.partition("=")
        if key == "removable":
            fields["removable"] = True
        elif key == "ro":
            fields["read_only"] = True
        elif key == "holder":
            fields["holders"] = (value,)
        elif key == "partholder":
            fields["partition_holders"] = (value,)
        elif key == "mounted":
            fields["mounts"] = (Mount(f"/dev/{name}1", value),)
        elif key == "path":
            fields["by_path"] = f"/dev/disk/by-path/{value}"
        else:
            raise AssertionError(f"unknown disk flag {flag!r}")
    return BlockDevice(**fields)  # type: ignore[arg-type]


def table_disk(row: dict[str, str]) -> BlockDevice:
    size = int(row["size_bytes"]) if row.get("size_bytes") else int(row.get("size_gib") or 0) * GIB
    mounts = tuple(Mount(*m.split(" on ")) for m in row.get("mounts", "").split(",") if m.strip())
    return BlockDevice(
        name=row["name"],
        size_bytes=size,
        serial=row.get("serial", ""),
        wwn=row.get("wwn", ""),
        model=row.get("model", ""),
        by_path=f"/dev/disk/by-path/{row['by_path']}" if row.get("by_path") else "",
        removable=row.get("removable") == "true",
        read_only=row.get("read_only") == "true",
        holders=tuple(h for h in row.get("holders", "").split(",") if h),
        partition_holders=tuple(h for h in row.get("partition_holders", "").split(",") if h),
        mounts=mounts,
    )


## Given


@given(parsers.parse('the machine has disks "{disks}"'))
def disks_compact(world: DiskWorld, disks: str) -> None:
    world.block.disks = [compact_disk(spec) for spec in disks.split(",")]


@given("the machine has disks:")
def disks_table(world: DiskWorld, datatable: list[list[str]]) -> None:
    heading, *rows = datatable
    world.block.disks = [table_disk(dict(zip(heading, row, strict=True))) for row in rows]


@given(parsers.parse("MIN_DISK_SIZE_GB is {size:d}"))
def min_size(world: DiskWorld, size: int) -> None:
    world.min_size_gb = size


@given(parsers.parse('DISK_DEVICE is "{device}"'))
def disk_device(world: DiskWorld, device: str) -> None:
    world.override = device


@given("the choice is forced")
def forced(world: DiskWorld) -> None:
    world.force = True


@given("removable disks are allowed")
def removable_allowed(world: DiskWorld) -> None:
    world.allow_removable = True


@given(parsers.parse('the root device hints are "{hints}"'))
def root_device_hints(world: DiskWorld, hints: str) -> None:
    world.hints = parse_root_device_hints(hints.split(";"))


## When


@when("booty selects the target disk")
def select(world: DiskWorld) -> None:
    try:
        world.choice = choose_target_disk(
            world.block.list_disks(),
            min_size_gb=world.min_size_gb,
            override=world.override,
            force=world.force,
            allow_removable=world.allow_removable,
            hints=world.hints,
        )
    except DiskSelectionError as e:
        world.error = e


@when(parsers.parse('booty reads the root device hints "{hints}"'))
def read_hints(world: DiskWorld, hints: str) -> None:
    try:
        world.hints = parse_root_device_hints(hints.split(";"))
    except ValueError as e:
        world.hint_error = e


## Then


@then(parsers.parse('the target disk is "{path}"'))
def target_is(world: DiskWorld, path: str) -> None:
    assert world.choice is not None, f"selection failed: {world.error}"
    assert world.choice.chosen.path == path


@then(parsers.parse('the outcome is "{outcome}"'))
def outcome_is(world: DiskWorld, outcome: str) -> None:
    if outcome.startswith("error: "):
        assert world.error is not None, f"chose {world.choice}"
        assert str(world.error) == outcome.removeprefix("error: ")
    else:
        target_is(world, outcome)


@then(parsers.parse('selection fails with "{message}"'))
def fails_with(world: DiskWorld, message: str) -> None:
    assert world.error is not None, f"chose {world.choice}"
    assert str(world.error) == message


@then(parsers.parse('"{path}" was rejected as "{reason}"'))
def rejected_as(world: DiskWorld, path: str, reason: str) -> None:
    assert (path, reason) in world.verdicts


@then("every disk is either chosen or rejected, exactly once")
def all_accounted(world: DiskWorld) -> None:
    chosen = [world.choice.chosen.path] if world.choice is not None else []
    seen = chosen + [path for path, _ in world.verdicts]
    assert sorted(seen) == sorted(d.path for d in world.block.disks)
    assert all(why for _, why in world.verdicts)


@then(parsers.parse('the choice was made by "{basis}"'))
def made_by(world: DiskWorld, basis: str) -> None:
    assert world.choice is not None, f"selection failed: {world.error}"
    assert world.choice.basis.value == basis


@then(parsers.re(r'the choice was forced past "(?P<reason>[^"]*)"'))
def forced_past(world: DiskWorld, reason: str) -> None:
    assert world.choice is not None, f"selection failed: {world.error}"
    assert world.choice.forced_past == reason


@then(parsers.parse("the disks were judged in name order: {paths}"))
def name_order(world: DiskWorld, paths: str) -> None:
    assert [path for path, _ in world.verdicts] == paths.split(", ")


@then(parsers.parse('the hints are refused with "{message}"'))
def hints_refused(world: DiskWorld, message: str) -> None:
    assert world.hint_error is not None, f"accepted: {world.hints}"
    assert str(world.hint_error) == message


@then(parsers.parse('the hints read "{text}"'))
def hints_read(world: DiskWorld, text: str) -> None:
    assert world.hint_error is None, world.hint_error
    assert str(world.hints) == text
