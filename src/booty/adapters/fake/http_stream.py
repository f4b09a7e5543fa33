"""Streamed answers of ``FakeHttp``: a resource served with Range support and scripted faults.

``FakeResource`` is one URL's content. Each ``open`` of it consumes the next fault of its script (a
status, a refused connection, a connection dropped or stalled after some bytes); once the script is
used up it serves cleanly. Like the real adapter, a body that ends before its announced length raises
``HttpTransportError`` instead of ending cleanly, a stall raises it too (after advancing the fake
clock by the stall timeout), and a 206 starts exactly at the asked offset.

``served`` counts the body bytes handed out, so a test can assert that a resume fetched only the rest.
"""

from __future__ import annotations

import attrs

from booty.adapters.fake.clock import FakeClock
from booty.domain.errors import HttpTransportError


@attrs.frozen
class Status:
    """Answer this status (with a short body) instead of the content."""

    code: int
    retry_after: str | None = None


@attrs.frozen
class Refuse:
    """No response at all: the connection is refused."""


@attrs.frozen
class DropAfter:
    """Serve *count* body bytes of this response, then the connection resets."""

    count: int


@attrs.frozen
class StallAfter:
    """Serve *count* body bytes, then nothing more: the stall timeout fires."""

    count: int


Fault = Status | Refuse | DropAfter | StallAfter


@attrs.define
class FakeResource:
    """One URL's content, how it is served, and what was asked of it."""

    body: bytes
    faults: list[Fault] = attrs.field(factory=list)
    ranges: bool = True
    """Honour ``Range`` (206) and say ``Accept-Ranges: bytes``; False: always 200 from byte 0."""
    etag: str = '"booty-fake"'
    announced_length: int | None = None
    """Content-Length to announce instead of the real length (more: a truncated body)."""
    bytes_per_s: float | None = None
    """Simulated bandwidth: each read advances the fake clock (None: instant)."""
    served: int = 0
    """Body bytes handed out, over every response."""
    offsets: list[int] = attrs.field(factory=list)
    """The offset each ``open`` asked for, in order."""

    def next_fault(self) -> Fault | None:
        """Consume the next scripted fault."""
        return self.faults.pop(0) if self.faults else None


@attrs.define
class FakeHttpStream:
    """An ``HttpStream`` over a byte string, with an optional fault after some bytes."""

    url: str
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    offset: int = 0
    length: int | None = None
    accepts_ranges: bool = False
    expected: int | None = None
    """Body bytes announced (Content-Length): ending before that raises like a dropped connection."""
    fault: DropAfter | StallAfter | None = None
    stall_timeout_s: float = 60.0
    clock: FakeClock | None = None
    resource: FakeResource | None = None
    position: int = 0
    closed: bool = False

    def readinto(self, buffer: memoryview) -> int:
        """Copy the next bytes; raise as the real adapter does when the fault's budget is spent."""
        if self.closed:
            return 0
        budget = len(self.body) - self.position
        if self.fault is not None:
            budget = min(budget, self.fault.count - self.position)
        count = min(len(buffer), max(0, budget))
        if count == 0:
            return self._at_end()
        buffer[:count] = self.body[self.position : self.position + count]
        self.position += count
        if self.resource is not None:
            self.resource.served += count
            if self.resource.bytes_per_s and self.clock is not None:
                self.clock.advance(count / self.resource.bytes_per_s)
        return count

    def _at_end(self) -> int:
        if isinstance(self.fault, DropAfter) and self.position < len(self.body):
            raise self._error(f"connection reset by the server (after {self.position} bytes of the body)")
        if isinstance(self.fault, StallAfter) and self.position < len(self.body):
            if self.clock is not None:
                self.clock.advance(self.stall_timeout_s)
            raise self._error(
                f"stalled: no data for {self.stall_timeout_s:g} s (after {self.position} bytes of the body)"
            )
        if self.expected is not None and self.position < self.expected:
            raise self._error(f"connection closed after {self.position} of {self.expected} bytes")
        self.closed = True
        return 0

    def close(self) -> None:
        """Idempotent."""
        self.closed = True

    def _error(self, cause: str) -> HttpTransportError:
        self.closed = True
        return HttpTransportError(f"GET {self.url}: {cause}", url=self.url)


def open_resource(
    resource: FakeResource,
    url: str,
    *,
    offset: int,
    if_range: str | None,
    stall_timeout_s: float,
    clock: FakeClock | None,
) -> FakeHttpStream:
    """The answer to a GET of *resource* from *offset*, after its next scripted fault."""
    resource.offsets.append(offset)
    fault = resource.next_fault()
    if isinstance(fault, Refuse):
        raise HttpTransportError(f"GET {url}: connection refused", url=url)
    if isinstance(fault, Status):
        extra = (("Retry-After", fault.retry_after),) if fault.retry_after else ()
        text = f"status {fault.code}".encode()
        return FakeHttpStream(url, fault.code, text, extra, length=len(text))
    total = resource.announced_length if resource.announced_length is not None else len(resource.body)
    ranged = resource.ranges and offset > 0 and (if_range is None or if_range == resource.etag)
    start = offset if ranged else 0
    if ranged and start >= len(resource.body):  # the server knows the real size, whatever it announced
        text = b"range not satisfiable"
        return FakeHttpStream(url, 416, text, (("Content-Range", f"bytes */{total}"),), length=len(text))
    headers = [("ETag", resource.etag), ("Content-Length", str(total - start))]
    if resource.ranges:
        headers.append(("Accept-Ranges", "bytes"))
    if ranged:
        headers.append(("Content-Range", f"bytes {start}-{total - 1}/{total}"))
    return FakeHttpStream(
        url,
        206 if ranged else 200,
        resource.body[start:],
        tuple(headers),
        offset=start,
        length=total,
        accepts_ranges=resource.ranges,
        expected=total - start,
        fault=fault,
        stall_timeout_s=stall_timeout_s,
        clock=clock,
        resource=resource,
    )
