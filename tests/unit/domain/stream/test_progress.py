"""Progress arithmetic: rates, ETA, when a line is due, and the human formats (spec §3.8)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.stream.progress import (
    Progress,
    describe_progress,
    format_bytes,
    format_duration,
    mb_per_s,
    progress_due,
)


def test_rates_and_eta_from_the_received_fraction() -> None:
    p = Progress(written=400_000_000, received=100_000_000, elapsed_s=2.0, total=300_000_000)

    assert p.write_rate == 200_000_000
    assert p.receive_rate == 50_000_000
    assert p.fraction == pytest.approx(1 / 3)
    assert p.eta_s == pytest.approx(4.0)


def test_nothing_is_known_before_time_passes_or_without_a_total() -> None:
    start = Progress(written=0, received=0, elapsed_s=0.0, total=100)
    unknown = Progress(written=10, received=10, elapsed_s=1.0)

    assert (start.write_rate, start.receive_rate, start.eta_s) == (0.0, 0.0, None)
    assert (unknown.fraction, unknown.eta_s) == (None, None)
    assert Progress(written=0, received=0, elapsed_s=1.0, total=0).fraction is None


def test_the_fraction_never_passes_one() -> None:
    p = Progress(written=5, received=150, elapsed_s=1.0, total=100)

    assert p.fraction == 1.0
    assert p.eta_s == 0.0


@pytest.mark.parametrize(("now", "last", "due"), [(10.0, 5.0, True), (9.9, 5.0, False), (12.0, 5.0, True)])
def test_a_line_is_due_every_interval(now: float, last: float, due: bool) -> None:
    assert progress_due(now, last_logged_s=last, interval_s=5.0) is due


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1.0 kB"),
        (1_000_000, "1.0 MB"),
        (83_000_000, "83 MB"),
        (5_000_000_000, "5.0 GB"),
        (1_073_741_824, "1.1 GB"),
        (12 * 10**15, "12 PB"),
        (3 * 10**18, "3000 PB"),
    ],
)
def test_bytes_in_si_units_as_v001_printed_them(count: int, text: str) -> None:
    assert format_bytes(count) == text


@pytest.mark.parametrize(("seconds", "text"), [(4.4, "4s"), (59.6, "1m00s"), (187, "3m07s"), (3720, "1h02m")])
def test_durations_are_short(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_megabytes_per_second() -> None:
    assert mb_per_s(500_000_000, 2.0) == 250.0
    assert mb_per_s(1, 0.0) == 0.0


def test_a_progress_line_with_and_without_a_total() -> None:
    known = Progress(written=2_000_000_000, received=500_000_000, elapsed_s=4.0, total=1_000_000_000)
    unknown = Progress(written=2_000_000_000, received=500_000_000, elapsed_s=4.0)

    assert describe_progress(known) == "2.0 GB written, 50% of 1.0 GB received, 500 MB/s, ETA 4s"
    assert describe_progress(unknown) == "2.0 GB written, 500 MB received, 500 MB/s"


@given(
    received=st.integers(0, 10**12),
    extra=st.integers(0, 10**12),
    elapsed=st.floats(0.001, 10**5),
)
def test_eta_is_never_negative_and_zero_when_done(received: int, extra: int, elapsed: float) -> None:
    p = Progress(written=received, received=received, elapsed_s=elapsed, total=received + extra)

    assert p.eta_s is None or p.eta_s >= 0
    if extra == 0 and received:
        assert p.eta_s == 0
