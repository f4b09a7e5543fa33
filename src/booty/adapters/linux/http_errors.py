"""Words for failed HTTP exchanges: which of urllib3's, ssl's and socket's errors an operator met.

urllib3 wraps the telling error deep inside its own (``MaxRetryError`` around ``NewConnectionError``
around ``ConnectionRefusedError``); this module walks the chain and names the cause in a few
words ("connection refused", "TLS certificate verify failed: ..."), never quoting headers.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Iterator

from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, ProxyError, ReadTimeoutError

from booty.domain.secret import redact_url


def describe_failure(error: BaseException, *, proxy: str) -> str:
    """A few words on why an exchange failed, from the most telling exception in *error*'s chain."""
    chain = list(_chain(error))
    what = next((text for e in chain if (text := _known_cause(e))), "")
    # Otherwise the innermost error says most (urllib3's outer ones repeat pool and host details).
    what = what or str(chain[-1]) or type(chain[-1]).__name__
    if proxy and any(isinstance(e, ProxyError) for e in chain):
        return f"proxy {redact_url(proxy)}: {what}"
    return what


def _known_cause(e: BaseException) -> str:  # noqa: PLR0911 - a flat table reads best here
    """Words for the failures an operator meets; "" for anything else."""
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"TLS certificate verify failed: {e.verify_message}"
    if isinstance(e, ssl.SSLError):
        return f"TLS error: {e.reason or e}"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, NameResolutionError | socket.gaierror):
        return "cannot resolve the host name"
    if isinstance(e, ReadTimeoutError):
        return "timed out waiting for the server"
    if type(e) is ConnectTimeoutError or isinstance(e, TimeoutError):
        return "timed out connecting"
    if isinstance(e, http.client.RemoteDisconnected):  # before ConnectionResetError, its base class
        return "server closed the connection without a response"
    if isinstance(e, ConnectionResetError | BrokenPipeError):
        return "connection reset by the server"
    if isinstance(e, http.client.IncompleteRead):  # urllib3's IncompleteRead and InvalidChunkLength too
        return "connection closed before the body was complete"
    return ""


def _chain(error: BaseException) -> Iterator[BaseException]:
    """*error* and everything it wraps, outermost first.

    urllib3 nests causes two ways: ``raise ... from``, and as an argument
    (``ProtocolError("Connection aborted.", RemoteDisconnected(...))``, ``ProxyError(msg, error)``).
    """
    todo, seen = [error], set[int]()
    while todo and len(seen) < 16:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [c for c in (current.__cause__, current.__context__) if c is not None]
        todo += [a for a in current.args if isinstance(a, BaseException)]
