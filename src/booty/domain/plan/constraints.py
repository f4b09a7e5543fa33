"""Ordering rules between steps that no data dependency expresses (spec provisioning.md §3).

Data dependencies ("``mount-root`` needs the root partition") are the ``needs``/``provides`` of the
steps themselves; this table holds the rest: safety rules and "the kernel must have re-read the
table" rules. ``features/plan/ordering.feature`` says each of them in plain words.

Rules of this file:

1. A row binds only when both steps run; a pipeline without one of them is not constrained by it.
2. Every row says why, in words an operator understands, because the reason is what
   ``check_plan`` prints when the rule is broken.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Constraint:
    """``before`` must run earlier than ``after`` whenever both run."""

    before: str
    after: str
    why: str


STEP_CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint("stream-image", "partprobe", "the kernel must re-read the table the image just wrote"),  # §3.2
    Constraint("check-filesystem", "mount-root", "e2fsck repairs only an unmounted filesystem"),  # §3.4
    Constraint("enable-lvm", "mount-root", "a root on LVM has no device node before activation"),  # §3.5
    Constraint("remove-efi-entries", "create-efi-boot-entry", "the new entry would be removed"),  # §3.10
    Constraint("stop-raid", "wipe-disks", "RAID members are busy and keep their signatures"),  # §3.14
    Constraint("disable-lvm", "wipe-disks", "LVM members are busy and keep their signatures"),  # §3.14
    Constraint("stop-raid", "secure-erase-disks", "RAID members are busy"),  # §3.14
    Constraint("disable-lvm", "secure-erase-disks", "LVM members are busy"),  # §3.14
    Constraint("wipe-disks", "stream-image", "the wipe would destroy the image"),  # §3.15
    # booty: v0.0.1 wiped every disk first and only then found out there was no usable target.
    Constraint("detect-disk", "wipe-disks", "a missing target disk must fail the run before any wipe"),
    Constraint("copy-machine-files", "run-post-provision-cmds", "commands may use the machine files"),  # §3.9
    Constraint("run-machine-commands", "run-post-provision-cmds", "post-provision commands come last"),
    # booty: success means the installed root is unmounted and consistent on disk.
    Constraint("teardown-chroot", "report-success", "success is reported only for a clean disk"),
    Constraint("unmount-root", "report-success", "success is reported only for a clean disk"),
    Constraint("kexec", "reboot", "reboot is the fallback when kexec is skipped or fails"),
)
"""The ordering table; needs/provides and the phase order cover every other rule."""
