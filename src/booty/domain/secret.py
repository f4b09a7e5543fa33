"""Secret strings that cannot leak by accident.

A ``Secret`` shows ``***`` in ``repr``, ``str`` and f-strings; the real value is only reachable
through ``reveal()``, so every place that uses a token is easy to find with grep. ``redact`` scrubs
known secret values and URL credentials out of free text (log lines, error messages, reports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import attrs

MASK = "***"


@attrs.frozen(repr=False, eq=True)
class Secret:
    """A value that must never be printed: tokens, passwords, keys."""

    _value: str = attrs.field(alias="value")

    def reveal(self) -> str:
        """The real value, for the one place that must send it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK})" if self._value else "Secret('')"

    def __str__(self) -> str:
        return MASK if self._value else ""


EMPTY_SECRET = Secret("")

_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@")
_SECRET_QUERY = re.compile(
    r"(?P<key>[?&][a-z0-9_-]*(?:token|password|passwd|secret|sig|key|auth|credential)[a-z0-9_-]*=)[^&#\s]+",
    re.IGNORECASE,
)


def redact_url(url: str) -> str:
    """The URL without user:password and without secret-looking query values."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", url)
    return _SECRET_QUERY.sub(lambda m: f"{m['key']}{MASK}", text)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """*text* with every known secret value and every URL credential replaced by ``***``."""
    for value in sorted({s for s in secrets if len(s) >= 3}, key=len, reverse=True):
        text = text.replace(value, MASK)
    return redact_url(text)


def url_host_port(url: str) -> str:
    """``scheme://host:port`` of *url*, for log lines that must not echo paths or queries."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, "", "", ""))
