"""Port: HTTP exchanges. TLS trust and proxies are the adapter's configuration, not the caller's.

Three shapes: ``send`` (a whole, size-limited response), ``open`` (a body streamed into the caller's
buffers, from a byte offset, for images) and ``send_streaming`` (a request body produced chunk by
chunk, for the legacy disk upload).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from booty.domain.http import HttpRequest, HttpResponse


class HttpStream(Protocol):
    """An open response whose body is read into the caller's buffers. Close it when done.

    Only the status line and headers have been read when ``Http.open`` returns; the body follows
    through ``readinto``. Nothing here follows the urllib3 API: the adapter translates.
    """

    @property
    def status(self) -> int:
        """The final status (after redirects)."""
        ...

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """The response headers, in order."""
        ...

    @property
    def offset(self) -> int:
        """Where the body starts in the whole resource: the asked offset on a 206, else 0."""
        ...

    @property
    def length(self) -> int | None:
        """Size of the whole resource when known (Content-Length, or Content-Range's total)."""
        ...

    @property
    def accepts_ranges(self) -> bool:
        """True when the server said ``Accept-Ranges: bytes`` or answered a range with 206."""
        ...

    def readinto(self, buffer: memoryview) -> int:
        """Fill *buffer* with the next body bytes; returns how many (at least 1), or 0 at the end.

        Raises:
            HttpTransportError: the connection broke, no byte came within the stall timeout, or the
                body ended before its announced length (a truncated body is never a clean end).
        """
        ...

    def close(self) -> None:
        """Drop the connection if the body was not read to its end; idempotent."""
        ...


class Http(Protocol):
    """Sends requests; answers are values, never library objects."""

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send *request*; any status is returned, not raised.

        Raises:
            HttpTransportError: no response (refused, reset, timeout, TLS or proxy failure).
            ResponseTooLarge: the body is longer than ``request.max_body``.
        """
        ...

    def open(
        self, request: HttpRequest, *, offset: int = 0, stall_timeout_s: float | None = None
    ) -> HttpStream:
        """Send *request* (a GET), follow redirects, and return the response with its body unread.

        Args:
            request: the request; ``timeout_s`` bounds the connection and the wait for headers.
            offset: ask for the resource from this byte on (``Range: bytes=<offset>-``); 0 asks for
                all of it. The adapter checks that a 206 starts exactly there.
            stall_timeout_s: the longest wait for the next body byte (default: ``request.timeout_s``).

        Any status is returned, not raised (an error body can still be read).

        Raises:
            HttpTransportError: no response, or a 206 that does not start at *offset*.
            HttpRequestInvalid: an invalid URL or a redirect loop.
        """
        ...

    def send_streaming(self, request: HttpRequest, body: Iterable[bytes]) -> HttpResponse:
        """Send *request* with a body produced chunk by chunk (chunked transfer encoding).

        ``request.body`` is ignored. Redirects are not followed (the body cannot be replayed).

        Raises:
            HttpTransportError: no response, or the connection broke while sending.
            ResponseTooLarge: the response body is longer than ``request.max_body``.
        """
        ...
