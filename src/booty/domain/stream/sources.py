"""IMAGE alternatives: their order, and whether a failure hands over to the next one.

Departs from v0.0.1 (spec disk-and-image.md §3.1), which streamed every URL in turn over the same
disk: the entries are *alternatives* (mirrors), tried in order until one delivers the whole image.
Only one image ever ends up on the disk; a later mirror is only ever written over the remains of a
failed attempt, from byte 0.

A failure of the source (not found, refused, truncated, corrupt, wrong checksum, unreachable after
its retries) hands over to the next alternative. A failure of the target (cannot open, write or sync
the disk) stops at once: another mirror cannot fix a broken disk.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs

from booty.domain.image import ImageRef, parse_image_ref


class FailureSide(enum.Enum):
    """Whose fault a failure is."""

    SOURCE = "source"
    TARGET = "target"


@attrs.frozen
class HandOver:
    """After a failure: which alternative to try next (None: stop), and why."""

    next_index: int | None
    reason: str


def plan_sources(urls: Sequence[str]) -> tuple[ImageRef, ...]:
    """Parse every IMAGE entry, in order.

    Raises:
        ValueError: an entry is not an http(s), oci or file reference; the message names it
            (credentials masked) and its position.
    """
    refs = []
    for index, url in enumerate(urls, start=1):
        try:
            refs.append(parse_image_ref(url))
        except ValueError as e:
            raise ValueError(f"IMAGE entry {index}: {e}") from None
    return tuple(refs)


def decide_hand_over(side: FailureSide, *, index: int, count: int) -> HandOver:
    """After alternative *index* (0-based) of *count* failed on *side*, what comes next."""
    if side is FailureSide.TARGET:
        return HandOver(None, "the target failed: another image source cannot help")
    if index + 1 < count:
        return HandOver(index + 1, f"handing over to image source {index + 2} of {count}")
    return HandOver(None, "no image source left" if count > 1 else "it was the only image source")
