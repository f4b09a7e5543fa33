"""What an HTTP answer means for an image stream, and how to go on after a dropped connection.

Rules of this file: pure decisions with their reasons; the app executes them (sleeps through the
Clock, reopens through the Http port).

Departs from v0.0.1 (spec disk-and-image.md §3.3), which never resumed a body and retried only the
request phase: a stream that breaks after bytes arrived is resumed with ``Range: bytes=<received>-``
(guarded by ``If-Range`` when the server gave a validator), and restarted from zero when the server
cannot resume. Each failure that brought no new byte counts against the retry policy; progress
resets the count, so a long download survives any number of drops that each move it forward.
"""

from __future__ import annotations

import enum
import re

import attrs

from booty.domain.retry import RetryPolicy, is_retryable_status

_CONTENT_RANGE = re.compile(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*", re.IGNORECASE)

STREAM_RETRY = RetryPolicy(attempts=4, base_delay_s=1.0, factor=2.0, max_delay_s=30.0)
"""Per source: four tries without progress, 1 s, 2 s, 4 s apart, before handing over."""


@attrs.frozen
class ContentRange:
    """A parsed ``Content-Range: bytes first-last/total`` header."""

    first: int
    last: int
    total: int | None
    """None for ``/*`` (total unknown)."""


def parse_content_range(value: str | None) -> ContentRange | None:
    """Parse a 206's Content-Range; None when absent or malformed (``bytes */1000`` included)."""
    match = _CONTENT_RANGE.fullmatch(value or "")
    if match is None:
        return None
    first, last, total = int(match[1]), int(match[2]), match[3]
    if last < first:
        return None
    return ContentRange(first, last, None if total == "*" else int(total))


def range_validator(*, etag: str | None, last_modified: str | None) -> str:
    """The ``If-Range`` value that makes a resumed request safe, or ``""`` when there is none.

    A strong ETag is preferred; a weak one (``W/"..."``) may not be used in If-Range (RFC 9110
    §13.1.5), so Last-Modified is used instead.
    """
    if etag and not etag.strip().startswith("W/"):
        return etag.strip()
    return (last_modified or "").strip()


class Answer(enum.Enum):
    """What one response to a (possibly ranged) GET means for the stream."""

    STREAM = "stream"
    """200 to a request from offset 0: read the body."""
    RESUMED = "resumed"
    """206 to a Range request: the body continues where the last one broke."""
    RESTART = "restart"
    """200 to a Range request: the server ignored the range (or If-Range failed): start from zero."""
    RETRY = "retry"
    """5xx, 408, 429: try again after a pause."""
    NOT_FOUND = "not found"
    """404: give up at once."""
    REFUSED = "refused"
    """Any other status: give up at once."""


def classify_answer(status: int, *, offset: int) -> Answer:
    """The meaning of *status* for a request that asked for the image from byte *offset*."""
    if status == 200:
        return Answer.RESTART if offset else Answer.STREAM
    if status == 206 and offset:
        return Answer.RESUMED
    if status == 404:
        return Answer.NOT_FOUND
    if is_retryable_status(status):
        return Answer.RETRY
    return Answer.REFUSED


class NextStep(enum.Enum):
    """What to do after a failed request or a broken body."""

    RESUME = "resume"
    RESTART = "restart"
    GIVE_UP = "give up"


@attrs.frozen
class ResumeDecision:
    """The next step after a failure, with the offset to ask for and the pause before it."""

    step: NextStep
    offset: int = 0
    delay_s: float = 0.0
    reason: str = ""


def decide_resume(
    *,
    received: int,
    accepts_ranges: bool,
    failures: int,
    policy: RetryPolicy = STREAM_RETRY,
    retry_after_s: float | None = None,
) -> ResumeDecision:
    """After failure number *failures* (1-based, counting only failures without progress).

    Args:
        received: bytes of the source already received (and handed to the decompressor).
        accepts_ranges: the server advertised ``Accept-Ranges: bytes`` or answered a range with 206.
        failures: consecutive failures that brought no new byte, this one included.
        policy: how many such failures are allowed and how long to wait between them.
        retry_after_s: the server's Retry-After, when it sent one.
    """
    if not policy.has_attempt_after(failures):
        return ResumeDecision(NextStep.GIVE_UP, reason=f"gave up after {failures} attempts without progress")
    delay = policy.delay_before(failures + 1, retry_after_s=retry_after_s)
    if received == 0:
        return ResumeDecision(NextStep.RESUME, 0, delay, "nothing received yet: asking again")
    if accepts_ranges:
        return ResumeDecision(NextStep.RESUME, received, delay, f"resuming from byte {received}")
    return ResumeDecision(
        NextStep.RESTART, 0, delay, "the server does not accept ranges: restarting from byte 0"
    )
