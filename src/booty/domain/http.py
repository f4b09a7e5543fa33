"""HTTP exchanges as values, and the pure rules about them.

``HttpRequest``/``HttpResponse`` are what crosses the Http port (no urllib3 objects). The rules:
when a bearer token may be sent (https, or loopback, or explicitly allowed), and how proxy
settings from the usual environment variables apply to a URL.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_BODY = 1 << 20


@attrs.frozen
class HttpRequest:
    """One request to send. ``headers`` never include proxy or TLS settings: those are the adapter's."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    timeout_s: float = DEFAULT_TIMEOUT_S
    """Connect timeout, and the longest wait for any single read."""
    max_body: int = DEFAULT_MAX_BODY
    """Bodies longer than this are refused (``ResponseTooLarge``), never read into memory."""


@attrs.frozen
class HttpResponse:
    """What came back. ``body`` is complete and at most ``max_body`` bytes long."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first header called *name* (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def ok(self) -> bool:
        """True for 2xx."""
        return 200 <= self.status < 300


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and addresses in 127.0.0.0/8 or ``::1``."""
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@attrs.frozen
class TokenDecision:
    """Whether a bearer token may go with a request to some URL, and why."""

    allowed: bool
    reason: str


def decide_token_transport(url: str, *, insecure_allowed: bool) -> TokenDecision:
    """May a bearer token be sent to *url*?

    Departs from v0.0.1 (spec caprf-and-config.md §8 item 18), which sent it over any scheme:
    only https and loopback carry a token, unless the operator set INSECURE_TRANSPORT.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https":
        return TokenDecision(allowed=True, reason="https")
    if scheme == "http" and is_loopback_host(parts.hostname or ""):
        return TokenDecision(allowed=True, reason="plain http to a loopback host")
    if insecure_allowed:
        return TokenDecision(allowed=True, reason="plain http allowed by INSECURE_TRANSPORT=true")
    return TokenDecision(
        allowed=False,
        reason="refusing to send the bearer token over plain http to a non-loopback host; "
        "use https or set INSECURE_TRANSPORT=true",
    )


@attrs.frozen
class ProxySettings:
    """Proxy settings as read from HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case)."""

    http: str = ""
    https: str = ""
    no_proxy: tuple[str, ...] = ()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ProxySettings:
        """Read the usual variables; lowercase wins over uppercase, as curl does."""

        def get(name: str) -> str:
            return (environ.get(name.lower()) or environ.get(name.upper()) or "").strip()

        no_proxy = tuple(p.strip().lower() for p in get("no_proxy").split(",") if p.strip())
        return cls(http=get("http_proxy"), https=get("https_proxy"), no_proxy=no_proxy)

    def proxy_for(self, url: str) -> str:
        """The proxy URL to use for *url*, or ``""`` to connect directly."""
        parts = urlsplit(url)
        proxy = self.https if parts.scheme == "https" else self.http if parts.scheme == "http" else ""
        if not proxy or self._bypassed(parts.hostname or ""):
            return ""
        return proxy

    def _bypassed(self, host: str) -> bool:
        host = host.lower()
        for entry in self.no_proxy:
            if entry == "*":
                return True
            suffix = _without_port(entry).lstrip(".")
            if host == suffix or host.endswith("." + suffix) or _in_cidr(host, entry):
                return True
        return False


def _without_port(entry: str) -> str:
    """``host:8080`` matches the host whatever the port (curl compares hosts only too)."""
    head, sep, tail = entry.rpartition(":")
    return head if sep and tail.isdigit() and "]" not in tail and head.count(":") == 0 else entry


def _in_cidr(host: str, entry: str) -> bool:
    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False
