"""Streaming an image onto a disk, as pure values and decisions (spec disk-and-image.md §3).

The app runs the pipeline (threads, buffers, ports); this package decides: which alternative next
(``sources``), what an HTTP answer means and how to resume (``resume``), whether the digest matches
(``checksum``), progress arithmetic (``progress``), which OCI layer is the disk (``oci``), whether a
zstd stream is complete (``zstd_frames``), the legacy upload framing (``upload``), and the plan and
result values (``plan``).
"""

from booty.domain.stream.checksum import (
    DigestCheck,
    ExpectedDigest,
    check_digest,
    expected_from_config,
    parse_expected_digest,
)
from booty.domain.stream.plan import (
    ALIGNMENT,
    StreamPlan,
    StreamResult,
    StreamTuning,
    plan_stream,
    refusal_for,
)
from booty.domain.stream.progress import Progress, describe_progress, format_bytes, progress_due
from booty.domain.stream.resume import (
    Answer,
    ContentRange,
    NextStep,
    ResumeDecision,
    classify_answer,
    decide_resume,
    parse_content_range,
    range_validator,
)
from booty.domain.stream.sources import FailureSide, HandOver, decide_hand_over, plan_sources

__all__ = [
    "ALIGNMENT",
    "Answer",
    "ContentRange",
    "DigestCheck",
    "ExpectedDigest",
    "FailureSide",
    "HandOver",
    "NextStep",
    "Progress",
    "ResumeDecision",
    "StreamPlan",
    "StreamResult",
    "StreamTuning",
    "check_digest",
    "classify_answer",
    "decide_hand_over",
    "decide_resume",
    "describe_progress",
    "expected_from_config",
    "format_bytes",
    "parse_content_range",
    "parse_expected_digest",
    "plan_sources",
    "plan_stream",
    "progress_due",
    "range_validator",
    "refusal_for",
]
