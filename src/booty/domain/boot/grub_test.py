"""GRUB's ``test`` / ``[ ... ]`` command (``grub-core/commands/test.c``), on values.

Rules of this file: pure. The only file booty can answer questions about is the GRUB environment
block: ``-e``/``-f``/``-s`` on a path whose last component is ``grubenv`` is true exactly when
the installed system has one. Every other file test is false, which matches what grub.cfg files
ask (``[ -f ${prefix}/user.cfg ]``, ``[ -e ${prefix}/gfxblacklist.txt ]``, ``custom.cfg``): files
a provisioned system does not have.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

_STRING_OPS: dict[str, Callable[[str, str], bool]] = {
    "=": lambda a, b: a == b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_NUMBER_OPS: dict[str, Callable[[int, int], bool]] = {
    "-eq": lambda a, b: a == b,
    "-ne": lambda a, b: a != b,
    "-lt": lambda a, b: a < b,
    "-le": lambda a, b: a <= b,
    "-gt": lambda a, b: a > b,
    "-ge": lambda a, b: a >= b,
}
_FILE_TESTS = frozenset({"-e", "-f", "-s", "-d"})
_BINARY = frozenset(_STRING_OPS) | frozenset(_NUMBER_OPS) | {"-nt", "-ot", "-pgt", "-plt"}


def evaluate_test(args: Sequence[str], *, has_grubenv: bool) -> bool:
    """The truth of ``test ARGS`` (without the closing ``]`` of the ``[`` form)."""
    parser = _TestParser(list(args), has_grubenv=has_grubenv)
    if not args:
        return False
    result = parser.either()
    return result and parser.i >= len(args)


def _number(text: str) -> int:
    digits = text.strip()
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    end = 0
    while end < len(digits) and digits[end].isascii() and digits[end].isdigit():
        end += 1
    return sign * int(digits[:end]) if end else 0


class _TestParser:
    def __init__(self, args: list[str], *, has_grubenv: bool) -> None:
        self.args = args
        self.i = 0
        self.has_grubenv = has_grubenv

    def _take(self) -> str:
        value = self.args[self.i] if self.i < len(self.args) else ""
        self.i += 1
        return value

    def _at(self, offset: int = 0) -> str | None:
        j = self.i + offset
        return self.args[j] if j < len(self.args) else None

    def either(self) -> bool:
        result = self.both()
        while self._at() == "-o":
            self.i += 1
            right = self.both()
            result = result or right
        return result

    def both(self) -> bool:
        result = self.negation()
        while self._at() == "-a":
            self.i += 1
            right = self.negation()
            result = result and right
        return result

    def negation(self) -> bool:
        if self._at() == "!" and self._at(1) is not None:
            self.i += 1
            return not self.negation()
        return self.primary()

    def primary(self) -> bool:
        first = self._take()
        if first == "(" and self._at() is not None:
            result = self.either()
            self._take()  # the ")"
            return result
        operator = self._at()
        if operator in _BINARY and self._at(1) is not None:
            self.i += 1
            return self._binary(first, operator, self._take())
        if first in ("-z", "-n") and self._at() is not None:
            value = self._take()
            return (value == "") if first == "-z" else (value != "")
        if first in _FILE_TESTS and self._at() is not None:
            path = self._take()
            return first != "-d" and self.has_grubenv and path.rstrip("/").rsplit("/", 1)[-1] == "grubenv"
        return first != ""

    @staticmethod
    def _binary(left: str, operator: str, right: str) -> bool:
        if operator in _STRING_OPS:
            return _STRING_OPS[operator](left, right)
        if operator in _NUMBER_OPS:
            return _NUMBER_OPS[operator](_number(left), _number(right))
        return False  # -nt/-ot/-pgt/-plt compare files or prefixed numbers booty cannot see
