"""Argument handling of the GRUB commands booty models: ``menuentry``'s options and the kernel
command line ``linux`` builds.

Rules of this file: pure functions on argument lists, after GRUB's ``extcmd`` option parser and
``grub-core/lib/cmdline.c``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_VALUE_OPTIONS = frozenset({"class", "users", "hotkey", "source", "id"})


def menu_options(args: Sequence[str]) -> tuple[dict[str, str], list[str], str]:
    """``menuentry``'s options (GRUB's extcmd parser), the positional arguments, and an error."""
    options: dict[str, str] = {}
    positional: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            positional.extend(rest)
        elif arg.startswith("--"):
            name, equals, value = arg[2:].partition("=")
            if name == "unrestricted" and not equals:
                continue
            if name not in _VALUE_OPTIONS:
                return options, positional, f"unknown argument {arg!r}"
            if not equals:
                following = next(rest, None)
                if following is None:
                    return options, positional, f"missing value for {arg!r}"
                value = following
            options[name] = value
        elif arg.startswith("-") and len(arg) > 1:
            return options, positional, f"unknown argument {arg!r}"
        else:
            positional.append(arg)
    return options, positional, ""


def render_cmdline(args: Sequence[str]) -> str:
    """The kernel command line GRUB's ``linux`` builds from its arguments (``lib/cmdline.c``):
    arguments joined by spaces, ``\\``, ``'`` and ``"`` escaped, an argument with a space quoted."""
    rendered = []
    for arg in args:
        escaped = re.sub(r"\\x[0-9a-fA-F]{2}|([\\'\"])", lambda m: "\\" + m[1] if m[1] else m[0], arg)
        rendered.append(f'"{escaped}"' if " " in arg else escaped)
    return " ".join(rendered)
