"""The demo's stage: its /deploy/vars, its deploy directory, its loop disk, and the clean-up.

Everything here works through the ports (Shell, Host), so the demo's flow in ``booty.app.demo``
stays readable and the pieces can be tested over the fakes. New in booty: v0.0.1 had no demo.
"""

from __future__ import annotations

import logging
import posixpath
import shlex
import struct

from booty.domain.disk.mounts import parse_proc_mounts
from booty.domain.errors import BootyError
from booty.domain.shell import CommandResult
from booty.ports.host import Host
from booty.ports.shell import Shell

log = logging.getLogger("booty.demo")

DEMO_TOKEN = "demo-token-0123"  # noqa: S105 - a throwaway token for the loopback mock
DISK_MIB = 512
"""The demo disk: the 64 MiB image's root partition grows to fill it."""
HOSTNAME = "booty-demo-01"
EXTRA_KERNEL_PARAMS = "intel_iommu=on iommu=pt"
POST_PROVISION_CMDS = (
    "echo provisioned by booty > /etc/booty-demo-stamp",
    "sed -i s/sample-image/booty-demo-01/ /etc/motd.d/10-booty-demo",
)
HEALTH_SKIP = "disk-presence,disk-ioerr,nic-link-state,thermal-state"
"""The demo's disk is a loop device, which disk-presence does not count; the rest depend on
hardware a laptop or CI runner may not have, and are warnings anyway."""

DEPLOY_TREE: dict[str, str] = {
    "file-system/etc/ssh/sshd_config.d/10-booty-demo.conf": "PasswordAuthentication no\n",
    "machine-files/etc/motd.d/10-booty-demo": "Installed by booty's demo on sample-image.\n",
    "machine-files/etc/booty-demo/role": "worker\n",
    "machine-commands/10-record-os.sh": (
        '#!/bin/sh\n. /etc/os-release\necho "machine command ran in $PRETTY_NAME" > /etc/booty-demo/os\n'
    ),
}
"""What a provisioner puts into /deploy besides the vars (spec provisioning.md §2.3)."""


class DemoSetupError(BootyError):
    """A command of the demo's own setup (not of the pipeline) failed."""


def demo_vars(*, base: str, image_url: str, sha256: str, disk: str, hardware: bool = True) -> str:
    """The demo's /deploy/vars: the shape of the original agent's e2e vars, on loopback.

    Args:
        hardware: turn the inventory and the health checks on (they read this machine's /sys).
    """
    on = "true" if hardware else "false"
    lines = {
        "MODE": "provision",
        "IMAGE": image_url,
        "IMAGE_CHECKSUM": sha256,
        "IMAGE_CHECKSUM_TYPE": "sha256",
        "DISK_DEVICE": disk,
        "HOSTNAME": HOSTNAME,
        "TOKEN": DEMO_TOKEN,
        "LOG_URL": f"{base}/log",
        "INIT_URL": f"{base}/status/init",
        "ERROR_URL": f"{base}/status/error",
        "SUCCESS_URL": f"{base}/status/success",
        "DEBUG_URL": f"{base}/debug",
        "HEARTBEAT_URL": f"{base}/status/heartbeat",
        "COMMANDS_URL": f"{base}/commands",
        "INVENTORY_ENABLED": on,
        "INVENTORY_URL": f"{base}/inventory",
        "HEALTH_CHECKS_ENABLED": on,
        "HEALTH_CHECK_URL": f"{base}/health",
        "HEALTH_MIN_MEMORY_GB": "1",
        "HEALTH_MIN_CPUS": "1",
        "HEALTH_SKIP_CHECKS": HEALTH_SKIP,
        "dns_resolver": "192.0.2.53,198.51.100.53",
        "PROVIDER_ID": "redfish://demo/host-01",
        "REGION": "eu-central-1",
        "FAILURE_DOMAIN": "rack-a",
        "MACHINE_EXTRA_KERNEL_PARAMS": EXTRA_KERNEL_PARAMS,
        "POST_PROVISION_CMDS": ";".join(POST_PROVISION_CMDS),
    }
    header = "# booty demo: /deploy/vars for a loop disk, a mock controller and an image on 127.0.0.1\n"
    return header + "".join(f'export {key}="{value}"\n' for key, value in lines.items())


def write_deploy_dir(host: Host, deploy_dir: str, vars_text: str) -> None:
    """Write the vars file and the sample deploy tree into *deploy_dir*."""
    host.write_file(posixpath.join(deploy_dir, "vars"), vars_text.encode(), mode=0o600)
    for path, text in DEPLOY_TREE.items():
        host.write_file(posixpath.join(deploy_dir, path), text.encode(), mode=0o644)


def attach_loop(shell: Shell, backing: str, *, size_mib: int = DISK_MIB) -> str:
    """A sparse *size_mib* file at *backing*, attached to a free loop device; returns its node."""
    _run(shell, ["truncate", "-s", f"{size_mib}M", backing])
    # No --partscan: partprobe (a pipeline step) tells the kernel the partitions, which also
    # works on kernels without partition-table parsers.
    return _run(shell, ["losetup", "--find", "--show", backing]).stdout.strip()


def detach_loop(shell: Shell, device: str) -> str:
    """``losetup --detach``; returns ``""`` or why it failed (clean-up goes on)."""
    result = shell.run(["losetup", "--detach", device], timeout_s=30)
    return "" if result.ok else f"losetup --detach {device}: {result.stderr.strip()}"


def unmount_below(host: Host, shell: Shell, directory: str) -> list[str]:
    """Unmount everything mounted at or below *directory*, deepest first; returns what was."""
    try:
        table = host.read_file("/proc/self/mounts").decode(errors="replace")
    except OSError:
        return []
    prefix = directory.rstrip("/") + "/"
    targets = [m.target for m in parse_proc_mounts(table) if (m.target + "/").startswith(prefix)]
    done = []
    for target in sorted(set(targets), key=lambda t: (t.count("/"), t), reverse=True):
        try:
            host.unmount(target)
        except (BootyError, OSError) as e:
            # A busy bind (a process still in the chroot) must not keep the loop device attached.
            log.warning("Unmount failed, detaching lazily", extra={"target": target, "error": str(e)})
            shell.run(["umount", "--lazy", target], timeout_s=30)
        done.append(target)
    return done


def run_deferred(shell: Shell, commands: list[tuple[str, ...]]) -> list[str]:
    """Run what the lab deferred, now that the root is unmounted; returns one line per command.

    Only ``resize2fs <partition>`` is ever deferred (a mounted ext4 cannot grow without
    CAP_SYS_RESOURCE): offline, resize2fs wants a fresh ``e2fsck -f`` first.
    """
    done = []
    for argv in commands:
        if argv[:1] == ("resize2fs",):
            shell.run(["e2fsck", "-fy", argv[-1]], timeout_s=300)  # exit 1 (fixed) is fine too
        result = shell.run(list(argv), timeout_s=300)
        outcome = "ok" if result.ok else f"exit {result.returncode}: {result.stderr.strip()[-200:]}"
        done.append(f"{shlex.join(argv)} (offline): {outcome}")
    return done


def is_static_elf(header: bytes) -> bool:
    """True when *header* (the first 4 KiB of a file) is an ELF executable with no interpreter.

    A dynamically linked busybox would need the host's libc inside the chroot; only a static one
    runs in the sample image. Program headers past *header* are not looked at.
    """
    if header[:4] != b"\x7fELF" or len(header) < 64:
        return False
    wide, order = header[4] == 2, "<" if header[5] == 1 else ">"
    if wide:
        phoff, phentsize, phnum = (
            struct.unpack_from(order + "Q", header, 0x20)[0],
            *struct.unpack_from(order + "HH", header, 0x36),
        )
    else:
        phoff, phentsize, phnum = (
            struct.unpack_from(order + "I", header, 0x1C)[0],
            *struct.unpack_from(order + "HH", header, 0x2A),
        )
    pt_interp = 3
    types = [
        struct.unpack_from(order + "I", header, phoff + i * phentsize)[0]
        for i in range(phnum)
        if phoff + (i + 1) * phentsize <= len(header)
    ]
    return bool(types) and pt_interp not in types


def find_static_busybox(host: Host, candidates: tuple[str, ...]) -> str:
    """The first of *candidates* that is a static busybox, or ``""``."""
    for path in candidates:
        try:
            if is_static_elf(host.read_file(path, limit=4096)):
                return path
        except OSError:
            continue
    return ""


def _run(shell: Shell, argv: list[str]) -> CommandResult:
    result = shell.run(argv, timeout_s=60)
    if not result.ok:
        tail = " ".join(result.stderr.strip().splitlines()[-2:])
        raise DemoSetupError(f"{shlex.join(argv)} exited {result.returncode}: {tail}")
    return result
