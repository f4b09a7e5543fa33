"""Which mounts keep a disk busy: ``/proc/self/mounts`` parsing and matching, pure.

The adapter reads the mounts file and the device-mapper names from sysfs; these functions turn that
text into ``Mount`` values and pick the ones that sit on a disk, one of its partitions, or a device
stacked on them (LVM, dm-crypt, md). A disk with such a mount is never a target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from booty.domain.system import Mount

_OCTAL = re.compile(r"\\([0-7]{3})")


def parse_proc_mounts(text: str) -> tuple[Mount, ...]:
    """Every mount of *text* in the ``/proc/self/mounts`` format, in file order.

    Each line is ``source target fstype options dump pass``; the kernel writes space, tab, newline
    and backslash inside a field as ``\\040``, ``\\011``, ``\\012`` and ``\\134``. Lines with fewer
    than three fields are skipped (the file is the kernel's, so they do not occur in practice).
    """
    mounts = []
    for line in text.splitlines():
        fields = [_unescape(field) for field in line.split()]
        if len(fields) < 3:
            continue
        options = tuple(fields[3].split(",")) if len(fields) > 3 else ()
        mounts.append(Mount(source=fields[0], target=fields[1], fstype=fields[2], options=options))
    return tuple(mounts)


def _unescape(field: str) -> str:
    return _OCTAL.sub(lambda m: chr(int(m[1], 8)), field)


def kernel_name(source: str, dm_names: Mapping[str, str]) -> str:
    """The kernel name of the block device a mount *source* names, or ``""`` when it is not one.

    ``/dev/sda1`` -> ``sda1``; ``/dev/mapper/vg0-root`` -> ``dm-0`` through *dm_names*, which maps
    device-mapper names (``/sys/block/dm-0/dm/name``) to kernel names; ``proc``, ``tmpfs``,
    ``overlay`` and other pseudo sources -> ``""``.
    """
    if not source.startswith("/dev/"):
        return ""
    rest = source.removeprefix("/dev/")
    if rest.startswith("mapper/"):
        return dm_names.get(rest.removeprefix("mapper/"), "")
    return rest.rsplit("/", 1)[-1]


def mounts_of(
    names: Iterable[str], mounts: Iterable[Mount], dm_names: Mapping[str, str]
) -> tuple[Mount, ...]:
    """The *mounts* whose source is one of the kernel device *names*, in mount order."""
    wanted = frozenset(names) - {""}
    return tuple(m for m in mounts if kernel_name(m.source, dm_names) in wanted)
