"""GRUB's lexer: tokens, words, quotes and escapes, and the properties it must keep on any text."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.boot import choose_default_entry, parse_grub_cfg
from booty.domain.boot.grub_lexer import Kind, Part, is_name, quote_word, tokenize
from booty.domain.errors import NoBootEntries


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a || b", [(Kind.WORD, "a"), (Kind.OPERATOR, "||"), (Kind.WORD, "b")]),
        ("a&&b;;", [(Kind.WORD, "a"), (Kind.OPERATOR, "&&"), (Kind.WORD, "b"), (Kind.OPERATOR, ";;")]),
        (
            "a|b<c",
            [
                (Kind.WORD, "a"),
                (Kind.OPERATOR, "|"),
                (Kind.WORD, "b"),
                (Kind.OPERATOR, "<"),
                (Kind.WORD, "c"),
            ],
        ),
        ("c>d&", [(Kind.WORD, "c"), (Kind.OPERATOR, ">"), (Kind.WORD, "d"), (Kind.OPERATOR, "&")]),
        ("{load_video}", [(Kind.LBRACE, "{"), (Kind.WORD, "load_video"), (Kind.RBRACE, "}")]),
        ("if x; fi", [(Kind.RESERVED, "if"), (Kind.WORD, "x"), (Kind.SEMI, ";"), (Kind.RESERVED, "fi")]),
        ("'fi' file", [(Kind.WORD, "'fi'"), (Kind.WORD, "file")]),
        ("# comment\nx", [(Kind.NEWLINE, "\n"), (Kind.WORD, "x")]),
        ("a \\\n b", [(Kind.WORD, "a"), (Kind.WORD, "b")]),
        ("a\r\nb", [(Kind.WORD, "a"), (Kind.NEWLINE, "\n"), (Kind.WORD, "b")]),
    ],
)
def test_tokens(text: str, expected: list[tuple[Kind, str]]) -> None:
    assert kinds(text)[:-1] == expected
    assert tokenize(text)[-1].kind is Kind.EOF


def test_line_numbers_count_newlines_inside_words() -> None:
    tokens = tokenize("a 'multi\nline' b\nc")
    assert [(t.text, t.line) for t in tokens if t.kind is Kind.WORD] == [
        ("a", 1),
        ("'multi\nline'", 1),
        ("b", 2),
        ("c", 3),
    ]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("plain", (Part("plain"),)),
        ("'a b'", (Part("a b", quoted=True),)),
        ('""', (Part("", quoted=True),)),
        ("a\\ b", (Part("a b"),)),
        ("a\\\nb", (Part("ab"),)),
        ("\\x41z", (Part("\\x41z"),)),
        ("\\xZZ", (Part("xZZ"),)),
        ('"a\\"b\\\\c\\$d\\e"', (Part('a"b\\c$d\\e', quoted=True),)),
        ('"a\\\nb"', (Part("ab", quoted=True),)),
        ('$"Hello \\"you\\" $x"', (Part('Hello "you" $x', quoted=True),)),
        ("$x${y}z", (Part("x", var=True), Part("y", var=True), Part("z"))),
        ("$10$#$?$*$@", tuple(Part(n, var=True) for n in ("10", "#", "?", "*", "@"))),
        ('"$x"', (Part("", quoted=True), Part("x", var=True, quoted=True), Part("", quoted=True))),
        ("a#b", (Part("a#b"),)),
    ],
)
def test_word_parts(text: str, parts: tuple[Part, ...]) -> None:
    token = tokenize(text)[0]
    assert token.kind is Kind.WORD
    assert token.word is not None
    assert token.word.parts == parts


def test_word_literal_and_variables() -> None:
    word = tokenize("a$b")[0].word
    assert word is not None
    assert word.literal is None
    assert word.variables == ("b",)
    plain = tokenize("'a'b")[0].word
    assert plain is not None
    assert plain.literal == "ab"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("x\\", "a backslash at the end of the file"),
        ("'open", "unterminated ' quote"),
        ('"open', 'unterminated " quote'),
        ("$", "not a variable: '$'"),
        ("a$-b rest", "not a variable: '$-'"),
        ("${x y}", "not a variable: '${x '"),
        ("${x", "not a variable: '${x'"),
        ('"a $ b"', "not a variable: '$ '"),
    ],
)
def test_bad_input_becomes_a_bad_token(text: str, error: str) -> None:
    bad = [t for t in tokenize(text) if t.kind is Kind.BAD]
    assert [t.text for t in bad] == [error]


def test_a_bad_token_drops_the_rest_of_its_line() -> None:
    bad = (Kind.BAD, "not a variable: '$ '")
    assert kinds("a $ b c\nd")[1:] == [bad, (Kind.NEWLINE, "\n"), (Kind.WORD, "d"), (Kind.EOF, "")]


@pytest.mark.parametrize(
    ("text", "ok"), [("x", True), ("_a1", True), ("1a", False), ("", False), ("a-b", False)]
)
def test_is_name(text: str, ok: bool) -> None:
    assert is_name(text) is ok


@pytest.mark.parametrize("text", ["a\rb", "nul\0"])
def test_quote_word_refuses_what_grub_cannot_read_back(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        quote_word(text)


@given(st.text())
def test_the_lexer_never_crashes_and_always_ends_with_eof(text: str) -> None:
    tokens = tokenize(text)
    assert tokens[-1].kind is Kind.EOF
    assert all(t.line >= 1 for t in tokens)


@given(st.text(alphabet=st.characters(blacklist_characters="\r\0")))
def test_quoting_round_trips_any_word(text: str) -> None:
    tokens = tokenize(quote_word(text))
    assert [t.kind for t in tokens] == [Kind.WORD, Kind.EOF]
    assert tokens[0].word is not None
    assert tokens[0].word.literal == text


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\0")), min_size=1, max_size=5))
def test_quoted_words_survive_as_linux_arguments(words: list[str]) -> None:
    line = " ".join(quote_word(w) for w in words)
    menu = parse_grub_cfg(f"menuentry 'x' {{\n  linux /vmlinuz {line}\n}}\n")
    (entry,) = menu.entries()
    assert entry.kernel == "/vmlinuz"
    assert menu.problems == ()


GRUB_WORDS = (
    *("menuentry", "submenu", "'A'", '"B"', "{", "}", "linux", "linux16", "initrd", "/vmlinuz"),
    *("if", "then", "elif", "else", "fi", "[", "]", "=", "!=", "-z", "-n", "-s", "-f", "!", "-a"),
    *("x$x", "${y}", "$1", "set", "unset", "export", "default=1>0", "default=0", "x=1", "function"),
    *("f", "for", "in", "do", "done", "while", "blscfg", "load_env", "true", "false", "chainloader"),
    *("configfile", "--id", "--class", "--", ";", "\n", "\\", "'", '"', "#", "$", "|"),
)


@given(st.lists(st.sampled_from(GRUB_WORDS)).map(" ".join))
def test_reading_any_grub_cfg_never_crashes(text: str) -> None:
    menu = parse_grub_cfg(text, grubenv={"saved_entry": "1>0", "x": "a b"})
    assert all(p.line >= 1 for p in menu.problems)
    if menu.items:
        with contextlib.suppress(NoBootEntries):  # an empty submenu
            assert choose_default_entry(menu).entry.title is not None
