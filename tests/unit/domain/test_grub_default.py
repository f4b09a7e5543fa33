"""GRUB's default-entry rules, piece by piece."""

from __future__ import annotations

import pytest

from booty.domain.boot import BootEntry, GrubMenu, GrubProblem, Submenu, choose_default_entry
from booty.domain.boot.default import grub_strtoul, menuentry_eq


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("12", 12),
        ("  3", 3),
        ("1>2", 1),
        ("0x1f", 31),
        ("0X1", 0),
        ("010", 8),
        ("08", 8),
        ("0x", None),
        ("", None),
        ("Ubuntu", None),
        ("-1", None),
        ("99999999999999999999999", None),
    ],
)
def test_grub_strtoul(text: str, number: int | None) -> None:
    assert grub_strtoul(text) == number


@pytest.mark.parametrize(
    ("name", "spec", "matches"),
    [
        ("Ubuntu", "Ubuntu", True),
        ("Ubuntu", "Ubuntu>x", True),
        ("Ubuntu", "Ubunt", False),
        ("Ubuntu", "Ubuntu2", False),
        ("a>b", "a>>b", True),
        ("a>b", "a>b", False),
        ("a>b", "a>>b>c", True),
        ("", "", True),
        ("", ">x", True),
    ],
)
def test_menuentry_eq(name: str, spec: str, matches: bool) -> None:
    assert menuentry_eq(name, spec) is matches


def entry(title: str, *position: int) -> BootEntry:
    return BootEntry(title=title, id=title, kernel=f"/{title}", position=position)


def test_a_path_continuing_past_a_plain_entry_stops_at_the_entry() -> None:
    menu = GrubMenu(items=(entry("a", 0), entry("b", 1)), default="1>5")
    assert choose_default_entry(menu).entry.title == "b"


def test_a_submenu_chosen_with_escaped_arrows_only_uses_what_follows_a_single_arrow() -> None:
    inner = (entry("x>y", 0, 0), entry("z", 0, 1))
    menu = GrubMenu(items=(Submenu("s>t", "s>t", inner),), default="s>>t>z")
    assert choose_default_entry(menu).entry.title == "z"


def test_a_submenu_default_of_only_escaped_arrows_boots_its_first_entry() -> None:
    menu = GrubMenu(items=(Submenu("s>t", "s>t", (entry("x", 0, 0), entry("y", 0, 1))),), default="s>>t")
    choice = choose_default_entry(menu)
    assert choice.entry.title == "x"
    assert choice.source == "grub.cfg"


def test_flattening_and_problem_text() -> None:
    menu = GrubMenu(items=(entry("a", 0), Submenu("s", "s", (entry("b", 1, 0),)), entry("c", 2)))
    assert [e.title for e in menu.entries()] == ["a", "b", "c"]
    assert str(GrubProblem(3, "syntax error")) == "line 3: syntax error"
