"""grub.cfg to a boot menu: ``parse_grub_cfg`` runs the configuration the way GRUB's normal mode
does and returns every entry with the kernel, initrds and command line it would load.

Rules of this file: pure. Where booty departs from v0.0.1's line scanner (spec provisioning.md
§6.1), it is to do what GRUB does: quotes, escapes and comments are read as GRUB's lexer reads
them; ``${...}`` variables set earlier, and those ``load_env`` takes from grubenv, are expanded;
only the taken branch of an ``if`` runs; submenus are kept as submenus; every initrd is kept;
``}`` may close a block on the same line as a command; a menuentry GRUB cannot parse (never
closed, ``{`` on the next line) is dropped, not half-read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from booty.domain.boot.bls import BlsEntry
from booty.domain.boot.grub_args import render_cmdline
from booty.domain.boot.grub_eval import Machine, PendingItem
from booty.domain.boot.grub_parser import parse_script
from booty.domain.boot.model import BootEntry, GrubMenu, MenuItem, Submenu

FEATURES = (
    "feature_chainloader_bpb",
    "feature_ntldr",
    "feature_platform_search_hint",
    "feature_default_font_path",
    "feature_all_video_module",
    "feature_menuentry_id",
    "feature_menuentry_options",
    "feature_200_final",
    "feature_nativedisk_cmd",
    "feature_timeout_style",
)
"""Variables GRUB 2.02+ normal mode sets to ``y``; grub-mkconfig's output tests them."""


def parse_grub_cfg(
    text: str,
    *,
    source: str = "grub.cfg",
    grubenv: Mapping[str, str] | None = None,
    bls_entries: Sequence[BlsEntry] = (),
    platform: str = "",
) -> GrubMenu:
    """The menu GRUB builds from grub.cfg *text*.

    Args:
        text: the configuration.
        source: where it was read from, for messages.
        grubenv: the variables of the grubenv next to it (``parse_grubenv``), or None when there
            is none; ``load_env`` and ``[ -s $prefix/grubenv ]`` see it.
        bls_entries: the BLS entries ``blscfg`` adds, in GRUB's order (``sort_bls_entries``).
        platform: ``grub_platform`` (``pc``, ``efi``, ...); empty leaves it unset, so
            ``if [ "$grub_platform" = efi ]`` takes the non-EFI branch.

    Returns:
        The menu, ``default`` as the configuration left it, and the problems GRUB would report.
    """
    script, problems = parse_script(text)
    variables = dict.fromkeys(FEATURES, "y")
    if platform:
        variables["grub_platform"] = platform
    machine = Machine(variables, grubenv=grubenv, bls_entries=bls_entries, problems=list(problems))
    machine.run(script)
    items = _materialize(machine, machine.items, (), ())
    return GrubMenu(
        items=items,
        default=machine.vars.get("default"),
        default_origin=machine.default_origin,
        config_files=tuple(machine.config_files),
        problems=tuple(sorted(machine.problems, key=lambda p: p.line)),
        source=source,
    )


def _materialize(
    machine: Machine, pending: Sequence[PendingItem], path: tuple[str, ...], position: tuple[int, ...]
) -> tuple[MenuItem, ...]:
    """Run each entry's body, as GRUB does when it is chosen, with the variables the whole
    configuration left behind."""
    items: list[MenuItem] = []
    for index, item in enumerate(pending):
        here, at = (*path, item.title), (*position, index)
        child = machine.fork()
        child.positional = item.args
        if item.submenu:
            # Upstream GRUB unsets (or narrows) default before it runs a submenu's body.
            child.vars.pop("default", None)
            child.run(item.body)
            inner = _materialize(child, child.items, here, at)
            items.append(Submenu(item.title, item.id, inner, child.vars.get("default"), here, at))
            continue
        child.run(item.body)
        loaded = child.loaded
        items.append(
            BootEntry(
                title=item.title,
                id=item.id,
                kernel=loaded.kernel,
                initrds=loaded.initrds,
                cmdline=render_cmdline(loaded.args),
                path=here,
                position=at,
            )
        )
    return tuple(items)
