"""What the mock controller remembers about each request, and how it is shown to the outside.

An ``Event`` is one request on the CAPRF surface (admin calls under ``/_booty/`` are not events).
In memory it keeps the raw ``Authorization`` header so tests can assert the exact bearer token;
everything that leaves the process (record files, ``GET /_booty/events``) goes through
``event_to_json``, which masks the header as ``Bearer ***`` and scrubs token values out of bodies.
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Iterable
from typing import Any

import attrs

from booty.domain.secret import MASK, redact

BEARER_PREFIX = "Bearer "


class EventKind(enum.Enum):
    """Which endpoint a request was for; ``REJECTED`` covers unknown paths and wrong methods."""

    STATUS = "status"
    HEARTBEAT = "heartbeat"
    LOG = "log"
    DEBUG = "debug"
    INVENTORY = "inventory"
    FIRMWARE = "firmware"
    HEALTH = "health"
    """A health check report (POST /health)."""
    PROBE = "probe"
    """Any other method on /health: a reachability probe answered ``ok``."""
    COMMANDS = "commands"
    ACK = "ack"
    REJECTED = "rejected"


@attrs.frozen
class Incoming:
    """One request as read off the wire, before the controller decides anything about it."""

    method: str
    path: str
    """The path without the query string."""
    time: float
    """Wall clock (``time.time()``) when the request headers had been read."""
    client: str
    body: bytes = b""
    authorization: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class Event:
    """One recorded request and how the mock controller answered it."""

    kind: EventKind
    path: str
    method: str
    time: float
    client: str
    body: str
    """The request body decoded as UTF-8 (invalid bytes replaced)."""
    authorization: str | None = attrs.field(default=None, repr=False)
    """The raw ``Authorization`` header. In memory only: never written or served."""
    bearer_present: bool = False
    token_matched: bool | None = None
    """None when the controller has no token configured, else whether the bearer token matched."""
    response_status: int = 0
    """The status code sent back; 0 when the connection was dropped without an answer."""
    fault: str = ""
    """The fault rule (in spec syntax) applied to this request, or ``""``."""
    status: str = ""
    """For ``STATUS`` events: ``init``, ``success`` or ``error``."""
    lines: tuple[str, ...] = ()
    """For ``LOG`` events: the non-empty lines of the body, in order."""
    document: Any = attrs.field(default=None, hash=False)
    """For JSON endpoints: the parsed body, or the raw text when it was not valid JSON."""
    json_valid: bool | None = None
    """For JSON endpoints: whether the body parsed; None for endpoints that take text."""
    commands: tuple[str, ...] = ()
    """For ``COMMANDS`` events: the IDs of the commands handed out by this poll."""

    @property
    def accepted(self) -> bool:
        """True when the controller answered 2xx, i.e. the client's call succeeded."""
        return 200 <= self.response_status < 300

    @property
    def bearer_token(self) -> str | None:
        """The token after ``Bearer ``, verbatim, or None without a bearer header."""
        if self.authorization is None or not self.bearer_present:
            return None
        return self.authorization[len(BEARER_PREFIX) :]


@attrs.frozen
class Ack:
    """One standby command acknowledgement (``POST /commands/ack``)."""

    id: str
    status: str
    message: str = ""


def check_bearer(header: str | None, token: str | None) -> tuple[bool, bool | None]:
    """Whether *header* carries a bearer token, and whether it is *token*.

    Returns:
        ``(present, matched)``; ``matched`` is None when no token is configured. The token is
        compared verbatim (no trimming), as v0.0.1 sends it (spec caprf-and-config.md §2.2).
    """
    present = header is not None and header[: len(BEARER_PREFIX)].lower() == BEARER_PREFIX.lower()
    if not token:
        return present, None
    if header is None or not present:
        return present, False
    offered = header[len(BEARER_PREFIX) :].encode("utf-8", "surrogateescape")
    return present, hmac.compare_digest(offered, token.encode("utf-8", "surrogateescape"))


def mask_authorization(header: str | None) -> str | None:
    """``Bearer ***`` (or ``<scheme> ***``) for a header value; None stays None."""
    if header is None:
        return None
    scheme, _, _ = header.partition(" ")
    return f"{scheme} {MASK}" if scheme else MASK


def event_to_json(event: Event, *, secrets: Iterable[str] = ()) -> dict[str, Any]:
    """The event as a JSON-ready dict with every secret masked.

    Args:
        event: the event to show.
        secrets: token values to scrub from bodies and documents, besides the one the request
            itself presented (a wrong token is a secret too).
    """
    known = known_secrets(event, secrets)
    data: dict[str, Any] = {
        "kind": event.kind.value,
        "path": event.path,
        "method": event.method,
        "time": event.time,
        "client": event.client,
        "body": event.body,
        "authorization": mask_authorization(event.authorization),
        "bearer_present": event.bearer_present,
        "token_matched": event.token_matched,
        "response_status": event.response_status,
        "fault": event.fault,
        "status": event.status,
        "lines": list(event.lines),
        "document": event.document,
        "json_valid": event.json_valid,
        "commands": list(event.commands),
    }
    return {key: scrub(value, known) if key != "authorization" else value for key, value in data.items()}


def known_secrets(event: Event, secrets: Iterable[str] = ()) -> list[str]:
    """*secrets* plus the credential *event* itself presented (a wrong token is a secret too)."""
    known = [*secrets]
    if event.authorization:
        known.append(event.authorization.partition(" ")[2] or event.authorization)
    return known


def scrub(value: Any, secrets: Iterable[str]) -> Any:
    """*value* with every secret string replaced by ``***``, recursively through lists and dicts."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, list | tuple):
        return [scrub(item, secrets) for item in value]
    if isinstance(value, dict):
        return {scrub(str(k), secrets): scrub(v, secrets) for k, v in value.items()}
    return value
