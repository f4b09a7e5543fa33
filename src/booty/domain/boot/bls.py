"""Boot Loader Specification entries as GRUB's ``blscfg`` reads them (RHEL 8+, CentOS Stream,
Fedora 30+): the ``loader/entries/*.conf`` format, GRUB's version order, and the menu entry
script ``blscfg`` builds from each file.

Rules of this file: pure; follows Fedora/RHEL GRUB's ``grub-core/commands/blscfg.c``:

* Only names ending in ``.conf`` (longer than ``.conf``, not starting with ``.``) are entries;
  the entry id is the name without ``.conf``.
* A line is ``key value``: leading blanks skipped, ``#`` lines skipped, the key ends at the first
  space (else tab). A line with no value (an empty line too) ends the file for GRUB.
* Menu order is newest first, in one of two ways (``BlsOrder``). Fedora 30+ and RHEL 9+ compare
  the *file name* read as an RPM ``name-version-release`` with ``rpmvercmp`` (plus GRUB's ``+``
  rule) and drop an entry that compares equal to one already read. RHEL 8 (``blscfg.c`` of its
  GRUB 2.02) compares the ``version`` key first when every entry has one, then the file name,
  without the ``+`` rule, and keeps every entry.
* An entry without ``linux`` is skipped; the title is ``title`` or else the ``linux`` path.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping

import attrs


class BlsOrder(enum.Enum):
    """How the distribution's ``blscfg`` orders the entries: it changed after RHEL 8 branched off."""

    FILE_NAME = "file-name"
    """Fedora 30 and later, RHEL and CentOS Stream 9 and later: by the file name, as
    name-version-release, with the ``+`` rule; an entry equal to one already read is dropped."""
    VERSION_KEY = "version-key"
    """RHEL 8 and its rebuilds (CentOS 8, Rocky 8, Alma 8): by the ``version`` key, as
    version-release, when every entry has one, then by the file name; no ``+`` rule; all are kept.
    An image whose machine id changed then still lists a newer kernel first, whatever its name.

    The entry files look the same to both, so the caller says which GRUB the system has."""


@attrs.frozen
class BlsEntry:
    """One ``loader/entries/<id>.conf`` file."""

    id: str
    fields: tuple[tuple[str, str], ...] = ()
    """``(key, value)`` pairs in file order; keys such as ``initrd`` may repeat."""

    def get(self, key: str) -> str | None:
        """The first value of *key*, or None."""
        return next((value for k, value in self.fields if k == key), None)

    def get_all(self, key: str) -> tuple[str, ...]:
        """Every value of *key*, in file order."""
        return tuple(value for k, value in self.fields if k == key)


def bls_entry_id(filename: str) -> str | None:
    """The entry id of a file in ``loader/entries``, or None when GRUB does not read the file."""
    if filename.startswith(".") or len(filename) <= 5 or not filename.endswith(".conf"):
        return None
    return filename[:-5]


def parse_bls_entry(entry_id: str, text: str) -> BlsEntry:
    """The fields of a BLS entry file, read the way GRUB reads them."""
    lines = text.replace("\r", "").split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the last line
    fields: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.lstrip(" \t")
        if line.startswith("#"):
            continue
        cut = line.find(" ")
        if cut < 0:
            cut = line.find("\t")
        if cut < 0 or cut == len(line) - 1:
            break  # GRUB stops reading the file at a line without a value
        fields.append((line[:cut], line[cut + 1 :].lstrip(" \t")))
    return BlsEntry(entry_id, tuple(fields))


def _is_alpha(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z")


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _segment(text: str, start: int, *, digits: bool) -> int:
    end = start
    while end < len(text) and (_is_digit(text[end]) if digits else _is_alpha(text[end])):
        end += 1
    return end


def vercmp(a: str, b: str, *, plus: bool = True) -> int:
    """RPM's version comparison as GRUB's blscfg has it: 1 when *a* is newer, -1 when older, 0 equal.

    Digit runs compare as numbers, letter runs as text, digits beat letters, ``~`` sorts before
    anything (even the end), ``+`` after the end; other characters only separate segments.
    *plus* False is RHEL 8's blscfg, where ``+`` only separates too.
    """
    if a == b:
        return 0
    markers = "~+" if plus else "~"
    i = j = 0
    while True:
        i, j = _skip_separators(a, i, markers), _skip_separators(b, j, markers)
        ca, cb = a[i : i + 1], b[j : j + 1]
        marker = _compare_markers(ca, cb)
        if marker is None and not (ca and cb):
            return 0 if ca == cb else (-1 if not ca else 1)
        if marker is None:
            marker, i, j = _compare_segments(a, i, b, j)
        else:
            i, j = i + 1, j + 1
        if marker:
            return marker


def _skip_separators(text: str, i: int, markers: str) -> int:
    while i < len(text) and not (_is_alpha(text[i]) or _is_digit(text[i]) or text[i] in markers):
        i += 1
    return i


def _compare_markers(ca: str, cb: str) -> int | None:
    """``~`` sorts before everything, the end included; ``+`` after the end; None: no marker here."""
    for mark, after_end in (("~", False), ("+", True)):
        if mark in (ca, cb):
            if ca == cb:
                return 0
            if after_end and not (ca and cb):
                return -1 if not ca else 1
            return -1 if ca == mark else 1
    return None


def _compare_segments(a: str, i: int, b: str, j: int) -> tuple[int, int, int]:
    """Compare the digit or letter run at ``a[i]`` with the one at ``b[j]``; the result and both ends."""
    numeric = _is_digit(a[i])
    end_a, end_b = _segment(a, i, digits=numeric), _segment(b, j, digits=numeric)
    if end_b == j:  # different kinds of segment: a number is newer than letters
        return (1 if numeric else -1), end_a, end_b
    one, two = a[i:end_a], b[j:end_b]
    if numeric:
        one, two = one.lstrip("0"), two.lstrip("0")
        if len(one) != len(two):
            return (1 if len(one) > len(two) else -1), end_a, end_b
    if one != two:
        return (1 if one > two else -1), end_a, end_b
    return 0, end_a, end_b


def _split_nvr(text: str, *, has_name: bool) -> tuple[str, str, str]:
    """GRUB's ``split_package_string``: name-version-release from the right, missing parts empty;
    without *has_name* (a ``version`` key), only version-release."""
    head, dash, release = text.rpartition("-")
    if not dash:
        return (text, "", "") if has_name else ("", text, "")
    if not has_name:
        return "", head, release
    name, dash, version = head.rpartition("-")
    if not dash:
        return head, release, ""
    return name, version, release


def _split_cmp(a: str, b: str, *, has_name: bool, plus: bool) -> int:
    """GRUB's ``split_cmp``: name, then version, then release, each with ``vercmp``."""
    for left, right in zip(_split_nvr(a, has_name=has_name), _split_nvr(b, has_name=has_name), strict=True):
        result = vercmp(left, right, plus=plus)
        if result:
            return result
    return 0


def compare_bls_ids(a: str, b: str, *, order: BlsOrder = BlsOrder.FILE_NAME) -> int:
    """1 when entry id *a* sorts as newer than *b* in GRUB's menu, -1 when older, 0 when equal.

    Ids are file names without ``.conf``, compared as name-version-release; *order* says whose
    ``vercmp`` (RHEL 8's has no ``+`` rule).
    """
    return _split_cmp(a, b, has_name=True, plus=order is BlsOrder.FILE_NAME)


def sort_bls_entries(
    entries: Iterable[BlsEntry], *, order: BlsOrder = BlsOrder.FILE_NAME
) -> tuple[BlsEntry, ...]:
    """*entries* in GRUB's menu order, newest first (``BlsOrder``: Fedora/RHEL 9+ or RHEL 8).

    ``FILE_NAME``: GRUB inserts each file, in the order it reads the directory, before the first
    entry it is newer than, and drops one comparing equal to an earlier one; pass the files
    sorted by name for a deterministic result. ``VERSION_KEY``: GRUB quicksorts them all, so
    nothing is dropped; entries that compare equal keep the order given (GRUB's is unspecified).
    """
    if order is BlsOrder.VERSION_KEY:
        return _sort_by_version_key(tuple(entries))
    ordered: list[BlsEntry] = []
    for entry in entries:
        for index, placed in enumerate(ordered):
            result = compare_bls_ids(entry.id, placed.id)
            if result == 0:
                break
            if result > 0:
                ordered.insert(index, entry)
                break
        else:
            ordered.append(entry)
    return tuple(ordered)


def _sort_by_version_key(entries: tuple[BlsEntry, ...]) -> tuple[BlsEntry, ...]:
    """RHEL 8's ``bls_cmp``: the ``version`` keys as version-release if every entry has one
    (one without turns this off for all), then the file names as name-version-release."""
    use_version = all(entry.get("version") is not None for entry in entries)

    def compare(a: BlsEntry, b: BlsEntry) -> int:
        if use_version:
            result = _split_cmp(a.get("version") or "", b.get("version") or "", has_name=False, plus=False)
            if result:
                return result
        return compare_bls_ids(a.id, b.id, order=BlsOrder.VERSION_KEY)

    return tuple(sorted(entries, key=functools.cmp_to_key(compare), reverse=True))


_VARIABLE = re.compile(r"(?<!\\)\$([A-Za-z0-9_]*) ?")


def expand_bls_value(value: str, variables: Mapping[str, str]) -> str:
    """``blscfg``'s expansion of ``options``: each ``$name`` not after a backslash becomes the
    variable's value and a space (nothing when unset); a space right after the name is dropped."""

    def substitute(match: re.Match[str]) -> str:
        found = variables.get(match.group(1))
        return "" if found is None else found + " "

    return _VARIABLE.sub(substitute, value)


def bls_entry_script(entry: BlsEntry, variables: Mapping[str, str]) -> str | None:
    """The menu entry script ``blscfg`` generates for *entry*, or None when GRUB skips it (no ``linux``).

    ``options`` (else the ``default_kernelopts`` variable) is expanded now, with the variables
    set when ``blscfg`` runs; ``initrd`` values are left for the script to expand when it runs,
    and ``early_initrd`` files go first, next to the first initrd.
    """
    kernel = entry.get("linux")
    if kernel is None:
        return None
    options = entry.get("options")
    if options is None:
        options = variables.get("default_kernelopts")
    expanded = expand_bls_value(options, variables) if options is not None else ""
    initrds = list(entry.get_all("initrd"))
    early = variables.get("early_initrd")
    if early:
        anchor = initrds[0] if initrds else kernel
        prefix = anchor[: anchor.rfind("/") + 1]
        initrds = [prefix + name for name in early.split(" ")] + initrds
    lines = ["load_video", "set gfxpayload=keep", "insmod gzio", f"linux {kernel} {expanded}".rstrip()]
    if initrds:
        lines.append("initrd " + " ".join(initrds))
    return "\n".join(lines) + "\n"
