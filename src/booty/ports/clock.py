"""Port: time. Every wait in booty goes through it so that fakes can advance time without sleeping."""

from __future__ import annotations

from typing import Protocol


class Clock(Protocol):
    """Monotonic time, sleeping, and the wall clock for reports."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (for timeouts and rates)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait *seconds* (a fake returns at once and records the wait)."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch (for timestamps in reports only)."""
        ...
