"""The retry policy: which outcomes are retried and how long to wait."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.retry import CONTROLLER_RETRY, RetryPolicy, is_retryable_status, parse_retry_after


def test_the_controller_policy_waits_one_then_two_seconds() -> None:
    assert [CONTROLLER_RETRY.delay_before(n) for n in (2, 3)] == [1.0, 2.0]
    assert CONTROLLER_RETRY.has_attempt_after(2)
    assert not CONTROLLER_RETRY.has_attempt_after(3)


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (500, True),
        (502, True),
        (503, True),
        (429, True),
        (408, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (409, False),
    ],
)
def test_retryable_statuses(status: int, retryable: bool) -> None:
    assert is_retryable_status(status) is retryable


def test_retry_after_stretches_but_never_beyond_the_cap() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=10.0)
    assert policy.delay_before(2, retry_after_s=4.0) == 4.0
    assert policy.delay_before(2, retry_after_s=0.5) == 1.0
    assert policy.delay_before(2, retry_after_s=600.0) == 10.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        (" 10 ", 10.0),
        (None, None),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
        ("-1", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


@given(st.integers(min_value=2, max_value=60))
def test_backoff_grows_and_is_capped(attempt: int) -> None:
    policy = RetryPolicy(attempts=100, base_delay_s=0.5, factor=2.0, max_delay_s=30.0)
    assert policy.delay_before(attempt) <= 30.0
    assert policy.delay_before(attempt + 1) >= policy.delay_before(attempt)
