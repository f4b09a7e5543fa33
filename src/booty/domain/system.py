"""Values that describe the machine booty runs on: links, addresses, disks, mounts.

A first cut shared by the Netlink, BlockDevices and Host ports; later capabilities extend these
values rather than passing foreign objects (pyroute2 messages, sysfs paths) around.
"""

from __future__ import annotations

import enum
from ipaddress import IPv4Interface, IPv6Interface

import attrs

IPInterface = IPv4Interface | IPv6Interface


@attrs.frozen
class Link:
    """One network interface as the kernel reports it."""

    index: int
    name: str
    mac: str = ""
    up: bool = False
    carrier: bool = False
    mtu: int = 1500
    kind: str = ""
    """Virtual link type (``bond``, ``vlan``, ``veth``, ...); empty for physical NICs."""
    physical: bool = False
    """True when backed by a device (``/sys/class/net/<name>/device`` exists)."""


@attrs.frozen
class BlockDevice:
    """One whole disk as sysfs reports it."""

    name: str
    size_bytes: int
    removable: bool = False
    read_only: bool = False
    rotational: bool = False
    transport: str = ""
    model: str = ""
    serial: str = ""
    wwn: str = ""
    holders: tuple[str, ...] = ()
    """Devices stacked directly on the whole disk (``md127``, ``dm-0``): ``/sys/block/<n>/holders``."""
    partitions: tuple[str, ...] = ()
    partition_holders: tuple[str, ...] = ()
    """Devices stacked on one of its partitions (an LVM volume on ``sda2``, a RAID member ``sda1``)."""
    by_path: str = ""
    """The ``/dev/disk/by-path/...`` link naming this disk by its bus position, or empty."""
    mounts: tuple[Mount, ...] = ()
    """Mounts of the disk, of one of its partitions or of a device stacked on them, in mount order."""

    @property
    def path(self) -> str:
        """The device node, e.g. ``/dev/nvme0n1``."""
        return f"/dev/{self.name}"


@attrs.frozen
class Mount:
    """A mount to make (or that was made)."""

    source: str
    target: str
    fstype: str = ""
    options: tuple[str, ...] = ()
    bind: bool = False


@attrs.frozen
class KexecImage:
    """A kernel to boot into, paths on the running system."""

    kernel: str
    initrds: tuple[str, ...] = ()
    cmdline: str = ""


class FileKind(enum.Enum):
    """What a path is, without following a symlink at its end."""

    FILE = "file"
    DIRECTORY = "directory"
    SYMLINK = "symlink"
    OTHER = "other"
    """A device node, socket or FIFO."""


@attrs.frozen
class FileInfo:
    """What ``Host.stat`` tells about one path (lstat: a symlink is described, not followed)."""

    kind: FileKind
    mode: int = 0o644
    """Permission bits only (``st_mode & 0o7777``)."""
    size: int = 0
