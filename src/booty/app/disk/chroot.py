"""Target-root use cases: mount the root partition, bind /dev /proc /sys /run for chroot, and tear
it all down in reverse order, also after an error, without hiding that error.

v0.0.1 left half-made binds mounted when one failed and tore nothing down after an earlier error
(spec disk-and-image.md §2.15, §2.16); ``target_root`` unmounts whatever it mounted, reports each
unmount failure, and when the body raised, adds them to that exception as notes instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from booty.app.disk.common import log
from booty.domain.disk.filesystem import MOUNT_ORDER, NEW_ROOT, FsType, chroot_binds
from booty.domain.disk.results import TargetRoot
from booty.domain.errors import BootyError, MountFailed, NotMounted, TeardownFailed
from booty.domain.system import Mount
from booty.ports.host import Host


def mount_root(host: Host, device: str, *, target: str = NEW_ROOT, fstype: FsType | None = None) -> Mount:
    """Mount *device* read-write at *target*: as *fstype*, or trying v0.0.1's type order.

    Raises:
        MountFailed: every type was refused (the message lists each type's error).
    """
    tried: list[str] = []
    for fs in (fstype,) if fstype else MOUNT_ORDER:
        mount = Mount(device, target, fs.value)
        try:
            host.mount(mount)
        except MountFailed as e:
            tried.append(f"{fs.value}={e.reason or e.errno}")
            continue
        log.info("Mounted target root", extra={"device": device, "target": target, "fstype": fs.value})
        return mount
    raise MountFailed(
        "mount", target=target, reason=f"mounting {device} at {target}: tried {', '.join(tried)}"
    )


def setup_chroot_binds(host: Host, root: str = NEW_ROOT) -> tuple[Mount, ...]:
    """Bind /dev, /proc, /sys and /run into *root*, in that order.

    Raises:
        MountFailed: a bind failed; the binds made before it are undone first.
    """
    made: list[Mount] = []
    for bind in chroot_binds(root):
        try:
            host.mount(bind)
        except MountFailed as e:
            for error in unmount_all(host, made):
                e.add_note(f"undoing the earlier binds: {error}")
            raise
        made.append(bind)
    return tuple(made)


def unmount_all(host: Host, mounts: Sequence[Mount]) -> tuple[BootyError, ...]:
    """Unmount *mounts* in reverse order; every failure, in order (a mount already gone is none)."""
    errors: list[BootyError] = []
    for mount in reversed(mounts):
        try:
            host.unmount(mount.target)
        except NotMounted:
            continue
        except BootyError as e:
            errors.append(e)
    return tuple(errors)


def teardown_chroot(host: Host, mounts: Sequence[Mount]) -> None:
    """Unmount the binds and the target root (``teardown-chroot``), all of them, in reverse order.

    Raises:
        TeardownFailed: one or more unmounts failed (the others were still done).
    """
    errors = unmount_all(host, mounts)
    if errors:
        raise TeardownFailed(errors)


@contextmanager
def target_root(
    host: Host, device: str, *, root: str = NEW_ROOT, fstype: FsType | None = None
) -> Iterator[TargetRoot]:
    """Mount *device* at *root* with the chroot binds for the ``with`` body, then tear it down.

    Raises:
        MountFailed: mounting or binding failed (what was mounted is unmounted again).
        TeardownFailed: the body succeeded but an unmount failed.
    """
    mounts: list[Mount] = []
    try:
        mounts.append(mount_root(host, device, target=root, fstype=fstype))
        mounts.extend(setup_chroot_binds(host, root))
        yield TargetRoot(root, tuple(mounts))
    except BaseException as original:
        for error in unmount_all(host, mounts):
            original.add_note(f"teardown after this error also failed: {error}")
        raise
    teardown_chroot(host, mounts)
