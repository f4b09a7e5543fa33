"""The stream-image use case as values: what to stream where (``StreamPlan``) and what happened
(``StreamResult``), plus the tuning knobs of the pipeline and the rule about which formats are written.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from booty.domain.config.model import ChecksumType
from booty.domain.disk.targets import ApprovedDisk, ImageFile
from booty.domain.image import ImageFormat, ImageRef
from booty.domain.retry import RetryPolicy
from booty.domain.stream.checksum import ExpectedDigest, expected_from_config
from booty.domain.stream.progress import DEFAULT_PROGRESS_INTERVAL_S, mb_per_s
from booty.domain.stream.resume import STREAM_RETRY
from booty.domain.stream.sources import plan_sources

MiB = 1 << 20
ALIGNMENT = 4096
"""Every write but the last starts and ends on a multiple of this (the largest common sector size)."""


def _aligned(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value <= 0 or value % ALIGNMENT:
        raise ValueError(f"{attribute.name} must be a positive multiple of {ALIGNMENT}, not {value}")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, not {value}")


@attrs.frozen
class StreamTuning:
    """How the pipeline runs. The defaults hold 32 MiB of buffers whatever the image size."""

    buffer_bytes: int = attrs.field(default=4 * MiB, validator=_aligned)
    """Size of every buffer between the stages: reads, decompressed output and writes."""
    buffers: int = attrs.field(default=3, validator=_positive)
    """Buffers per stage (received, decompressed): the bound of each queue and of the memory."""
    connect_timeout_s: float = 30.0
    """Longest wait for a connection and for the response headers."""
    stall_timeout_s: float = 60.0
    """Longest wait for the next byte of a body before the stream counts as stalled and is resumed."""
    progress_interval_s: float = DEFAULT_PROGRESS_INTERVAL_S
    retry: RetryPolicy = STREAM_RETRY
    """Per source: attempts without progress, and the backoff between them."""
    wipe_bytes: int = attrs.field(default=MiB, validator=_aligned)
    """How much of the head and the tail of the target is zeroed after a failed write."""


@attrs.frozen
class StreamPlan:
    """One image (with its alternatives) onto one target."""

    sources: tuple[ImageRef, ...]
    """IMAGE alternatives in the order they are tried."""
    target: ApprovedDisk | ImageFile
    """The disk the domain approved (or, in labs, tests and ``booty stream`` into a file, an
    ``ImageFile``) to write; never a bare path."""
    expected: ExpectedDigest | None = None
    """IMAGE_CHECKSUM: the digest the decompressed image must have; None: no check."""
    tuning: StreamTuning = StreamTuning()


def plan_stream(
    urls: Sequence[str],
    target: ApprovedDisk | ImageFile,
    *,
    checksum: str = "",
    checksum_type: ChecksumType | None = None,
    expected: ExpectedDigest | None = None,
    tuning: StreamTuning = StreamTuning(),
) -> StreamPlan:
    """Build the plan from IMAGE, IMAGE_CHECKSUM and IMAGE_CHECKSUM_TYPE (or an explicit *expected*).

    Raises:
        ValueError: an IMAGE entry does not parse, or the checksum is malformed.
    """
    digest = expected or expected_from_config(checksum, checksum_type)
    return StreamPlan(plan_sources(urls), target, digest, tuning)


QCOW2_HINT = (
    "convert it to a raw image first (qemu-img convert -O raw image.qcow2 image.raw) "
    "and serve that, compressed (zstd image.raw)"
)


def refusal_for(image_format: ImageFormat) -> str:
    """Why an image of *image_format* is not written, or ``""`` when it is.

    v0.0.1 wrote qcow2 byte for byte to the disk (spec §3.4 [bug]); booty refuses it before the
    first byte is written.
    """
    return QCOW2_HINT if image_format is ImageFormat.QCOW2 else ""


@attrs.frozen
class StreamResult:
    """What one successful stream did; logged as the final summary and returned to the caller."""

    source: str
    """The alternative that delivered the image, credentials masked."""
    target: str
    image_format: ImageFormat
    written: int
    """Decompressed bytes written to the target."""
    received: int
    """Bytes received from the source, resumed ranges counted once."""
    seconds: float
    digest: str = ""
    """``algo:hex`` of the written bytes when IMAGE_CHECKSUM asked for it (then verified)."""
    blob_digest: str = ""
    """oci: the digest of the layer blob, verified while streaming."""
    resumes: int = 0
    """Range requests that continued a broken body."""
    restarts: int = 0
    """Times the image was started again from byte 0 (server without ranges, changed file)."""
    handed_over: tuple[str, ...] = ()
    """Why each earlier alternative failed, in order."""

    @property
    def mb_per_s(self) -> float:
        """Written megabytes (10**6) per second."""
        return mb_per_s(self.written, self.seconds)
