"""Which entry GRUB boots when nobody touches the keyboard: ``choose_default_entry``.

Rules of this file: pure; the answer comes with the reason, step by step. GRUB's rules
(``grub-core/normal/menu.c``), as booty applies them to the ``default`` variable:

1. Unset or empty: the first entry.
2. An entry whose ``--id`` matches (the id of a BLS entry is its file name): that entry.
3. An entry whose title matches: that entry.
4. A number (``0``, ``2``, ``0x1``), the whole value or followed by ``>``: the entry at that
   index, counting from 0.
5. Anything else, or an index past the end: the first entry, as GRUB falls back to it.

A ``>`` continues into a submenu: ``1>2`` and ``Advanced options for Ubuntu>Ubuntu, with Linux
6.8.0-31-generic`` name entry 2 of the submenu that entry 1 or that title is; ``>>`` stands for a
literal ``>``. A submenu chosen without a continuation boots its own first entry (or the entry its
body's ``set default`` names). ``saved_entry`` and ``next_entry`` reach this only through
grub.cfg's own ``set default="${saved_entry}"`` (``GRUB_DEFAULT=saved``) and its ``next_entry``
branch, as in GRUB.

Upstream GRUB (and RHEL 7's) tries rule 4 before 2 and 3 and reads the number at the start of the
value, ignoring what follows it. Fedora/RHEL 8+ GRUB (``get_entry_number_helper`` in its
``grub-core/normal/menu.c``, rhbz#1640979) tries ids and titles first, and then takes a number only
when it is the whole value, so that a ``saved_entry`` BLS id starting with digits
(``35dc1905...-4.18.0-...``), even one whose file is gone, is not read as index 35. booty follows
Fedora/RHEL, except that a number followed by ``>`` (``1>2``) still walks into a submenu as upstream
GRUB does: Fedora/RHEL menus have no submenus (``blscfg`` makes none), so nothing there writes such
a path. What remains differs only for values no generator writes: upstream ids or titles starting
with a digit, a number followed by other text.
"""

from __future__ import annotations

from collections.abc import Sequence

from booty.domain.boot.model import BootChoice, BootEntry, GrubMenu, MenuItem
from booty.domain.errors import NoBootEntries


def choose_default_entry(menu: GrubMenu) -> BootChoice:
    """The entry GRUB boots by default from *menu*, and why.

    Raises:
        NoBootEntries: the menu is empty, or the chosen submenu is.
    """
    if not menu.items:
        raise NoBootEntries(f"{menu.source} defines no menu entry")
    steps = [_origin(menu)]
    items: Sequence[MenuItem] = menu.items
    spec = menu.default or None
    while True:
        index, why = _resolve(items, spec)
        item = items[index]
        steps.append(why)
        if isinstance(item, BootEntry):
            return BootChoice(entry=item, reason="; ".join(steps), source=menu.source)
        if not item.items:
            raise NoBootEntries(f"submenu {item.title!r} of {menu.source} has no entries")
        rest = _after_first_gt(spec) if spec else None
        spec = item.default if item.default else rest
        steps.append(f"inside submenu {item.title!r}")
        items = item.items


def _origin(menu: GrubMenu) -> str:
    if menu.default is None:
        return "default is never set"
    return f"default={menu.default!r} ({menu.default_origin})"


def _resolve(items: Sequence[MenuItem], spec: str | None) -> tuple[int, str]:
    """The index GRUB picks among *items* for *spec*, with the reason."""
    first = items[0].title
    if not spec:
        return 0, f"no default: the first entry {first!r}"
    for index, item in enumerate(items):
        if menuentry_eq(item.id, spec):
            return index, f"{spec!r} matches the id of {item.title!r}"
    for index, item in enumerate(items):
        if menuentry_eq(item.title, spec):
            return index, f"{spec!r} matches the title {item.title!r}"
    number = _entry_number(spec)
    if number is None:
        return 0, f"{spec!r} names no entry, so GRUB boots the first entry {first!r}"
    if number >= len(items):
        return 0, f"{spec!r} is entry {number} of {len(items)}, so GRUB boots the first entry {first!r}"
    return number, f"{spec!r} is entry {number}, {items[number].title!r}"


def menuentry_eq(name: str, spec: str) -> bool:
    """GRUB's ``menuentry_eq``: *spec* names *name*, alone or followed by ``>`` and more (``>>`` is ``>``)."""
    i = j = 0
    while True:
        at_gt = j < len(spec) and spec[j] == ">"
        single_gt = at_gt and spec[j + 1 : j + 2] != ">"
        if single_gt:
            return i == len(name)
        if at_gt:
            j += 1  # ">>": a literal ">"
        mine = name[i] if i < len(name) else ""
        theirs = spec[j] if j < len(spec) else ""
        if mine != theirs:
            return False
        if not mine:
            return True
        i, j = i + 1, j + 1


def _after_first_gt(spec: str) -> str | None:
    """What follows the first single ``>`` of *spec*: the default inside the chosen submenu."""
    j = 0
    while j < len(spec):
        if spec[j] == ">":
            if spec[j + 1 : j + 2] == ">":
                j += 2
                continue
            return spec[j + 1 :] or None
        j += 1
    return None


def _entry_number(spec: str) -> int | None:
    """The index *spec* names as a number: the whole of it, or the part before a ``>``."""
    parsed = grub_strtoul(spec)
    if parsed is None:
        return None
    number, rest = parsed
    return number if rest[:1] in ("", ">") else None


def grub_strtoul(text: str) -> tuple[int, str] | None:
    """GRUB's ``grub_strtoul(text, &end, 0)``: the leading number and the text after it (what
    ``end`` points to), or None when there is no number or it overflows.

    Blanks (space, tab, newline, carriage return) are skipped, ``0x`` means hexadecimal and a
    leading ``0`` octal, and the number ends at the first character that is not a digit of its
    base (so ``1>2`` is 1, followed by ``>2``).
    """
    rest = text.lstrip(" \t\n\r")
    base = 10
    if rest[:2] == "0x":
        base, rest = 16, rest[2:]
    elif rest[:1] == "0" and rest[1:2] in tuple("01234567"):
        base = 8
    digits = ""
    for c in rest:
        value = int(c, 36) if c.isascii() and c.isalnum() else 99
        if value >= base:
            break
        digits += c
    if not digits or int(digits, base) > 2**64 - 1:
        return None
    return int(digits, base), rest[len(digits) :]
