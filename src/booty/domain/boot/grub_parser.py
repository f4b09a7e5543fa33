"""GRUB's script grammar (``grub-core/script/parser.y``): tokens to a tree of statements.

Rules of this file: pure and total. A syntax error never raises; it becomes a ``GrubProblem``
and the statement it is in is dropped, as GRUB drops it. GRUB reads grub.cfg a line at a time and
reads further lines only while a block, ``if``, loop or quote is open, so:

* an error outside any open construct loses the rest of that line only (``menuentry 'A'`` then
  ``{`` on its own line: the ``{`` line is an error, the lines after it run as top-level commands);
* an error inside an open construct, or a construct never closed, loses everything to the end of
  the file (an unterminated ``menuentry 'A' {`` swallows every entry after it).

The grammar, as GRUB has it: a command is words plus an optional ``{ block }`` that must start on
the same line; a block needs at least one command and may close right after it
(``menuentry 'A' { linux /a }``); ``function NAME { ...; }`` needs a delimiter before ``}`` and
may only appear at the top level; ``if``/``elif``/``else``/``fi``, ``for NAME in ...; do ...;
done``, ``while``/``until ...; do ...; done``.
"""

from __future__ import annotations

import attrs

from booty.domain.boot.grub_lexer import Kind, Part, Token, Word, is_name, tokenize
from booty.domain.boot.model import GrubProblem

MAX_NESTING = 64
"""Blocks nested deeper than this are refused (GRUB has no limit, Python's stack does)."""

_ARGUMENT_WORDS = frozenset(
    {"case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "select", "then"}
    | {"until", "while", "function"}
)
_COMMAND_WORDS = frozenset({"if", "for", "while", "until"})


@attrs.frozen
class Command:
    """A simple command: its words, and the ``{ ... }`` block given as its last argument."""

    words: tuple[Word, ...]
    line: int
    block: tuple[Statement, ...] | None = None


@attrs.frozen
class If:
    """``if``/``elif`` branches as (condition, body) pairs, then the ``else`` body."""

    branches: tuple[tuple[tuple[Statement, ...], tuple[Statement, ...]], ...]
    otherwise: tuple[Statement, ...] | None
    line: int


@attrs.frozen
class For:
    """``for NAME in WORDS; do BODY; done``."""

    name: str
    words: tuple[Word, ...]
    body: tuple[Statement, ...]
    line: int


@attrs.frozen
class Loop:
    """``while``/``until`` loops: parsed, never run (grub.cfg files do not use them to build menus)."""

    until: bool
    condition: tuple[Statement, ...]
    body: tuple[Statement, ...]
    line: int


@attrs.frozen
class Function:
    """``function NAME { BODY }``."""

    name: str
    body: tuple[Statement, ...]
    line: int


Statement = Command | If | For | Loop | Function
Script = tuple[Statement, ...]


def parse_script(text: str) -> tuple[Script, tuple[GrubProblem, ...]]:
    """The statements of grub.cfg *text* that GRUB would run, and the syntax errors it would report."""
    parser = _Parser(tokenize(text))
    statements: list[Statement] = []
    problems: list[GrubProblem] = []
    while True:
        parser.skip(Kind.NEWLINE)
        if parser.peek().kind is Kind.EOF:
            return tuple(statements), tuple(problems)
        try:
            statement = parser.statement()
            parser.end_of_statement()
            statements.append(statement)
        except _SyntaxError as e:
            problems.append(GrubProblem(e.token.line, e.reason))
            parser.recover(e.token)


class _SyntaxError(Exception):
    def __init__(self, token: Token, reason: str = "") -> None:
        super().__init__(reason)
        self.token = token
        self.reason = reason or f"syntax error: unexpected {_describe(token)}"


def _describe(token: Token) -> str:
    if token.kind in (Kind.NEWLINE, Kind.EOF):
        return str(token.kind.value)
    return repr(token.text)


class _Parser:
    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind is Kind.BAD:
            raise _SyntaxError(token, f"syntax error: {token.text}")
        if token.kind is not Kind.EOF:
            self.pos += 1
        return token

    def skip(self, kind: Kind) -> None:
        while self.peek().kind is kind:
            self.pos += 1

    def at_keyword(self, *words: str) -> bool:
        token = self.peek()
        return token.kind is Kind.RESERVED and token.text in words

    def expect(self, kind: Kind, text: str = "") -> Token:
        token = self.next()
        if token.kind is not kind or (text and token.text != text):
            raise _SyntaxError(token)
        return token

    def recover(self, bad: Token) -> None:
        """Skip what GRUB would have read as part of the failed statement."""
        if self.depth > 0 or bad.kind is Kind.EOF:
            self.pos = len(self.tokens) - 1
        else:
            while self.peek().kind is not Kind.EOF and self.peek().line <= bad.line:
                self.pos += 1
        self.depth = 0

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _SyntaxError(self.peek(), f"blocks nested deeper than {MAX_NESTING} levels")

    # -- statements -------------------------------------------------------------------------

    def end_of_statement(self) -> None:
        token = self.next()
        if token.kind not in (Kind.SEMI, Kind.NEWLINE, Kind.EOF):
            raise _SyntaxError(token)

    def statement(self) -> Statement:
        if self.at_keyword("function"):
            return self.function()
        return self.command()

    def command(self) -> Statement:
        token = self.peek()
        if token.kind is Kind.RESERVED and token.text == "if":
            return self.if_command()
        if token.kind is Kind.RESERVED and token.text == "for":
            return self.for_command()
        if token.kind is Kind.RESERVED and token.text in ("while", "until"):
            return self.loop()
        if token.kind is not Kind.WORD:
            raise _SyntaxError(self.next())
        first = self.next()
        words = [self._word(first), *self.arguments()]
        block = self.block() if self.peek().kind is Kind.LBRACE else None
        return Command(tuple(words), first.line, block)

    def arguments(self) -> list[Word]:
        words: list[Word] = []
        while self.peek().kind is Kind.WORD or self.at_keyword(*_ARGUMENT_WORDS):
            words.append(self._word(self.next()))
        return words

    @staticmethod
    def _word(token: Token) -> Word:
        """The word of a WORD token; a reserved word used as an argument is plain text."""
        return token.word if token.word is not None else Word((Part(token.text),), token.text)

    def commands(self) -> Script:
        """``commands1``: one or more commands separated by delimiters."""
        self.skip(Kind.NEWLINE)
        found = [self.command()]
        while self.peek().kind in (Kind.SEMI, Kind.NEWLINE):
            mark = self.pos
            self.delimiters()
            token = self.peek()
            if token.kind is Kind.WORD or (token.kind is Kind.RESERVED and token.text in _COMMAND_WORDS):
                found.append(self.command())
            else:
                self.pos = mark
                break
        return tuple(found)

    def delimiters(self, *, required: bool = True) -> None:
        """``;`` or a newline, then any newlines (``delimiters1``; ``delimiters0`` when not required)."""
        if self.peek().kind in (Kind.SEMI, Kind.NEWLINE):
            self.pos += 1
        elif required:
            raise _SyntaxError(self.next())
        self.skip(Kind.NEWLINE)

    def block(self) -> Script:
        self.expect(Kind.LBRACE)
        self.enter()
        body = self.commands()
        self.delimiters(required=False)
        self.expect(Kind.RBRACE)
        self.depth -= 1
        return body

    def function(self) -> Function:
        line = self.next().line
        name = self.next()
        if name.kind is not Kind.WORD or not is_name(name.text):
            raise _SyntaxError(name)
        self.skip(Kind.NEWLINE)
        self.expect(Kind.LBRACE)
        self.enter()
        body = self.commands()
        self.delimiters()
        self.expect(Kind.RBRACE)
        self.depth -= 1
        return Function(name.text, body, line)

    def if_command(self) -> If:
        line = self.next().line
        self.enter()
        node = self.if_clause(line)
        self.expect(Kind.RESERVED, "fi")
        self.depth -= 1
        return node

    def if_clause(self, line: int) -> If:
        condition = self.commands()
        self.delimiters()
        self.expect(Kind.RESERVED, "then")
        body = self.commands()
        self.delimiters()
        if self.at_keyword("else"):
            self.next()
            otherwise = self.commands()
            self.delimiters()
            return If(((condition, body),), otherwise, line)
        if self.at_keyword("elif"):
            nested = self.if_clause(self.next().line)
            return If(((condition, body), *nested.branches), nested.otherwise, line)
        return If(((condition, body),), None, line)

    def for_command(self) -> For:
        line = self.next().line
        self.enter()
        name = self.next()
        if name.kind is not Kind.WORD or not is_name(name.text):
            raise _SyntaxError(name)
        self.expect(Kind.RESERVED, "in")
        words = self.arguments()
        self.delimiters()
        self.expect(Kind.RESERVED, "do")
        body = self.commands()
        self.delimiters()
        self.expect(Kind.RESERVED, "done")
        self.depth -= 1
        return For(name.text, tuple(words), body, line)

    def loop(self) -> Loop:
        keyword = self.next()
        self.enter()
        condition = self.commands()
        self.delimiters()
        self.expect(Kind.RESERVED, "do")
        body = self.commands()
        self.delimiters()
        self.expect(Kind.RESERVED, "done")
        self.depth -= 1
        return Loop(keyword.text == "until", condition, body, keyword.line)
