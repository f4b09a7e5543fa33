"""The pipelines as literal tuples of steps, in the order they run; diff them against the spec.

Where the order departs from v0.0.1 (spec provisioning.md §2 and §4) the comment on the line says
why. ``check_plan`` proves each tuple against the needs of its steps and ``STEP_CONSTRAINTS``.

Rules of this file:

1. A tuple lists every step the pipeline may run; a step's ``when`` condition, not the tuple,
   decides whether it runs for a given configuration.
2. Nothing else lives here: steps are defined in ``disk_steps`` and ``os_steps``, ordering rules
   in ``constraints``.
"""

from __future__ import annotations

from booty.domain.plan import disk_steps as d
from booty.domain.plan import os_steps as o
from booty.domain.plan.step import Step

PROVISION: tuple[Step, ...] = (
    d.REPORT_INIT,
    d.COLLECT_INVENTORY,
    d.COLLECT_FIRMWARE,
    d.HEALTH_CHECKS,
    d.DETECT_DISK,  # v0.0.1: after wipe-disks; first, so a missing disk fails before any wipe
    d.STOP_RAID,
    d.DISABLE_LVM,
    d.MOUNT_EFIVARFS,  # new: efibootmgr runs on the host and needs efivarfs
    d.REMOVE_EFI_ENTRIES,  # on the host; v0.0.1 ran efibootmgr in the empty target root
    d.SETUP_MELLANOX,  # on the host, and only when NUM_VFS is set
    d.WIPE_DISKS,
    d.STREAM_IMAGE,
    d.PARTPROBE,
    d.PARSE_PARTITIONS,
    d.CHECK_FILESYSTEM,
    d.ENABLE_LVM,
    d.MOUNT_ROOT,
    d.SETUP_CHROOT_BINDS,
    d.GROW_PARTITION,
    d.RESIZE_FILESYSTEM,
    o.SET_HOSTNAME,  # v0.0.1: step 5, before the root was mounted
    o.COPY_PROVISIONER_FILES,  # v0.0.1: step 6, before the root was mounted
    o.CONFIGURE_DNS,  # v0.0.1: step 7, before the root was mounted
    o.CONFIGURE_KUBELET,
    o.CONFIGURE_GRUB,
    o.COPY_MACHINE_FILES,
    o.RUN_MACHINE_COMMANDS,
    o.RUN_POST_PROVISION_CMDS,
    o.CREATE_EFI_BOOT_ENTRY,  # on the host, like remove-efi-entries
    o.LOAD_KEXEC,  # new: reads the boot entry while the root is still mounted
    o.TEARDOWN_CHROOT,
    o.REPORT_SUCCESS,
    o.FLUSH_LOGS,  # new: every log record is out before the machine leaves the ramdisk
    o.KEXEC,  # new as a step: v0.0.1 tried kexec in main, even after a failed run
    o.REBOOT,  # new as a step: v0.0.1 rebooted from main
)
"""Provision (MODE=provision, and MODE=dry-run with every step only logged)."""

DEPROVISION_HARD: tuple[Step, ...] = (
    d.REPORT_INIT,
    # v0.0.1 ran copy-provisioner-files and configure-dns here; with no root mounted they wrote
    # into the ramdisk's empty /newroot and changed nothing on any disk, so booty drops them.
    d.STOP_RAID,
    d.DISABLE_LVM,
    d.QUICK_WIPE_DISKS,
    d.SECURE_ERASE_DISKS,
    d.MOUNT_EFIVARFS,  # new, as in PROVISION
    d.REMOVE_EFI_ENTRIES,  # on the host: v0.0.1's chroot call failed, so no entry was removed
    o.REPORT_SUCCESS,
    o.FLUSH_LOGS,
    o.REBOOT,  # never kexec after a deprovision (spec §4)
)
"""Hard deprovision (MODE=deprovision): clear every disk, or secure-erase it with SECURE_ERASE."""

DEPROVISION_SOFT: tuple[Step, ...] = (
    d.REPORT_INIT,
    # copy-provisioner-files and configure-dns dropped, as in DEPROVISION_HARD.
    # v0.0.1 ran the next five as one step named soft-deprovision (spec §4); split, each failure
    # names the part that failed.
    d.DETECT_DISK,  # honours DISK_DEVICE, which v0.0.1 ignored here and auto-detected instead
    d.PARTPROBE,
    d.PARSE_PARTITIONS,
    d.MOUNT_ROOT,
    o.DISABLE_GRUB_CONFIG,
    o.UNMOUNT_ROOT,
    o.REPORT_SUCCESS,
    o.FLUSH_LOGS,
    o.REBOOT,
)
"""Soft deprovision (MODE=soft-deprovision): keep the disk, make the installed OS unbootable."""
