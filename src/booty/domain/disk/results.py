"""What the disk operations report back: plain values a step logs, reports and asserts on.

The use cases in ``booty.app.disk`` return these; nothing here runs anything.
"""

from __future__ import annotations

import enum

import attrs

from booty.domain.disk.filesystem import FsckVerdict, FsType
from booty.domain.disk.layout import GrowPlan
from booty.domain.disk.lvm import VgRef
from booty.domain.system import Mount


@attrs.frozen
class RaidStopResult:
    """The md arrays stopped because a member sat on an approved disk."""

    stopped: tuple[str, ...]
    """Array nodes, e.g. ``("/dev/md127",)``."""
    reason: str
    """``no md driver: ...``, ``no array on the approved disks`` or ``stopped 1 array(s)``."""


@attrs.frozen
class RaidCreated:
    """An array that ``mdadm --create`` made."""

    path: str
    level: int
    members: tuple[str, ...]


@attrs.frozen
class LvmResult:
    """The volume groups (de)activated because a PV sat on an approved disk."""

    volume_groups: tuple[VgRef, ...]
    activated: bool
    """True for ``enable-lvm``, False for ``disable-lvm``."""


@attrs.frozen
class WipeOutcome:
    """How one approved disk was cleared."""

    disk: str
    done: tuple[str, ...]
    """What was done, in order: ``wipefs /dev/sda1``, ``sgdisk --zap-all``, ``zeroed first 1 MiB``, ..."""
    warnings: tuple[str, ...] = ()
    """Steps that failed without making the wipe fail (sgdisk on a disk that never had a GPT)."""


class RereadMethod(enum.Enum):
    """How the kernel learnt the new partition table."""

    PARTPROBE = "partprobe"
    BLKRRPART = "BLKRRPART ioctl"


@attrs.frozen
class RereadResult:
    """The partition table re-read of one disk."""

    device: str
    method: RereadMethod
    fallback_reason: str = ""
    """Why the first method failed, when the second one was needed."""


@attrs.frozen
class GrowResult:
    """What ``grow-partition`` did to the root partition."""

    partition: str
    number: int
    plan: GrowPlan
    grown: bool
    method: str = ""
    """``growpart`` or ``sfdisk`` when grown; empty otherwise."""
    detail: str = ""
    """E.g. growpart's ``CHANGED: partition=2 start=...`` line, or why nothing changed."""


@attrs.frozen
class FsckResult:
    """A filesystem check and its verdict."""

    device: str
    fstype: FsType
    verdict: FsckVerdict


@attrs.frozen
class ResizeResult:
    """A filesystem grow (or the reason there was none)."""

    device: str
    fstype: FsType
    grown: bool
    reason: str


@attrs.frozen
class TargetRoot:
    """The mounted target root and every mount made for it, in mount order."""

    root: str
    mounts: tuple[Mount, ...]
