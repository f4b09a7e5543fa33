"""compare_versions: the worked examples of spec provisioning.md §9, and Atoi's strictness."""

from __future__ import annotations

import pytest

from booty.domain.hardware import compare_versions


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2.72", "2.72", 0),
        ("2.80", "2.72", 1),
        ("2.50", "2.72", -1),
        ("U50", "U46", 1),
        ("U30", "U46", -1),
        ("", "1.0", -1),
        ("1.0", "1", 1),
        ("1.10", "1.9", 1),
        ("U100", "U46", -1),
        ("", "", 0),
        ("-1", "+0", -1),
    ],
)
def test_spec_examples(a: str, b: str, expected: int) -> None:
    assert compare_versions(a, b) == expected
    assert compare_versions(b, a) == -expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (" 7", "10", -1),  # " 7" is text (Go does not trim): " " sorts before "1"
        ("1_0", "9", -1),  # text: "1_0" < "9"
        ("\u0661\u0660", "9", 1),  # Arabic-Indic digits one, zero: text, not 10
        ("99999999999999999999", "100000000000000000000", 1),  # beyond int64: text, "9" > "1"
        ("9223372036854775807", "10", 1),  # the largest int64 is still a number
    ],
)
def test_only_plain_int64_decimals_are_numbers(a: str, b: str, expected: int) -> None:
    assert compare_versions(a, b) == expected
