"""The kernel command line booty gives the installed OS through GRUB, and how it gets there.

Rules of this file: pure. The serial console comes from the host's DMI vendor string (read by the
app), the parameters from ``MACHINE_EXTRA_KERNEL_PARAMS``; which tool regenerates grub.cfg is
decided from the tools the installed OS has, and returned with the commands as data.

Departs from v0.0.1 (spec provisioning.md §2.2 step 24):

1. v0.0.1 wrote ``GRUB_CMDLINE_LINUX="ds=nocloud console=ttyS0 <extra>"``, replacing the distro's
   own parameters (and leaving a trailing space when there were no extras). booty appends:
   ``GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=ttyS0 <extra>"``.
2. v0.0.1 only knew Debian's ``/etc/default/grub.d`` and ``update-grub``. EL and Fedora do not read
   that directory: there the ``GRUB_CMDLINE_LINUX`` line of ``/etc/default/grub`` is extended in
   place (only with parameters it lacks, so a rerun changes nothing) before ``grub2-mkconfig``,
   and ``grubby`` updates the BLS entries, which carry their own options.
3. v0.0.1 wrote the extra parameters unchecked. Both the shell that sources
   ``/etc/default/grub`` and GRUB's script parser (grub-mkconfig copies the line into grub.cfg
   unquoted) read them, so characters either would interpret are refused with a clear error
   (spec §13 "[later upstream] safer inputs").
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection

import attrs

from booty.domain.osconfig.errors import UnsafeValue

GRUB_DROPIN = "/etc/default/grub.d/10-caprf-kernel-params.cfg"
DEFAULT_GRUB = "/etc/default/grub"
SYS_VENDOR = "/sys/class/dmi/id/sys_vendor"
"""Read on the host (the machine booty runs on is the machine being installed)."""

TOOL_DIRS = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")
"""Where the tools below are looked for inside the installed OS."""
UPDATE_GRUB = "update-grub"
GRUB2_MKCONFIG = "grub2-mkconfig"
GRUB_MKCONFIG = "grub-mkconfig"
GRUBBY = "grubby"
GRUB_TOOLS = (UPDATE_GRUB, GRUB2_MKCONFIG, GRUB_MKCONFIG, GRUBBY)

_UNSAFE = re.compile(r"[\"'\\$`;&|<>{}\x00-\x08\x0a-\x1f\x7f]")
_CMDLINE = re.compile(
    r"^(?P<prefix>\s*(?:export\s+)?GRUB_CMDLINE_LINUX=)"
    r"(?:(?P<quote>[\"'])(?P<value>[^\"']*)(?P=quote)|(?P<bare>[^\s\"'#]*))"
    r"(?P<suffix>\s*(?:#.*)?)$"
)
_CMDLINE_START = re.compile(r"^\s*(?:export\s+)?GRUB_CMDLINE_LINUX=")


@attrs.frozen
class ConsoleChoice:
    """The serial console the installed OS gets, and why."""

    tty: str
    reason: str


def choose_console(sys_vendor: str | None) -> ConsoleChoice:
    """ttyS1 on Lenovo machines (their BMC's serial-over-LAN is the second port), else ttyS0.

    Args:
        sys_vendor: the host's DMI ``sys_vendor``, or None when it could not be read.
    """
    if sys_vendor is None:
        return ConsoleChoice("ttyS0", "sys_vendor unreadable")
    vendor = sys_vendor.strip()
    if "lenovo" in vendor.lower():
        return ConsoleChoice("ttyS1", f"sys_vendor {vendor!r} is Lenovo")
    return ConsoleChoice("ttyS0", f"sys_vendor {vendor!r}")


def kernel_params(console: str, extra: str) -> tuple[str, ...]:
    """``ds=nocloud``, ``console=<tty>``, then each MACHINE_EXTRA_KERNEL_PARAMS word.

    Raises:
        UnsafeValue: *extra* holds a character the shell or GRUB would interpret.
    """
    hazard = _UNSAFE.search(extra)
    if hazard:
        shown = repr(hazard[0]) if hazard[0].isprintable() else f"control character {ord(hazard[0]):#04x}"
        raise UnsafeValue(
            "MACHINE_EXTRA_KERNEL_PARAMS",
            extra,
            f"cannot go into the GRUB configuration: it contains {shown}, which the shell reading "
            "/etc/default/grub or GRUB's script parser would interpret",
        )
    return ("ds=nocloud", f"console={console}", *extra.split())


def grub_dropin(params: tuple[str, ...]) -> str:
    """The Debian-family drop-in: the distro's parameters, then booty's."""
    return f'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX {" ".join(params)}"\n'


@attrs.frozen
class CmdlineEdit:
    """``/etc/default/grub`` after adding booty's parameters."""

    text: str
    added: tuple[str, ...]
    """The parameters that were missing (empty: the file is unchanged)."""


def add_to_default_grub(text: str, params: tuple[str, ...]) -> CmdlineEdit:
    """Append to the (last) ``GRUB_CMDLINE_LINUX`` line the *params* it does not have yet.

    Without such a line, one is added at the end. The quoting of the line is kept (an unquoted
    value gets double quotes).

    Raises:
        ValueError: the line is not one ``KEY="..."`` assignment booty can edit safely (a value
            spanning lines, or mixing quotes); the message gives the line number.
    """
    lines = text.splitlines()
    found = [i for i, line in enumerate(lines) if _CMDLINE_START.match(line)]
    if not found:
        added = tuple(dict.fromkeys(params))
        body = text if not text or text.endswith("\n") else text + "\n"
        return CmdlineEdit(body + f'GRUB_CMDLINE_LINUX="{" ".join(added)}"\n', added)
    index = found[-1]  # the shell keeps the last assignment
    match = _CMDLINE.match(lines[index])
    if match is None:
        raise ValueError(f"line {index + 1}: cannot edit {lines[index].strip()!r}")
    present = (match["value"] if match["quote"] else match["bare"]).split()
    added = tuple(p for p in dict.fromkeys(params) if p not in present)
    if not added:
        return CmdlineEdit(text, ())
    quote = match["quote"] or '"'
    value = " ".join([*present, *added])
    lines[index] = f"{match['prefix']}{quote}{value}{quote}{match['suffix']}"
    return CmdlineEdit("\n".join(lines) + "\n", added)


class GrubFamily(enum.Enum):
    """How a distribution regenerates grub.cfg."""

    DEBIAN = "debian"
    """``update-grub``; reads ``/etc/default/grub.d/*.cfg``."""
    FEDORA = "fedora"
    """``grub2-mkconfig`` (EL, Fedora, SUSE); BLS entries are updated with ``grubby``."""
    PLAIN = "plain"
    """Upstream ``grub-mkconfig`` (Arch and others); no grub.d directory."""


@attrs.frozen
class GrubPlan:
    """What configure-grub does in the installed OS."""

    family: GrubFamily
    commands: tuple[tuple[str, ...], ...]
    """Run in the chroot, in order."""

    @property
    def uses_dropin(self) -> bool:
        """True when the parameters go to ``GRUB_DROPIN``, else into ``DEFAULT_GRUB``."""
        return self.family is GrubFamily.DEBIAN


def plan_grub(found: Collection[str], params: tuple[str, ...]) -> GrubPlan | None:
    """The family and commands for an installed OS that has the tools *found*, or None.

    Args:
        found: names out of ``GRUB_TOOLS`` present in the installed OS.
        params: booty's kernel parameters (for ``grubby --args``).
    """
    if UPDATE_GRUB in found:
        return GrubPlan(GrubFamily.DEBIAN, ((UPDATE_GRUB,),))
    if GRUB2_MKCONFIG in found:
        commands: tuple[tuple[str, ...], ...] = ((GRUB2_MKCONFIG, "-o", "/boot/grub2/grub.cfg"),)
        if GRUBBY in found:
            commands += ((GRUBBY, "--update-kernel=ALL", f"--args={' '.join(params)}"),)
        return GrubPlan(GrubFamily.FEDORA, commands)
    if GRUB_MKCONFIG in found:
        return GrubPlan(GrubFamily.PLAIN, ((GRUB_MKCONFIG, "-o", "/boot/grub/grub.cfg"),))
    return None
