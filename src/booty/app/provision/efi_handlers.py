"""Step handlers of the host's UEFI boot entries and NIC firmware: mount-efivarfs,
remove-efi-entries, create-efi-boot-entry and setup-mellanox (spec provisioning.md §2.2 steps 10,
11, 28, §5.4, §13 "EFI fixes").

Every command here runs on the host, as an argv, never in the chroot: the firmware's variables are
the host's, and the chroot's plain /sys bind does not carry efivarfs. The decisions (which entries
go, which loader a new entry starts, which PCI functions are Mellanox NICs) are the domain's
(``booty.domain.efi``, ``booty.domain.mellanox``); the handlers read, run and log.

Departures from v0.0.1:

* mount-efivarfs is new (``[later upstream]``): efibootmgr needs efivarfs, which a ramdisk does not
  always mount. It stays mounted: create-efi-boot-entry needs it near the end of the run.
* remove-efi-entries deletes every entry that starts a loader file from a disk, not the lines that
  mention "ubuntu" (which v0.0.1 never managed to delete, §3 anomalies); network entries, the
  firmware's applications and BootCurrent are kept.
* create-efi-boot-entry succeeds with nothing to do on a BIOS-booted host (v0.0.1 failed the run),
  mounts the ESP at ``<root>/boot/efi`` to look for the loader, takes the vendor directory and the
  label from the installed system's os-release (v0.0.1: always ``ubuntu``), uses the machine's
  UEFI architecture (``shimaa64.efi`` on arm64), and fails when no loader exists.
* setup-mellanox runs on the host (v0.0.1: through the chroot, so never), per PCI address, with
  ``-y``, and skips a NIC whose firmware already has the settings (see ``booty.domain.mellanox``).
"""

from __future__ import annotations

import platform
import posixpath

from booty.app.boot import read_os_release
from booty.app.provision.context import RunContext, log
from booty.app.provision.runner import StepHandler
from booty.domain.disk.layout import partition_number
from booty.domain.disk.mounts import parse_proc_mounts
from booty.domain.efi import (
    choose_loader,
    create_entry_argv,
    delete_entry_argv,
    efi_arch,
    parse_efibootmgr,
    plan_cleanup,
)
from booty.domain.errors import BootyError
from booty.domain.mellanox import already_configured, is_mellanox_nic, query_argv, set_argv
from booty.domain.system import Mount

EFI_DIR = "/sys/firmware/efi"
EFIVARS = "/sys/firmware/efi/efivars"
ESP_MOUNT = "/boot/efi"
PCI_DEVICES = "/sys/bus/pci/devices"
NOT_EFI = "not an EFI host (no /sys/firmware/efi): nothing to do"


class EfiEntriesNotRemoved(BootyError):
    """efibootmgr refused to delete one or more boot entries."""


# -- helpers ---------------------------------------------------------------------------------------


def _efi_host(ctx: RunContext) -> bool:
    return ctx.ports.host.exists(ctx.options.host_path(EFI_DIR))


def _mounted_at(ctx: RunContext, target: str, *, fstype: str = "") -> bool:
    """True when the kernel's mount table (or this run's own record) has a mount on *target*."""
    target = posixpath.normpath(target)
    known = [*ctx.state.mounts, *ctx.state.host_mounts]
    table = ctx.options.host_path("/proc/self/mounts")
    if ctx.ports.host.exists(table):
        known += parse_proc_mounts(ctx.ports.host.read_file(table).decode(errors="replace"))
    return any(posixpath.normpath(m.target) == target and (not fstype or m.fstype == fstype) for m in known)


def _machine(ctx: RunContext) -> str:
    # The kernel's own answer (kernel.arch, Linux 5.19+) when host_root holds it, so a scenario or a
    # copy of another machine's /proc can say arm64; else uname -m of the running kernel.
    arch_file = ctx.options.host_path("/proc/sys/kernel/arch")
    if ctx.ports.host.exists(arch_file):
        return ctx.ports.host.read_file(arch_file).decode(errors="replace").strip()
    return platform.machine()


# -- mount-efivarfs --------------------------------------------------------------------------------


def mount_efivarfs(ctx: RunContext) -> str:
    """Mount efivarfs on the host's /sys/firmware/efi/efivars unless it is mounted already.

    Raises:
        MountFailed: the kernel refused (the plan makes that a warning).
    """
    if not _efi_host(ctx):
        return NOT_EFI
    target = ctx.options.host_path(EFIVARS)
    if _mounted_at(ctx, target, fstype="efivarfs"):
        return f"efivarfs already mounted at {target}"
    mount = Mount("efivarfs", target, "efivarfs")
    ctx.ports.host.mount(mount)
    ctx.state.host_mounts.append(mount)
    log.info("Mounted efivarfs", extra={"target": target})
    return f"efivarfs mounted at {target}"


# -- remove-efi-entries ----------------------------------------------------------------------------


def remove_efi_entries(ctx: RunContext) -> str:
    """Delete the boot entries of earlier installs (every entry starting a loader file from a disk).

    Raises:
        CommandFailed: ``efibootmgr -v`` failed.
        EfiEntriesNotRemoved: some deletions failed (the others were done).
    """
    if not _efi_host(ctx):
        return NOT_EFI
    listing = ctx.ports.shell.run(["efibootmgr", "-v"]).check()
    cleanup = plan_cleanup(parse_efibootmgr(listing.stdout))
    for entry, reason in cleanup.kept:
        log.info(
            "Kept EFI boot entry", extra={"number": entry.number, "label": entry.label, "reason": reason}
        )
    failed: list[str] = []
    for entry in cleanup.delete:
        result = ctx.ports.shell.run(delete_entry_argv(entry.number))
        if not result.ok:
            failed.append(
                f"Boot{entry.number} ({entry.label}): exit {result.returncode}: {result.stderr.strip()}"
            )
            continue
        log.info(
            "Removed EFI boot entry",
            extra={"number": entry.number, "label": entry.label, "loader": entry.loader_file},
        )
    if failed:
        raise EfiEntriesNotRemoved("efibootmgr -B failed for " + "; ".join(failed))
    removed = ", ".join(f"Boot{e.number}" for e in cleanup.delete) or "none"
    return f"removed {removed}; kept {len(cleanup.kept)}"


# -- create-efi-boot-entry -------------------------------------------------------------------------


def create_efi_boot_entry(ctx: RunContext) -> str:
    """Create the boot entry of the installed OS: its shim (or GRUB) on the ESP of the target disk.

    Raises:
        ValueError: the ESP is not a partition of the target disk.
        NoEfiLoader: the ESP holds no shim or GRUB loader for this architecture.
        MountFailed: the ESP could not be mounted.
        CommandFailed: ``efibootmgr -c`` failed.
    """
    if not _efi_host(ctx):
        return "not an EFI host: no boot entry created"
    disk = ctx.require_target().path
    esp = ctx.state.boot_partition
    if not esp:
        log.warning("No EFI system partition: no boot entry created", extra={"disk": disk})
        return f"no EFI system partition on {disk}: no boot entry created"
    number = partition_number(esp, disk)
    if number == 0:
        raise ValueError(f"EFI system partition {esp} is not a partition of the target disk {disk}")
    _mount_esp(ctx, esp)
    release = read_os_release(ctx.ports.host, ctx.root)
    loader = choose_loader(
        arch=efi_arch(_machine(ctx)), os_id=release.id, id_like=release.id_like, esp=_esp_listing(ctx)
    )
    argv = create_entry_argv(disk=disk, partition=number, label=release.label, loader=loader.path)
    ctx.ports.shell.run(argv).check()
    log.info(
        "Created EFI boot entry",
        extra={"label": release.label, "loader": loader.path, "disk": disk, "partition": number},
    )
    return f"{release.label!r} on {disk} partition {number}: {loader.path} ({loader.reason})"


def _mount_esp(ctx: RunContext, esp: str) -> None:
    target = ctx.in_root(ESP_MOUNT)
    if _mounted_at(ctx, target):
        return
    mount = Mount(esp, target, "vfat")
    ctx.ports.host.mount(mount)
    ctx.state.mounts.append(mount)  # below the root: teardown-chroot unmounts it first
    log.info("Mounted the EFI system partition", extra={"source": esp, "target": target})


def _esp_listing(ctx: RunContext) -> dict[str, tuple[str, ...]]:
    """The directories under ``EFI`` on the mounted ESP, each with its file names (FAT: any case)."""
    host = ctx.ports.host
    top = ctx.in_root(ESP_MOUNT)
    efi = next((n for n in host.list_dir(top) if n.upper() == "EFI"), None)
    if efi is None:
        return {}
    base = posixpath.join(top, efi)
    listing: dict[str, tuple[str, ...]] = {}
    for vendor in host.list_dir(base):
        path = posixpath.join(base, vendor)
        try:
            listing[vendor] = host.list_dir(path)
        except NotADirectoryError:
            continue
    return listing


# -- setup-mellanox --------------------------------------------------------------------------------


def setup_mellanox(ctx: RunContext) -> str:
    """Enable SR-IOV with NUM_VFS virtual functions in the firmware of every Mellanox NIC."""
    nics = _mellanox_nics(ctx)
    if not nics:
        return "no Mellanox NIC"
    wanted = ctx.config.num_vfs
    changed, unchanged, failed = [], [], []
    for address in nics:
        query = ctx.ports.shell.run(query_argv(address))
        if query.ok and already_configured(query.stdout, wanted):
            unchanged.append(address)
            continue
        result = ctx.ports.shell.run(set_argv(address, wanted))
        if result.ok:
            changed.append(address)
            log.info("Set SR-IOV in NIC firmware", extra={"pci": address, "num_vfs": wanted})
        else:
            failed.append(address)
            log.warning(
                "mstconfig failed",
                extra={"pci": address, "exit": result.returncode, "stderr": result.stderr.strip()[-400:]},
            )
    if changed:
        ctx.state.firmware_changed = True
        log.warning("NIC firmware changed: a cold reboot is needed, kexec will be skipped")
    return (
        f"NUM_OF_VFS={wanted}: changed {', '.join(changed) or 'none'}; "
        f"already set {', '.join(unchanged) or 'none'}; failed {', '.join(failed) or 'none'}"
    )


def _mellanox_nics(ctx: RunContext) -> list[str]:
    host = ctx.ports.host
    root = ctx.options.host_path(PCI_DEVICES)
    if not host.exists(root):
        return []
    found = []
    for address in host.list_dir(root):
        device = posixpath.join(root, address)

        def read(name: str, device: str = device) -> str:
            path = posixpath.join(device, name)
            return host.read_file(path).decode(errors="replace") if host.exists(path) else ""

        is_vf = host.exists(posixpath.join(device, "physfn"))
        if is_mellanox_nic(read("vendor"), read("class"), virtual_function=is_vf):
            found.append(address)
    return found


EFI_HANDLERS: dict[str, StepHandler] = {
    "mount-efivarfs": StepHandler(mount_efivarfs),
    "remove-efi-entries": StepHandler(remove_efi_entries),
    "create-efi-boot-entry": StepHandler(create_efi_boot_entry),
    "setup-mellanox": StepHandler(setup_mellanox),
}
