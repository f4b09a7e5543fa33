"""Timestamps of the inventory and firmware reports: RFC 3339 in UTC, as Go's ``RFC3339Nano``.

Go trims trailing zeros of the fraction and drops the dot when nothing is left; a float of
seconds carries microseconds at best, so at most six digits appear.
"""

from __future__ import annotations

from datetime import UTC, datetime


def rfc3339_utc(seconds: float) -> str:
    """*seconds* since the epoch as ``2026-01-01T00:00:00.25Z``."""
    moment = datetime.fromtimestamp(seconds, UTC)
    fraction = f"{moment.microsecond:06d}".rstrip("0")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"
