"""A static HTTP server for OS images on loopback: the demo's and the tests' image host.

It serves the regular files of one directory with what booty's streamer relies on (spec
disk-and-image.md §3.3): ``Content-Length``, ``Accept-Ranges: bytes``, an ``ETag`` and
``Last-Modified``, ``Range: bytes=N-`` (and ``N-M``, ``-N``) answered with 206 and
``Content-Range``, ``If-Range`` honoured (a changed file is sent whole, 200), an unsatisfiable
range answered 416 with ``Content-Range: bytes */size``. Only the standard library is used, so a
bug in booty's HTTP client cannot hide behind the same bug here. It binds loopback addresses only:
it has no authentication and is not meant to be reachable from anywhere else.

Every request is recorded (path, Range header, status, body bytes sent) for tests and the demo.
"""

from __future__ import annotations

import email.utils
import ipaddress
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs

CHUNK = 256 << 10


@attrs.frozen
class ServedRequest:
    """One request as the server answered it."""

    method: str
    path: str
    range: str | None
    """The Range header, or None for a request of the whole file."""
    status: int
    sent: int
    """Body bytes written (fewer than announced when the client went away)."""


class ImageServer:
    """Serves *directory* on ``http://127.0.0.1:<port>/`` until stopped.

    Example::

        with ImageServer("/tmp/images") as server:
            url = server.url("demo.img.zst")
    """

    def __init__(self, directory: str, *, listen: tuple[str, int] = ("127.0.0.1", 0)) -> None:
        if not ipaddress.ip_address(listen[0]).is_loopback:
            raise ValueError(f"image server: {listen[0]} is not a loopback address")
        self.directory = Path(directory).resolve()
        if not self.directory.is_dir():
            raise NotADirectoryError(f"image server: {directory} is not a directory")
        self._httpd = _Httpd(listen, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="image-server"
        )
        self._lock = threading.Lock()
        self._requests: list[ServedRequest] = []

    def start(self) -> ImageServer:
        """Start answering in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering and release the port; safe to call twice."""
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=10)
        self._httpd.server_close()

    def __enter__(self) -> ImageServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (the kernel's pick for port 0)."""
        return int(self._httpd.server_address[1])

    def url(self, name: str) -> str:
        """The URL of file *name* of the directory."""
        return f"http://127.0.0.1:{self.port}/{urllib.parse.quote(name.lstrip('/'))}"

    def requests(self) -> list[ServedRequest]:
        """Every request answered so far, in order of completion.

        A response's record is added after its body went out, so a client may have read it a
        moment before it shows up here.
        """
        with self._lock:
            return list(self._requests)

    def _record(self, request: ServedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _resolve(self, url_path: str) -> Path | None:
        """The file a URL path names, or None (missing, a directory, or outside the directory)."""
        relative = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path).lstrip("/")
        candidate = (self.directory / relative).resolve()
        if not candidate.is_relative_to(self.directory) or not candidate.is_file():
            return None
        return candidate


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True  # a client that stops reading must not keep stop() waiting
    block_on_close = False

    def __init__(self, listen: tuple[str, int], owner: ImageServer) -> None:
        self.owner = owner
        super().__init__(listen, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that cancel a stream break the pipe on purpose


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Httpd

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        asked = self.headers.get("Range")
        found = self.server.owner._resolve(self.path)
        if found is None:
            self._status_only(404, asked)
            return
        info = found.stat()
        size, etag = info.st_size, f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
        modified = email.utils.formatdate(info.st_mtime, usegmt=True)
        try:
            wanted = _range(asked, self.headers.get("If-Range"), (etag, modified), size)
        except _Unsatisfiable:
            self._status_only(416, asked, (("Content-Range", f"bytes */{size}"),))
            return
        start, end = wanted if wanted is not None else (0, size)
        self.send_response(200 if wanted is None else 206)
        if wanted is not None:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        for name, value in (("Accept-Ranges", "bytes"), ("ETag", etag), ("Last-Modified", modified)):
            self.send_header(name, value)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        self.end_headers()
        sent = self._send(found, start, end) if send_body else 0
        self.server.owner._record(ServedRequest(self.command, self.path, asked, 206 if wanted else 200, sent))

    def _send(self, path: Path, start: int, end: int) -> int:
        sent = 0
        try:
            with path.open("rb") as file:
                file.seek(start)
                while sent < end - start:
                    piece = file.read(min(CHUNK, end - start - sent))
                    if not piece:  # the file shrank under us: the client sees a short body
                        break
                    self.wfile.write(piece)
                    sent += len(piece)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        return sent

    def _status_only(self, status: int, asked: str | None, headers: tuple[tuple[str, str], ...] = ()) -> None:
        body = f"{status} {self.responses.get(status, ('',))[0]}\n".encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.server.owner._record(ServedRequest(self.command, self.path, asked, status, 0))
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # recorded in requests(); stderr belongs to the demo's output


class _Unsatisfiable(Exception):
    """The Range asks for bytes the file does not have."""


def _range(
    header: str | None, if_range: str | None, validators: tuple[str, str], size: int
) -> tuple[int, int] | None:
    """The byte range ``[start, end)`` to send, or None for the whole file.

    Raises:
        _Unsatisfiable: the range starts at or after the end of the file (416).
    """
    if header is None or (if_range is not None and if_range not in validators):
        return None  # no range asked, or the file changed since the client's copy: send it whole
    unit, _, spec = header.partition("=")
    if unit.strip() != "bytes" or "," in spec:
        return None  # other units and multiple ranges are ignored, as RFC 9110 §14.2 allows
    first, _, last = spec.strip().partition("-")
    try:
        if not first:  # "-N": the last N bytes
            start, end = max(0, size - int(last)), size
        else:
            start, end = int(first), min(size, int(last) + 1) if last else size
    except ValueError:
        return None  # a malformed Range is ignored, not refused (RFC 9110 §14.2)
    if start >= size or start >= end:
        raise _Unsatisfiable
    return start, end


__all__ = ["ImageServer", "ServedRequest"]
