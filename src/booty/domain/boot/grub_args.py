"""Argument handling of the GRUB commands booty models: ``menuentry``'s options and the kernel
command line ``linux`` builds.

Rules of this file: pure functions on argument lists, after GRUB's ``extcmd`` option parser
(``grub-core/lib/arg.c``), ``menuentry``'s option table (``grub-core/commands/menuentry.c``) and
``grub-core/lib/cmdline.c``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_VALUE_OPTIONS = frozenset({"class", "users", "hotkey", "source", "id"})
"""``menuentry``'s options that take a value (``ARG_TYPE_STRING``)."""
_OPTIONAL_VALUE = frozenset({"users"})
"""Options that may go without their value. Fedora/RHEL (8 and later) GRUB made the value of
``--users`` optional, so that ``--users $grub_users`` with ``grub_users`` unset keeps its entry
(rhbz#1652434). Upstream GRUB refuses that entry, but only Fedora/RHEL's generators write it."""
_HELP = frozenset({"help", "usage"})
"""extcmd's own ``--help`` and ``--usage`` (``-h``, ``-u``): they print help and the command fails."""


def menu_options(args: Sequence[str]) -> tuple[dict[str, str], list[str], str]:
    """``menuentry``'s options, its positional arguments, and the error GRUB gives (else "").

    As GRUB's extcmd parser reads them: ``--name=value``, or ``--name value`` where the next
    argument is the value only when it does not start with ``-`` (an empty one does not). So
    ``--users --id X`` leaves ``--users`` without a value and gives ``--id`` the ``X``, and an
    option that needs a value and gets none fails the command. ``menuentry`` accepts unknown
    arguments (``GRUB_COMMAND_ACCEPT_DASH``): ``--bogus`` and ``-x`` are positional, even the
    title. ``--`` makes every later argument positional.
    """
    options: dict[str, str] = {}
    positional: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            positional.extend(args[index:])
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        if not arg.startswith("--"):
            if set(arg[1:]) <= {"h", "u"}:
                return options, positional, f"{arg!r} only prints GRUB's help"
            positional.append(arg)  # a letter that is no short option: an argument
            continue
        name, equals, value = arg[2:].partition("=")
        if name in _HELP:
            return options, positional, f"{arg!r} only prints GRUB's help"
        if name == "unrestricted":
            if equals:
                return options, positional, f"a value was assigned to {arg!r}, which takes none"
            continue
        if name not in _VALUE_OPTIONS:
            positional.append(arg)
            continue
        if not equals:
            if index == len(args) or args[index].startswith("-"):
                if name in _OPTIONAL_VALUE:
                    continue
                return options, positional, f"missing mandatory option for {arg!r}"
            value = args[index]
            index += 1
        options[name] = value
    return options, positional, ""


def render_cmdline(args: Sequence[str]) -> str:
    """The kernel command line GRUB's ``linux`` builds from its arguments (``lib/cmdline.c``):
    arguments joined by spaces, ``\\``, ``'`` and ``"`` escaped, an argument with a space quoted."""
    rendered = []
    for arg in args:
        escaped = re.sub(r"\\x[0-9a-fA-F]{2}|([\\'\"])", lambda m: "\\" + m[1] if m[1] else m[0], arg)
        rendered.append(f'"{escaped}"' if " " in arg else escaped)
    return " ".join(rendered)
