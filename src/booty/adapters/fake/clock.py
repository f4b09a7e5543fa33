"""An in-memory Clock: time moves only when someone sleeps or calls ``advance``."""

from __future__ import annotations

import threading

import attrs

DEFAULT_WALL_AT_ZERO = 1_767_225_600.0
"""2026-01-01T00:00:00Z: the wall clock when the fake's monotonic clock reads 0."""


@attrs.define
class FakeClock:
    """A clock that never really sleeps and records every wait.

    Thread-safe, because the log shipper sleeps on it from its own thread.
    """

    now: float = 0.0
    """The monotonic reading; start it wherever the test wants."""
    wall_at_zero: float = DEFAULT_WALL_AT_ZERO
    """``wall()`` is ``wall_at_zero + now``."""
    sleeps: list[float] = attrs.field(factory=list)
    """Every ``sleep()`` argument, in call order."""
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False, eq=False)

    def monotonic(self) -> float:
        """The current monotonic reading."""
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        """Advance time by *seconds* at once and record the wait.

        Raises:
            ValueError: *seconds* is negative (as ``time.sleep`` does).
        """
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def wall(self) -> float:
        """Seconds since the epoch, moving with the monotonic reading."""
        with self._lock:
            return self.wall_at_zero + self.now

    def advance(self, seconds: float) -> None:
        """Let *seconds* pass without recording a sleep (time spent elsewhere)."""
        with self._lock:
            self.now += seconds
