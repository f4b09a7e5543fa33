"""The ATA security state in ``hdparm -I`` output, pure.

The ``Security:`` section lists one state per line, each either bare (true) or preceded by
``not`` (false), separated by tabs (spaces when the text went through a web page)::

    Security:
        Master password revision code = 65534
                supported
        not     enabled
        not     locked
        not     frozen
        not     expired: security count
                supported: enhanced erase
        2min for SECURITY ERASE UNIT. 2min for ENHANCED SECURITY ERASE UNIT.

v0.0.1 tested the substring ``frozen``, which ``not<TAB>frozen`` contains too, so it treated every
drive as frozen and never erased one (spec disk-and-image.md §2.6 [bug]); here each line is read
as a word list, and only a line whose words are exactly ``frozen`` means frozen.
"""

from __future__ import annotations

import re

import attrs

_STATES = {
    ("supported",): "supported",
    ("enabled",): "enabled",
    ("locked",): "locked",
    ("frozen",): "frozen",
    ("expired:", "security", "count"): "count_expired",
    ("supported:", "enhanced", "erase"): "enhanced_erase",
}
_ERASE_TIME = re.compile(r"(\d+)min for SECURITY ERASE UNIT")
_ENHANCED_TIME = re.compile(r"(\d+)min for ENHANCED SECURITY ERASE UNIT")


@attrs.frozen
class AtaSecurity:
    """The ATA Security feature set of one drive, as ``hdparm -I`` reports it."""

    present: bool = False
    """hdparm printed a ``Security:`` section (SAS, USB bridges and virtual disks print none)."""
    supported: bool = False
    enabled: bool = False
    """A user password is set (by someone else: booty cannot know it)."""
    locked: bool = False
    frozen: bool = False
    """The firmware froze the security state at boot; no security command is accepted."""
    count_expired: bool = False
    """Too many wrong passwords: the drive needs a power cycle."""
    enhanced_erase: bool = False
    erase_minutes: int = 0
    """The drive's estimate for SECURITY ERASE UNIT; 0 when not given."""
    enhanced_erase_minutes: int = 0


def parse_hdparm_identify(text: str) -> AtaSecurity:
    """The security state in *text* (``hdparm -I <dev>`` standard output)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "Security:"), None)
    if start is None:
        return AtaSecurity()
    states: dict[str, bool] = {}
    section: list[str] = []
    for line in lines[start + 1 :]:
        if line and not line[0].isspace():
            break
        section.append(line)
        words = tuple(line.split())
        negated = bool(words) and words[0] == "not"
        key = _STATES.get(words[1:] if negated else words)
        if key is not None:
            states[key] = not negated
    body = "\n".join(section)
    erase, enhanced = _ERASE_TIME.search(body), _ENHANCED_TIME.search(body)
    return AtaSecurity(
        present=True,
        erase_minutes=int(erase[1]) if erase else 0,
        enhanced_erase_minutes=int(enhanced[1]) if enhanced else 0,
        **states,
    )
