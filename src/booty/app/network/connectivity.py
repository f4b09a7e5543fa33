"""Use case: wait until the controller answers over HTTP (spec networking.md §8, later-upstream rule).

Any HTTP response counts as connectivity, whatever its status: a 401 or a 503 proves the path
works, which v0.0.1's "2xx to HEAD only" missed (§10.1 item 9). HEAD is tried first; an endpoint
that refuses HEAD (405, 501) is asked with GET. Transport failures are retried every second until
the deadline; the total time is bounded on the Clock port (a probe never waits beyond the time
left, but at least ``MIN_PROBE_TIMEOUT_S``). One log line per attempt, on ``booty.network``.
"""

from __future__ import annotations

import logging

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


def wait_for_controller(
    http: Http,
    clock: Clock,
    url: str,
    *,
    timeout_s: float = CONNECTIVITY_TIMEOUT_S,
    interval_s: float = RETRY_INTERVAL_S,
    probe_timeout_s: float = PROBE_TIMEOUT_S,
) -> ControllerReached:
    """Probe *url* until any HTTP response arrives.

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
    started = clock.monotonic()
    attempts = 0
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
