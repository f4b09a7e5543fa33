"""The real Http port: urllib3 2.x with always-on TLS verification, proxies, redirects and bounded bodies.

This module owns everything urllib3: the TLS context, one direct ``PoolManager`` plus one cached
``ProxyManager`` per proxy URL, the redirect loop, the chunked body reader, and the translation of
urllib3, ssl and socket errors into ``HttpTransportError``/``ResponseTooLarge``. No urllib3 object
leaves it: callers get ``HttpResponse`` values, or an ``HttpStream`` (``http_stream``) for bodies
read into their own buffers.

Rules of this file:
1. TLS verification is always on; there is no switch to turn it off.
2. One attempt per hop, no automatic retries: ``booty.domain.retry`` owns the retry policy.
3. A body is read in chunks and abandoned (connection closed, never drained) once it passes ``max_body``.
4. Error messages name the redacted URL and a short cause, never a header value or URL password.
"""

from __future__ import annotations

import base64
import http.client
import ssl
import threading
from collections.abc import Iterable
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import attrs
import urllib3

from booty import __version__
from booty.adapters.linux.http_errors import describe_failure
from booty.adapters.linux.http_stream import Urllib3Stream
from booty.domain.errors import (
    ConfigError,
    ConfigProblem,
    HttpRequestInvalid,
    HttpTransportError,
    ResponseTooLarge,
)
from booty.domain.http import HttpRequest, HttpResponse, ProxySettings
from booty.domain.secret import redact, redact_url

DEFAULT_USER_AGENT = f"booty/{__version__}"
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_SECRET_HEADER_WORDS = ("auth", "cookie", "token", "secret", "key", "password")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Everything urllib3, ssl, sockets and http.client raise for a failed exchange. ValueError is here
# because http.client rejects malformed header values with one, quoting the value (maybe a token).
_TRANSPORT_ERRORS = (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException, ValueError)


@attrs.frozen
class HttpOptions:
    """How ``Urllib3Http`` connects; built once by the composition root. TLS checks cannot be disabled."""

    ca_bundle: str | None = None
    """PEM file of extra trusted CAs, added to the system store (see ``Urllib3Http``)."""
    proxies: ProxySettings = attrs.field(factory=ProxySettings)
    """Which proxy, if any, each URL goes through; usually ``ProxySettings.from_environ(os.environ)``."""
    user_agent: str = DEFAULT_USER_AGENT
    """Sent unless a request sets its own ``User-Agent``."""
    num_pools: int = 10
    """Hosts whose connections are kept, per pool manager."""
    pool_maxsize: int = 4
    """Idle connections kept per host; more concurrent threads still work, they just don't reuse them."""


class Urllib3Http:
    """The Http port over urllib3; one instance is safe to share between threads.

    Trust: the system CA store plus, when ``options.ca_bundle`` is given, the CAs in that PEM file.
    The bundle is added to the system store rather than replacing it (urllib3's ``ca_certs`` would
    replace it), so an operator CA for the controller does not break image downloads from public
    https hosts.

    Redirects (at most ``MAX_REDIRECTS``) are followed here, not by urllib3, so that every hop picks
    its own proxy and a redirect body is never read. ``Authorization``, ``Proxy-Authorization`` and
    ``Cookie`` are dropped when a hop changes scheme, host or port, as urllib3's
    ``Retry.remove_headers_on_redirect`` would. 303 (and 301/302 after a POST) become GET without a
    body, as Go's net/http in BOOTy v0.0.1 did.

    ``user:password@`` in a URL is sent as HTTP Basic auth (as net/http did) unless the request already
    has an ``Authorization`` header; it never appears in an error message.
    """

    def __init__(self, options: HttpOptions = HttpOptions()) -> None:
        """Build the TLS context and the direct pool manager from *options*.

        Raises:
            ConfigError: ``options.ca_bundle`` cannot be read as PEM certificates.
        """
        self.options = options
        self._tls = _tls_context(options.ca_bundle)
        self._direct = urllib3.PoolManager(
            options.num_pools, ssl_context=self._tls, cert_reqs="CERT_REQUIRED", maxsize=options.pool_maxsize
        )
        self._proxied: dict[str, urllib3.ProxyManager] = {}
        self._lock = threading.Lock()

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send *request*, following redirects; any final status is returned, not raised.

        Raises:
            HttpTransportError: no usable response (refused, reset, timeout, TLS, proxy).
            HttpRequestInvalid: an invalid URL or a redirect loop; sending again cannot help.
            ResponseTooLarge: the body is longer than ``request.max_body``; the rest was not read.
        """
        hop, raw = self._final(_first_hop(request), request.timeout_s)
        return _finish(hop, raw, request.max_body)

    def open(
        self, request: HttpRequest, *, offset: int = 0, stall_timeout_s: float | None = None
    ) -> Urllib3Stream:
        """GET *request* from byte *offset* on and return the response with its body unread.

        ``Accept-Encoding: identity`` is sent (an image is decompressed by booty, from its magic
        bytes), and ``Range: bytes=<offset>-`` when *offset* is not 0; both survive redirects.

        Raises:
            HttpTransportError: no response, or a 206 that does not start at *offset*.
            HttpRequestInvalid: an invalid URL or a redirect loop.
        """
        skip = {"range", "accept-encoding"}
        headers = tuple((k, v) for k, v in request.headers if k.lower() not in skip)
        headers += (("Accept-Encoding", "identity"),) + ((("Range", f"bytes={offset}-"),) if offset else ())
        hop, raw = self._final(_first_hop(attrs.evolve(request, headers=headers)), request.timeout_s)
        stall = stall_timeout_s if stall_timeout_s is not None else request.timeout_s
        return Urllib3Stream(raw, shown=hop.shown, offset=offset, stall_timeout_s=stall)

    def send_streaming(self, request: HttpRequest, body: Iterable[bytes]) -> HttpResponse:
        """Send *request* with *body* as chunked transfer encoding; redirects are returned, not followed.

        Raises:
            HttpTransportError: no response, or the connection broke while sending.
            ResponseTooLarge: the response body is longer than ``request.max_body``.
        """
        hop = _first_hop(attrs.evolve(request, body=b""))
        try:
            raw = self._manager_for(hop.url).urlopen(
                hop.method,
                hop.url,
                body=iter(body),
                headers=hop.wire_headers(self.options.user_agent),
                timeout=urllib3.Timeout(connect=request.timeout_s, read=request.timeout_s),
                retries=False,
                redirect=False,
                preload_content=False,
                chunked=True,
            )
        except _TRANSPORT_ERRORS as e:
            raise _transport_error(hop, describe_failure(e, proxy=self._proxy_for(hop.url))) from e
        return _finish(hop, raw, request.max_body)

    def _final(self, hop: _Hop, timeout_s: float) -> tuple[_Hop, urllib3.BaseHTTPResponse]:
        """Send *hop* and follow redirects; the last hop and its unread response."""
        redirects = 0
        while True:
            raw = self._open(hop, timeout_s)
            location = raw.get_redirect_location() if raw.status in _REDIRECTS else None
            if not location:
                return hop, raw
            _abandon(raw)
            if redirects == MAX_REDIRECTS:
                raise _invalid(hop, f"stopped after {MAX_REDIRECTS} redirects")
            hop = _follow(hop, raw.status, location)
            redirects += 1

    def close(self) -> None:
        """Close every pooled connection; later calls open new ones."""
        with self._lock:
            managers = [self._direct, *self._proxied.values()]
        for manager in managers:
            manager.clear()

    def _open(self, hop: _Hop, timeout_s: float) -> urllib3.BaseHTTPResponse:
        try:
            return self._manager_for(hop.url).urlopen(
                hop.method,
                hop.url,
                body=hop.body or None,
                headers=hop.wire_headers(self.options.user_agent),
                timeout=urllib3.Timeout(connect=timeout_s, read=timeout_s),
                retries=False,
                redirect=False,
                preload_content=False,
            )
        except _TRANSPORT_ERRORS as e:
            raise _transport_error(hop, describe_failure(e, proxy=self._proxy_for(hop.url))) from e

    def _proxy_for(self, url: str) -> str:
        proxy = self.options.proxies.proxy_for(url)
        # curl and Go accept "host:port" in HTTP_PROXY and assume http://; so do we.
        return proxy if not proxy or "://" in proxy else f"http://{proxy}"

    def _manager_for(self, url: str) -> urllib3.PoolManager:
        proxy = self._proxy_for(url)
        if not proxy:
            return self._direct
        with self._lock:
            if proxy not in self._proxied:
                self._proxied[proxy] = self._proxy_manager(proxy)
            return self._proxied[proxy]

    def _proxy_manager(self, proxy: str) -> urllib3.ProxyManager:
        url, auth = _split_userinfo(proxy)
        return urllib3.ProxyManager(
            url,
            self.options.num_pools,
            proxy_headers={"Proxy-Authorization": auth} if auth else None,
            proxy_ssl_context=self._tls,  # an https:// proxy is verified with the same trust
            ssl_context=self._tls,
            cert_reqs="CERT_REQUIRED",
            maxsize=self.options.pool_maxsize,
        )


@attrs.frozen
class _Hop:
    """One request on the wire: the original, or where a redirect sent it."""

    method: str
    url: str
    """Without ``user:password@`` (that became an Authorization header)."""
    shown: str
    """The URL as error messages show it: redacted, credentials as ``***@``."""
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @classmethod
    def build(cls, method: str, url: str, headers: tuple[tuple[str, str], ...], body: bytes) -> _Hop:
        clean, basic = _split_userinfo(url)
        if basic and not _has_header(headers, "authorization"):
            headers = (*headers, ("Authorization", basic))
        return cls(method=method, url=clean, shown=redact_url(url), headers=headers, body=body)

    def follow(self, status: int, location: str) -> _Hop:
        """The next hop after a *status* redirect to *location* (maybe relative)."""
        target = urljoin(self.url, location)
        headers, method, body = self.headers, self.method, self.body
        if _origin(target) != _origin(self.url):
            headers = tuple((k, v) for k, v in headers if k.lower() not in _CREDENTIAL_HEADERS)
        if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
            headers = tuple((k, v) for k, v in headers if not k.lower().startswith("content-"))
            method, body = "GET", b""
        return _Hop.build(method, target, headers, body)

    def wire_headers(self, user_agent: str) -> urllib3.HTTPHeaderDict:
        headers = urllib3.HTTPHeaderDict()
        if not _has_header(self.headers, "user-agent"):
            headers.add("User-Agent", user_agent)
        for name, value in self.headers:
            headers.add(name, value)  # add(), not [] =: repeated headers stay repeated
        return headers

    def secrets(self) -> list[str]:
        """Values of secret-looking headers that must not appear in a message, whole and word by word.

        Word by word, because a message may quote a value escaped (``b'Bearer abc\\r\\n'``).
        """
        values = [v for k, v in self.headers if any(w in k.lower() for w in _SECRET_HEADER_WORDS)]
        return values + [word for v in values for word in v.split()[1:]]


def _first_hop(request: HttpRequest) -> _Hop:
    method = request.method.upper()
    try:
        return _Hop.build(method, request.url, request.headers, request.body)
    except ValueError as e:  # urlsplit refuses some URLs ("http://[::1/") before urllib3 sees them
        shown = redact_url(request.url)
        raise HttpRequestInvalid(f"{method} {shown}: invalid URL: {e}", url=shown) from e


def _follow(hop: _Hop, status: int, location: str) -> _Hop:
    try:
        return hop.follow(status, location)
    except ValueError as e:  # e.g. a Location with a non-numeric port
        raise _invalid(hop, f"redirect to an invalid URL: {e}") from e


def _finish(hop: _Hop, raw: urllib3.BaseHTTPResponse, max_body: int) -> HttpResponse:
    try:
        body = _read_bounded(raw, max_body, hop.method)
    except _TRANSPORT_ERRORS as e:
        _abandon(raw)
        raise _transport_error(hop, describe_failure(e, proxy="")) from e
    if body is None:
        _abandon(raw)
        raise ResponseTooLarge(url=hop.shown, limit=max_body)
    raw.release_conn()
    return HttpResponse(status=raw.status, headers=tuple(raw.headers.iteritems()), body=body)


def _read_bounded(raw: urllib3.BaseHTTPResponse, limit: int, method: str) -> bytes | None:
    """The whole body, or None as soon as it is known to be longer than *limit*."""
    # HEAD, 204 and 304 carry a Content-Length that describes a body that is not sent.
    if method != "HEAD" and raw.status not in (204, 304) and _declared_length(raw) > limit:
        return None
    parts: list[bytes] = []
    size = 0
    # Asking for at most limit+1 bytes means we never hold more than one byte past the limit.
    while chunk := raw.read(min(_CHUNK, limit + 1 - size)):
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    return b"".join(parts)


def _declared_length(raw: urllib3.BaseHTTPResponse) -> int:
    try:
        return int(raw.headers.get("Content-Length", "-1"))
    except ValueError:  # a malformed or repeated header: let the reader count instead
        return -1


def _abandon(raw: urllib3.BaseHTTPResponse) -> None:
    """Close the connection without reading the rest, then give its slot back to the pool."""
    # release_conn() alone would pool a socket with unread bytes; drain_conn() would read them all.
    raw.close()
    raw.release_conn()


def _tls_context(ca_bundle: str | None) -> ssl.SSLContext:
    """The system trust store plus *ca_bundle*; certificate and host name checks always on."""
    context = ssl.create_default_context()
    if ca_bundle is not None:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except OSError as e:  # ssl.SSLError is an OSError too
            reason = f"cannot load the CA bundle: {e.strerror or e}"
            raise ConfigError([ConfigProblem(source=ca_bundle, line=0, key="", reason=reason)]) from e
    return context


def _split_userinfo(url: str) -> tuple[str, str]:
    """*url* without ``user:password@``, and the Basic ``Authorization`` value it implied (or "")."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at:
        return url, ""
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    return urlunsplit(parts._replace(netloc=hostport)), f"Basic {token}"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def _has_header(headers: tuple[tuple[str, str], ...], name: str) -> bool:
    return any(k.lower() == name for k, _ in headers)


def _invalid(hop: _Hop, cause: str) -> HttpRequestInvalid:
    return HttpRequestInvalid(f"{hop.method} {hop.shown}: {redact(cause, hop.secrets())}", url=hop.shown)


def _transport_error(hop: _Hop, cause: str) -> HttpTransportError:
    return HttpTransportError(f"{hop.method} {hop.shown}: {redact(cause, hop.secrets())}", url=hop.shown)
