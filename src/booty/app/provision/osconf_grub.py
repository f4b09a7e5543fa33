"""configure-grub: give the installed OS booty's kernel parameters and regenerate grub.cfg.

The serial console follows the host's DMI vendor; the family of the installed OS is told by its
tools (``update-grub``: Debian family, drop-in file; ``grub2-mkconfig``: EL/Fedora, edit of
``/etc/default/grub`` plus ``grubby``; ``grub-mkconfig``: plain GRUB, edit of
``/etc/default/grub``). The rules and the departures from v0.0.1 (spec provisioning.md §2.2 step
24) are in ``booty.domain.osconfig.grub``.
"""

from __future__ import annotations

import logging
import shlex

from booty.app.provision.context import RunContext, log
from booty.app.provision.osconf_commands import run_in_chroot
from booty.app.provision.osconf_files import exists_in_root, read_in_root, resolve, write_in_root
from booty.domain.osconfig import (
    DEFAULT_GRUB,
    GRUB_DROPIN,
    GRUB_TOOLS,
    SYS_VENDOR,
    TOOL_DIRS,
    GrubPlan,
    NoGrubTool,
    add_to_default_grub,
    choose_console,
    grub_dropin,
    kernel_params,
    plan_grub,
)

GRUB_TIMEOUT_S = 600.0
"""update-grub runs os-prober over every disk; a hung probe must not hang the provisioning."""


def configure_grub(ctx: RunContext) -> str:
    """Write booty's kernel parameters for the installed OS's GRUB and regenerate its grub.cfg."""
    console = choose_console(_sys_vendor(ctx))
    log.info("Serial console chosen", extra={"console": console.tty, "reason": console.reason})
    params = kernel_params(console.tty, ctx.config.extra_kernel_params)
    plan = _plan(ctx, params)
    if plan.uses_dropin:
        write_in_root(ctx, GRUB_DROPIN, grub_dropin(params))
    else:
        _extend_default_grub(ctx, params)
    for argv in plan.commands:
        log.info("Running GRUB command in the chroot", extra={"command": shlex.join(argv)})
        run_in_chroot(ctx, argv, what=shlex.join(argv), output_level=logging.DEBUG, timeout_s=GRUB_TIMEOUT_S)
    ran = ", ".join(argv[0] for argv in plan.commands)
    return f"console {console.tty} ({console.reason}); {plan.family.value} GRUB: {ran} ran"


def _sys_vendor(ctx: RunContext) -> str | None:
    try:
        return ctx.ports.host.read_file(ctx.options.host_path(SYS_VENDOR)).decode(errors="replace")
    except OSError as e:  # no DMI (VMs without SMBIOS, arm64 boards): the default console
        log.info("DMI vendor unreadable", extra={"path": SYS_VENDOR, "error": str(e)})
        return None


def _plan(ctx: RunContext, params: tuple[str, ...]) -> GrubPlan:
    found = {
        tool for tool in GRUB_TOOLS if any(exists_in_root(ctx, f"{folder}/{tool}") for folder in TOOL_DIRS)
    }
    plan = plan_grub(found, params)
    if plan is None:
        raise NoGrubTool(ctx.root, GRUB_TOOLS[:3], TOOL_DIRS)
    log.info("GRUB tools found", extra={"family": plan.family.value, "tools": ",".join(sorted(found))})
    return plan


def _extend_default_grub(ctx: RunContext, params: tuple[str, ...]) -> None:
    """Add the missing *params* to GRUB_CMDLINE_LINUX of /etc/default/grub (kept mode)."""
    existing = read_in_root(ctx, DEFAULT_GRUB)
    try:
        edit = add_to_default_grub((existing or b"").decode(), params)
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"{ctx.in_root(DEFAULT_GRUB)}: {e}") from e
    if not edit.added:
        log.info("GRUB_CMDLINE_LINUX already has the parameters", extra={"path": DEFAULT_GRUB})
        return
    mode = 0o644 if existing is None else ctx.ports.host.stat(ctx.in_root(resolve(ctx, DEFAULT_GRUB))).mode
    write_in_root(ctx, DEFAULT_GRUB, edit.text, mode=mode)
    log.info("GRUB_CMDLINE_LINUX extended", extra={"path": DEFAULT_GRUB, "added": " ".join(edit.added)})
