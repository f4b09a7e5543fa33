"""Resuming a broken image download: what an answer means, and what to do after a failure."""

from __future__ import annotations

import pytest

from booty.domain.retry import RetryPolicy
from booty.domain.stream.resume import (
    STREAM_RETRY,
    Answer,
    ContentRange,
    NextStep,
    classify_answer,
    decide_resume,
    parse_content_range,
    range_validator,
)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("bytes 100-199/1000", ContentRange(100, 199, 1000)),
        ("bytes 0-0/*", ContentRange(0, 0, None)),
        ("  BYTES 5-9/10 ", ContentRange(5, 9, 10)),
        ("bytes */1000", None),
        ("bytes 9-5/10", None),
        ("items 0-1/2", None),
        ("", None),
        (None, None),
    ],
)
def test_content_range(value: str | None, parsed: ContentRange | None) -> None:
    assert parse_content_range(value) == parsed


@pytest.mark.parametrize(
    ("etag", "modified", "validator"),
    [
        ('"abc"', "Tue, 01 Jan 2026 00:00:00 GMT", '"abc"'),
        ('W/"abc"', "Tue, 01 Jan 2026 00:00:00 GMT", "Tue, 01 Jan 2026 00:00:00 GMT"),
        (None, None, ""),
        (' "x" ', None, '"x"'),
    ],
)
def test_if_range_prefers_a_strong_etag(etag: str | None, modified: str | None, validator: str) -> None:
    assert range_validator(etag=etag, last_modified=modified) == validator


@pytest.mark.parametrize(
    ("status", "offset", "answer"),
    [
        (200, 0, Answer.STREAM),
        (200, 10, Answer.RESTART),
        (206, 10, Answer.RESUMED),
        (206, 0, Answer.REFUSED),
        (404, 0, Answer.NOT_FOUND),
        (503, 0, Answer.RETRY),
        (500, 10, Answer.RETRY),
        (429, 0, Answer.RETRY),
        (408, 0, Answer.RETRY),
        (403, 0, Answer.REFUSED),
        (416, 10, Answer.REFUSED),
        (301, 0, Answer.REFUSED),
    ],
)
def test_classify_answer(status: int, offset: int, answer: Answer) -> None:
    assert classify_answer(status, offset=offset) is answer


def test_a_broken_body_is_resumed_from_the_last_byte_received() -> None:
    decision = decide_resume(received=5000, accepts_ranges=True, failures=1)

    assert decision.step is NextStep.RESUME
    assert decision.offset == 5000
    assert decision.delay_s == 1.0
    assert "resuming from byte 5000" in decision.reason


def test_without_ranges_the_image_restarts_from_zero() -> None:
    decision = decide_resume(received=5000, accepts_ranges=False, failures=2)

    assert (decision.step, decision.offset, decision.delay_s) == (NextStep.RESTART, 0, 2.0)


def test_nothing_received_is_simply_asked_again() -> None:
    decision = decide_resume(received=0, accepts_ranges=False, failures=1)

    assert (decision.step, decision.offset) == (NextStep.RESUME, 0)


def test_too_many_failures_without_progress_give_up() -> None:
    decision = decide_resume(received=10, accepts_ranges=True, failures=STREAM_RETRY.attempts)

    assert decision.step is NextStep.GIVE_UP
    assert decision.reason == "gave up after 4 attempts without progress"


def test_retry_after_stretches_the_pause_up_to_the_cap() -> None:
    policy = RetryPolicy(attempts=5, base_delay_s=1.0, max_delay_s=10.0)

    assert (
        decide_resume(received=0, accepts_ranges=True, failures=1, policy=policy, retry_after_s=7).delay_s
        == 7
    )
    assert (
        decide_resume(received=0, accepts_ranges=True, failures=1, policy=policy, retry_after_s=99).delay_s
        == 10
    )
