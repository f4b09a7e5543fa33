"""Boot Loader Specification entries as GRUB's ``blscfg`` reads them (RHEL 8+, CentOS Stream,
Fedora 30+): the ``loader/entries/*.conf`` format, GRUB's version order, and the menu entry
script ``blscfg`` builds from each file.

Rules of this file: pure; follows Fedora/RHEL GRUB's ``grub-core/commands/blscfg.c``:

* Only names ending in ``.conf`` (longer than ``.conf``, not starting with ``.``) are entries;
  the entry id is the name without ``.conf``.
* A line is ``key value``: leading blanks skipped, ``#`` lines skipped, the key ends at the first
  space (else tab). A line with no value (an empty line too) ends the file for GRUB.
* Menu order is newest first by the *file name* read as an RPM ``name-version-release`` (the
  ``version`` key is not used) compared with ``rpmvercmp`` (plus GRUB's ``+`` rule); an entry that
  compares equal to one already read is dropped.
* An entry without ``linux`` is skipped; the title is ``title`` or else the ``linux`` path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs


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


def vercmp(a: str, b: str) -> int:
    """RPM's version comparison as GRUB's blscfg has it: 1 when *a* is newer, -1 when older, 0 equal.

    Digit runs compare as numbers, letter runs as text, digits beat letters, ``~`` sorts before
    anything (even the end), ``+`` after the end; other characters only separate segments.
    """
    if a == b:
        return 0
    i = j = 0
    while True:
        i, j = _skip_separators(a, i), _skip_separators(b, j)
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


def _skip_separators(text: str, i: int) -> int:
    while i < len(text) and not (_is_alpha(text[i]) or _is_digit(text[i]) or text[i] in "~+"):
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


def _split_nvr(text: str) -> tuple[str, str, str]:
    """GRUB's ``split_package_string``: name-version-release from the right, missing parts empty."""
    head, dash, release = text.rpartition("-")
    if not dash:
        return text, "", ""
    name, dash, version = head.rpartition("-")
    if not dash:
        return head, release, ""
    return name, version, release


def compare_bls_ids(a: str, b: str) -> int:
    """1 when entry id *a* sorts as newer than *b* in GRUB's menu, -1 when older, 0 when equal."""
    for left, right in zip(_split_nvr(a), _split_nvr(b), strict=True):
        result = vercmp(left, right)
        if result:
            return result
    return 0


def sort_bls_entries(entries: Iterable[BlsEntry]) -> tuple[BlsEntry, ...]:
    """*entries* in GRUB's menu order (newest first); one comparing equal to an earlier one is dropped.

    GRUB inserts each file, in the order it reads the directory, before the first entry it is
    newer than; pass the files sorted by name for a deterministic result.
    """
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
