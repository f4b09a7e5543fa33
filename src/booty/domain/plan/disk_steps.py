"""Pre-flight, disk preparation and image install: every step up to a mounted, grown root.

Names, effects and error policies are those of spec provisioning.md §2.2 and §4 unless a comment
says otherwise. Steps booty adds to v0.0.1 are marked "new". The steps that change the installed
OS and end the run are in ``booty.domain.plan.os_steps``.

Rules of this file:

1. Nothing here uses the target root before ``mount-root`` provides it; ``check_plan`` enforces
   that a step touching the target root needs root mounted.
2. EFI boot entries are read and removed on the host, with efivarfs mounted by ``mount-efivarfs``,
   never through the chroot: v0.0.1 ran ``efibootmgr`` inside an empty ``/newroot`` (spec §3
   anomalies), and the plain ``/sys`` bind hides efivarfs from a chroot anyway.
3. A retry policy is given only where a later attempt can succeed (disks that appear late, a busy
   partition table, a flaky image server, a controller that blinks); v0.0.1 retried no step (§5.1).
"""

from __future__ import annotations

import attrs

from booty.domain.plan import conditions as when
from booty.domain.plan.step import OnError, Phase, Resource, Step
from booty.domain.retry import RetryPolicy

BEST_EFFORT = OnError.BEST_EFFORT

REPORT_RETRY = RetryPolicy(attempts=3, base_delay_s=5.0, factor=2.0, max_delay_s=30.0)
"""Status reports: each attempt already holds the controller client's own three tries (caprf §2.2);
a controller that blinks at the end of a long run must not turn a good install into an error."""
DISK_RETRY = RetryPolicy(attempts=3, base_delay_s=2.0, factor=2.0, max_delay_s=10.0)
"""Disk detection: NVMe and SAS disks can appear a few seconds after the ramdisk starts."""
PARTPROBE_RETRY = RetryPolicy(attempts=3, base_delay_s=1.0, factor=2.0, max_delay_s=5.0)
"""partprobe fails with EBUSY while udev still holds the freshly written disk."""
STREAM_RETRY = RetryPolicy(attempts=3, base_delay_s=5.0, factor=2.0, max_delay_s=60.0)
"""Image streaming restarts from offset 0; the handler does not retry a checksum mismatch."""

# -- pre-flight: report, look at the machine, change nothing --------------------------------------

REPORT_INIT = Step(
    "report-init",
    phase=Phase.PREFLIGHT,
    summary="report status init to the controller",
    retry=REPORT_RETRY,
)
COLLECT_INVENTORY = Step(
    "collect-inventory",
    phase=Phase.PREFLIGHT,
    summary="collect the hardware inventory and post it",
    when=when.INVENTORY_ENABLED,
    on_error=BEST_EFFORT,
)
COLLECT_FIRMWARE = Step(
    "collect-firmware",
    phase=Phase.PREFLIGHT,
    summary="collect firmware versions, check the minimums (log only) and post the report",
    when=when.FIRMWARE_REPORT,
)
HEALTH_CHECKS = Step(
    "health-checks",
    phase=Phase.PREFLIGHT,
    summary="run the health checks; a failed critical check stops the run before anything is wiped",
    when=when.HEALTH_CHECKS_ENABLED,
)

# -- prepare: choose the disk, release holders, clear what was there -----------------------------

DETECT_DISK = Step(
    "detect-disk",
    phase=Phase.PREPARE,
    summary="choose the target disk (DISK_DEVICE or the best local disk)",
    provides={Resource.TARGET_DISK},
    retry=DISK_RETRY,
)
STOP_RAID = Step(
    "stop-raid",
    phase=Phase.PREPARE,
    summary="stop every md RAID array (mdadm --stop --scan)",
    on_error=BEST_EFFORT,
)
DISABLE_LVM = Step(
    "disable-lvm",
    phase=Phase.PREPARE,
    summary="deactivate every LVM volume group (lvm vgchange -an)",
    on_error=BEST_EFFORT,
)
MOUNT_EFIVARFS = Step(  # new: v0.0.1 never mounted efivarfs (spec §13, [later upstream])
    "mount-efivarfs",
    phase=Phase.PREPARE,
    summary="mount efivarfs on the host so efibootmgr can read and write boot entries",
    provides={Resource.EFIVARS},
    on_error=BEST_EFFORT,  # a BIOS-booted host has none; the EFI steps then find nothing to do
)
REMOVE_EFI_ENTRIES = Step(
    "remove-efi-entries",
    phase=Phase.PREPARE,
    summary="delete the EFI boot entries of earlier installs, on the host",
    needs={Resource.EFIVARS},
    on_error=BEST_EFFORT,
    destructive=True,
)
SETUP_MELLANOX = Step(
    "setup-mellanox",
    phase=Phase.PREPARE,
    summary="set NUM_OF_VFS on every Mellanox NIC with mstconfig, on the host",
    # v0.0.1 ran mstconfig on every Mellanox host with 32 VFs by default, through a chroot into
    # the empty target root, so it never took effect (spec §3 anomalies); booty changes NIC
    # firmware only when NUM_VFS asks for it.
    when=when.NUM_VFS_SET,
    on_error=BEST_EFFORT,
    destructive=True,
)
WIPE_DISKS = Step(
    "wipe-disks",
    phase=Phase.PREPARE,
    summary="clear partition tables and signatures of every local disk (sgdisk, wipefs)",
    destructive=True,
)
SECURE_ERASE_DISKS = Step(
    "secure-erase-disks",
    phase=Phase.PREPARE,
    summary="secure-erase every local disk (nvme format, hdparm), wipefs where that fails",
    when=when.SECURE_ERASE,
    destructive=True,
)

QUICK_WIPE_DISKS = attrs.evolve(WIPE_DISKS, when=when.QUICK_WIPE)
"""wipe-disks of hard deprovision: replaced by secure-erase-disks when SECURE_ERASE is true."""

# -- install: write the image, make its root usable -----------------------------------------------

STREAM_IMAGE = Step(
    "stream-image",
    phase=Phase.INSTALL,
    summary="stream every IMAGE onto the target disk",
    needs={Resource.TARGET_DISK},
    provides={Resource.IMAGE_WRITTEN},
    retry=STREAM_RETRY,
    destructive=True,
)
PARTPROBE = Step(
    "partprobe",
    phase=Phase.INSTALL,
    summary="make the kernel re-read the target disk's partition table",
    needs={Resource.TARGET_DISK},
    provides={Resource.PARTITIONS_VISIBLE},
    retry=PARTPROBE_RETRY,
)
PARSE_PARTITIONS = Step(
    "parse-partitions",
    phase=Phase.INSTALL,
    summary="find the root partition and the EFI system partition (sfdisk --json)",
    needs={Resource.TARGET_DISK, Resource.PARTITIONS_VISIBLE},
    provides={Resource.ROOT_PARTITION, Resource.BOOT_PARTITION},
)
CHECK_FILESYSTEM = Step(
    "check-filesystem",
    phase=Phase.INSTALL,
    summary="check and repair the root filesystem while it is unmounted (e2fsck -fy)",
    needs={Resource.ROOT_PARTITION},
    on_error=BEST_EFFORT,
)
ENABLE_LVM = Step(
    "enable-lvm",
    phase=Phase.INSTALL,
    summary="activate the volume groups of the new disk (lvm vgchange -ay)",
    provides={Resource.LVM_ACTIVE},
)
MOUNT_ROOT = Step(
    "mount-root",
    phase=Phase.INSTALL,
    summary="mount the root partition at the target root",
    needs={Resource.ROOT_PARTITION},
    provides={Resource.ROOT_MOUNTED},
)
SETUP_CHROOT_BINDS = Step(
    "setup-chroot-binds",
    phase=Phase.INSTALL,
    summary="bind /dev, /proc, /sys and /run into the target root",
    needs={Resource.ROOT_MOUNTED},
    provides={Resource.CHROOT_READY},
)
GROW_PARTITION = Step(
    "grow-partition",
    phase=Phase.INSTALL,
    summary="grow the root partition to the end of the disk (growpart)",
    needs={Resource.TARGET_DISK, Resource.ROOT_PARTITION},
    provides={Resource.PARTITION_GROWN},
)
RESIZE_FILESYSTEM = Step(
    "resize-filesystem",
    phase=Phase.INSTALL,
    summary="grow the root filesystem into its partition (resize2fs, xfs_growfs, btrfs)",
    # xfs_growfs and btrfs resize work on a mounted filesystem only.
    needs={Resource.ROOT_PARTITION, Resource.PARTITION_GROWN, Resource.ROOT_MOUNTED},
)
