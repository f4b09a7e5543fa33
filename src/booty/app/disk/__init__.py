"""Disk operation use cases: RAID, LVM, wipe, secure erase, partition re-read and reading, root
growth, filesystem check and grow, the target root with its chroot binds.

Each function takes the ports it needs and domain values (destructive ones an ``ApprovedDisk`` or
``ApprovedTargets``, never a path) and returns a value from ``booty.domain.disk.results`` or
``booty.domain.disk.erase``; a failed tool becomes ``DiskCommandFailed`` with its command, exit
code and stderr. They log on ``booty.disk``.
"""

from __future__ import annotations

from booty.app.disk.chroot import mount_root, setup_chroot_binds, target_root, teardown_chroot, unmount_all
from booty.app.disk.erase import new_password, secure_erase_disks
from booty.app.disk.filesystem import check_filesystem, probe_filesystem, resize_filesystem
from booty.app.disk.lvm import activate_lvm, deactivate_lvm
from booty.app.disk.partitions import grow_root_partition, read_partition_table, reread_partitions
from booty.app.disk.raid import create_raid, stop_raid
from booty.app.disk.selection import choose_named_disk, is_lab_loop_device
from booty.app.disk.wipe import wipe_disk, wipe_disks

__all__ = [
    "activate_lvm",
    "check_filesystem",
    "choose_named_disk",
    "create_raid",
    "deactivate_lvm",
    "grow_root_partition",
    "is_lab_loop_device",
    "mount_root",
    "new_password",
    "probe_filesystem",
    "read_partition_table",
    "reread_partitions",
    "resize_filesystem",
    "secure_erase_disks",
    "setup_chroot_binds",
    "stop_raid",
    "target_root",
    "teardown_chroot",
    "unmount_all",
    "wipe_disk",
    "wipe_disks",
]
