"""Step handlers that end a run: load-kexec, report-success, flush-logs, kexec and reboot (spec
provisioning.md §2.2 step 30, §6.3); and ``BOOT_HANDLERS``, which also holds the EFI and NIC
firmware steps of ``efi_handlers``.

The end of a run is ordered by the plan: the kexec kernel is read and loaded while the target root
is still mounted, success is reported, the logs are flushed, and only then does the machine leave
the ramdisk. Each of kexec and reboot says what it would do with ``--no-reboot`` instead of doing it.

Departures from v0.0.1 (spec §6.3, tryKexec):

* v0.0.1 read grub.cfg after teardown-chroot had unmounted the root, so a good run never kexec'ed,
  and it tried kexec after a failed run, into a half-configured system. booty loads the kernel in
  the load-kexec step (root mounted) and reaches kexec only after a reported success.
* The default entry is GRUB's (``booty.app.boot.find_default_entry``: ``set default``, saved
  entries, BLS, the RHEL 8 BLS order), not the first ``menuentry``; paths are resolved on a
  separate /boot partition too.
* A kernel that cannot be loaded is a warning and the machine reboots, as in v0.0.1; so is a
  missing kexec kernel at the kexec step.
* With NIC firmware changed, load-kexec and kexec say so and the reboot step reboots (v0.0.1's
  tryKexec logged "hard reboot required" and returned, spec §5.4).
"""

from __future__ import annotations

from booty.app.boot import find_default_entry
from booty.app.provision.context import RunContext, log
from booty.app.provision.efi_handlers import EFI_HANDLERS
from booty.app.provision.runner import StepHandler
from booty.domain.boot import resolve_kexec_image
from booty.domain.config import Mode
from booty.domain.controller import Status
from booty.domain.errors import BootyError

DEPROVISION_MODES = frozenset({Mode.DEPROVISION, Mode.SOFT_DEPROVISION})
FIRMWARE_SKIP = "NIC firmware changed: a cold reboot is needed, kexec skipped"


class NoKexecKernel(BootyError):
    """The kexec step found no loaded kernel (load-kexec failed or did not run)."""


def load_kexec(ctx: RunContext) -> str:
    """Find the installed system's default boot entry and stage its kernel for kexec.

    Raises:
        NoBootEntries: the installed system has no GRUB menu entry.
        EntryNotBootable: the entry loads no Linux kernel, or a path leaves the root.
        FileNotFoundError: the kernel or the initrd is missing.
        KexecFailed: the running kernel refused the image.
    """
    if ctx.state.firmware_changed:
        return FIRMWARE_SKIP
    host = ctx.ports.host
    found = find_default_entry(host, ctx.root)
    for warning in found.warnings:
        log.warning("GRUB configuration problem", extra={"problem": warning})
    entry = found.choice.entry
    image = resolve_kexec_image(entry, root=ctx.root, config_path=found.config)
    facts = {
        "title": entry.title,
        "kernel": image.kernel,
        "initrd": ",".join(image.initrds),
        "cmdline": image.cmdline,
        "config": found.config,
        "reason": found.choice.reason,
    }
    if ctx.options.no_reboot:
        # Loading a kernel into the machine running the tests is not wanted; check what can be.
        for path in (image.kernel, *image.initrds):
            if not host.exists(path):
                raise FileNotFoundError(f"{path}: kexec file of {entry.title!r} does not exist")
        log.info("Would load kexec kernel (--no-reboot)", extra=facts)
    else:
        host.kexec_load(image)
        log.info("Kexec kernel loaded", extra=facts)
    ctx.state.kexec_image = image
    ctx.state.kexec_title = entry.title
    return f"{entry.title}: {image.kernel}"


def report_success(ctx: RunContext) -> str:
    """Tell the controller the run is complete (its error fails the run: the controller must know)."""
    what = "deprovisioning" if ctx.config.mode in DEPROVISION_MODES else "provisioning"
    message = f"{what} complete"
    ctx.ports.controller.report_status(Status.SUCCESS, message)
    return f"status success: {message}"


def flush_logs(ctx: RunContext) -> str:
    """Send every queued log record to LOG_URL before the machine leaves the ramdisk."""
    ctx.flush_logs()
    return "queued log records sent"


def kexec(ctx: RunContext) -> str:
    """Boot the kernel load-kexec staged.

    Raises:
        NoKexecKernel: no kernel was loaded (the reboot step takes over).
        RebootFailed: the kernel refused to kexec.
    """
    if ctx.state.firmware_changed:
        return f"{FIRMWARE_SKIP}: rebooting instead"
    image = ctx.state.kexec_image
    if image is None:
        raise NoKexecKernel("no kexec kernel loaded")
    title = ctx.state.kexec_title
    if ctx.options.no_reboot:
        log.info(f"Would kexec into {title} (--no-reboot)", extra={"kernel": image.kernel})
        ctx.state.left_ramdisk = True
        return f"would kexec into {title}"
    log.info("Kexec into the installed system", extra={"title": title, "kernel": image.kernel})
    ctx.ports.host.reboot(kexec=True)  # a real kexec never returns; the fake records it
    ctx.state.left_ramdisk = True
    return f"kexec into {title}"


def reboot(ctx: RunContext) -> str:
    """Reboot the machine, unless kexec already left the ramdisk.

    Raises:
        RebootFailed: reboot(2) returned.
    """
    if ctx.state.left_ramdisk:
        return "kexec issued: no reboot needed"
    if ctx.options.no_reboot:
        log.info("Would reboot (--no-reboot)")
        ctx.state.left_ramdisk = True
        return "would reboot"
    log.info("Rebooting")
    ctx.ports.host.reboot()
    ctx.state.left_ramdisk = True
    return "reboot issued"


BOOT_HANDLERS: dict[str, StepHandler] = {
    **EFI_HANDLERS,
    "load-kexec": StepHandler(load_kexec),
    "report-success": StepHandler(report_success),
    "flush-logs": StepHandler(flush_logs),
    "kexec": StepHandler(kexec),
    "reboot": StepHandler(reboot),
}
