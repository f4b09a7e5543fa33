"""Port: one HTTP exchange. TLS trust and proxies are the adapter's configuration, not the caller's."""

from __future__ import annotations

from typing import Protocol

from booty.domain.http import HttpRequest, HttpResponse


class Http(Protocol):
    """Sends a request and returns the whole (size-limited) response."""

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send *request*; any status is returned, not raised.

        Raises:
            HttpTransportError: no response (refused, reset, timeout, TLS or proxy failure).
            ResponseTooLarge: the body is longer than ``request.max_body``.
        """
        ...
