"""Text of /proc/meminfo and /proc/cpuinfo."""

from __future__ import annotations

import pytest

from booty.domain.hardware import procfs


@pytest.mark.parametrize(
    ("text", "value"),
    [("42", 42), (" -3\n", -3), ("+7", 7), ("", None), ("1_0", None), ("\u0663", None), ("0x10", None)],
)
def test_parse_int(text: str, value: int | None) -> None:
    assert procfs.parse_int(text) == value


@pytest.mark.parametrize(("text", "value"), [("16384 MB", 16384), (" 3200 MT/s", 3200), ("", 0), ("MB", 0)])
def test_leading_int(text: str, value: int) -> None:
    assert procfs.leading_int(text) == value


@pytest.mark.parametrize(
    ("text", "kib"),
    [
        ("MemTotal:       131891200 kB\nMemFree: 1 kB\n", 131891200),
        ("MemFree: 1 kB\nMemTotal: 2 kB\nMemTotal: 3 kB\n", 2),
        ("MemTotal:\n", None),
        ("", None),
    ],
)
def test_mem_total(text: str, kib: int | None) -> None:
    assert procfs.mem_total_kib(text) == kib


def test_count_processors() -> None:
    text = "processor\t: 0\nprocessor\t: 1\nprocessor\nprocessor: two\nmodel name: processor: 3\n"
    assert procfs.count_processors(text) == 2


def test_cpuinfo_blocks() -> None:
    text = "processor : 0\nflags :: a\nno colon here\nprocessor : 9\n\n\n\nprocessor: 1\n"
    assert procfs.cpuinfo_blocks(text) == [{"processor": "0", "flags": ": a"}, {"processor": "1"}]
    assert procfs.cpuinfo_blocks("") == []
