"""GRUB's script language as booty runs it: commands, tests, functions, syntax errors."""

from __future__ import annotations

import pytest

from booty.domain.boot import GrubProblem, parse_grub_cfg
from booty.domain.boot.grub_parser import MAX_NESTING, parse_script
from booty.domain.boot.grub_test import evaluate_test


def cmdline(setup: str, arguments: str, *, grubenv: dict[str, str] | None = None) -> str:
    """The command line of an entry whose linux line follows *setup*."""
    menu = parse_grub_cfg(f"{setup}\nmenuentry 'x' {{\n  linux /vmlinuz {arguments}\n}}\n", grubenv=grubenv)
    assert menu.problems == (), menu.problems
    return menu.entries()[0].cmdline


@pytest.mark.parametrize(
    ("setup", "arguments", "expected"),
    [
        ("function f { linux /vmlinuz $# $* $2 $0 $9; }", "; f a 'b c'", "2 a b c b c"),
        ('function f { linux /vmlinuz "$@"; }', "; f a b", '"a b"'),
        ("set a=1 b=2 c", "$a$b$c", "12"),
        ("set a=1; unset a", "x$a", "x"),
        ("x=5 ignored", "$x", "5"),
        ("true; set s=$?; false; set t=$?", "$s$t", "01"),
        ("if false; then set v=1; elif true; then set v=2; else set v=3; fi", "$v", "2"),
        ("if false; then set v=1; elif false; then set v=2; else set v=3; fi", "$v", "3"),
        ("if false; then set v=1; fi", "x$v", "x"),
        ("for i in; do set v=$i; done", "x$v", "x"),
        ("insmod gzio; search --set=root x; echo hi", "ok", "ok"),
        ("set v=before; until true; do set v=never; done", "$v", "before"),
        ("set d='a\\b'", '"$d" it\\\'s', "a\\\\b it\\'s"),
        ("set d='a\\x41'", "$d", "a\\x41"),
    ],
)
def test_commands_and_expansion(setup: str, arguments: str, expected: str) -> None:
    assert cmdline(setup, arguments) == expected


@pytest.mark.parametrize(
    ("condition", "true"),
    [
        ("[ a = a ]", True),
        ("[ a == b ]", False),
        ("[ a != b ]", True),
        ("[ a \\< b ]", True),
        ("[ b \\<= a ]", False),
        ("[ b \\> a ]", True),
        ("[ a \\>= a ]", True),
        ("[ 10 -gt 9 ]", True),
        ("[ -1 -lt 0 ]", True),
        ("[ 3 -le 3 ]", True),
        ("[ 3 -ge 4 ]", False),
        ("[ 1 -eq 01 ]", True),
        ("[ 1 -ne 1 ]", False),
        ("[ x5 -eq 0 ]", True),
        ("[ a1 -pgt a0 ]", False),
        ("[ -z '' ]", True),
        ("[ -n '' ]", False),
        ("[ x ]", True),
        ("[ '' ]", False),
        ("[ ]", False),
        ("[ a = a", False),
        ("[ ! a = b ]", True),
        ("[ ! ]", True),
        ("[ a = a -a b = c ]", False),
        ("[ a = b -o b = b ]", True),
        ("[ \\( a = b \\) -o x ]", True),
        ("[ -f /boot/grub/grubenv ]", True),
        ("[ -s $prefix/grubenv ]", True),
        ("[ -e /boot/grub/custom.cfg ]", False),
        ("[ -d /boot/grub/grubenv ]", False),
        ("[ a b ]", False),
        ("test a = a", True),
    ],
)
def test_conditions(condition: str, true: bool) -> None:
    setup = f"if {condition}; then set r=yes; else set r=no; fi"
    assert cmdline(setup, "$r", grubenv={}) == ("yes" if true else "no")


def test_file_tests_are_false_without_a_grubenv() -> None:
    assert evaluate_test(["-s", "/grubenv"], has_grubenv=False) is False
    assert evaluate_test([], has_grubenv=True) is False


def test_load_env_whitelists_variables() -> None:
    env = {"a": "1", "b": "2"}
    assert cmdline("load_env -f /x/grubenv a", "$a-$b", grubenv=env) == "1-"
    assert cmdline("load_env --skip-sig --file /x/grubenv b", "$a-$b", grubenv=env) == "-2"
    assert cmdline("load_env", "$a-$b", grubenv=env) == "1-2"


def test_load_env_fails_without_a_grubenv() -> None:
    assert cmdline("if load_env; then set r=yes; else set r=no; fi", "$r") == "no"


def test_recursion_is_cut_off_and_reported() -> None:
    menu = parse_grub_cfg("function f { f; }\nf\n")
    assert menu.problems == (GrubProblem(1, "function f calls itself more than 32 deep"),)


def test_commands_without_arguments_fail_quietly() -> None:
    menu = parse_grub_cfg("menuentry 'x' {\n  linux\n  initrd\n  configfile\n  $nothing\n}\n")
    (entry,) = menu.entries()
    assert (entry.kernel, entry.initrds, menu.config_files) == ("", (), ())


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("if true; then\n", 2, "syntax error: unexpected end of file"),
        ("a\n}\n", 2, "syntax error: unexpected '}'"),
        ("function 1x { a; }\n", 1, "syntax error: unexpected '1x'"),
        ("function f { a }\n", 1, "syntax error: unexpected '}'"),
        ("for 1 in a; do b; done\n", 1, "syntax error: unexpected '1'"),
        ("for i a; do b; done\n", 1, "syntax error: unexpected 'a'"),
        ("while true do\n", 2, "syntax error: unexpected end of file"),
        ("if true; then a; fi b\n", 1, "syntax error: unexpected 'b'"),
        ("a ||\n", 1, "syntax error: unexpected '||'"),
        ("[[ a ]]\n", 1, "syntax error: unexpected '[['"),
        ("a $-\n", 1, "syntax error: not a variable: '$-'"),
        ("{\n", 1, "syntax error: unexpected '{'"),
        ("if true then a; fi\n", 1, "syntax error: unexpected 'fi'"),
    ],
)
def test_syntax_errors(text: str, line: int, reason: str) -> None:
    _, problems = parse_script(text)
    assert problems == (GrubProblem(line, reason),)


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    text = "if true; then\n" * (MAX_NESTING + 1) + "a\n" + "fi\n" * (MAX_NESTING + 1)
    statements, problems = parse_script(text)
    assert statements == ()
    assert problems[0].reason == f"blocks nested deeper than {MAX_NESTING} levels"


def test_a_statement_after_an_error_on_its_own_line_still_runs() -> None:
    menu = parse_grub_cfg("set a=1 > x\nset b=2\nmenuentry 'x' {\n  linux /v $a$b\n}\n")
    assert [str(p) for p in menu.problems] == ["line 1: syntax error: unexpected '>'"]
    assert menu.entries()[0].cmdline == "2"


def test_function_definitions_may_be_followed_by_newlines_before_the_brace() -> None:
    menu = parse_grub_cfg("function f\n\n{ set v=1; }\nf\nmenuentry 'x' {\n  linux /v $v\n}\n")
    assert menu.problems == ()
    assert menu.entries()[0].cmdline == "1"


def test_blscfg_reports_an_entry_whose_script_grub_cannot_parse() -> None:
    from booty.domain.boot import parse_bls_entry

    entry = parse_bls_entry("bad-1-1", "title Bad\nlinux /vmlinuz\noptions a=( b }\n")
    menu = parse_grub_cfg("blscfg\n", bls_entries=[entry])
    assert [str(p) for p in menu.problems] == ["line 1: BLS entry bad-1-1: syntax error: unexpected '}'"]


def test_source_and_configfile_are_recorded() -> None:
    menu = parse_grub_cfg("source /boot/grub/custom.cfg\n. /x.cfg\nconfigfile /y.cfg\n")
    assert menu.config_files == ("/boot/grub/custom.cfg", "/x.cfg", "/y.cfg")


def test_an_empty_id_is_the_entry_id_not_its_title() -> None:
    # menuentry.c takes the title only when there is no --id at all (id ?: title).
    menu = parse_grub_cfg("menuentry 'T' --id '' {\n  linux /a\n}\nmenuentry 'U' {\n  linux /b\n}\n")
    assert [e.id for e in menu.entries()] == ["", "U"]
