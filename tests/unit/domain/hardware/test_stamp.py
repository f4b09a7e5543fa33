"""Report timestamps are RFC 3339 in UTC, fraction trimmed as Go's RFC3339Nano does."""

from __future__ import annotations

import pytest

from booty.domain.hardware import rfc3339_utc


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1_767_225_600.0, "2026-01-01T00:00:00Z"),
        (1_767_225_600.25, "2026-01-01T00:00:00.25Z"),
        (0.000001, "1970-01-01T00:00:00.000001Z"),
    ],
)
def test_rfc3339(seconds: float, text: str) -> None:
    assert rfc3339_utc(seconds) == text
