"""GRUB's script lexer: grub.cfg text to tokens, with words split and quotes resolved the way
``grub-core/script/yylex.l`` and ``execute.c`` do it.

Rules of this file: pure and total. Every input text gives a token list ending with ``EOF``;
what GRUB's lexer rejects (a lone ``$``, an unterminated quote) becomes a ``BAD`` token that
the parser reports, never an exception.

GRUB's rules, as implemented here:

* Blanks are space and tab; a newline ends a command, so does ``;``. Carriage returns are dropped
  everywhere (``grub_file_getline`` skips them).
* ``#`` starts a comment only where a word could start; inside a word it is an ordinary character.
* ``{`` and ``}`` are tokens of their own even without blanks around them (``{load_video``), and
  ``|``, ``&``, ``<``, ``>``, ``||``, ``&&``, ``;;`` are operators GRUB's grammar never accepts.
* A word is a run of plain characters, ``'single quoted'`` text (nothing special inside),
  ``"double quoted"`` text (``\\$``, ``\\\\``, ``\\"`` and backslash-newline are escapes, ``$var``
  expands), ``$"gettext"`` text, ``\\c`` escapes (``c`` itself, except ``\\xHH`` which GRUB keeps),
  and variables ``$name``, ``${name}``, ``$1``, ``$#``, ``$?``, ``$*``, ``$@``.
* A word equal to a reserved word (``if``, ``then``, ``fi``, ``function``, ...) is that keyword.
"""

from __future__ import annotations

import enum

import attrs

RESERVED = frozenset(
    {"case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "select", "then"}
    | {"until", "while", "function", "[[", "]]"}
)
_BREAK = frozenset(" \t\n;|&<>{}")
_SPECIAL = frozenset("?#*@")
_HEX = frozenset("0123456789abcdefABCDEF")


def is_name(text: str) -> bool:
    """True for a GRUB variable or function name: an ASCII letter or ``_``, then letters, digits, ``_``."""
    return bool(text) and _name_start(text[0]) and all(_name_char(c) for c in text[1:])


def _name_start(c: str) -> bool:
    return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z")


def _name_char(c: str) -> bool:
    return _name_start(c) or "0" <= c <= "9"


class Kind(enum.Enum):
    """What a token is."""

    WORD = "word"
    NEWLINE = "newline"
    SEMI = ";"
    LBRACE = "{"
    RBRACE = "}"
    RESERVED = "reserved word"
    OPERATOR = "operator"
    BAD = "bad input"
    EOF = "end of file"


@attrs.frozen
class Part:
    """A piece of a word: literal text, or a variable (``text`` is then its name)."""

    text: str
    var: bool = False
    quoted: bool = False
    """Inside quotes: no field splitting, and an empty value still makes an (empty) argument."""


@attrs.frozen
class Word:
    """One shell word before expansion."""

    parts: tuple[Part, ...]
    raw: str
    """The word as written in the file."""

    @property
    def literal(self) -> str | None:
        """The word's text when it has no variables, else None."""
        if any(p.var for p in self.parts):
            return None
        return "".join(p.text for p in self.parts)

    @property
    def variables(self) -> tuple[str, ...]:
        """Names of the variables the word refers to, in order."""
        return tuple(p.text for p in self.parts if p.var)


@attrs.frozen
class Token:
    """A token with the 1-based line it starts on."""

    kind: Kind
    text: str
    line: int
    word: Word | None = None


def quote_word(text: str) -> str:
    """*text* written as one GRUB word that lexes back to exactly *text* (single quotes).

    Raises:
        ValueError: *text* holds a carriage return or NUL, which GRUB cannot read back.
    """
    if "\r" in text or "\0" in text:
        raise ValueError("GRUB cannot read a carriage return or NUL back from grub.cfg")
    return "'" + text.replace("'", "'\\''") + "'"


def tokenize(text: str) -> tuple[Token, ...]:
    """Split grub.cfg *text* into tokens; the last one is always ``EOF``."""
    return tuple(_Scanner(text.replace("\r", "")).run())


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        while self.i < len(self.text):
            self._step()
        self.tokens.append(Token(Kind.EOF, "", self.line))
        return self.tokens

    def _emit(self, kind: Kind, text: str, *, width: int = 1) -> None:
        self.tokens.append(Token(kind, text, self.line))
        self.i += width

    def _step(self) -> None:
        c = self.text[self.i]
        two = self.text[self.i : self.i + 2]
        if c in " \t":
            self.i += 1
        elif c == "\n":
            self._emit(Kind.NEWLINE, "\n")
            self.line += 1
        elif c == "#":
            end = self.text.find("\n", self.i)
            self.i = len(self.text) if end < 0 else end
        elif two == "\\\n":  # a line continuation between words joins the lines
            self.i += 2
            self.line += 1
        elif two in ("||", "&&", ";;"):
            self._emit(Kind.OPERATOR, two, width=2)
        elif c in ";{}":
            self._emit({";": Kind.SEMI, "{": Kind.LBRACE, "}": Kind.RBRACE}[c], c)
        elif c in "|&<>":
            self._emit(Kind.OPERATOR, c)
        else:
            self._word()

    def _word(self) -> None:
        start, line = self.i, self.line
        reader = _WordReader(self.text, self.i)
        error = reader.read()
        self.i = reader.i
        self.line += self.text.count("\n", start, self.i)
        raw = self.text[start : self.i]
        if error:
            self.tokens.append(Token(Kind.BAD, error, line))
            # GRUB drops the rest of the line the bad character is on.
            end = self.text.find("\n", self.i)
            self.i = len(self.text) if end < 0 else end
        elif raw in RESERVED:
            self.tokens.append(Token(Kind.RESERVED, raw, line))
        else:
            self.tokens.append(Token(Kind.WORD, raw, line, Word(reader.parts(), raw)))


class _WordReader:
    """Reads one word from ``text[i:]``; ``read`` returns an error text or ``""``."""

    def __init__(self, text: str, i: int) -> None:
        self.text = text
        self.i = i
        self._parts: list[Part] = []
        self._buffer: list[str] = []
        self._quoted = False

    def parts(self) -> tuple[Part, ...]:
        self._flush()
        return tuple(self._parts)

    def _flush(self) -> None:
        if self._buffer or self._quoted:
            self._parts.append(Part("".join(self._buffer), quoted=self._quoted))
        self._buffer = []
        self._quoted = False

    def _literal(self, text: str, *, quoted: bool) -> None:
        if quoted != self._quoted and (self._buffer or self._quoted):
            self._flush()
        self._quoted = quoted
        self._buffer.append(text)

    def _peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.text[j] if j < len(self.text) else ""

    def read(self) -> str:
        while self.i < len(self.text) and self._peek() not in _BREAK:
            c = self._peek()
            error = ""
            if c == "'":
                error = self._single()
            elif c == '"':
                error = self._double()
            elif c == "$" and self._peek(1) == '"':
                self.i += 1
                error = self._double(gettext=True)
            elif c == "$":
                error = self._variable(quoted=False)
            elif c == "\\":
                error = self._escape()
            else:
                self._literal(c, quoted=False)
                self.i += 1
            if error:
                return error
        return ""

    def _escape(self) -> str:
        nxt = self._peek(1)
        if not nxt:
            return "a backslash at the end of the file"
        if nxt == "\n":
            self.i += 2
        elif nxt == "x" and self._peek(2) in _HEX and self._peek(3) in _HEX and self._peek(3):
            self._literal(self.text[self.i : self.i + 4], quoted=False)  # GRUB keeps \xHH as is
            self.i += 4
        else:
            self._literal(nxt, quoted=False)
            self.i += 2
        return ""

    def _single(self) -> str:
        end = self.text.find("'", self.i + 1)
        if end < 0:
            self.i = len(self.text)
            return "unterminated ' quote"
        self._literal(self.text[self.i + 1 : end], quoted=True)
        self.i = end + 1
        return ""

    def _double(self, *, gettext: bool = False) -> str:
        self.i += 1
        self._literal("", quoted=True)
        while self.i < len(self.text):
            c, nxt = self._peek(), self._peek(1)
            if c == '"':
                self.i += 1
                return ""
            if c == "\\" and nxt == "\n":
                self.i += 2
            elif c == "\\" and (nxt in '\\"' or (nxt == "$" and not gettext)):
                self._literal(nxt, quoted=True)
                self.i += 2
            elif c == "$" and not gettext:
                error = self._variable(quoted=True)
                if error:
                    return error
            else:
                self._literal(c, quoted=True)
                self.i += 1
        return 'unterminated " quote'

    def _variable(self, *, quoted: bool) -> str:
        j = self.i + 1
        braced = self._peek(1) == "{"
        if braced:
            j += 1
        end = j
        if end < len(self.text) and self.text[end] in _SPECIAL:
            end += 1
        elif end < len(self.text) and self.text[end].isascii() and self.text[end].isdigit():
            while end < len(self.text) and self.text[end].isascii() and self.text[end].isdigit():
                end += 1
        elif end < len(self.text) and _name_start(self.text[end]):
            while end < len(self.text) and _name_char(self.text[end]):
                end += 1
        name = self.text[j:end]
        if not name or (braced and (end >= len(self.text) or self.text[end] != "}")):
            return f"not a variable: {self.text[self.i : end + 1]!r}"
        self._flush()
        self._parts.append(Part(name, var=True, quoted=quoted))
        self.i = end + 1 if braced else end
        if quoted:
            self._literal("", quoted=True)
        return ""
