"""GRUB's default-entry rules, piece by piece."""

from __future__ import annotations

import pytest

from booty.domain.boot import BootEntry, GrubMenu, GrubProblem, Submenu, choose_default_entry
from booty.domain.boot.default import grub_strtoul, menuentry_eq


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("0", (0, "")),
        ("12", (12, "")),
        (" \t\n\r3", (3, "")),
        ("\f3", None),
        ("3 ", (3, " ")),
        ("1>2", (1, ">2")),
        ("3b71d0e8-6.8.5", (3, "b71d0e8-6.8.5")),
        ("0x1f", (31, "")),
        ("0X1", (0, "X1")),
        ("010", (8, "")),
        ("08", (8, "")),
        ("0x", None),
        ("", None),
        ("Ubuntu", None),
        ("-1", None),
        ("99999999999999999999999", None),
    ],
)
def test_grub_strtoul_gives_the_number_and_what_follows_it(text: str, parsed: tuple[int, str] | None) -> None:
    assert grub_strtoul(text) == parsed


@pytest.mark.parametrize(
    ("default", "title"),
    [
        ("2", "c"),
        (" 0x2", "c"),
        ("1>0", "b"),
        ("2b71d0e8c5a24f69b8e1d4c7a2f05e93-6.8.5-301.fc40.x86_64", "a"),
        ("1 ", "a"),
        ("1x", "a"),
    ],
)
def test_a_default_is_an_index_only_when_the_number_is_all_of_it_or_ends_at_a_gt(
    default: str, title: str
) -> None:
    # Fedora/RHEL GRUB reads a number only when it is the whole value; booty also takes one that
    # a ">" follows, the submenu path upstream GRUB writes.
    menu = GrubMenu(items=(entry("a", 0), entry("b", 1), entry("c", 2)), default=default)
    assert choose_default_entry(menu).entry.title == title


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
