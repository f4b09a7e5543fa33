"""The request handler: reads a request, applies faults, records the event, sends the answer.

Order of work for every request, and why:

1. The body is read first (at most 8 MiB, else 413, the rest of the upload is drained and
   the connection closes), so a faulted request still has its body recorded and a keep-alive
   connection stays in sync.
2. ``/_booty/`` admin requests are answered at once: never faulted, never recorded.
3. The first armed fault for the path is taken. ``delay`` waits (a stopping server cuts the
   wait short and drops the connection), then handling goes on as normal (the event keeps the
   arrival time but is recorded when answered). ``drop`` records the
   event with ``response_status`` 0 and closes the socket without a byte of response. A status
   fault records the event with that status and answers it instead of the real answer (so a
   faulted ``GET /commands`` leaves the queue untouched).
4. Otherwise the endpoint answers. The event is recorded *before* the response is written, so
   when a client has its answer the event is already visible to ``events()``.
"""

from __future__ import annotations

import contextlib
import socket
import time
from http.server import BaseHTTPRequestHandler
from typing import cast
from urllib.parse import urlsplit

import attrs

from booty.adapters.mock_controller.admin import handle_admin
from booty.adapters.mock_controller.endpoints import describe, fault_reply, respond
from booty.adapters.mock_controller.events import Event, EventKind, Incoming
from booty.adapters.mock_controller.faults import ADMIN_PREFIX, FaultAction
from booty.adapters.mock_controller.httpd import ControllerHTTPServer
from booty.adapters.mock_controller.wire import MAX_BODY, BodyError, Reply, read_body
from booty.domain.secret import redact_url

_DRAIN_LIMIT = 8 * MAX_BODY
_DRAIN_IDLE_S = 2.0


class ControllerHandler(BaseHTTPRequestHandler):
    """Serves the CAPRF endpoints and the admin API of one ``ControllerHTTPServer``."""

    protocol_version = "HTTP/1.1"
    server_version = "booty-mock-controller"
    sys_version = ""
    timeout = 60.0
    """Idle keep-alive connections and stalled uploads are closed after this many seconds."""

    def do_GET(self) -> None:
        """Every method goes through one dispatcher: routing by method is the endpoints' job."""
        self._dispatch()

    # http.server looks up do_<METHOD>; unknown methods still get its 501.
    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        """Silence http.server's own stderr logging; ``log_access`` writes one line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced like ``log_message``."""

    @property
    def _host(self) -> ControllerHTTPServer:
        return cast(ControllerHTTPServer, self.server)

    def _dispatch(self) -> None:
        try:
            status = str(self._serve())
        except (ConnectionError, TimeoutError):
            # The client went away or stalled; nothing more can be said on this connection.
            self.close_connection = True
            status = "-"
        line = redact_url(self.requestline)
        self._host.log_access(f'{self.log_date_time_string()} {self.client_address[0]} "{line}" {status}')

    def _serve(self) -> int:
        started = time.time()
        path = urlsplit(self.path).path or "/"
        state = self._host.state
        try:
            body = read_body(self.headers, self.rfile)
        except BodyError as e:
            self.close_connection = True
            reply = Reply.json(e.status, {"error": e.reason})
            if not path.startswith(ADMIN_PREFIX):
                event = describe(self._incoming(path, started, b""), token=state.token)
                state.record(attrs.evolve(event, kind=EventKind.REJECTED, response_status=e.status))
            sent = self._send(reply)
            if e.status == 413:
                self._discard_upload()
            return sent
        if path.startswith(ADMIN_PREFIX):
            return self._send(handle_admin(state, method=self.command, path=path, body=body))
        event = describe(self._incoming(path, started, body), token=state.token)
        return self._answer(event)

    def _answer(self, event: Event) -> int:
        state = self._host.state
        rule = state.take_fault(event.path)
        if rule is not None:
            event = attrs.evolve(event, fault=rule.spec())
            stopped = rule.action is FaultAction.DELAY and self._host.stopping.wait(rule.seconds)
            if stopped or rule.action is FaultAction.DROP:
                state.record(event)  # response_status stays 0: nothing was answered
                self.close_connection = True
                return 0
            if rule.action is FaultAction.STATUS:
                reply = fault_reply(rule)
                state.record(attrs.evolve(event, response_status=reply.status))
                return self._send(reply)
        reply, event = respond(event, take_commands=state.take_commands)
        state.record(event)
        return self._send(reply)

    def _discard_upload(self) -> None:
        """Read and drop what the client is still sending, so it gets to read the 413.

        Closing a socket with unread data makes the kernel send a reset, and a client still
        writing its body would see "connection reset" instead of the answer. The drain is
        bounded in bytes and in idle time, so a hostile client cannot hold the worker.
        """
        remaining = _DRAIN_LIMIT
        with contextlib.suppress(OSError):
            self.wfile.flush()
            # Half-close: the client sees the end of the answer and can hang up, ending the drain.
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(_DRAIN_IDLE_S)
            while remaining > 0 and (chunk := self.rfile.read1(min(65536, remaining))):
                remaining -= len(chunk)

    def _incoming(self, path: str, started: float, body: bytes) -> Incoming:
        return Incoming(
            method=self.command,
            path=path,
            time=started,
            client=str(self.client_address[0]),
            body=body,
            authorization=self.headers.get("Authorization"),
        )

    def _send(self, reply: Reply) -> int:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.has_body:
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if reply.has_body and self.command != "HEAD":
            self.wfile.write(reply.body)
        return reply.status
