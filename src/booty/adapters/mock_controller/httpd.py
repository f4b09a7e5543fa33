"""The threading HTTP server underneath the mock controller, with a clean shutdown.

``ThreadingHTTPServer`` with daemon threads forgets its workers, so ``server_close`` cannot wait
for them, and a worker parked on an idle keep-alive connection would outlive the server. This
subclass remembers each worker and its socket; ``close_connections`` shuts those sockets down
(which wakes the blocked reads) and joins the workers, so a stopped controller leaves no thread.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TextIO

from booty.adapters.mock_controller.state import ControllerState


class ControllerHTTPServer(ThreadingHTTPServer):
    """Serves one ``ControllerState``; handlers reach it as ``self.server.state``."""

    daemon_threads = True
    request_queue_size = 128
    """Listen backlog: bursts of concurrent clients must not be refused at connect time."""

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        *,
        state: ControllerState,
        access_log: TextIO | None = None,
    ) -> None:
        self.state = state
        self.access_log = access_log
        self.stopping = threading.Event()
        """Set by ``stop``; delayed requests wake up and drop their connection."""
        self._workers: dict[threading.Thread, Any] = {}
        self._lock = threading.Lock()
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse DNS lookup, which can hang without a resolver."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve *request* on a new daemon thread that ``close_connections`` can find again."""
        worker = threading.Thread(
            target=self._work, args=(request, client_address), name="booty-mock-controller-conn", daemon=True
        )
        with self._lock:
            self._workers[worker] = request
        worker.start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._workers.pop(threading.current_thread(), None)

    def close_connections(self, timeout: float) -> list[threading.Thread]:
        """Shut down every open connection and join its worker; returns the workers still alive."""
        with self._lock:
            workers = dict(self._workers)
        for request in workers.values():
            with contextlib.suppress(OSError):  # already closed by its worker
                request.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        return [w for w in workers if w.is_alive()]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that went away; print anything else (a mock controller bug)."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)

    def log_access(self, line: str) -> None:
        """Write one access log line, if an access log was given."""
        if self.access_log is None:
            return
        with self._lock:
            self.access_log.write(line + "\n")
            self.access_log.flush()
