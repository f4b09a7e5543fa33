"""Use case: build the demo's sample OS image, a small GPT disk image, without mounting anything.

The disk is made from files only, so it can be built without root: the root tree is written into a
staging directory through the Host port and packed by ``mke2fs -d``; the ESP is a vfat file made
by ``mkfs.vfat -C`` and filled with mtools; ``sfdisk`` writes the GPT into a sparse file and
``dd conv=notrunc`` puts both file systems at their partitions' offsets. The image is then
compressed with zstandard, the format booty streams fastest, and hashed (the checksum of the
*decompressed* image, as IMAGE_CHECKSUM means it, spec disk-and-image.md §3.7).

What the image contains is ``booty.app.sample_tree``. A missing optional tool does not stop the
build; it is named in ``SampleImage.notes`` with what it costs (no busybox: the chroot steps
cannot run; no mtools: the ESP is empty). New in booty: v0.0.1 had no demo and no sample image.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import shlex
from collections.abc import Sequence

import attrs
import zstandard

from booty.app.sample_tree import (
    ESP_VOLUME_ID,
    KERNEL_VERSION,
    ROOT_UUID,
    SampleTree,
    initrd_path,
    kernel_path,
    sample_tree,
)
from booty.domain.errors import BootyError
from booty.domain.shell import CommandResult
from booty.ports.host import Host
from booty.ports.shell import Shell

log = logging.getLogger("booty.demo")

MiB = 1 << 20
REQUIRED_TOOLS = ("truncate", "sfdisk", "mkfs.vfat", "mke2fs", "dd")
"""Without any of these there is no image; the error names the one missing."""
NOT_FOUND = 127
"""The Shell port's exit code for a program that is not installed."""
ESP_TYPE = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
LINUX_TYPE = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"


class SampleImageError(BootyError):
    """A tool failed while the sample image was built; the message names the command."""


@attrs.frozen
class SampleImageSpec:
    """The shape of the sample disk."""

    disk_mib: int = 64
    esp_mib: int = 8
    busybox: str = ""
    """A static busybox on the build host to copy into the image; ``""``: none (no chroot shell)."""
    version: str = KERNEL_VERSION

    @property
    def root_mib(self) -> int:
        """Partition 2 fills the disk but the first MiB (GPT, alignment) and the last (backup GPT)."""
        return self.disk_mib - 2 - self.esp_mib


@attrs.frozen
class SampleImage:
    """A built sample image and what a reader of the demo wants to know about it."""

    raw: str
    """The uncompressed disk image file."""
    compressed: str
    """The same, zstd-compressed: what the demo serves."""
    raw_bytes: int
    compressed_bytes: int
    sha256: str
    """Hex digest of the decompressed image (IMAGE_CHECKSUM)."""
    root_mib: int
    kernel: str = kernel_path()
    initrd: str = initrd_path()
    root_uuid: str = ROOT_UUID
    chroot_shell: bool = False
    """/bin/sh (busybox) is in the image: chroot commands run."""
    notes: tuple[str, ...] = ()
    """What the image lacks and why."""


@attrs.frozen
class BuildPorts:
    """What building the image may touch."""

    shell: Shell
    host: Host


def build_sample_image(
    ports: BuildPorts, work_dir: str, spec: SampleImageSpec = SampleImageSpec()
) -> SampleImage:
    """Build the sample image in *work_dir* (which must exist and be empty of these names).

    Returns:
        The image files (``demo.img`` and ``demo.img.zst``) with their sizes and checksum.

    Raises:
        SampleImageError: a required tool is missing or failed (command, exit code, stderr tail).
    """
    notes: list[str] = []
    with_busybox = bool(spec.busybox)
    if not with_busybox:
        notes.append(
            "no static busybox on this machine (Debian: busybox-static): the image has no /bin/sh, "
            "so update-grub, the machine commands and POST_PROVISION_CMDS cannot run in its chroot"
        )
    staging = posixpath.join(work_dir, "rootfs")
    _stage_tree(ports, staging, sample_tree(with_busybox=with_busybox, version=spec.version), spec)
    esp = posixpath.join(work_dir, "esp.img")
    if not _make_esp(ports, work_dir, esp, spec):
        notes.append("no mtools (mmd, mcopy) on this machine: the ESP is an empty vfat file system")
    root = posixpath.join(work_dir, "root.img")
    _run(ports.shell, _mke2fs_argv(staging, root, spec.root_mib))
    raw = posixpath.join(work_dir, "demo.img")
    _assemble(ports.shell, raw, esp, root, spec)
    for part in (esp, root):
        ports.host.remove(part)
    return _compress(ports.host, raw, spec, with_busybox=with_busybox, notes=tuple(notes))


def _stage_tree(ports: BuildPorts, staging: str, tree: SampleTree, spec: SampleImageSpec) -> None:
    host = ports.host

    def inside(path: str) -> str:
        return posixpath.join(staging, path.lstrip("/"))

    host.make_dirs(staging)
    for path, mode in tree.directories:
        host.make_dirs(inside(path), mode=mode)
    for file in tree.files:
        host.write_file(inside(file.path), file.content, mode=file.mode)
    if spec.busybox:
        # Copied at build time, never committed: it is a third-party binary.
        host.write_file(inside("/bin/busybox"), host.read_file(spec.busybox), mode=0o755)
    for link in tree.links:
        _run(ports.shell, ["ln", "-sfn", link.target, inside(link.path)])


def _make_esp(ports: BuildPorts, work_dir: str, esp: str, spec: SampleImageSpec) -> bool:
    """The ESP as a vfat file; False when mtools are missing and it stays empty."""
    # mkfs.vfat -C creates the file itself; the loader is copied in by mtools, not by a mount.
    kib = spec.esp_mib * 1024
    _run(ports.shell, ["mkfs.vfat", "-C", "-n", "ESP", "-i", ESP_VOLUME_ID, esp, str(kib)])
    loader = posixpath.join(work_dir, "grubx64.efi")
    ports.host.write_file(loader, b"booty demo: a placeholder for GRUB's EFI loader, not an EFI binary\n")
    env = {"MTOOLS_SKIP_CHECK": "1"}  # the file has no partition table for mtools to check
    made = ports.shell.run(["mmd", "-i", esp, "::/EFI", "::/EFI/debian"], env=env)
    if made.returncode == NOT_FOUND:
        ports.host.remove(loader)
        return False
    _check(made)
    _run(ports.shell, ["mcopy", "-i", esp, loader, "::/EFI/debian/grubx64.efi"], env=env)
    ports.host.remove(loader)
    return True


def _mke2fs_argv(staging: str, image: str, size_mib: int) -> list[str]:
    # -d copies the staging tree (modes, links, owners) into the new file system: no mount needed.
    # root_owner=0:0 because a build as an ordinary user would otherwise own the root directory.
    return [
        "mke2fs", "-q", "-F", "-t", "ext4", "-L", "root", "-U", ROOT_UUID,
        "-E", "root_owner=0:0", "-d", staging, image, f"{size_mib}M",
    ]  # fmt: skip


def _partition_script(spec: SampleImageSpec) -> str:
    sectors = MiB // 512
    esp_start, root_start = sectors, sectors * (1 + spec.esp_mib)
    return (
        "label: gpt\n"
        f'start={esp_start}, size={spec.esp_mib * sectors}, type={ESP_TYPE}, name="EFI System"\n'
        f'start={root_start}, size={spec.root_mib * sectors}, type={LINUX_TYPE}, name="root"\n'
    )


def _assemble(shell: Shell, raw: str, esp: str, root: str, spec: SampleImageSpec) -> None:
    _run(shell, ["truncate", "-s", f"{spec.disk_mib}M", raw])
    # --no-tell-kernel: a plain file has no partitions for the kernel to re-read.
    _run(shell, ["sfdisk", "--quiet", "--no-tell-kernel", raw], stdin=_partition_script(spec).encode())
    for source, first_mib in ((esp, 1), (root, 1 + spec.esp_mib)):
        _run(
            shell,
            [
                "dd",
                f"if={source}",
                f"of={raw}",
                "bs=1M",
                f"seek={first_mib}",
                "conv=notrunc,sparse",
                "status=none",
            ],
        )


def _compress(
    host: Host, raw: str, spec: SampleImageSpec, *, with_busybox: bool, notes: tuple[str, ...]
) -> SampleImage:
    data = host.read_file(raw)  # 64 MiB by default: small enough to hold once
    packed = zstandard.ZstdCompressor(level=3).compress(data)
    compressed = raw + ".zst"
    host.write_file(compressed, packed)
    log.info(
        "Sample image built",
        extra={"image": compressed, "raw_bytes": len(data), "compressed_bytes": len(packed)},
    )
    return SampleImage(
        raw=raw,
        compressed=compressed,
        raw_bytes=len(data),
        compressed_bytes=len(packed),
        sha256=hashlib.sha256(data).hexdigest(),
        root_mib=spec.root_mib,
        kernel=kernel_path(spec.version),
        initrd=initrd_path(spec.version),
        chroot_shell=with_busybox,
        notes=notes,
    )


def _run(
    shell: Shell, argv: Sequence[str], *, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> None:
    _check(shell.run(argv, stdin=stdin, env=env, timeout_s=120))


def _check(result: CommandResult) -> None:
    if result.ok:
        return
    tail = " ".join(result.stderr.strip().splitlines()[-3:])
    missing = " (not installed?)" if result.returncode == NOT_FOUND else ""
    raise SampleImageError(
        f"building the sample image: {shlex.join(result.argv)} exited {result.returncode}{missing}: {tail}"
    )
