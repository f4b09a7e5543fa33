"""The CAPRF controller client: statuses, logs, heartbeats, commands and reports over HTTP.

Wire format pinned by spec caprf-and-config.md §2: text bodies as ``text/plain``, reports as
``application/json``, ``Authorization: Bearer <TOKEN>`` when a token is set, one URL per purpose,
an empty URL makes the call a no-op. Departures from v0.0.1, on purpose:

* only transport errors, 5xx, 408 and 429 are retried (v0.0.1 retried 401/403/404, §8 item 17);
* the token never travels over plain http to a non-loopback host unless INSECURE_TRANSPORT is
  set (§8 item 18); such a call fails at once, without any request;
* every answer is size-limited, the command poll at 1 MiB (§8 item 17).

The client logs on the ``booty.controller`` logger, which the remote log handler never ships, so
a failing LOG_URL cannot feed on its own warnings (§2.2).
"""

from __future__ import annotations

import logging
import threading

import attrs

from booty.domain.config import MachineConfig
from booty.domain.controller import MAX_COMMANDS_BODY, Command, Status, parse_commands
from booty.domain.errors import (
    ControllerError,
    HttpError,
    HttpTransportError,
    InsecureTransportRefused,
)
from booty.domain.http import HttpRequest, HttpResponse, decide_token_transport
from booty.domain.retry import CONTROLLER_RETRY, RetryPolicy, is_retryable_status, parse_retry_after
from booty.domain.secret import EMPTY_SECRET, Secret, redact_url, url_host_port
from booty.ports.clock import Clock
from booty.ports.http import Http

LOGGER_NAME = "booty.controller"
MAX_REPLY_BODY = 64 * 1024
"""Replies to POSTs are read and thrown away; nothing legitimate is larger than this."""
TEXT = "text/plain"
JSON = "application/json"


@attrs.frozen
class ControllerEndpoints:
    """The controller URLs and credentials of one machine (from /deploy/vars)."""

    token: Secret = EMPTY_SECRET
    init_url: str = ""
    success_url: str = ""
    error_url: str = ""
    log_url: str = ""
    debug_url: str = ""
    heartbeat_url: str = ""
    commands_url: str = ""
    inventory_url: str = ""
    firmware_url: str = ""
    health_check_url: str = ""
    insecure_transport: bool = False

    @classmethod
    def from_config(cls, config: MachineConfig) -> ControllerEndpoints:
        """The endpoints named in *config*."""
        names = [f.name for f in attrs.fields(cls)]
        return cls(**{name: getattr(config, name) for name in names})

    def status_url(self, status: Status) -> str:
        """The URL a status is posted to."""
        return {Status.INIT: self.init_url, Status.SUCCESS: self.success_url, Status.ERROR: self.error_url}[
            status
        ]


@attrs.define
class CaprfController:
    """The Controller port over the Http port, with the spec's retry policy.

    Thread-safe: the log shipper, the heartbeat and the agent may call it at once.
    """

    endpoints: ControllerEndpoints
    http: Http
    clock: Clock
    policy: RetryPolicy = CONTROLLER_RETRY
    timeout_s: float = 30.0
    logger: logging.Logger = attrs.field(factory=lambda: logging.getLogger(LOGGER_NAME))
    _warned_insecure: set[str] = attrs.field(factory=set, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def report_status(self, status: Status, message: str) -> None:
        """POST *message* to the status's URL; a missing URL is a warning, not an error."""
        if not isinstance(status, Status):
            raise ControllerError(f"unknown status: {status}")
        url = self.endpoints.status_url(status)
        if not url:
            self.logger.warning("No URL configured for status, skipping", extra={"status": status.value})
            return
        self._post(url, message.encode("utf-8"), TEXT)

    def ship_log(self, text: str) -> None:
        """POST log lines to LOG_URL (silently nothing when unset)."""
        self._post_if_set(self.endpoints.log_url, text.encode("utf-8"), TEXT)

    def ship_debug(self, text: str) -> None:
        """POST a debug report to DEBUG_URL (silently nothing when unset)."""
        self._post_if_set(self.endpoints.debug_url, text.encode("utf-8"), TEXT)

    def heartbeat(self) -> None:
        """POST ``heartbeat`` to HEARTBEAT_URL (silently nothing when unset)."""
        self._post_if_set(self.endpoints.heartbeat_url, b"heartbeat", TEXT)

    def report_inventory(self, document: bytes) -> None:
        """POST the inventory JSON unchanged."""
        self._report("inventory", self.endpoints.inventory_url, document)

    def report_firmware(self, document: bytes) -> None:
        """POST the firmware JSON unchanged."""
        self._report("firmware", self.endpoints.firmware_url, document)

    def report_health(self, document: bytes) -> None:
        """POST the health results JSON unchanged."""
        self._report("health", self.endpoints.health_check_url, document)

    def fetch_commands(self) -> tuple[Command, ...]:
        """GET pending commands: one attempt (the poll itself repeats); 204/404 mean none.

        Raises:
            ControllerError: transport failure, unexpected status, or an undecodable body.
        """
        url = self.endpoints.commands_url
        if not url:
            return ()
        try:
            response = self._send_once("GET", url, b"", "", max_body=MAX_COMMANDS_BODY)
        except HttpError as e:
            raise ControllerError(f"fetch commands: {e}") from e
        if response.status in (204, 404):
            return ()
        if response.status != 200:
            raise ControllerError(f"fetch commands: status {response.status}")
        return parse_commands(response.body)

    # ------------------------------------------------------------------ internals

    def _report(self, what: str, url: str, document: bytes) -> None:
        if not url:
            self.logger.warning("No URL configured for report, skipping", extra={"report": what})
            return
        self._post(url, document, JSON)

    def _post_if_set(self, url: str, body: bytes, content_type: str) -> None:
        if url:
            self._post(url, body, content_type)

    def _post(self, url: str, body: bytes, content_type: str) -> None:
        """POST with retries; raises ControllerError with the last attempt's reason."""
        shown = redact_url(url)
        attempt = 1
        while True:
            outcome = self._attempt(url, body, content_type)
            if outcome.done:
                return
            self.logger.warning(
                "Request failed", extra={"url": shown, "attempt": attempt, "error": outcome.error}
            )
            if not outcome.retryable or not self.policy.has_attempt_after(attempt):
                raise ControllerError(outcome.error)
            attempt += 1
            backoff = self.policy.delay_before(attempt, retry_after_s=outcome.retry_after_s)
            self.logger.info(
                "Retrying request", extra={"url": shown, "attempt": attempt, "backoff_s": backoff}
            )
            self.clock.sleep(backoff)

    def _attempt(self, url: str, body: bytes, content_type: str) -> _Outcome:
        try:
            response = self._send_once("POST", url, body, content_type, max_body=MAX_REPLY_BODY)
        except InsecureTransportRefused as e:
            return _Outcome(done=False, retryable=False, error=str(e))
        except HttpTransportError as e:
            return _Outcome(done=False, retryable=True, error=str(e))
        except HttpError as e:
            return _Outcome(done=False, retryable=False, error=f"POST {redact_url(url)}: {e}")
        if response.ok:
            return _Outcome(done=True)
        return _Outcome(
            done=False,
            retryable=is_retryable_status(response.status),
            error=f"POST {redact_url(url)}: status {response.status}",
            retry_after_s=parse_retry_after(response.header("Retry-After")),
        )

    def _send_once(
        self, method: str, url: str, body: bytes, content_type: str, *, max_body: int
    ) -> HttpResponse:
        headers = [("Content-Type", content_type)] if content_type else []
        headers.extend(self._auth_headers(method, url))
        request = HttpRequest(method, url, tuple(headers), body, timeout_s=self.timeout_s, max_body=max_body)
        return self.http.send(request)

    def _auth_headers(self, method: str, url: str) -> list[tuple[str, str]]:
        token = self.endpoints.token
        if not token:
            return []
        decision = decide_token_transport(url, insecure_allowed=self.endpoints.insecure_transport)
        if not decision.allowed:
            shown = redact_url(url)
            raise InsecureTransportRefused(f"{method} {shown}: {decision.reason}", url=shown)
        if self.endpoints.insecure_transport and decision.reason.startswith("plain http allowed"):
            self._warn_insecure_once(url)
        return [("Authorization", f"Bearer {token.reveal()}")]

    def _warn_insecure_once(self, url: str) -> None:
        origin = url_host_port(url)
        with self._lock:
            if origin in self._warned_insecure:
                return
            self._warned_insecure.add(origin)
        self.logger.warning(
            "Sending the bearer token over plain http because INSECURE_TRANSPORT=true",
            extra={"origin": origin},
        )


@attrs.frozen
class _Outcome:
    """How one attempt ended."""

    done: bool
    retryable: bool = False
    error: str = ""
    retry_after_s: float | None = None
