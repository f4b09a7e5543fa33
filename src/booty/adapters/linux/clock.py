"""Real time for the Clock port: ``time.monotonic``, ``time.sleep`` and ``time.time``."""

from __future__ import annotations

import time

import attrs


@attrs.frozen
class MonotonicClock:
    """The system's clocks. Stateless: one instance can be shared by every thread."""

    def monotonic(self) -> float:
        """Seconds on CLOCK_MONOTONIC (never goes backwards, unaffected by NTP steps)."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Block the calling thread for *seconds*.

        Raises:
            ValueError: *seconds* is negative (as ``time.sleep`` does).
        """
        time.sleep(seconds)

    def wall(self) -> float:
        """Seconds since the epoch, for report timestamps only."""
        return time.time()
