"""The agent's log plumbing for one run: the last lines kept in memory for the debug report, and
the shipper that sends every record to LOG_URL.

Both hang on the ``booty`` logger while the agent runs and are taken off again at the end, when
the shipper is closed (which flushes what is queued, within its timeout). ``flush()`` is the
flush-logs step's hook: it waits until the queued lines are out but keeps shipping.

Departures from v0.0.1 (spec caprf-and-config.md §3): queued lines are flushed before the machine
leaves the ramdisk (v0.0.1 lost them at reboot); the shipper is not attached in a dry run, so a
dry run sends nothing to the controller.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable

from booty.app.logs import record_fields
from booty.app.logship import RemoteLogHandler, ShipperSettings
from booty.domain.controller import format_log_line
from booty.domain.secret import redact
from booty.ports.clock import Clock
from booty.ports.controller import Controller

RECENT_LINES = 200
"""How many of the last log lines the debug report carries."""
AGENT_LOGGER = "booty"


class RecentLines(logging.Handler):
    """Keeps the last *capacity* records as shipped-format lines, secrets scrubbed."""

    def __init__(self, capacity: int = RECENT_LINES, *, secrets: Iterable[str] = ()) -> None:
        super().__init__(logging.INFO)
        self._lines: deque[str] = deque(maxlen=capacity)
        self._secrets = tuple(secrets)

    def emit(self, record: logging.LogRecord) -> None:
        """Remember one line; never raises."""
        try:
            line = format_log_line(record.levelno, record.getMessage(), record_fields(record))
            line = redact(line, self._secrets)
        except Exception:  # a broken record must not break provisioning
            self.handleError(record)
            return
        self.acquire()
        try:
            self._lines.append(line)
        finally:
            self.release()

    def lines(self) -> list[str]:
        """The remembered lines, oldest first."""
        self.acquire()
        try:
            return list(self._lines)
        finally:
            self.release()


class AgentLogs:
    """The ring buffer and (with LOG_URL) the shipper, attached to the ``booty`` logger."""

    def __init__(
        self,
        controller: Controller,
        clock: Clock,
        *,
        ship: bool,
        secrets: Iterable[str] = (),
        settings: ShipperSettings | None = None,
    ) -> None:
        secrets = tuple(secrets)
        self.recent = RecentLines(secrets=secrets)
        self.shipper = (
            RemoteLogHandler(controller, clock, settings=settings, secrets=secrets) if ship else None
        )
        self._logger = logging.getLogger(AGENT_LOGGER)
        self._old_level: int | None = None

    def attach(self) -> None:
        """Start collecting; INFO records reach the handlers even when nobody set a level."""
        if self._logger.getEffectiveLevel() > logging.INFO:
            self._old_level = self._logger.level
            self._logger.setLevel(logging.INFO)
        self._logger.addHandler(self.recent)
        if self.shipper is not None:
            self._logger.addHandler(self.shipper)

    def flush(self) -> None:
        """Push every queued line to LOG_URL (within the shipper's timeout); keeps shipping."""
        if self.shipper is not None:
            self.shipper.flush()

    def detach(self) -> None:
        """Stop collecting; close the shipper, which flushes what is still queued. Idempotent."""
        self._logger.removeHandler(self.recent)
        if self.shipper is not None:
            self._logger.removeHandler(self.shipper)
            self.shipper.close()
        if self._old_level is not None:
            self._logger.setLevel(self._old_level)
            self._old_level = None
