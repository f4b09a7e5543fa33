"""Root device hints: parsing, matching, rendering."""

from __future__ import annotations

import pytest

from booty.domain.disk import GIB, NO_HINTS, RootDeviceHints, SizeHint, parse_root_device_hints
from booty.domain.system import BlockDevice

DISK = BlockDevice(
    "sda",
    447 * GIB + 12345,
    serial="  S45PNA0M300003 ",
    wwn="naa.5002538e40a1b2c3",
    model="MZ7LH480HAHQ-00005     ",
    by_path="/dev/disk/by-path/pci-0000:00:17.0-ata-1",
)


@pytest.mark.parametrize(
    ("op", "gib", "matches"),
    [
        ("=", 447, True),
        ("==", 447, True),
        ("=", 448, False),
        (">=", 447, True),
        (">=", 448, False),
        ("<=", 447, True),
        ("<=", 446, False),
        (">", 446, True),
        (">", 447, False),
        ("<", 448, True),
        ("<", 447, False),
    ],
)
def test_size_compares_whole_gib(op: str, gib: int, matches: bool) -> None:
    assert SizeHint(gib, op).matches(DISK) is matches


def test_size_operators_are_a_closed_set() -> None:
    with pytest.raises(ValueError, match="'op' must be in"):
        SizeHint(1, "~=")


@pytest.mark.parametrize(
    "hints",
    [
        RootDeviceHints(serial="s45pna0m300003"),
        RootDeviceHints(wwn="naa.5002538E40A1B2C3"),
        RootDeviceHints(wwn="0x5002538e40a1b2c3"),
        RootDeviceHints(wwn="5002538e40a1b2c3"),
        RootDeviceHints(model="mz7lh480hahq-00005"),
        RootDeviceHints(by_path="pci-0000:00:17.0-ata-1"),
        RootDeviceHints(by_path="/dev/disk/by-path/pci-0000:00:17.0-ata-1"),
        RootDeviceHints(size=SizeHint(447)),
        NO_HINTS,
    ],
)
def test_matching_hints(hints: RootDeviceHints) -> None:
    assert hints.matches(DISK)
    assert hints.mismatch(DISK) == ""


@pytest.mark.parametrize(
    ("hints", "mismatch"),
    [
        (RootDeviceHints(serial="X"), "serial=X"),
        (RootDeviceHints(wwn="eui.5002538e40a1b2c3x"), "wwn=eui.5002538e40a1b2c3x"),
        (RootDeviceHints(model="Ultra Fit"), "model=Ultra Fit"),
        (RootDeviceHints(size=SizeHint(1, "<")), "size<1"),
        (RootDeviceHints(by_path="pci-0000:00:17.0-ata-2"), "by_path=pci-0000:00:17.0-ata-2"),
        (RootDeviceHints(serial="s45pna0m300003", model="nope"), "model=nope"),
    ],
)
def test_the_first_failing_hint_is_named(hints: RootDeviceHints, mismatch: str) -> None:
    assert not hints.matches(DISK)
    assert hints.mismatch(DISK) == mismatch


def test_a_disk_without_a_by_path_link_never_matches_one() -> None:
    assert not RootDeviceHints(by_path="x").matches(BlockDevice("sda", GIB))


def test_empty_hints_are_false_and_print_as_nothing() -> None:
    assert not NO_HINTS
    assert str(NO_HINTS) == ""
    assert RootDeviceHints(size=SizeHint(0))


def test_parsed_hints() -> None:
    hints = parse_root_device_hints([" serial = ABC ", "by-path=pci-1", "size>=100", "model==Ultra  Fit"])
    assert hints == RootDeviceHints(
        serial="ABC", by_path="pci-1", size=SizeHint(100, ">="), model="Ultra  Fit"
    )
    assert parse_root_device_hints([]) == NO_HINTS


def test_a_value_may_contain_an_equals_sign() -> None:
    assert parse_root_device_hints(["model=a=b"]).model == "a=b"


@pytest.mark.parametrize("size", ["١٢", "1.5", "1e3", " "])
def test_sizes_are_ascii_digits(size: str) -> None:
    with pytest.raises(ValueError, match=r"whole number of GiB|needs a value"):
        parse_root_device_hints([f"size={size}"])
