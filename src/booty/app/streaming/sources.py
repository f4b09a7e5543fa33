"""The reading end of the pipeline: http(s), oci:// and file:// sources that fill whole buffers.

A source ``start``s (opens from byte 0, retrying as the policy allows), then ``fill``s buffers:
each call fills the buffer completely unless the image ends. The http(s) source (``http_source``)
resumes a broken body with a Range request; an ``oci://`` reference is resolved here through the
Registry port to its blob URL, then read as an http(s) source that also checks the blob's size and
digest; a ``file://`` image is read through ``BlockDevices.open_reader``.

``RestartFromZero`` asks the pipeline to start the image again from byte 0 (the server cannot resume,
or the file changed under us); every other failure is a ``SourceFailed``.
"""

from __future__ import annotations

import logging
from typing import Protocol

import attrs

from booty.app.streaming.http_source import HttpSource
from booty.app.streaming.signals import RestartFromZero
from booty.domain.errors import HttpTransportError, OciError, SourceFailed
from booty.domain.image import ImageRef, ImageScheme
from booty.domain.stream.oci import BlobLocation
from booty.domain.stream.plan import StreamTuning
from booty.ports.block import BlockDevices
from booty.ports.clock import Clock
from booty.ports.device import DeviceReader
from booty.ports.http import Http
from booty.ports.registry import Registry

log = logging.getLogger("booty.stream")


class Source(Protocol):
    """What the reader thread needs from any source."""

    shown: str
    received: int
    """Bytes received in the current attempt (resumed ranges counted once)."""
    resumes: int
    """Broken bodies continued with a Range request, over every attempt."""

    @property
    def length(self) -> int | None:
        """The source's size when known."""
        ...

    @property
    def digest(self) -> str:
        """The digest verified at the end (OCI blobs), else ``""``."""
        ...

    def start(self) -> None:
        """Open from byte 0 (again, after a restart)."""
        ...

    def fill(self, buffer: memoryview) -> int:
        """Fill *buffer*; fewer bytes only at the end of the image."""
        ...

    def close(self) -> None:
        """Release the connection or file."""
        ...


@attrs.define
class StreamPorts:
    """What streaming needs from the world."""

    http: Http
    block: BlockDevices
    clock: Clock
    registry: Registry | None = None
    """Needed for ``oci://`` sources only."""


@attrs.define
class FileSource:
    """A ``file://`` image read through ``BlockDevices.open_reader`` (never resumed: it cannot drop)."""

    block: BlockDevices
    path: str
    shown: str
    received: int = 0
    resumes: int = 0
    _reader: DeviceReader | None = None

    @property
    def length(self) -> int | None:
        """The file's size."""
        return self._reader.size if self._reader is not None else None

    @property
    def digest(self) -> str:
        """No digest of its own."""
        return ""

    def start(self) -> None:
        """Open the file from byte 0."""
        self.close()
        self.received = 0
        try:
            self._reader = self.block.open_reader(self.path)
        except OSError as e:
            raise SourceFailed(self.shown, f"cannot open {self.path}: {e.strerror or e}") from e

    def fill(self, buffer: memoryview) -> int:
        """Read until *buffer* is full or the file ends."""
        filled = 0
        while filled < len(buffer) and self._reader is not None:
            try:
                count = self._reader.readinto(buffer[filled:])
            except OSError as e:
                raise SourceFailed(self.shown, f"reading {self.path}: {e.strerror or e}") from e
            if not count:
                break
            filled += count
        self.received += filled
        return filled

    def close(self) -> None:
        """Close the file."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def open_source(ref: ImageRef, ports: StreamPorts, tuning: StreamTuning) -> Source:
    """The source for one IMAGE entry (an ``oci://`` reference is resolved here, with retries).

    Raises:
        SourceFailed: the OCI reference cannot be resolved, or no registry is wired.
    """
    if ref.scheme is ImageScheme.FILE:
        return FileSource(ports.block, ref.path, ref.redacted)
    if ref.scheme is not ImageScheme.OCI:
        return HttpSource(ports.http, ports.clock, ref.text, ref.redacted, tuning)
    if ports.registry is None:
        raise SourceFailed(ref.redacted, "oci:// images need a registry client, and none is configured")
    blob = _resolve(ref, ports.registry, ports.clock, tuning)
    log.info(
        "OCI layer chosen",
        extra={
            "source": ref.redacted,
            "digest": blob.digest,
            "size": blob.size,
            "chosen_by": blob.chosen_by,
            "title": blob.layer.title if blob.layer else "",
        },
    )
    return HttpSource(
        ports.http, ports.clock, blob.url, ref.redacted, tuning,
        headers=blob.headers, expected_digest=blob.digest, expected_size=blob.size,
    )  # fmt: skip


def _resolve(ref: ImageRef, registry: Registry, clock: Clock, tuning: StreamTuning) -> BlobLocation:
    failures = 0
    while True:
        try:
            return registry.resolve(ref)
        except OciError:
            raise
        except HttpTransportError as e:
            failures += 1
            if not tuning.retry.has_attempt_after(failures):
                raise SourceFailed(ref.redacted, f"{e}; gave up after {failures} attempts") from e
            delay = tuning.retry.delay_before(failures + 1)
            log.warning(
                "OCI registry unreachable",
                extra={"source": ref.redacted, "error": str(e), "delay_s": delay, "attempt": failures + 1},
            )
            clock.sleep(delay)


__all__ = ["FileSource", "HttpSource", "RestartFromZero", "Source", "StreamPorts", "open_source"]
