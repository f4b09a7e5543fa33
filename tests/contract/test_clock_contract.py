"""Contract of the Clock port, run against FakeClock and MonotonicClock alike."""

from __future__ import annotations

import threading

import pytest

from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.clock import MonotonicClock
from booty.ports.clock import Clock


@pytest.fixture(params=["fake", "linux"])
def clock(request: pytest.FixtureRequest) -> Clock:
    if request.param == "fake":
        return FakeClock(now=1000.0)
    return MonotonicClock()


def test_monotonic_never_goes_backwards(clock: Clock) -> None:
    readings = [clock.monotonic() for _ in range(1000)]
    assert readings == sorted(readings)


def test_sleep_advances_monotonic_by_at_least_the_wait(clock: Clock) -> None:
    deadline = clock.monotonic() + 0.01  # the deadline pattern callers use
    clock.sleep(0.01)
    assert clock.monotonic() >= deadline


def test_wall_clock_is_a_plausible_epoch_time(clock: Clock) -> None:
    assert 1_600_000_000 < clock.wall() < 4_000_000_000


def test_negative_sleep_is_refused(clock: Clock) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        clock.sleep(-1)


def test_sleep_zero_returns(clock: Clock) -> None:
    clock.sleep(0)


## Fake only: what tests inspect


def test_fake_records_sleeps_without_sleeping() -> None:
    clock = FakeClock(now=5.0)
    clock.sleep(30)
    clock.sleep(0.5)
    assert clock.sleeps == [30, 0.5]
    assert clock.monotonic() == 35.5


def test_fake_advance_moves_time_without_recording_a_sleep() -> None:
    clock = FakeClock()
    wall = clock.wall()
    clock.advance(60)
    assert clock.monotonic() == 60
    assert clock.wall() == wall + 60
    assert clock.sleeps == []


def test_fake_is_safe_to_sleep_on_from_many_threads() -> None:
    clock = FakeClock()

    def sleeper() -> None:
        for _ in range(1000):
            clock.sleep(1)

    threads = [threading.Thread(target=sleeper) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.monotonic() == 8000
    assert len(clock.sleeps) == 8000
