"""The values the boot-entry parsers produce: menu entries, submenus, the menu, and the choice.

Rules of this file: frozen attrs values only, no parsing and no I/O. Paths and command lines are
kept exactly as GRUB would use them (after variable expansion); resolving them against an
installed root is ``booty.domain.boot.kexec``'s job.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class BootEntry:
    """One bootable menu entry, as GRUB would run it."""

    title: str
    id: str
    """The ``--id`` of the menuentry (the file name for a BLS entry); the title when there is none."""
    kernel: str = ""
    """The path given to ``linux``/``linux16``/``linuxefi``, exactly as written; empty for an entry
    that loads no Linux kernel (chainloader, fwsetup, a halt entry)."""
    initrds: tuple[str, ...] = ()
    """Every path given to the last ``initrd``/``initrd16``/``initrdefi``, in order."""
    cmdline: str = ""
    """The kernel command line GRUB builds from the ``linux`` arguments (variables expanded)."""
    path: tuple[str, ...] = ()
    """Titles from the top menu down to this entry: ``("Advanced options for Ubuntu", "Ubuntu, ...")``."""
    position: tuple[int, ...] = ()
    """0-based index at each level of ``path``; ``">".join`` of it is a valid GRUB ``default``."""


@attrs.frozen
class Submenu:
    """A ``submenu`` block: a titled menu of its own."""

    title: str
    id: str
    items: tuple[BootEntry | Submenu, ...] = ()
    default: str | None = None
    """The ``default`` the submenu's own body set, or None when the body left it alone."""
    path: tuple[str, ...] = ()
    position: tuple[int, ...] = ()


MenuItem = BootEntry | Submenu


@attrs.frozen
class GrubProblem:
    """Something GRUB would reject or ignore in a configuration, located by line."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@attrs.frozen
class GrubMenu:
    """What GRUB's normal mode builds from a grub.cfg: the menu and the ``default`` variable."""

    items: tuple[MenuItem, ...] = ()
    default: str | None = None
    """The value of ``default`` once the whole configuration ran; None when it was never set."""
    default_origin: str = "never set"
    """Where that value came from, e.g. ``set on line 19 from saved_entry in grubenv``."""
    config_files: tuple[str, ...] = ()
    """Targets of ``configfile``/``source`` commands that ran; booty does not follow them."""
    problems: tuple[GrubProblem, ...] = ()
    source: str = "grub.cfg"
    """Where the configuration was read from, for messages."""

    def entries(self) -> tuple[BootEntry, ...]:
        """Every boot entry, submenus flattened, in menu order."""
        return _flatten(self.items)


def _flatten(items: tuple[MenuItem, ...]) -> tuple[BootEntry, ...]:
    found: list[BootEntry] = []
    for item in items:
        if isinstance(item, Submenu):
            found.extend(_flatten(item.items))
        else:
            found.append(item)
    return tuple(found)


@attrs.frozen
class BootChoice:
    """The entry GRUB boots by default, with why, and the configuration it came from."""

    entry: BootEntry
    reason: str
    source: str
