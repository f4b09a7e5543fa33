"""Filesystems of the root partition, pure: the type ``blkid`` found, how to check one and what its
checker's exit code means, how to grow one, and the chroot mounts around the target root.

Rules of this file (spec disk-and-image.md §2.11-§2.16 with the fixes of §7.11 and §7.12):

1. The checker and the grower are chosen by the type blkid reports, not by trying tools in turn:
   v0.0.1 ran ``e2fsck`` on every root and ignored its verdict, and grew with a resize2fs ->
   xfs_growfs -> btrfs cascade on the device path, which can never grow btrfs (it takes a mount
   point) and never vfat.
2. ext2/3/4 are checked with ``e2fsck -f -y`` (exit 0-3: clean or repaired; 4 and above: errors
   left or the check failed); xfs with ``xfs_repair -n`` and btrfs with ``btrfs check --readonly``
   (both report only: anything but 0 is a damaged filesystem); vfat with ``fsck.vfat -a -w``
   (0 clean, 1 repaired).
3. ext2/3/4 grow with ``resize2fs <device>`` (mounted or not); xfs and btrfs only while mounted, so
   they take the mount point; vfat has no in-place grow that works (libparted's fatresize refuses
   or crashes), so it keeps its size and the outcome says why.
"""

from __future__ import annotations

import enum

import attrs

from booty.domain.shell import CommandResult
from booty.domain.system import Mount

NEW_ROOT = "/newroot"
"""Where the target root is mounted (spec Appendix A)."""
CHROOT_BINDS = ("/dev", "/proc", "/sys", "/run")
"""Bound into the target root in this order, unbound in the reverse (spec §2.15, §2.16)."""


class FsType(enum.Enum):
    """The filesystems booty checks, mounts and grows."""

    EXT4 = "ext4"
    XFS = "xfs"
    BTRFS = "btrfs"
    EXT3 = "ext3"
    EXT2 = "ext2"
    VFAT = "vfat"

    @property
    def is_ext(self) -> bool:
        """ext2, ext3 or ext4 (one toolset, e2fsprogs)."""
        return self in {FsType.EXT2, FsType.EXT3, FsType.EXT4}


MOUNT_ORDER: tuple[FsType, ...] = tuple(FsType)
"""The types tried, in v0.0.1's order, when blkid cannot say (spec §2.12)."""


def parse_blkid_export(text: str) -> dict[str, str]:
    """``KEY=value`` lines of ``blkid -p -o export <dev>`` as a dict (``TYPE``, ``UUID``, ...)."""
    pairs = (line.partition("=") for line in text.splitlines())
    return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}


def filesystem_type(probe: dict[str, str]) -> FsType | None:
    """The filesystem a blkid probe found, or ``None`` when it is none booty knows."""
    try:
        return FsType(probe.get("TYPE", "").lower())
    except ValueError:
        return None


def fsck_argv(fs: FsType, device: str) -> tuple[str, ...]:
    """The command that checks (and for ext and vfat, repairs) the unmounted *device*."""
    if fs.is_ext:
        return ("e2fsck", "-f", "-y", device)
    if fs is FsType.XFS:
        return ("xfs_repair", "-n", device)
    if fs is FsType.BTRFS:
        return ("btrfs", "check", "--readonly", device)
    return ("fsck.vfat", "-a", "-w", device)


@attrs.frozen
class FsckVerdict:
    """What a checker's exit code means."""

    ok: bool
    """The filesystem can be mounted and used."""
    repaired: bool
    reason: str


def fsck_verdict(fs: FsType, result: CommandResult) -> FsckVerdict:
    """The meaning of *result*, the finished command of ``fsck_argv(fs, ...)`` (rule 2)."""
    rc, tool = result.returncode, result.argv[0] if result.argv else "fsck"
    if rc == 0:
        return FsckVerdict(True, False, "clean")
    if fs.is_ext and rc in (1, 2, 3):
        return FsckVerdict(True, True, f"errors corrected (e2fsck exit {rc})")
    if fs is FsType.VFAT and rc == 1:
        return FsckVerdict(True, True, "errors corrected (fsck.vfat exit 1)")
    if fs.is_ext and 0 < rc < 128 and rc & 4:
        return FsckVerdict(False, False, f"uncorrectable filesystem errors (e2fsck exit {rc})")
    return FsckVerdict(False, False, f"{tool} exit {rc}: {_last_line(result)}")


def _last_line(result: CommandResult) -> str:
    """The last line of stderr, else of stdout: where checkers put the reason they stopped."""
    for text in (result.stderr, result.stdout):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            return lines[-1]
    return "no output"


@attrs.frozen
class ResizeCommand:
    """How to grow one filesystem, or why it is not grown."""

    argv: tuple[str, ...] = ()
    """Empty when the filesystem cannot be grown (``reason`` says why)."""
    needs_mount: bool = False
    reason: str = ""


def resize_command(fs: FsType, *, device: str, mountpoint: str) -> ResizeCommand:
    """The command that grows *fs* on *device*, mounted at *mountpoint* (rule 3)."""
    if fs.is_ext:
        return ResizeCommand(("resize2fs", device), reason="resize2fs grows ext2/3/4 online or offline")
    if fs is FsType.XFS:
        return ResizeCommand(("xfs_growfs", mountpoint), True, "xfs grows only while mounted")
    if fs is FsType.BTRFS:
        return ResizeCommand(
            ("btrfs", "filesystem", "resize", "max", mountpoint), True, "btrfs grows only while mounted"
        )
    return ResizeCommand(reason="vfat has no in-place grow that works; it keeps its size")


def chroot_binds(root: str = NEW_ROOT) -> tuple[Mount, ...]:
    """The bind mounts that make *root* usable for ``chroot``, in mount order (non-recursive)."""
    return tuple(Mount(source, f"{root.rstrip('/')}{source}", bind=True) for source in CHROOT_BINDS)
