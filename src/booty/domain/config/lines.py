"""The line syntax of /deploy/vars: ``[export ]KEY=VALUE`` with shell-style quoting.

Rules of this file (spec caprf-and-config.md §1.2, with the §8 item 19 quirks fixed):
1. Lines end at ``\\n``; one trailing ``\\r`` is dropped (CRLF files work). ``\\r`` alone splits nothing.
2. A UTF-8 BOM at the start of the file is ignored. Leading/trailing whitespace is trimmed.
3. Blank lines and lines whose first character is ``#`` are comments.
4. ``export`` followed by whitespace is removed once. Spaces around the key are trimmed.
5. Values may be wrapped in one pair of double quotes (``\\"`` and ``\\\\`` escape) or single
   quotes (literal). After the closing quote only whitespace and a ``#`` comment may follow.
   Unquoted values end at `` #`` (a comment), like in a shell.
6. Anything that does not fit is a problem on that line; parsing goes on so that every problem of
   a file is reported at once.
"""

from __future__ import annotations

import re

import attrs

from booty.domain.config.fields import looks_secret

MAX_LINE_BYTES = 65_535
"""The original aborted on lines of 65,536 bytes or more (bufio.Scanner's limit)."""
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXPORT = re.compile(r"export\s+")


@attrs.frozen
class VarLine:
    """One ``KEY=VALUE`` assignment, unquoted, with where it was."""

    line: int
    key: str
    value: str


@attrs.frozen
class LineProblem:
    """A line that could not be read; ``key`` is empty when no key could be made out."""

    line: int
    key: str
    reason: str


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only, dropping one trailing ``\\r`` per line (never ``str.splitlines``)."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.removesuffix("\r") for ln in lines]


def parse_lines(text: str) -> tuple[tuple[VarLine, ...], tuple[LineProblem, ...]]:
    """Every assignment of *text* in order, and every line that was not one."""
    found: list[VarLine] = []
    problems: list[LineProblem] = []
    for number, raw in enumerate(split_lines(text), start=1):
        result = parse_line(number, raw)
        if isinstance(result, VarLine):
            found.append(result)
        elif isinstance(result, LineProblem):
            problems.append(result)
    return tuple(found), tuple(problems)


def parse_line(number: int, raw: str) -> VarLine | LineProblem | None:
    """One line: an assignment, a problem, or None for blanks and comments."""
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_LINE_BYTES:
        return LineProblem(number, "", f"line is longer than {MAX_LINE_BYTES} bytes")
    line = raw.strip()
    if not line or line.startswith("#"):
        return None
    export = _EXPORT.match(line)
    if export:
        line = line[export.end() :]
    key, sep, rest = line.partition("=")
    key = key.strip()
    if not sep:
        shown = "" if looks_secret(line) else f", got {_shorten(line)!r}"
        return LineProblem(number, "", f"expected KEY=VALUE{shown}")
    if not _KEY.fullmatch(key):
        return LineProblem(number, "", f"{_shorten(key)!r} is not a valid key name")
    try:
        return VarLine(number, key, unquote(rest.strip()))
    except ValueError as e:
        return LineProblem(number, key, str(e))


def unquote(value: str) -> str:
    """The value without its quotes and trailing comment.

    Raises:
        ValueError: an unterminated quote, or text after the closing quote.
    """
    if not value or value[0] not in "\"'":
        return _drop_comment(value)
    quote = value[0]
    body, end = _scan_quoted(value, quote)
    tail = value[end:].strip()
    if tail and not tail.startswith("#"):
        raise ValueError("unexpected text after the closing quote (quote the whole value)")
    return body


def _scan_quoted(value: str, quote: str) -> tuple[str, int]:
    out: list[str] = []
    i = 1
    while i < len(value):
        ch = value[i]
        if ch == quote:
            return "".join(out), i + 1
        if quote == '"' and ch == "\\" and i + 1 < len(value) and value[i + 1] in '"\\':
            out.append(value[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    raise ValueError(f"unterminated {quote} quote")


def _drop_comment(value: str) -> str:
    match = re.search(r"\s#", value)
    return value[: match.start()].rstrip() if match else value


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
