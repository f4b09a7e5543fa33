"""The http(s) source: a URL (or an OCI blob URL) streamed through the Http port, resumed with Range
requests when its body breaks, checked at the end against its length and (OCI) its digest.

``booty.domain.stream.resume`` decides what an answer means and what to do after a failure; this
module carries it out: it counts failures without progress, sleeps through the Clock port, asks for
``Range: bytes=<received>-`` guarded by ``If-Range``, and raises ``RestartFromZero`` when the server
cannot continue where the body broke.
"""

from __future__ import annotations

import hashlib
import logging

import attrs

from booty.app.streaming.signals import RestartFromZero
from booty.domain.errors import (
    BlobDigestMismatch,
    HttpRequestInvalid,
    HttpTransportError,
    ImageNotFound,
    SourceFailed,
    SourceRefused,
    StreamTruncated,
)
from booty.domain.http import HttpRequest
from booty.domain.retry import parse_retry_after
from booty.domain.stream.plan import StreamTuning
from booty.domain.stream.resume import Answer, NextStep, classify_answer, decide_resume, range_validator
from booty.ports.clock import Clock
from booty.ports.http import Http, HttpStream

log = logging.getLogger("booty.stream")


@attrs.define
class HttpSource:
    """An http(s) URL (or an OCI blob URL), resumed with Range requests when its body breaks."""

    http: Http
    clock: Clock
    url: str
    shown: str
    tuning: StreamTuning
    headers: tuple[tuple[str, str], ...] = ()
    expected_digest: str = ""
    """``algo:hex`` the received bytes must hash to (an OCI blob)."""
    expected_size: int = -1
    received: int = 0
    resumes: int = 0
    _stream: HttpStream | None = None
    _length: int | None = None
    _accepts: bool = False
    _validator: str = ""
    _failures: int = 0
    _mark: int = 0
    _hash: hashlib._Hash | None = None

    @property
    def length(self) -> int | None:
        """The size the server announced."""
        return self._length

    @property
    def digest(self) -> str:
        """The blob digest, once verified."""
        return self.expected_digest

    def start(self) -> None:
        """Open from byte 0, retrying connection failures and 5xx as the policy allows."""
        self.close()
        self.received, self._mark, self._length, self._validator = 0, 0, None, ""
        if self.expected_digest:
            self._hash = hashlib.new(self.expected_digest.partition(":")[0])
        self._connect(0)

    def fill(self, buffer: memoryview) -> int:
        """Fill *buffer*, resuming over broken connections."""
        filled = 0
        while filled < len(buffer) and self._stream is not None:
            try:
                count = self._stream.readinto(buffer[filled:])
            except HttpTransportError as e:
                self._stream.close()
                self._stream = None
                self._connect(self._after_failure(str(e)))
                continue
            if not count:
                self._finish()
                break
            if self._hash is not None:
                self._hash.update(buffer[filled : filled + count])
            self.received += count
            filled += count
        return filled

    def close(self) -> None:
        """Drop the connection."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def _connect(self, offset: int) -> None:
        while True:
            request = HttpRequest(
                "GET", self.url, headers=self._headers(offset), timeout_s=self.tuning.connect_timeout_s
            )
            try:
                stream = self.http.open(request, offset=offset, stall_timeout_s=self.tuning.stall_timeout_s)
            except HttpRequestInvalid as e:
                raise SourceFailed(self.shown, str(e)) from e
            except HttpTransportError as e:
                offset = self._after_failure(str(e))
                continue
            answer = classify_answer(stream.status, offset=offset)
            if answer in (Answer.STREAM, Answer.RESUMED):
                self._accept(stream, resumed=answer is Answer.RESUMED)
                self.resumes += answer is Answer.RESUMED
                return
            stream.close()
            self._refuse(answer, stream, offset)
            offset = self._after_failure(
                f"HTTP {stream.status}", retry_after_s=parse_retry_after(_header(stream, "Retry-After"))
            )

    def _accept(self, stream: HttpStream, *, resumed: bool) -> None:
        if resumed and self._length is not None and stream.length not in (None, self._length):
            stream.close()
            raise RestartFromZero(
                f"the image changed on the server (size {self._length}, now {stream.length})"
            )
        if not resumed:
            self._length = stream.length
            self._accepts = stream.accepts_ranges
            self._validator = range_validator(
                etag=_header(stream, "ETag"), last_modified=_header(stream, "Last-Modified")
            )
        self._stream = stream

    def _refuse(self, answer: Answer, stream: HttpStream, offset: int) -> None:
        if answer is Answer.RESTART:
            raise RestartFromZero("the server answered a range request with the whole image")
        if answer is Answer.NOT_FOUND:
            raise ImageNotFound(self.shown, status=stream.status)
        if answer is Answer.REFUSED and stream.status == 416 and offset:
            raise StreamTruncated(self.shown, received=offset, expected=self._length or offset)
        if answer is Answer.REFUSED:
            raise SourceRefused(self.shown, status=stream.status)

    def _after_failure(self, cause: str, *, retry_after_s: float | None = None) -> int:
        """Count the failure, decide, log, wait; returns the offset to ask for next."""
        if self.received > self._mark:
            self._failures, self._mark = 0, self.received
        self._failures += 1
        decision = decide_resume(
            received=self.received,
            accepts_ranges=self._accepts,
            failures=self._failures,
            policy=self.tuning.retry,
            retry_after_s=retry_after_s,
        )
        if decision.step is NextStep.GIVE_UP:
            raise SourceFailed(self.shown, f"{cause}; {decision.reason}")
        if decision.step is NextStep.RESTART:
            raise RestartFromZero(f"{cause}; {decision.reason}", delay_s=decision.delay_s)
        log.warning(
            "Image stream interrupted",
            extra={
                "source": self.shown,
                "received": self.received,
                "error": cause,
                "next": decision.reason,
                "delay_s": decision.delay_s,
                "attempt": self._failures + 1,
            },
        )
        self.clock.sleep(decision.delay_s)
        return decision.offset

    def _headers(self, offset: int) -> tuple[tuple[str, str], ...]:
        if offset and self._validator:
            return (*self.headers, ("If-Range", self._validator))
        return self.headers

    def _finish(self) -> None:
        self.close()
        if self._length is not None and self.received != self._length:
            raise StreamTruncated(self.shown, received=self.received, expected=self._length)
        if self.expected_size >= 0 and self.received != self.expected_size:
            raise StreamTruncated(self.shown, received=self.received, expected=self.expected_size)
        if self._hash is not None:
            algorithm, _, want = self.expected_digest.partition(":")
            got = self._hash.hexdigest()
            if got != want:
                raise BlobDigestMismatch(
                    self.shown, what="blob", got=f"{algorithm}:{got}", want=self.expected_digest
                )


def _header(stream: HttpStream, name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in stream.headers if k.lower() == wanted), None)
