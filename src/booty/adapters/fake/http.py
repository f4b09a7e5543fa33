"""In-memory Http port: records every request and answers from a script.

``FakeHttp`` owns a script of outcomes per (method, URL) and the list of requests it was sent. It keeps
the real adapter's observable rules: bodies longer than ``max_body`` raise ``ResponseTooLarge`` (with
the redacted URL), a HEAD answer has no body, and scripted exceptions are raised as the real adapter
raises transport failures. It does not follow redirects: a scripted 3xx is returned as it is.

Streams (``open``): a URL given content with ``serve`` is served with Range support and scripted
faults (``booty.adapters.fake.http_stream``); any other URL streams the body of its scripted
response. ``send_streaming`` consumes the body and records it in ``uploads``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import attrs

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.http_stream import FakeHttpStream, FakeResource, Fault, open_resource
from booty.domain.errors import ResponseTooLarge
from booty.domain.http import HttpRequest, HttpResponse
from booty.domain.secret import redact_url

Outcome = HttpResponse | Exception
"""What one scripted exchange does: answer with a response, or raise the exception."""


@attrs.define
class FakeHttp:
    """Answers from a script; unscripted requests get ``default`` (404 unless told otherwise).

    404 rather than 200 is the default so that a test which forgot to script a download fails loudly
    instead of writing an empty image; pass ``FakeHttp(default=HttpResponse(200))`` for chatty
    endpoints such as heartbeats. Safe to call from several threads, like the real adapter.
    """

    default: HttpResponse = attrs.field(factory=lambda: HttpResponse(404))
    clock: FakeClock | None = None
    """Advanced by stalls and by simulated bandwidth (``FakeResource.bytes_per_s``), when given."""
    requests: list[HttpRequest] = attrs.field(factory=list, init=False)
    """Every request sent, in order, scripted or not."""
    uploads: list[tuple[HttpRequest, bytes]] = attrs.field(factory=list, init=False)
    """Every ``send_streaming`` request with the whole body it streamed."""
    _resources: dict[str, FakeResource] = attrs.field(factory=dict, init=False)
    _script: dict[tuple[str, str], list[Outcome]] = attrs.field(factory=dict, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False, eq=False)

    def add(self, method: str, url: str, *outcomes: Outcome) -> None:
        """Queue *outcomes* for ``method url``: each call consumes one, the last one repeats forever.

        Example: ``fake.add("GET", url, HttpResponse(503), HttpResponse(200, body=b"ok"))`` fails
        once, then succeeds every time.
        """
        if not outcomes:
            raise ValueError("add() needs at least one response or exception")
        with self._lock:
            self._script.setdefault((method.upper(), url), []).extend(outcomes)

    def send(self, request: HttpRequest) -> HttpResponse:
        """Record *request* and play its next scripted outcome.

        Raises:
            ResponseTooLarge: the scripted body is longer than ``request.max_body``.
            Exception: whatever exception was scripted for this request.
        """
        with self._lock:
            self.requests.append(request)
            outcome = self._next(request.method.upper(), request.url)
        if isinstance(outcome, Exception):
            raise outcome
        if request.method.upper() == "HEAD":
            return attrs.evolve(outcome, body=b"")
        if len(outcome.body) > request.max_body:
            raise ResponseTooLarge(url=redact_url(request.url), limit=request.max_body)
        return outcome

    def serve(
        self,
        url: str,
        body: bytes,
        *faults: Fault,
        ranges: bool = True,
        announced_length: int | None = None,
        bytes_per_s: float | None = None,
    ) -> FakeResource:
        """Serve *body* at *url* to ``open`` (Range honoured unless *ranges* is False).

        Each ``open`` consumes one of *faults* (``Status(503)``, ``Refuse()``, ``DropAfter(n)``,
        ``StallAfter(n)``), then the content is served cleanly. Returns the resource, whose
        ``served`` and ``offsets`` say what was fetched.
        """
        resource = FakeResource(
            body,
            list(faults),
            ranges=ranges,
            announced_length=announced_length,
            bytes_per_s=bytes_per_s,
        )
        with self._lock:
            self._resources[url] = resource
        return resource

    def open(
        self, request: HttpRequest, *, offset: int = 0, stall_timeout_s: float | None = None
    ) -> FakeHttpStream:
        """Record *request* and stream its served resource (or its scripted response) from *offset*."""
        stall = stall_timeout_s if stall_timeout_s is not None else request.timeout_s
        with self._lock:
            self.requests.append(request)
            resource = self._resources.get(request.url)
            if resource is not None:
                if_range = next((v for k, v in request.headers if k.lower() == "if-range"), None)
                return open_resource(
                    resource,
                    request.url,
                    offset=offset,
                    if_range=if_range,
                    stall_timeout_s=stall,
                    clock=self.clock,
                )
            outcome = self._next(request.method.upper(), request.url)
        if isinstance(outcome, Exception):
            raise outcome
        declared = outcome.header("Content-Length")
        return FakeHttpStream(
            request.url,
            outcome.status,
            outcome.body,
            outcome.headers,
            length=int(declared) if declared else len(outcome.body),
        )

    def send_streaming(self, request: HttpRequest, body: Iterable[bytes]) -> HttpResponse:
        """Consume *body*, record it in ``uploads``, and answer like ``send``."""
        content = b"".join(body)
        with self._lock:
            self.uploads.append((request, content))
        return self.send(request)

    def requests_to(self, url: str) -> list[HttpRequest]:
        """The requests sent to exactly *url*, in order."""
        with self._lock:
            return [r for r in self.requests if r.url == url]

    def _next(self, method: str, url: str) -> Outcome:
        queue = self._script.get((method, url))
        if not queue:
            return self.default
        return queue[0] if len(queue) == 1 else queue.pop(0)
