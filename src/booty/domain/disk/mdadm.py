"""Linux software RAID, pure: ``/proc/mdstat`` read into ``MdArray`` values, arrays that sit on
approved disks, and the rules for creating an array.

Rules of this file:

1. ``/proc/mdstat`` is the kernel's own account of the arrays; it exists only when the md driver
   is in the kernel, and an absent file means "no arrays" (the caller says so).
2. booty stops only the arrays that have a member on an approved disk: v0.0.1 ran
   ``mdadm --stop --scan`` and stopped every array of the machine (spec disk-and-image.md §2.2),
   which rewrites the superblocks of disks it had not chosen.
3. A new array needs as many members as its level does (mdadm's own minimums: RAID 0, 1 and 10
   two, RAID 5 three, RAID 6 four); v0.0.1 checked only "at least 2" (spec §2.3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from booty.domain.errors import RaidSpecInvalid

RAID_MIN_MEMBERS: dict[int, int] = {0: 2, 1: 2, 5: 3, 6: 4, 10: 2}
"""The RAID levels booty creates, with the fewest members each needs."""

_ARRAY = re.compile(r"^(?P<name>\S+)\s*:\s*(?P<state>active|inactive)\s+(?P<rest>.*)$")
_MEMBER = re.compile(r"^(?P<name>[^\[\s]+)\[(?P<slot>\d+)\](?P<flags>(\([A-Z]\))*)$")
_BLOCKS = re.compile(r"^\s*(?P<blocks>\d+)\s+blocks")
_HEALTH = re.compile(r"\[(?P<total>\d+)/(?P<up>\d+)\]")


@attrs.frozen
class MdMember:
    """One component device of an array."""

    name: str
    """Kernel name: ``sda1``, ``nvme0n1p2``, ``loop0``."""
    slot: int
    flags: tuple[str, ...] = ()
    """``F`` failed, ``S`` spare, ``W`` write-mostly, ``R`` replacement."""


@attrs.frozen
class MdArray:
    """One md array of ``/proc/mdstat``."""

    name: str
    """Kernel name, e.g. ``md127``."""
    active: bool
    level: str = ""
    """``raid1``, ``raid5``, ``raid0``, ...; empty for an inactive array that never started."""
    members: tuple[MdMember, ...] = ()
    blocks: int = 0
    """Size in 1 KiB blocks."""
    read_only: bool = False
    degraded: bool = False
    """Fewer members are up than the array has slots (``[4/3]``)."""

    @property
    def path(self) -> str:
        """The array's node, e.g. ``/dev/md127``."""
        return f"/dev/{self.name}"


def parse_mdstat(text: str) -> tuple[MdArray, ...]:
    """Every array of *text* (``/proc/mdstat``), in file order."""
    arrays: list[MdArray] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _ARRAY.match(line)
        if match is None:
            continue
        detail = lines[i + 1] if i + 1 < len(lines) else ""
        arrays.append(_array(match, detail))
    return tuple(arrays)


def _array(match: re.Match[str], detail: str) -> MdArray:
    words = match["rest"].split()
    notes = [w for w in words if w.startswith("(") and w.endswith(")")]
    words = [w for w in words if w not in notes]
    read_only = any("read-only" in n for n in notes)
    level = words[0] if words and "[" not in words[0] else ""
    members = tuple(m for m in (_member(w) for w in words) if m is not None)
    blocks = _BLOCKS.match(detail)
    health = _HEALTH.search(detail)
    return MdArray(
        name=match["name"],
        active=match["state"] == "active",
        level=level,
        members=tuple(sorted(members, key=lambda m: m.slot)),
        blocks=int(blocks["blocks"]) if blocks else 0,
        read_only=read_only,
        degraded=health is not None and int(health["up"]) < int(health["total"]),
    )


def _member(word: str) -> MdMember | None:
    match = _MEMBER.match(word)
    if match is None:
        return None
    flags = tuple(f.strip("()") for f in re.findall(r"\([A-Z]\)", match["flags"]))
    return MdMember(match["name"], int(match["slot"]), flags)


def arrays_on(arrays: Iterable[MdArray], names: Iterable[str]) -> tuple[MdArray, ...]:
    """The *arrays* with a member among the kernel device *names* (disks and their partitions)."""
    wanted = frozenset(names)
    return tuple(a for a in arrays if any(m.name in wanted for m in a.members))


@attrs.frozen
class RaidSpec:
    """An array to create: ``/dev/md/<name>`` at *level* over *members*."""

    name: str
    level: int
    members: tuple[str, ...]

    @property
    def path(self) -> str:
        """The node mdadm creates: ``/dev/md/<name>`` (``/dev/md0`` when the name is ``md0``)."""
        return f"/dev/{self.name}" if re.fullmatch(r"md\d+", self.name) else f"/dev/md/{self.name}"


def plan_raid(name: str, level: int, members: Sequence[str]) -> RaidSpec:
    """A checked array specification.

    Raises:
        RaidSpecInvalid: the name is empty or has a slash, the level is not 0/1/5/6/10, a member
            is given twice, or there are fewer members than the level needs (the spec's text
            ``RAID requires at least 2 devices, got 1``).
    """
    if not name or "/" in name or name.startswith("."):
        raise RaidSpecInvalid(f"invalid RAID array name {name!r}")
    if level not in RAID_MIN_MEMBERS:
        raise RaidSpecInvalid(f"unsupported RAID level {level} (booty creates {sorted(RAID_MIN_MEMBERS)})")
    if len(set(members)) != len(members):
        raise RaidSpecInvalid(f"a RAID member is listed twice: {', '.join(members)}")
    if len(members) < 2:
        raise RaidSpecInvalid(f"RAID requires at least 2 devices, got {len(members)}")
    needed = RAID_MIN_MEMBERS[level]
    if len(members) < needed:
        raise RaidSpecInvalid(f"RAID {level} requires at least {needed} devices, got {len(members)}")
    return RaidSpec(name, level, tuple(members))
