"""Signals between the stages of an attempt and the attempt loop (not errors: nothing failed for good)."""

from __future__ import annotations


class RestartFromZero(Exception):
    """The image must be read again from byte 0; ``delay_s`` is the pause before."""

    def __init__(self, reason: str, *, delay_s: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay_s = delay_s
