"""Reading the text of /proc/meminfo and /proc/cpuinfo, shared by the health checks and the inventory.

Numbers follow Go's ``strconv.Atoi``: a trimmed ``[+-]?[0-9]+`` and nothing else, so ``"1_0"``
or a non-ASCII digit is not a number here although Python's ``int()`` would take it.
"""

from __future__ import annotations

import re

_INTEGER = re.compile(r"[+-]?[0-9]+")
_LEADING_INTEGER = re.compile(r"[+-]?[0-9]+")


def parse_int(text: str) -> int | None:
    """*text* trimmed as a strict decimal integer, else None."""
    value = text.strip()
    return int(value) if _INTEGER.fullmatch(value) else None


def leading_int(text: str) -> int:
    """The integer *text* starts with after trimming (``"16384 MB"`` is 16384), else 0."""
    found = _LEADING_INTEGER.match(text.strip())
    return int(found.group()) if found else 0


def mem_total_kib(meminfo: str) -> int | None:
    """The second field of the first ``MemTotal:`` line of /proc/meminfo (kB), or None."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            fields = line.split()
            return parse_int(fields[1]) if len(fields) >= 2 else None
    return None


def count_processors(cpuinfo: str) -> int:
    """Lines of /proc/cpuinfo that start with ``processor`` and have an integer after the ``:``."""
    count = 0
    for line in cpuinfo.splitlines():
        key, colon, value = line.partition(":")
        if key.startswith("processor") and colon and parse_int(value) is not None:
            count += 1
    return count


def cpuinfo_blocks(cpuinfo: str) -> list[dict[str, str]]:
    """/proc/cpuinfo as blank-line-separated blocks of ``key: value`` (both trimmed; first wins)."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in [*cpuinfo.splitlines(), ""]:
        if not line.strip():
            if current:
                blocks.append(current)
            current = {}
            continue
        key, colon, value = line.partition(":")
        if colon:
            current.setdefault(key.strip(), value.strip())
    return blocks
