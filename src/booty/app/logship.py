"""Remote log shipping: a logging.Handler that batches lines to the controller's LOG_URL.

Rules of this file (departing from v0.0.1 on purpose, spec caprf-and-config.md §3 and §8 item 14):
1. ``emit`` never blocks and never raises: a full queue drops the *new* line and counts it.
2. One background sender posts many lines per request (newline-separated), in order.
3. While the controller is down the current batch is kept and retried with growing backoff; the
   queue keeps filling up to its capacity and the overflow is counted. When posts succeed again a
   ``[WARN]`` line saying how many lines were dropped is shipped first.
4. ``close()`` is idempotent, flushes what is queued, and returns within ``flush_timeout_s``; it
   is called before any reboot or kexec. Logging after close is ignored, never a crash.
   ``flush()`` waits the same way for what is queued but keeps shipping afterwards (the
   flush-logs step, before kexec or reboot, while the agent may still log).
5. Records of the ``booty.controller`` logger are never shipped (no feedback loop), and every
   known secret is scrubbed from each line.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Iterable

import attrs

from booty.app.logs import record_fields
from booty.domain.controller import format_log_line
from booty.domain.errors import BootyError
from booty.domain.secret import redact
from booty.ports.clock import Clock
from booty.ports.controller import Controller

NOT_SHIPPED = "booty.controller"
DROP_NOTICE = "[WARN] log shipping dropped"
FLUSH_POLL_S = 0.005
_console = logging.getLogger(NOT_SHIPPED + ".logship")


@attrs.frozen
class ShipStats:
    """What the shipper did so far."""

    delivered: int
    dropped: int
    """Lines refused because the queue was full."""
    lost: int
    """Lines still queued when close() gave up (controller down past the flush timeout)."""
    posts: int


@attrs.frozen
class ShipperSettings:
    """Sizes and times of the shipper; the defaults suit an agent with a slow controller."""

    capacity: int = 1000
    batch_lines: int = 200
    batch_bytes: int = 64 * 1024
    flush_timeout_s: float = 5.0
    retry_initial_s: float = 0.5
    retry_max_s: float = 10.0
    linger_s: float = 0.05
    """How long the sender waits for more lines before posting a batch that is not full."""


class RemoteLogHandler(logging.Handler):
    """Ships formatted records to the controller in batches from a background thread."""

    def __init__(
        self,
        controller: Controller,
        clock: Clock,
        *,
        settings: ShipperSettings | None = None,
        secrets: Iterable[str] = (),
        level: int = logging.INFO,
    ) -> None:
        super().__init__(level)
        self._controller = controller
        self._clock = clock
        self._settings = settings or ShipperSettings()
        self._secrets = tuple(secrets)
        self._queue: deque[str] = deque()
        self._wake = threading.Condition()
        self._closing = False
        self._deadline = 0.0
        self._delivered = self._dropped = self._reported_drops = self._lost = self._posts = 0
        self._accepted = 0
        self._thread = threading.Thread(target=self._run, name="booty-logship", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ producer side

    def emit(self, record: logging.LogRecord) -> None:
        """Queue one line; never blocks, never raises."""
        if record.name == NOT_SHIPPED or record.name.startswith(NOT_SHIPPED + "."):
            return
        try:
            line = format_log_line(record.levelno, record.getMessage(), record_fields(record))
            line = redact(line, self._secrets).replace("\n", "\\n")
        except Exception:  # a broken record must not break provisioning
            self.handleError(record)
            return
        with self._wake:
            if self._closing:
                return
            if len(self._queue) >= self._settings.capacity:
                self._dropped += 1
                return
            self._queue.append(line)
            self._accepted += 1
            self._wake.notify()

    def stats(self) -> ShipStats:
        """Counters so far (delivered, dropped, lost, posts)."""
        with self._wake:
            return ShipStats(self._delivered, self._dropped, self._lost, self._posts)

    def flush(self) -> None:
        """Wait until every line queued so far was delivered, at most ``flush_timeout_s``.

        Unlike ``close()`` the sender keeps running. Waits in real time and polls instead of
        waiting on the condition: a waiter there could take the wake-up meant for the sender.
        """
        deadline = time.monotonic() + self._settings.flush_timeout_s
        with self._wake:
            target = self._accepted
        while time.monotonic() < deadline:
            with self._wake:
                if self._closing or self._delivered >= target or not self._thread.is_alive():
                    return
            time.sleep(FLUSH_POLL_S)

    def close(self) -> None:
        """Flush what is queued, within the flush timeout, and stop the sender. Idempotent."""
        with self._wake:
            first = not self._closing
            if first:
                self._closing = True
                self._deadline = self._clock.monotonic() + self._settings.flush_timeout_s
                self._wake.notify()
        if first:
            # The sender may sit in a slow request; never wait much longer than promised.
            self._thread.join(self._settings.flush_timeout_s + 1.0)
            self._report_loss()
        super().close()

    # ------------------------------------------------------------------ sender side

    def _run(self) -> None:
        backoff = 0.0
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            if self._send(batch):
                backoff = 0.0
                continue
            backoff = min(max(backoff * 2, self._settings.retry_initial_s), self._settings.retry_max_s)
            if self._give_up_after(backoff, batch):
                return
            self._clock.sleep(backoff)
            self._requeue(batch)

    def _next_batch(self) -> list[str] | None:
        """Wait for lines and take a batch; None when closing with nothing left."""
        with self._wake:
            while not self._queue and not self._closing:
                self._wake.wait()
            self._linger()
            if not self._queue:
                return None
            batch, size = [], 0
            drops = self._dropped - self._reported_drops
            if drops:
                batch.append(f"{DROP_NOTICE} {drops} lines: the queue was full")
            while (
                self._queue and len(batch) < self._settings.batch_lines and size < self._settings.batch_bytes
            ):
                line = self._queue.popleft()
                batch.append(line)
                size += len(line) + 1
            return batch

    def _linger(self) -> None:
        """Give a burst of records the chance to share one request (the caller holds the lock).

        Real time on purpose: this is thread coordination, not a wait the agent's clock governs.
        """
        deadline = time.monotonic() + self._settings.linger_s
        while self._queue and len(self._queue) < self._settings.batch_lines and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._wake.wait(remaining)

    def _send(self, batch: list[str]) -> bool:
        try:
            self._controller.ship_log("\n".join(batch))
        except (BootyError, OSError):
            return False
        with self._wake:
            self._posts += 1
            drop_line = batch[0].startswith(DROP_NOTICE)
            if drop_line:
                self._reported_drops = self._dropped
            self._delivered += len(batch) - int(drop_line)
        return True

    def _requeue(self, batch: list[str]) -> None:
        with self._wake:
            self._queue.extendleft(reversed(_without_notice(batch)))

    def _give_up_after(self, backoff: float, batch: list[str]) -> bool:
        with self._wake:
            if not self._closing or self._clock.monotonic() + backoff <= self._deadline:
                return False
            self._lost += len(self._queue) + len(_without_notice(batch))
            self._queue.clear()
            return True

    def _report_loss(self) -> None:
        stats = self.stats()
        if stats.lost or stats.dropped > self._reported_drops:
            _console.warning(
                "Log shipping ended with lines not delivered",
                extra={"lost": stats.lost, "dropped": stats.dropped, "delivered": stats.delivered},
            )


def _without_notice(batch: list[str]) -> list[str]:
    return [line for line in batch if not line.startswith(DROP_NOTICE)]
