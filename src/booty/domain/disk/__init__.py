"""Disks as booty reasons about them: facts, safety rules, the target-disk choice with reasons.

``choose_target_disk`` takes ``BlockDevice`` values (read by the ``BlockDevices`` port) and returns a
``DiskChoice`` that names the chosen disk and says, for every other disk, why it lost. Nothing here
reads sysfs: the adapter does, and hands the facts in.
"""

from booty.domain.disk.facts import GIB, VIRTUAL_PREFIXES, is_nvme, size_gib, virtual_kind
from booty.domain.disk.hints import HINT_KEYS, NO_HINTS, RootDeviceHints, SizeHint, parse_root_device_hints
from booty.domain.disk.mounts import kernel_name, mounts_of, parse_proc_mounts
from booty.domain.disk.select import Basis, DiskChoice, choose_target_disk, rejection_reason
from booty.domain.system import BlockDevice

__all__ = [
    "GIB",
    "HINT_KEYS",
    "NO_HINTS",
    "VIRTUAL_PREFIXES",
    "Basis",
    "BlockDevice",
    "DiskChoice",
    "RootDeviceHints",
    "SizeHint",
    "choose_target_disk",
    "is_nvme",
    "kernel_name",
    "mounts_of",
    "parse_proc_mounts",
    "parse_root_device_hints",
    "rejection_reason",
    "size_gib",
    "virtual_kind",
]
