"""Configuring the installed OS, and ending the run: report, flush the logs, kexec or reboot.

Names, effects and error policies are those of spec provisioning.md §2.2 and §4 unless a comment
says otherwise. Steps booty adds to v0.0.1 are marked "new".

Rules of this file:

1. Every step that reads or writes under the target root needs root mounted, and every step that
   runs a command inside the installed OS needs chroot ready (``check_plan`` enforces both).
2. The run ends in this order: boot entry read while the root is mounted, root unmounted, success
   reported, logs flushed, then kexec or reboot. v0.0.1 read the boot entry after the unmount, so
   kexec never happened after a good run, and rebooted with log records still queued (spec §6.3).
3. ``create-efi-boot-entry`` runs ``efibootmgr`` on the host, like ``remove-efi-entries``.
"""

from __future__ import annotations

from booty.domain.plan import conditions as when
from booty.domain.plan.disk_steps import REPORT_RETRY
from booty.domain.plan.step import OnError, Phase, Resource, Step

BEST_EFFORT = OnError.BEST_EFFORT

# -- configure: change the installed OS ------------------------------------------------------------
# set-hostname, copy-provisioner-files and configure-dns were steps 5-7 in v0.0.1, before the root
# was mounted: their files landed in the ramdisk and were hidden by the mount (spec §3 anomalies).

SET_HOSTNAME = Step(
    "set-hostname",
    phase=Phase.CONFIGURE,
    summary="write HOSTNAME to <root>/etc/hostname",
    needs={Resource.ROOT_MOUNTED},
    when=when.HOSTNAME_SET,
    touches_target_root=True,
)
COPY_PROVISIONER_FILES = Step(
    "copy-provisioner-files",
    phase=Phase.CONFIGURE,
    summary="copy /deploy/file-system/ into the target root",
    needs={Resource.ROOT_MOUNTED},
    touches_target_root=True,
)
CONFIGURE_DNS = Step(
    "configure-dns",
    phase=Phase.CONFIGURE,
    summary="write dns_resolver (or the DHCP-learned resolvers) to <root>/etc/resolv.conf",
    needs={Resource.ROOT_MOUNTED},
    # v0.0.1 skipped it with dns_resolver empty; a DHCP-configured machine then booted with the
    # image's resolv.conf. With neither, the handler writes nothing and says so.
    when=when.DNS_RESOLVERS,
    touches_target_root=True,
)
CONFIGURE_KUBELET = Step(
    "configure-kubelet",
    phase=Phase.CONFIGURE,
    summary="write kubelet drop-ins for PROVIDER_ID and the topology labels",
    needs={Resource.ROOT_MOUNTED},
    touches_target_root=True,
)
CONFIGURE_GRUB = Step(
    "configure-grub",
    phase=Phase.CONFIGURE,
    summary="write the GRUB kernel parameters and run update-grub in the chroot",
    needs={Resource.ROOT_MOUNTED, Resource.CHROOT_READY},
    provides={Resource.BOOT_MENU},
    touches_target_root=True,
    in_chroot=True,
)
COPY_MACHINE_FILES = Step(
    "copy-machine-files",
    phase=Phase.CONFIGURE,
    summary="copy /deploy/machine-files/ into the target root",
    needs={Resource.ROOT_MOUNTED},
    provides={Resource.MACHINE_FILES},
    touches_target_root=True,
)
RUN_MACHINE_COMMANDS = Step(
    "run-machine-commands",
    phase=Phase.CONFIGURE,
    summary="run each file of /deploy/machine-commands/ in the chroot",
    needs={Resource.ROOT_MOUNTED, Resource.CHROOT_READY, Resource.MACHINE_FILES},
    touches_target_root=True,
    in_chroot=True,
)
RUN_POST_PROVISION_CMDS = Step(
    "run-post-provision-cmds",
    phase=Phase.CONFIGURE,
    summary="run each POST_PROVISION_CMDS entry in the chroot",
    needs={Resource.ROOT_MOUNTED, Resource.CHROOT_READY, Resource.MACHINE_FILES},
    when=when.POST_PROVISION_CMDS_SET,
    touches_target_root=True,
    in_chroot=True,
)
CREATE_EFI_BOOT_ENTRY = Step(
    "create-efi-boot-entry",
    phase=Phase.CONFIGURE,
    summary="create the EFI boot entry for the installed OS, on the host",
    # Reads <root>/boot/efi to choose shim or grub as the loader.
    needs={Resource.TARGET_DISK, Resource.BOOT_PARTITION, Resource.ROOT_MOUNTED, Resource.EFIVARS},
    touches_target_root=True,
)
LOAD_KEXEC = Step(  # new: v0.0.1 read grub.cfg after teardown-chroot had unmounted it (spec §6.3)
    "load-kexec",
    phase=Phase.CONFIGURE,
    summary="read the default boot entry of the installed OS and load its kernel for kexec",
    # Skipped at run time too when setup-mellanox changed NIC firmware (a cold reboot is needed).
    needs={Resource.ROOT_MOUNTED, Resource.BOOT_MENU},
    provides={Resource.KEXEC_LOADED},
    when=when.KEXEC_ENABLED,
    on_error=BEST_EFFORT,  # no entry or a refused kernel: reboot instead
    touches_target_root=True,
)
DISABLE_GRUB_CONFIG = Step(  # v0.0.1 did this inside its one "soft-deprovision" step (spec §4)
    "disable-grub-config",
    phase=Phase.CONFIGURE,
    summary="rename <root>/boot/grub/grub.cfg to grub.cfg.bak so the installed OS no longer boots",
    needs={Resource.ROOT_MOUNTED},
    destructive=True,
    touches_target_root=True,
)

# -- finish: unmount, report, flush ----------------------------------------------------------------

TEARDOWN_CHROOT = Step(
    "teardown-chroot",
    phase=Phase.FINISH,
    summary="unmount the chroot binds (run, sys, proc, dev), then the target root",
    needs={Resource.ROOT_MOUNTED, Resource.CHROOT_READY},
    releases={Resource.ROOT_MOUNTED, Resource.CHROOT_READY},
)
UNMOUNT_ROOT = Step(
    "unmount-root",
    phase=Phase.FINISH,
    summary="unmount the target root",
    needs={Resource.ROOT_MOUNTED},
    releases={Resource.ROOT_MOUNTED},
    on_error=BEST_EFFORT,
)
REPORT_SUCCESS = Step(
    "report-success",
    phase=Phase.FINISH,
    summary="report status success to the controller",
    provides={Resource.OUTCOME_REPORTED},
    retry=REPORT_RETRY,
)
FLUSH_LOGS = Step(  # new: v0.0.1 rebooted with log records still queued for LOG_URL
    "flush-logs",
    phase=Phase.FINISH,
    summary="send every queued log record to LOG_URL",
    needs={Resource.OUTCOME_REPORTED},
    provides={Resource.LOGS_FLUSHED},
    on_error=BEST_EFFORT,
)

# -- boot: leave the ramdisk -----------------------------------------------------------------------
# new: in v0.0.1 kexec and reboot were not steps but code in main after the pipeline (spec §1.2).

KEXEC = Step(
    "kexec",
    phase=Phase.BOOT,
    summary="boot the loaded kernel of the installed OS",
    needs={Resource.KEXEC_LOADED, Resource.LOGS_FLUSHED},
    when=when.KEXEC_ENABLED,
    on_error=BEST_EFFORT,  # nothing loaded, or the kernel refused: reboot
)
REBOOT = Step(
    "reboot",
    phase=Phase.BOOT,
    summary="reboot the machine (reached when kexec is disabled, skipped or failed)",
    needs={Resource.LOGS_FLUSHED},
)
