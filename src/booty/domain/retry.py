"""Retry with exponential backoff, as a pure policy.

The policy decides *whether* an outcome is worth another attempt and *how long* to wait first; the
caller owns the loop and sleeps through the Clock port, so tests run without waiting.

Departs from v0.0.1 (spec caprf-and-config.md §8 item 17), which retried every failure including
401/403/404: only transport errors, 5xx, 408 and 429 are retried here.
"""

from __future__ import annotations

import attrs

RETRYABLE_4XX = frozenset({408, 429})


@attrs.frozen
class RetryPolicy:
    """How often to try and how long to wait between tries."""

    attempts: int = 3
    """Total attempts, the first one included."""
    base_delay_s: float = 1.0
    """Wait before the second attempt; each later wait is ``factor`` times longer."""
    factor: float = 2.0
    max_delay_s: float = 30.0
    """No single wait is longer than this, whatever Retry-After says."""

    def delay_before(self, attempt: int, *, retry_after_s: float | None = None) -> float:
        """Seconds to wait before attempt number *attempt* (2 for the first retry).

        A server's Retry-After stretches the wait (never shortens it), capped at ``max_delay_s``.
        """
        backoff = self.base_delay_s * self.factor ** max(0, attempt - 2)
        if retry_after_s is not None:
            backoff = max(backoff, retry_after_s)
        return min(backoff, self.max_delay_s)

    def has_attempt_after(self, attempt: int) -> bool:
        """True when attempt number *attempt* is not the last one allowed."""
        return attempt < self.attempts


def is_retryable_status(status: int) -> bool:
    """5xx and the two 4xx that mean "later" are worth another try; other 4xx never are."""
    return status >= 500 or status in RETRYABLE_4XX


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header in its delta-seconds form; dates and junk are ignored."""
    if value is None or not value.strip().isdigit():
        return None
    return float(value.strip())


CONTROLLER_RETRY = RetryPolicy()
"""The spec's policy for controller calls: 3 attempts, 1 s then 2 s apart (caprf §2.2)."""
