"""``MockController``, the Python face of the mock CAPRF controller, and ``serve`` for the CLI.

Tests use the context manager::

    with MockController(token="t") as mc:
        vars_text = f"INIT_URL={mc.url}/status/init\\n..."
        ...  # run the agent
        mc.wait_for(lambda: ("success", "provisioning complete") in mc.statuses(), timeout=10)

``booty controller --listen HOST:PORT [--record DIR] [--token T] [--fault SPEC ...]`` calls
``serve``, which runs the same server in the foreground until its stop event is set or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

import attrs

from booty.adapters.mock_controller.endpoints import parse_ack
from booty.adapters.mock_controller.events import Ack, Event, EventKind
from booty.adapters.mock_controller.faults import FaultRule, parse_fault_spec
from booty.adapters.mock_controller.handler import ControllerHandler
from booty.adapters.mock_controller.httpd import ControllerHTTPServer
from booty.adapters.mock_controller.recorder import Recorder
from booty.adapters.mock_controller.state import ControllerState
from booty.domain.controller import Command


def parse_listen(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6; port 0 picks a free one) as an address tuple.

    Raises:
        ValueError: not ``HOST:PORT`` with a port from 0 to 65535.
    """
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"bad listen address {text!r}: expected HOST:PORT, e.g. 127.0.0.1:8080")
    return host, int(port)


def _to_address(value: str | tuple[str, int]) -> tuple[str, int]:
    return parse_listen(value) if isinstance(value, str) else (value[0], int(value[1]))


def _to_path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value)


def _to_faults(value: Iterable[FaultRule | str]) -> tuple[FaultRule, ...]:
    return tuple(parse_fault_spec(v) if isinstance(v, str) else v for v in value)


@attrs.define
class MockController:
    """A real HTTP server speaking the CAPRF controller protocol, recording what it is told.

    Serves on a background thread between ``start()`` and ``stop()`` (or inside ``with``). The
    query helpers return copies and are safe to call from any thread while requests arrive.
    """

    listen: tuple[str, int] = attrs.field(default=("127.0.0.1", 0), converter=_to_address)
    """Address to bind; port 0 picks a free port (read it back from ``url``)."""
    token: str | None = None
    """The bearer token requests are expected to carry; only checked and recorded, never refused."""
    record_dir: Path | None = attrs.field(default=None, converter=_to_path)
    """Directory for ``events.jsonl``, ``statuses.txt`` and ``log.txt``; None records in memory only."""
    faults: tuple[FaultRule, ...] = attrs.field(default=(), converter=_to_faults)
    """Faults armed at start (rules or spec strings)."""
    access_log: TextIO | None = None
    """Where to write one nginx-style line per request; None for silence."""
    _state: ControllerState = attrs.field(init=False)
    _server: ControllerHTTPServer | None = attrs.field(default=None, init=False)
    _thread: threading.Thread | None = attrs.field(default=None, init=False)

    @_state.default
    def _new_state(self) -> ControllerState:
        secrets = (self.token,) if self.token else ()
        recorder = Recorder(self.record_dir, secrets=secrets) if self.record_dir is not None else None
        state = ControllerState(token=self.token, recorder=recorder)
        state.set_faults(self.faults)
        return state

    def start(self) -> MockController:
        """Bind and start serving on a background thread; returns self.

        Raises:
            OSError: the address cannot be bound.
            RuntimeError: already started.
        """
        if self._server is not None:
            raise RuntimeError("mock controller already started")
        if self.record_dir is not None:
            self.record_dir.mkdir(parents=True, exist_ok=True)
        server = ControllerHTTPServer(
            self.listen, ControllerHandler, state=self._state, access_log=self.access_log
        )
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="booty-mock-controller"
        )
        thread.daemon = True
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, close every open connection and join every thread. Idempotent.

        Raises:
            RuntimeError: a worker thread did not finish within *timeout* seconds.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.stopping.set()
        server.shutdown()
        thread.join(timeout)
        stuck = server.close_connections(timeout)
        server.server_close()
        if stuck or thread.is_alive():
            raise RuntimeError(f"mock controller threads still running after {timeout}s")

    def __enter__(self) -> MockController:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        """The bound ``(host, port)``.

        Raises:
            RuntimeError: not started.
        """
        if self._server is None:
            raise RuntimeError("mock controller is not running")
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``; endpoint URLs are ``url + "/status/init"``."""
        host, port = self.address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def events(self, kind: EventKind | None = None) -> list[Event]:
        """Every recorded event (faulted and rejected ones too), optionally of one kind only."""
        return [e for e in self._state.events() if kind is None or e.kind is kind]

    def statuses(self) -> list[tuple[str, str]]:
        """``(status, body)`` of every accepted status report, in arrival order."""
        return [(e.status, e.body) for e in self.events(EventKind.STATUS) if e.accepted]

    def log_lines(self) -> list[str]:
        """Every accepted log line, batched bodies split into lines, in arrival order."""
        return [line for e in self.events(EventKind.LOG) if e.accepted for line in e.lines]

    def heartbeats(self) -> list[Event]:
        """Every accepted heartbeat."""
        return [e for e in self.events(EventKind.HEARTBEAT) if e.accepted]

    def acks(self) -> list[Ack]:
        """Every accepted command acknowledgement."""
        parsed = [parse_ack(e.document) for e in self.events(EventKind.ACK) if e.accepted]
        return [Ack(*fields) for fields in parsed if fields is not None]

    def enqueue_commands(self, commands: Iterable[Command]) -> None:
        """Queue standby commands; each is handed to exactly one later ``GET /commands``."""
        self._state.enqueue(commands)

    def pending_commands(self) -> tuple[Command, ...]:
        """The commands still queued."""
        return self._state.pending_commands()

    def set_faults(self, rules: Iterable[FaultRule | str]) -> None:
        """Replace the armed faults (rules or spec strings) with full counts."""
        self._state.set_faults(_to_faults(rules))

    def armed_faults(self) -> list[tuple[FaultRule, int | None]]:
        """The faults still armed, with their remaining counts (None = unlimited)."""
        return self._state.armed_faults()

    def clear_faults(self) -> None:
        """Disarm every fault."""
        self._state.set_faults(())

    def reset(self) -> None:
        """Forget events, queued commands and faults (record files are kept)."""
        self._state.reset()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until *predicate()* is true, re-checking on every new event.

        Raises:
            TimeoutError: still false after *timeout* seconds.
        """
        self._state.wait_for(predicate, timeout=timeout)


def serve(
    listen: str,
    *,
    record_dir: str | os.PathLike[str] | None = None,
    token: str | None = None,
    faults: Iterable[FaultRule | str] = (),
    stop_event: threading.Event | None = None,
    quiet: bool = False,
) -> None:
    """Run a mock controller in the foreground until *stop_event* is set or Ctrl-C.

    Prints one startup line with the URL to stderr and, unless *quiet*, one access line per
    request.

    Args:
        listen: ``HOST:PORT`` to bind (see ``parse_listen``).
        record_dir: directory to record into, or None.
        token: bearer token to check requests against, or None.
        faults: faults to arm, as rules or spec strings (see ``faults`` for the grammar).
        stop_event: set it from another thread to return; None waits for Ctrl-C only.
        quiet: no access log lines.

    Raises:
        ValueError: a bad listen address or fault spec.
        OSError: the address cannot be bound.
    """
    controller = MockController(
        listen=listen,
        token=token,
        record_dir=record_dir,
        faults=_to_faults(faults),
        access_log=None if quiet else sys.stderr,
    )
    stop = stop_event if stop_event is not None else threading.Event()
    with controller:
        where = f", recording to {controller.record_dir}" if controller.record_dir else ""
        print(f"booty mock controller listening on {controller.url}{where}", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
