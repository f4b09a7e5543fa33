"""HTTP/1.1 framing details the standard library leaves to the handler: bodies and replies.

``read_body`` reads a request body from ``Content-Length`` or chunked encoding, never more than
the cap, and turns every malformed framing into a ``BodyError`` carrying the status to answer
(400, 411 or 413). ``Reply`` is the answer as a value, so endpoint code never touches a socket.
"""

from __future__ import annotations

import json
import re
from email.message import Message
from typing import Any, Protocol

import attrs

MAX_BODY = 8 * 1024 * 1024
"""Largest request body accepted (8 MiB); bigger ones are answered 413 without being read."""

_MAX_CHUNK_LINE = 1024
_HEX = re.compile(rb"[0-9a-fA-F]{1,16}")


class Readable(Protocol):
    """The part of a buffered binary stream ``read_body`` uses (``rfile`` of a handler)."""

    def read(self, size: int, /) -> bytes: ...

    def readline(self, size: int, /) -> bytes: ...


class BodyError(Exception):
    """The request body could not be read; answer ``status`` and close the connection."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@attrs.frozen
class Reply:
    """One response: status, body and the headers beyond Content-Type and Content-Length."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def json(cls, status: int, value: Any, *, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
        """*value* serialised as compact JSON."""
        body = json.dumps(value, separators=(",", ":")).encode("utf-8")
        return cls(status, body, "application/json", headers)

    @classmethod
    def text(cls, status: int, text: str) -> Reply:
        """*text* as ``text/plain``."""
        return cls(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    @property
    def has_body(self) -> bool:
        """False for statuses that must not carry a body (204, 304)."""
        return self.status not in (204, 304)


OK = Reply.json(200, {"status": "ok"})
"""The nginx mock's answer to every accepted POST (spec caprf-and-config.md §6.2)."""


def read_body(headers: Message, stream: Readable, *, limit: int = MAX_BODY) -> bytes:
    """Read the body the headers announce.

    A request with neither ``Content-Length`` nor ``Transfer-Encoding`` has an empty body, as
    HTTP/1.1 says for requests.

    Raises:
        BodyError: 400 for malformed or short framing, 411 for an unsupported transfer coding,
            413 when the body is larger than *limit* (the rest is left unread).
    """
    coding = headers.get("Transfer-Encoding")
    if coding is not None:
        if coding.strip().lower() != "chunked":
            raise BodyError(411, f"unsupported Transfer-Encoding {coding!r}; send Content-Length")
        return _read_chunked(stream, limit=limit)
    lengths = {v.strip() for v in headers.get_all("Content-Length") or ()}
    if not lengths:
        return b""
    if len(lengths) > 1 or not next(iter(lengths)).isdigit():
        raise BodyError(400, f"bad Content-Length {', '.join(sorted(lengths))!r}")
    length = int(next(iter(lengths)))
    if length > limit:
        raise BodyError(413, f"body of {length} bytes is larger than the {limit}-byte limit")
    body = stream.read(length)
    if len(body) != length:
        raise BodyError(400, f"body ended after {len(body)} of {length} bytes")
    return body


def _read_chunked(stream: Readable, *, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size = _chunk_size(stream.readline(_MAX_CHUNK_LINE))
        if size == 0:
            break
        total += size
        if total > limit:
            raise BodyError(413, f"chunked body is larger than the {limit}-byte limit")
        chunk = stream.read(size)
        if len(chunk) != size or stream.readline(_MAX_CHUNK_LINE) not in (b"\r\n", b"\n"):
            raise BodyError(400, "malformed chunk")
        parts.append(chunk)
    # Trailers are read and ignored, up to the blank line that ends the message.
    for _ in range(100):
        if stream.readline(_MAX_CHUNK_LINE) in (b"\r\n", b"\n", b""):
            return b"".join(parts)
    raise BodyError(400, "too many trailer lines")


def _chunk_size(line: bytes) -> int:
    # int(x, 16) alone would also take "+5", "-1" and "1_0", which HTTP does not allow.
    text = line.split(b";", 1)[0].strip()
    if not line.endswith(b"\n") or _HEX.fullmatch(text) is None:
        raise BodyError(400, f"bad chunk size line {line[:40]!r}")
    return int(text, 16)
