"""FakeController: an in-memory controller that records every call and can be told to fail.

Used by the BDD scenarios of the app layer and by the demo; the contract tests in
``tests/contract/test_controller_contract.py`` check it against the CAPRF client talking to the
real mock controller.
"""

from __future__ import annotations

import threading

import attrs

from booty.domain.controller import Command, Status
from booty.domain.errors import ControllerError


@attrs.define
class FakeController:
    """Records statuses, log text, heartbeats and reports; serves queued commands once each."""

    statuses: list[tuple[Status, str]] = attrs.field(factory=list)
    log_posts: list[str] = attrs.field(factory=list)
    debug_reports: list[str] = attrs.field(factory=list)
    heartbeats: int = 0
    reports: list[tuple[str, bytes]] = attrs.field(factory=list)
    pending_commands: list[Command] = attrs.field(factory=list)
    down: bool = False
    """While true every call fails as a controller that cannot be reached would."""
    failures_left: int = 0
    """The next this-many calls fail, then the controller answers again."""
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    @property
    def log_lines(self) -> list[str]:
        """Every shipped log line, batches split into lines, in order."""
        with self._lock:
            return [line for post in self.log_posts for line in post.split("\n") if line]

    def report_status(self, status: Status, message: str) -> None:
        """Record a status."""
        if not isinstance(status, Status):
            raise ControllerError(f"unknown status: {status}")
        with self._lock:
            self._maybe_fail("status")
            self.statuses.append((status, message))

    def ship_log(self, text: str) -> None:
        """Record a log post."""
        with self._lock:
            self._maybe_fail("log")
            self.log_posts.append(text)

    def ship_debug(self, text: str) -> None:
        """Record a debug report."""
        with self._lock:
            self._maybe_fail("debug")
            self.debug_reports.append(text)

    def heartbeat(self) -> None:
        """Count a heartbeat."""
        with self._lock:
            self._maybe_fail("heartbeat")
            self.heartbeats += 1

    def fetch_commands(self) -> tuple[Command, ...]:
        """Hand out every queued command, once."""
        with self._lock:
            self._maybe_fail("commands")
            commands, self.pending_commands = tuple(self.pending_commands), []
            return commands

    def report_inventory(self, document: bytes) -> None:
        """Record an inventory report."""
        self._record("inventory", document)

    def report_firmware(self, document: bytes) -> None:
        """Record a firmware report."""
        self._record("firmware", document)

    def report_health(self, document: bytes) -> None:
        """Record a health report."""
        self._record("health", document)

    def _record(self, kind: str, document: bytes) -> None:
        with self._lock:
            self._maybe_fail(kind)
            self.reports.append((kind, document))

    def _maybe_fail(self, what: str) -> None:
        if self.down:
            raise ControllerError(f"{what}: controller unreachable (fake is down)")
        if self.failures_left > 0:
            self.failures_left -= 1
            raise ControllerError(f"{what}: status 503 (fake failure)")
