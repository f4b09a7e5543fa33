"""Firmware version comparison (spec provisioning.md §9), the rule behind FIRMWARE_MIN_BIOS/BMC.

Both strings are split on ``.``; segments are compared pairwise up to the longer length, a missing
segment being ``""``. Two segments that are plain decimal integers compare as numbers, anything
else compares as strings (code-point order, which is UTF-8 byte order, as Go's ``strings.Compare``).

Departure from a naive port: Python's ``int()`` accepts ``" 7"``, ``"1_0"`` and other digits than
ASCII, Go's ``strconv.Atoi`` does not; a segment counts as a number only when it matches
``[+-]?[0-9]+`` and fits in 64 bits (Atoi's range), so ``"1_0"`` still compares as text.
"""

from __future__ import annotations

import re

_INTEGER = re.compile(r"[+-]?[0-9]+")
_INT64 = range(-(1 << 63), 1 << 63)


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as *a* is older than, equal to or newer than *b*.

    Examples: ``2.80`` > ``2.72``; ``1.10`` > ``1.9``; ``1.0`` > ``1``; ``U50`` > ``U46``;
    ``U100`` < ``U46`` (not numbers: compared as text).
    """
    left, right = a.split("."), b.split(".")
    for i in range(max(len(left), len(right))):
        x = left[i] if i < len(left) else ""
        y = right[i] if i < len(right) else ""
        order = _compare_segments(x, y)
        if order:
            return order
    return 0


def _compare_segments(x: str, y: str) -> int:
    nx, ny = _as_int(x), _as_int(y)
    if nx is not None and ny is not None:
        return (nx > ny) - (nx < ny)
    return (x > y) - (x < y)


def _as_int(segment: str) -> int | None:
    if _INTEGER.fullmatch(segment) is None:
        return None
    value = int(segment)
    return value if value in _INT64 else None
