"""The mock controller's memory: events, the command queue and the armed faults, behind one lock.

Request threads and the test thread share one ``ControllerState``. Every method takes the lock,
so each event is appended (and written to the record directory) atomically and in arrival
order, and a queued command is handed to exactly one poll. ``wait_for`` lets a test block until
the events it expects have arrived, without polling in a sleep loop.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from booty.adapters.mock_controller.events import Event, event_to_json
from booty.adapters.mock_controller.faults import FaultBook, FaultRule
from booty.adapters.mock_controller.recorder import Recorder
from booty.domain.controller import Command


@attrs.define
class ControllerState:
    """Thread-safe store of everything the controller saw and will hand out."""

    token: str | None = None
    """The bearer token requests are checked against; None or empty checks nothing."""
    recorder: Recorder | None = None
    _changed: threading.Condition = attrs.field(factory=threading.Condition, init=False)
    _events: list[Event] = attrs.field(factory=list, init=False)
    _commands: deque[Command] = attrs.field(factory=deque, init=False)
    _faults: FaultBook = attrs.field(factory=FaultBook, init=False)
    _generation: int = attrs.field(default=0, init=False)

    def record(self, event: Event) -> None:
        """Append *event*, write it to the record directory, and wake ``wait_for`` callers."""
        with self._changed:
            self._events.append(event)
            if self.recorder is not None:
                self.recorder.write(event)
            self._generation += 1
            self._changed.notify_all()

    def events(self) -> list[Event]:
        """A copy of every event so far, in arrival order."""
        with self._changed:
            return list(self._events)

    def exported_events(self) -> list[dict[str, Any]]:
        """Every event as masked JSON, for ``GET /_booty/events``."""
        secrets = (self.token,) if self.token else ()
        return [event_to_json(e, secrets=secrets) for e in self.events()]

    def enqueue(self, commands: Iterable[Command]) -> int:
        """Queue *commands* behind those already waiting; returns how many were added."""
        added = list(commands)
        with self._changed:
            self._commands.extend(added)
        return len(added)

    def take_commands(self) -> tuple[Command, ...]:
        """Every queued command, in order, removing them so no other poll gets them."""
        with self._changed:
            taken = tuple(self._commands)
            self._commands.clear()
            return taken

    def pending_commands(self) -> tuple[Command, ...]:
        """The queued commands, left in the queue."""
        with self._changed:
            return tuple(self._commands)

    def set_faults(self, rules: Iterable[FaultRule]) -> None:
        """Replace the armed faults with *rules*, in order, each with its full count."""
        rules = list(rules)
        with self._changed:
            self._faults.replace(rules)

    def take_fault(self, path: str) -> FaultRule | None:
        """The fault to apply to a request for *path*, counting it down; None when none."""
        with self._changed:
            return self._faults.take(path)

    def armed_faults(self) -> list[tuple[FaultRule, int | None]]:
        """The armed faults with their remaining counts (None = unlimited)."""
        with self._changed:
            return self._faults.armed()

    def reset(self) -> None:
        """Forget every event, queued command and fault. Record files are kept (append-only)."""
        with self._changed:
            self._events.clear()
            self._commands.clear()
            self._faults.replace(())
            self._generation += 1
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[], bool], *, timeout: float) -> None:
        """Block until *predicate* is true, re-checking after every new event.

        The predicate runs without the lock held, so it may call ``events()`` and friends.

        Raises:
            TimeoutError: still false after *timeout* seconds; the message lists the event kinds.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._changed:
                seen = self._generation
            if predicate():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                kinds = [f"{e.kind.value} {e.path} -> {e.response_status}" for e in self.events()]
                raise TimeoutError(f"condition not met within {timeout}s; events: {kinds}")
            with self._changed:
                self._changed.wait_for(functools.partial(self._moved_on, seen), remaining)

    def _moved_on(self, generation: int) -> bool:
        return self._generation != generation
