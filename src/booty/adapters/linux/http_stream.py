"""A streamed urllib3 response as the ``HttpStream`` port: the body read into the caller's buffers.

Rules of this file:
1. Reads go straight from the socket into the caller's buffer (urllib3's own ``readinto`` reads into
   a new bytes object and copies it, twice per chunk): a plain body with ``readinto1`` on the
   socket's buffered reader under ``http.client`` (one socket read per call, so a stall timeout
   never loses bytes already copied, which ``readinto`` would); a chunked body with ``http.client``'s
   ``readinto``; only a body with a Content-Encoding goes through urllib3, which decodes it.
2. A body that ends before its announced length is a transport error, never a clean end: the
   caller resumes it or fails (``http.client`` would return end-of-file quietly).
3. A 206 must start at the asked offset (Content-Range), or the stream is refused.
4. After the headers, the socket's timeout becomes the stall timeout: no byte for that long is a
   transport error ("stalled").
"""

from __future__ import annotations

import http.client
import io
import socket

import urllib3

from booty.adapters.linux.http_errors import describe_failure
from booty.domain.errors import HttpTransportError
from booty.domain.stream.resume import parse_content_range

_READ_ERRORS = (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException, ValueError)


class Urllib3Stream:
    """One open response; see ``booty.ports.http.HttpStream``."""

    def __init__(
        self, raw: urllib3.BaseHTTPResponse, *, shown: str, offset: int, stall_timeout_s: float
    ) -> None:
        """Check the range answer and switch the socket to the stall timeout.

        Raises:
            HttpTransportError: a 206 that does not start at *offset*.
        """
        self._raw = raw
        self._shown = shown
        self._stall_s = stall_timeout_s
        self._headers = tuple(raw.headers.iteritems())
        self._received = 0
        self._done = False
        body_length = _int_header(raw.headers.get("Content-Length"))
        self._offset, self._length = 0, body_length if raw.status == 200 else None
        if raw.status == 206:
            self._check_range(raw.headers.get("Content-Range"), offset)
        self._expected = body_length
        self._accepts = raw.status == 206 or "bytes" in (raw.headers.get("Accept-Ranges") or "").lower()
        self._plain, self._chunked = _direct_readers(raw)
        if self._plain is None and self._chunked is None:  # a content coding: lengths describe coded bytes
            self._expected, self._length, self._accepts = None, None, False
        _set_timeout(raw, stall_timeout_s)

    def _check_range(self, value: str | None, offset: int) -> None:
        answer = parse_content_range(value)
        if answer is None or answer.first != offset:
            self.close()
            raise HttpTransportError(
                f"GET {self._shown}: asked for the bytes from {offset} on, got Content-Range {value!r}",
                url=self._shown,
            )
        self._offset, self._length = offset, answer.total

    @property
    def status(self) -> int:
        """The final status."""
        return self._raw.status

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """The response headers."""
        return self._headers

    @property
    def offset(self) -> int:
        """Where the body starts in the resource."""
        return self._offset

    @property
    def length(self) -> int | None:
        """Size of the whole resource, when known."""
        return self._length

    @property
    def accepts_ranges(self) -> bool:
        """Accept-Ranges: bytes, or a 206."""
        return self._accepts

    def readinto(self, buffer: memoryview) -> int:
        """The next body bytes, straight from the socket into *buffer*."""
        if self._done or not len(buffer):
            return 0
        try:
            count = self._read(buffer)
        except _READ_ERRORS as e:
            self.close()
            raise self._error(e) from e
        if count:
            self._received += count
            return count
        if self._expected is not None and self._received < self._expected:
            self.close()
            raise HttpTransportError(
                f"GET {self._shown}: connection closed after {self._received} of {self._expected} bytes",
                url=self._shown,
            )
        self.close()
        return 0

    def close(self) -> None:
        """Drop the connection; idempotent. It is never reused: images are few and long."""
        if not self._done:
            self._done = True
            self._raw.close()  # never drain: the rest may be gigabytes
            self._raw.release_conn()

    def _read(self, buffer: memoryview) -> int:
        if self._plain is not None:
            if self._expected is not None:
                buffer = buffer[: self._expected - self._received]
            return self._plain.readinto1(buffer) if len(buffer) else 0
        if self._chunked is not None:
            return self._chunked.readinto(buffer)
        return self._raw.readinto(buffer)

    def _error(self, e: BaseException) -> HttpTransportError:
        if isinstance(e, TimeoutError | socket.timeout | urllib3.exceptions.ReadTimeoutError):
            cause = f"stalled: no data for {self._stall_s:g} s"
        else:
            cause = describe_failure(e, proxy="")
        return HttpTransportError(
            f"GET {self._shown}: {cause} (after {self._received} bytes of the body)", url=self._shown
        )


def _direct_readers(
    raw: urllib3.BaseHTTPResponse,
) -> tuple[io.BufferedReader | None, http.client.HTTPResponse | None]:
    """(socket reader for a plain body, http.client response for a chunked one), or neither."""
    encoding = (raw.headers.get("Content-Encoding") or "identity").strip().lower()
    fp = getattr(raw, "_fp", None)  # urllib3 2.x keeps http.client's response here
    if encoding != "identity" or not isinstance(fp, http.client.HTTPResponse):
        return None, None
    if fp.chunked:
        return None, fp
    reader = getattr(fp, "fp", None)  # http.client reads the socket through this BufferedReader
    return (reader, None) if isinstance(reader, io.BufferedReader) else (None, fp)


def _set_timeout(raw: urllib3.BaseHTTPResponse, seconds: float) -> None:
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(seconds)


def _int_header(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
