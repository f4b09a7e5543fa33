"""Use case: wait until the controller answers over HTTP (spec networking.md §8, later-upstream rule).

Any HTTP response counts as connectivity, whatever its status: a 401 or a 503 proves the path
works, which v0.0.1's "2xx to HEAD only" missed (§10.1 item 9). HEAD is tried first; an endpoint
that refuses HEAD (405, 501) is asked with GET. Transport failures are retried every second until
the deadline; the total time is bounded on the Clock port (a probe never waits beyond the time
left, but at least ``MIN_PROBE_TIMEOUT_S``). One log line per attempt, on ``booty.network``.

A mode may add a remedy for a wait that goes nowhere (``StallRemedy``): FRR mode restarts its
daemons whenever the controller stayed unreachable for 120 s (spec §4.8), because a BGP session
that came up wrong stays wrong. The wait runs it only while time is left, and the deadline still
holds: a remedy that overruns it ends the wait.
"""

from __future__ import annotations

import logging
from typing import Protocol

import attrs

from booty.domain.errors import (
    ControllerUnreachable,
    HttpRequestInvalid,
    HttpTransportError,
    ResponseTooLarge,
)
from booty.domain.http import HttpRequest
from booty.domain.netresult import ControllerReached
from booty.domain.secret import redact_url
from booty.ports.clock import Clock
from booty.ports.http import Http

CONNECTIVITY_TIMEOUT_S = 300.0
"""The caller's budget in v0.0.1 (5 minutes)."""
RETRY_INTERVAL_S = 1.0
PROBE_TIMEOUT_S = 10.0
MIN_PROBE_TIMEOUT_S = 1.0
PROBE_MAX_BODY = 64 * 1024
"""A GET answer is only proof of life: a bigger body is cut off, still counting as an answer."""
HEAD_REFUSED = frozenset({405, 501})

log = logging.getLogger("booty.network")


@attrs.frozen
class Stall:
    """The controller has not answered for a remedy's ``every_s``: what the remedy is told."""

    count: int
    """1 the first time the remedy runs in this wait, then 2, 3, ..."""
    waited_s: float
    """Since the wait began, or since the remedy last ran."""
    attempts: int
    """Probes sent so far."""
    time_left_s: float
    """Until the wait's deadline: the remedy should not take longer."""


class StallRemedy(Protocol):
    """Something a network mode tries when the controller stays unreachable."""

    @property
    def every_s(self) -> float:
        """How long without an answer (since the wait began or the last remedy) before it runs."""
        ...

    def __call__(self, stall: Stall) -> None:
        """Try the remedy; a failed try is logged, not raised (the wait goes on either way)."""
        ...


def wait_for_controller(
    http: Http,
    clock: Clock,
    url: str,
    *,
    timeout_s: float = CONNECTIVITY_TIMEOUT_S,
    interval_s: float = RETRY_INTERVAL_S,
    probe_timeout_s: float = PROBE_TIMEOUT_S,
    on_stall: StallRemedy | None = None,
) -> ControllerReached:
    """Probe *url* until any HTTP response arrives.

    Args:
        on_stall: run whenever ``on_stall.every_s`` passed without an answer since the wait
            began or since it last ran, and the wait is not over; None: the plain wait.

    Returns:
        How many attempts it took, with the method and status of the answer.

    Raises:
        HttpRequestInvalid: *url* is empty or can never be requested.
        ControllerUnreachable: no response within *timeout_s* (names the URL, the elapsed time,
            the attempts and the last error).
    """
    safe_url = redact_url(url)
    if not url:
        raise HttpRequestInvalid("empty connectivity target URL", url="")
    started = remedied = clock.monotonic()
    attempts = stalls = 0
    while True:
        attempts += 1
        elapsed = clock.monotonic() - started
        budget = max(min(probe_timeout_s, timeout_s - elapsed), MIN_PROBE_TIMEOUT_S)
        try:
            method, status = _probe(http, url, timeout_s=budget)
        except HttpTransportError as e:
            last_error = str(e)
            log.info(
                "Controller not reachable yet",
                extra={
                    "url": safe_url,
                    "attempt": attempts,
                    "elapsed_s": round(elapsed, 1),
                    "error": last_error,
                },
            )
        else:
            elapsed = clock.monotonic() - started
            log.info(
                "Controller reachable",
                extra={
                    "url": safe_url,
                    "attempt": attempts,
                    "method": method,
                    "status": status if status is not None else "cut off",
                    "elapsed_s": round(elapsed, 1),
                },
            )
            return ControllerReached(safe_url, attempts, method, status, elapsed)
        now = clock.monotonic()
        left = timeout_s - (now - started)
        if on_stall is not None and now - remedied >= on_stall.every_s and left >= interval_s:
            stalls += 1
            on_stall(Stall(stalls, now - remedied, attempts, left))
            remedied = clock.monotonic()  # the remedy's own time does not count towards the next
        elapsed = clock.monotonic() - started
        if elapsed + interval_s > timeout_s:
            raise ControllerUnreachable(safe_url, elapsed_s=elapsed, attempts=attempts, last_error=last_error)
        clock.sleep(interval_s)


def _probe(http: Http, url: str, *, timeout_s: float) -> tuple[str, int | None]:
    """HEAD, then GET if HEAD is refused; returns the method and status that answered."""
    status = http.send(HttpRequest("HEAD", url, timeout_s=timeout_s)).status
    if status not in HEAD_REFUSED:
        return "HEAD", status
    try:
        return "GET", http.send(HttpRequest("GET", url, timeout_s=timeout_s, max_body=PROBE_MAX_BODY)).status
    except ResponseTooLarge:
        return "GET", None
