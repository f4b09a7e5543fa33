"""BLS entry files as GRUB's blscfg reads them, and GRUB's version order."""

from __future__ import annotations

import pytest

from booty.domain.boot import (
    BlsEntry,
    BlsOrder,
    bls_entry_id,
    compare_bls_ids,
    parse_bls_entry,
    sort_bls_entries,
    vercmp,
)
from booty.domain.boot.bls import bls_entry_script, expand_bls_value


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("abc-5.14.0-70.el9.x86_64.conf", "abc-5.14.0-70.el9.x86_64"),
        ("x.conf", "x"),
        (".conf", None),
        (".hidden.conf", None),
        ("entry.conf.bak", None),
        ("README", None),
    ],
)
def test_which_files_are_entries(name: str, entry_id: str | None) -> None:
    assert bls_entry_id(name) == entry_id


def test_fields_keep_order_and_repeats() -> None:
    entry = parse_bls_entry(
        "e",
        "# a comment\n  title  My title \ninitrd\t/a.img\ninitrd /b.img\n"
        "\t# indented comment\nlinux /vmlinuz\r\n",
    )
    assert entry.fields == (
        ("title", "My title "),
        ("initrd", "/a.img"),
        ("initrd", "/b.img"),
        ("linux", "/vmlinuz"),
    )
    assert entry.get("initrd") == "/a.img"
    assert entry.get_all("initrd") == ("/a.img", "/b.img")
    assert entry.get("options") is None


@pytest.mark.parametrize("stop", ["\n", "bare\n", "key \n"])
def test_grub_stops_at_a_line_without_a_value(stop: str) -> None:
    entry = parse_bls_entry("e", f"title T\n{stop}linux /never\n")
    assert entry.fields == (("title", "T"),)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1.0", "1.0", 0),
        ("1.0", "2.0", -1),
        ("2.0.1", "2.0", 1),
        ("2.0.1a", "2.0.1", 1),
        ("5.5p1", "5.5p10", -1),
        ("10xyz", "10.1xyz", -1),
        ("xyz10", "xyz10.1", -1),
        ("1.0~rc1", "1.0", -1),
        ("1.0~rc1", "1.0~rc2", -1),
        ("1.0~", "1.0~", 0),
        ("1.0", "1.0+1", -1),
        ("1.0+1", "1.0+2", -1),
        ("1.0+1", "1.0~1", 1),
        ("1.0+a", "1.0a", -1),
        ("1b.fc17", "1.fc17", -1),
        ("a", "1", -1),
        ("1.0010", "1.9", 1),
        ("1.05", "1.5", 0),
        ("1.0", "1_0", 0),
        ("1.", "1-", 0),
        ("", "1", -1),
        ("é1", "1", 0),
    ],
)
def test_vercmp(a: str, b: str, expected: int) -> None:
    assert vercmp(a, b) == expected
    assert vercmp(b, a) == -expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("m-5.14.0-162.el9", "m-5.14.0-70.el9", 1),
        ("m-1.0", "m-0.9", 1),
        ("solo", "solo", 0),
        ("b", "a", 1),
        ("n-1-2", "n-1-2", 0),
    ],
)
def test_ids_compare_as_name_version_release(a: str, b: str, expected: int) -> None:
    assert compare_bls_ids(a, b) == expected


def test_sorting_puts_the_newest_first_and_drops_an_equal_duplicate() -> None:
    names = ["m-5.14.0-70.el9", "m-0-rescue", "m-5.14.0-162.el9", "m-5.14.0-070.el9"]
    entries = [BlsEntry(name) for name in names]
    assert [e.id for e in sort_bls_entries(entries)] == ["m-5.14.0-162.el9", "m-5.14.0-70.el9", "m-0-rescue"]


@pytest.mark.parametrize(
    ("a", "b", "plus", "expected"),
    [
        ("1.0+a", "1.0a", True, -1),
        ("1.0+a", "1.0a", False, 0),
        ("1.0+", "1.0", True, 1),
        ("1.0+", "1.0", False, 0),
        ("1.0+1", "1.0~1", False, 1),
    ],
)
def test_rhel8_vercmp_has_no_plus_rule(a: str, b: str, plus: bool, expected: int) -> None:
    assert vercmp(a, b, plus=plus) == expected
    assert vercmp(b, a, plus=plus) == -expected
    order = BlsOrder.FILE_NAME if plus else BlsOrder.VERSION_KEY
    assert compare_bls_ids(f"m-{a}", f"m-{b}", order=order) == expected


def versioned(entry_id: str, version: str | None) -> BlsEntry:
    return BlsEntry(entry_id, (("version", version),) if version is not None else ())


@pytest.mark.parametrize(
    ("entries", "order"),
    [
        # Every entry has a version key: it decides, whatever the file names say.
        ([("b-1-1", "1.0-1"), ("a-9-9", "2.0-1")], ["a-9-9", "b-1-1"]),
        # The key is read as version-release: 1.0.1 > 1.0, although 5 > 1 after "1.0" as a whole.
        ([("y", "1.0-5"), ("x", "1.0.1-2")], ["x", "y"]),
        # Equal versions: the file names decide.
        ([("m-1-1", "6.8.9-300"), ("n-1-1", "6.8.9-300")], ["n-1-1", "m-1-1"]),
        # One entry without a version key: file names for all.
        ([("b-1-1", "1.0-1"), ("a-9-9", "2.0-1"), ("c-0-0", None)], ["c-0-0", "b-1-1", "a-9-9"]),
        # Nothing is dropped: both equal entries stay, in the order given.
        ([("m-5.14.0-70.el9", None), ("m-5.14.0-070.el9", None)], ["m-5.14.0-70.el9", "m-5.14.0-070.el9"]),
    ],
)
def test_rhel8_sorts_by_the_version_key_when_every_entry_has_one(
    entries: list[tuple[str, str | None]], order: list[str]
) -> None:
    given = [versioned(entry_id, version) for entry_id, version in entries]
    assert [e.id for e in sort_bls_entries(given, order=BlsOrder.VERSION_KEY)] == order


def test_fedora_and_rhel9_sort_by_file_name_even_when_every_entry_has_a_version() -> None:
    given = [versioned("b-1-1", "1.0-1"), versioned("a-9-9", "2.0-1")]
    assert [e.id for e in sort_bls_entries(given)] == ["b-1-1", "a-9-9"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$kernelopts debug", "root=/dev/sda1 ro debug"),
        ("$missing quiet", "quiet"),
        ("\\$kernelopts", "\\$kernelopts"),
        ("a=$one,b", "a=1 ,b"),
    ],
)
def test_options_expansion(value: str, expected: str) -> None:
    assert expand_bls_value(value, {"kernelopts": "root=/dev/sda1 ro", "one": "1"}) == expected


def test_early_initrds_go_first_next_to_the_first_initrd() -> None:
    entry = BlsEntry("e", (("linux", "/boot/vmlinuz"), ("initrd", "/boot/initramfs.img")))
    script = bls_entry_script(entry, {"early_initrd": "ucode.img extra.img"})
    assert script is not None
    assert "initrd /boot/ucode.img /boot/extra.img /boot/initramfs.img\n" in script


def test_early_initrds_without_an_initrd_sit_next_to_the_kernel() -> None:
    entry = BlsEntry("e", (("linux", "/k/vmlinuz"),))
    script = bls_entry_script(entry, {"early_initrd": "ucode.img"})
    assert script is not None
    assert script.endswith("linux /k/vmlinuz\ninitrd /k/ucode.img\n")


def test_no_options_and_no_default_kernelopts_give_an_empty_command_line() -> None:
    script = bls_entry_script(BlsEntry("e", (("linux", "/vmlinuz"),)), {})
    assert script == "load_video\nset gfxpayload=keep\ninsmod gzio\nlinux /vmlinuz\n"


def test_an_entry_without_linux_has_no_script() -> None:
    assert bls_entry_script(BlsEntry("e", (("title", "T"),)), {}) is None


def test_a_last_line_without_a_newline_is_read() -> None:
    assert parse_bls_entry("e", "title T\nlinux /vmlinuz").get("linux") == "/vmlinuz"
