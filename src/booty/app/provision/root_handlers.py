"""Step handlers of the target root: mount-root, setup-chroot-binds, teardown-chroot, unmount-root
and disable-grub-config (spec provisioning.md §2.2 steps 19, 20, 29 and §4 soft deprovision).

Every mount is appended to ``state.mounts`` when it is made and removed when it is undone, so
after a fatal failure ``booty.app.provision.failure`` unmounts exactly what is still mounted.

Departures from v0.0.1:

* teardown-chroot unmounts everything mounted at or below the target root, newest first (the binds
  and anything a later step mounted inside), not a fixed list; a bind that will not unmount is a
  warning, the root that will not unmount fails the step, with the bind failures in the message
  (spec disk-and-image.md §2.16). Mounts elsewhere (efivarfs on the host) are left to their steps.
* disable-grub-config also renames ``boot/grub2/grub.cfg`` (Red Hat family images), not only
  ``boot/grub/grub.cfg``; with neither present it warns and succeeds, as v0.0.1 did (spec §2.17).
* The soft deprovision's mount is undone by its own step, unmount-root (v0.0.1 unmounted inside
  one soft-deprovision step and ignored the error; the plan makes unmount-root best effort).
"""

from __future__ import annotations

import posixpath

from booty.app.disk import mount_root, setup_chroot_binds
from booty.app.provision.context import RunContext, log
from booty.app.provision.runner import StepHandler
from booty.domain.errors import BootyError, NotMounted, TeardownFailed
from booty.domain.system import Mount

GRUB_CONFIGS = ("/boot/grub/grub.cfg", "/boot/grub2/grub.cfg")
"""Where GRUB reads its menu: Debian and SUSE family, then Red Hat family."""
DISABLED_SUFFIX = ".bak"


def mount_root_step(ctx: RunContext) -> str:
    """Mount the root partition read-write at the target root, trying v0.0.1's type order.

    Raises:
        MountFailed: every filesystem type was refused.
    """
    mount = mount_root(ctx.ports.host, ctx.require_root_partition(), target=ctx.root)
    ctx.state.mounts.append(mount)
    return f"{mount.source} mounted at {mount.target} as {mount.fstype}"


def setup_chroot_binds_step(ctx: RunContext) -> str:
    """Bind /dev, /proc, /sys and /run into the target root.

    Raises:
        MountFailed: a bind failed (the binds made before it were undone).
    """
    binds = setup_chroot_binds(ctx.ports.host, ctx.root)
    ctx.state.mounts.extend(binds)
    return f"bound {', '.join(b.source for b in binds)} into {ctx.root}"


def unmount_target_root(ctx: RunContext) -> str:
    """Undo the mounts at and below the target root, newest first; the detail says what was done.

    Raises:
        TeardownFailed: a mount *at* the root could not be undone.
    """
    root = posixpath.normpath(ctx.root)
    inside = [m for m in ctx.state.mounts if _below(m.target, root)]
    at_root = [m for m in ctx.state.mounts if posixpath.normpath(m.target) == root]
    if not inside and not at_root:
        return f"nothing of this run is mounted at {root}"
    done: list[str] = []
    warnings: list[BootyError] = []
    for mount in reversed(inside):
        error = _unmount(ctx, mount)
        if error is None:
            done.append(mount.target)
            continue
        warnings.append(error)
        log.warning(
            "Could not unmount a bind of the target root", extra={"target": mount.target, "error": str(error)}
        )
    for mount in reversed(at_root):
        error = _unmount(ctx, mount)
        if error is not None:
            raise TeardownFailed((*warnings, error)) from error
        done.append(mount.target)
    failed = f"; left mounted: {'; '.join(str(w) for w in warnings)}" if warnings else ""
    return f"unmounted {', '.join(done)}{failed}"


def _below(target: str, root: str) -> bool:
    return posixpath.normpath(target).startswith(root.rstrip("/") + "/")


def _unmount(ctx: RunContext, mount: Mount) -> BootyError | None:
    """Unmount *mount* and forget it; the error instead, when the kernel refused."""
    try:
        ctx.ports.host.unmount(mount.target)
    except NotMounted:
        pass  # already gone (unmounted by hand, or with its parent): nothing left to undo
    except BootyError as e:
        return e
    ctx.state.mounts.remove(mount)
    return None


def disable_grub_config(ctx: RunContext) -> str:
    """Rename the installed OS's grub.cfg to grub.cfg.bak, so its boot loader finds no menu.

    Raises:
        OSError: a grub.cfg exists but could not be renamed.
    """
    renamed = []
    for path in GRUB_CONFIGS:
        inside = ctx.in_root(path)
        if ctx.ports.host.exists(inside):
            ctx.ports.host.rename(inside, inside + DISABLED_SUFFIX)
            renamed.append(path)
            log.info(
                "Disabled GRUB configuration", extra={"path": path, "renamed_to": path + DISABLED_SUFFIX}
            )
    if not renamed:
        log.warning("grub.cfg not found", extra={"root": ctx.root, "looked_for": list(GRUB_CONFIGS)})
        return "no grub.cfg found"
    return f"renamed {', '.join(renamed)} to *{DISABLED_SUFFIX}"


ROOT_HANDLERS: dict[str, StepHandler] = {
    "mount-root": StepHandler(mount_root_step),
    "setup-chroot-binds": StepHandler(setup_chroot_binds_step),
    "teardown-chroot": StepHandler(unmount_target_root),  # binds, the ESP, then the root
    "unmount-root": StepHandler(unmount_target_root),
    "disable-grub-config": StepHandler(disable_grub_config),
}
