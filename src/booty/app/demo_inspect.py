"""Reading the demo disk back after the run: its partition table, the size of the grown root
file system, the files booty wrote, and the entry GRUB (and kexec) would boot.

It looks at the disk itself (the root partition mounted read-only), not at booty's own record of
what it did, so the demo shows what a machine would find on its disk after the reboot.
"""

from __future__ import annotations

import contextlib
import logging
import posixpath
import re

import attrs

from booty.app.boot import find_default_entry
from booty.domain.disk.sfdisk import PartitionTable, parse_sfdisk_json
from booty.domain.errors import BootyError
from booty.domain.osconfig import GRUB_DROPIN, KUBELET_DROPIN
from booty.domain.system import Mount
from booty.ports.host import Host
from booty.ports.shell import Shell

log = logging.getLogger("booty.demo")

SHOWN_FILES = (
    "/etc/hostname",
    "/etc/resolv.conf",
    KUBELET_DROPIN,
    GRUB_DROPIN,
    "/etc/booty-demo-stamp",
    "/etc/booty-demo/os",
    "/etc/motd.d/10-booty-demo",
)
"""Files whose content the demo prints: one per configuration step, and the chroot commands'."""
GRUB_CFG = "/boot/grub/grub.cfg"


@attrs.frozen
class DefaultBoot:
    """The entry the installed GRUB boots, and so what booty's kexec would load."""

    title: str
    kernel: str
    initrd: str
    cmdline: str


@attrs.frozen
class InstalledDisk:
    """The disk after the run, as the tools see it."""

    table: PartitionTable | None
    """None when the disk has no partition table (a failed run wipes it)."""
    fs_bytes: int = 0
    """Size of the root file system (block count x block size), 0 when unreadable."""
    files: tuple[tuple[str, str | None], ...] = ()
    """Each shown file with its text, None when it is not on the disk."""
    grub_linux: str = ""
    """The ``linux`` line of the installed grub.cfg."""
    boot: DefaultBoot | None = None
    problems: tuple[str, ...] = ()


def inspect_disk(shell: Shell, host: Host, device: str, mount_dir: str) -> InstalledDisk:
    """Read *device* back: table, root file system size, files (root mounted read-only)."""
    table = _table(shell, device)
    if table is None or len(table.partitions) < 2:  # the sample image has an ESP and a root
        return InstalledDisk(table, problems=("the disk has no root partition",))
    root = table.partitions[1].node
    if not host.exists(root):  # partitions are known to the kernel after partprobe only
        shell.run(["partprobe", device], timeout_s=30)
    fs_bytes = _fs_bytes(shell, root)
    try:
        host.mount(Mount(root, mount_dir, "ext4", ("ro",)))
    except (BootyError, OSError) as e:
        return InstalledDisk(table, fs_bytes, problems=(f"cannot mount {root} read-only: {e}",))
    try:
        return read_root(host, mount_dir, table, fs_bytes)
    finally:
        with contextlib.suppress(BootyError, OSError):
            host.unmount(mount_dir)


def read_root(host: Host, root: str, table: PartitionTable | None, fs_bytes: int) -> InstalledDisk:
    """The shown files, the grub.cfg linux line and the default boot entry of the tree *root*."""
    files = tuple((path, _text(host, posixpath.join(root, path.lstrip("/")))) for path in SHOWN_FILES)
    grub = _text(host, posixpath.join(root, GRUB_CFG.lstrip("/"))) or ""
    linux = next((line.strip() for line in grub.splitlines() if line.strip().startswith("linux ")), "")
    problems: list[str] = []
    try:
        found = find_default_entry(host, root)
        entry = found.choice.entry
        boot = DefaultBoot(entry.title, entry.kernel, " ".join(entry.initrds), entry.cmdline)
    except (BootyError, OSError) as e:
        boot = None
        problems.append(f"no default boot entry: {e}")
    return InstalledDisk(table, fs_bytes, files, linux, boot, tuple(problems))


def _table(shell: Shell, device: str) -> PartitionTable | None:
    result = shell.run(["sfdisk", "--json", device], timeout_s=30)
    if not result.ok or not result.stdout.strip():
        return None
    try:
        return parse_sfdisk_json(result.stdout, device=device)
    except ValueError:
        return None


def _fs_bytes(shell: Shell, node: str) -> int:
    result = shell.run(["dumpe2fs", "-h", node], timeout_s=30)
    count = re.search(r"^Block count:\s+(\d+)", result.stdout, re.MULTILINE)
    size = re.search(r"^Block size:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(count[1]) * int(size[1]) if count and size else 0


def _text(host: Host, path: str) -> str | None:
    try:
        return host.read_file(path, limit=64 << 10).decode(errors="replace")
    except OSError:
        return None
