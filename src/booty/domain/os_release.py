"""``/etc/os-release`` of an installed system, pure: the keys booty reads, and what they decide.

The format (os-release(5)) is shell-like assignments, one a line: ``KEY=value``, values quoted
with ``"`` or ``'`` and backslash escapes inside double quotes; comments and blank lines are
ignored. Read by create-efi-boot-entry (the loader directory and the entry's label) and by the
default-entry lookup (RHEL 8 orders BLS entries in its own way, see ``BlsOrder``). v0.0.1 read no
os-release and assumed Ubuntu everywhere (spec provisioning.md §2.2 step 28).
"""

from __future__ import annotations

import re
import shlex

import attrs

from booty.domain.boot.bls import BlsOrder

OS_RELEASE_PATHS = ("/etc/os-release", "/usr/lib/os-release")
"""Where os-release(5) says to look, in order."""
_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")
EL8_PLATFORM = "platform:el8"


@attrs.frozen
class OsRelease:
    """The os-release keys booty uses; all ``""`` when the file is missing."""

    id: str = ""
    id_like: tuple[str, ...] = ()
    name: str = ""
    pretty_name: str = ""
    version_id: str = ""
    platform_id: str = ""

    @property
    def label(self) -> str:
        """The name a boot menu shows: NAME, else ID, else ``Linux``."""
        return self.name or self.id or "Linux"


def parse_os_release(text: str) -> OsRelease:
    """The keys of os-release *text*; malformed lines are skipped, as systemd does."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, raw = line.strip().partition("=")
        if not sep or not _KEY.match(key):
            continue
        try:
            words = shlex.split(raw, comments=False, posix=True)
        except ValueError:
            continue  # an unbalanced quote: the line is not an assignment
        values[key] = " ".join(words)
    return OsRelease(
        id=values.get("ID", "").lower(),
        id_like=tuple(values.get("ID_LIKE", "").lower().split()),
        name=values.get("NAME", ""),
        pretty_name=values.get("PRETTY_NAME", ""),
        version_id=values.get("VERSION_ID", ""),
        platform_id=values.get("PLATFORM_ID", ""),
    )


def bls_order(release: OsRelease) -> BlsOrder:
    """How the installed system's GRUB orders BLS entries: RHEL 8 and its rebuilds (PLATFORM_ID
    ``platform:el8``) by the ``version`` key, every other system by the file name."""
    return BlsOrder.VERSION_KEY if release.platform_id == EL8_PLATFORM else BlsOrder.FILE_NAME
