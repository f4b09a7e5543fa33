"""Runs a parsed grub.cfg the way GRUB's normal mode does, on values: variables, functions,
``if``, ``load_env``, ``menuentry``/``submenu``/``blscfg`` collecting the menu, and, inside an
entry, ``linux``/``initrd`` recording what would be loaded.

Rules of this file: pure; nothing is read or written. The GRUB environment block and the BLS
entries are handed in as values. Commands booty does not model (``insmod``, ``search``,
``load_video``'s ``insmod`` calls, ``terminal_output``, ...) succeed and do nothing, which is what
they do on a machine where GRUB boots. ``save_env`` writes nothing: booty reads what GRUB would
do on the next boot, it does not boot. ``while``/``until`` loops are not run.

Word expansion follows ``grub-core/script/execute.c``: an unquoted variable is split on blanks
and an unset or empty one vanishes; a quoted word always gives an argument, even an empty one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import attrs

from booty.domain.boot.bls import BlsEntry, bls_entry_script
from booty.domain.boot.grub_args import menu_options
from booty.domain.boot.grub_lexer import Word
from booty.domain.boot.grub_parser import Command, For, Function, If, Script, Statement, parse_script
from booty.domain.boot.grub_test import evaluate_test
from booty.domain.boot.model import GrubProblem

MAX_CALL_DEPTH = 32
_BLANKS = re.compile(r"[ \t\n\r\f\v]+")
_KERNEL = frozenset({"linux", "linux16", "linuxefi"})
_INITRD = frozenset({"initrd", "initrd16", "initrdefi"})


@attrs.frozen
class PendingItem:
    """A ``menuentry``/``submenu`` collected while the configuration runs; its body runs later."""

    title: str
    id: str
    body: Script
    args: tuple[str, ...]
    submenu: bool = False


@attrs.frozen
class Loaded:
    """What ``linux``/``initrd`` (or ``chainloader``) left loaded."""

    linux: bool = False
    kernel: str = ""
    args: tuple[str, ...] = ()
    initrds: tuple[str, ...] = ()


class Machine:
    """GRUB's script state: variables, functions and the menu being built."""

    def __init__(
        self,
        variables: Mapping[str, str],
        *,
        grubenv: Mapping[str, str] | None = None,
        bls_entries: Sequence[BlsEntry] = (),
        problems: list[GrubProblem] | None = None,
    ) -> None:
        self.vars = dict(variables)
        self.origins: dict[str, str] = {}
        """Where each variable's value came from: ``grubenv`` or ``line N``."""
        self.grubenv = grubenv
        self.bls_entries = tuple(bls_entries)
        self.functions: dict[str, Script] = {}
        self.items: list[PendingItem] = []
        self.config_files: list[str] = []
        self.problems = problems if problems is not None else []
        self.positional: tuple[str, ...] = ()
        self.loaded = Loaded()
        self.default_origin = "never set"
        self.calls = 0
        self._commands: dict[str, Callable[[list[str], Command], int]] = {
            "set": self._set,
            "unset": self._unset,
            "load_env": self._load_env,
            "[": self._bracket,
            "test": lambda args, _: self._status(evaluate_test(args[1:], has_grubenv=self.has_grubenv)),
            "true": lambda _args, _cmd: 0,
            "false": lambda _args, _cmd: 1,
            "menuentry": lambda args, cmd: self._menuentry(args, cmd, submenu=False),
            "submenu": lambda args, cmd: self._menuentry(args, cmd, submenu=True),
            "blscfg": self._blscfg,
            "bls_import": self._blscfg,
            "chainloader": self._chainloader,
            "configfile": self._configfile,
            "source": self._configfile,
            ".": self._configfile,
        }

    @property
    def has_grubenv(self) -> bool:
        """True when the installed system has a GRUB environment block."""
        return self.grubenv is not None

    def fork(self) -> Machine:
        """A copy to run an entry's body in: same variables and functions, empty menu and loader."""
        child = Machine(self.vars, grubenv=self.grubenv, bls_entries=self.bls_entries, problems=self.problems)
        child.origins = dict(self.origins)
        child.functions = dict(self.functions)
        return child

    @staticmethod
    def _status(ok: bool) -> int:
        return 0 if ok else 1

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(GrubProblem(line, reason))

    # -- running ------------------------------------------------------------------------------

    def run(self, script: Script) -> int:
        """Run *script*; the status of its last statement (0 is success)."""
        status = 0
        for statement in script:
            status = self.statement(statement)
        return status

    def statement(self, statement: Statement) -> int:
        if isinstance(statement, Command):
            status = self.command(statement)
            self.vars["?"] = str(status)
            return status
        if isinstance(statement, If):
            for condition, body in statement.branches:
                if self.run(condition) == 0:
                    return self.run(body)
            return self.run(statement.otherwise) if statement.otherwise is not None else 0
        if isinstance(statement, For):
            status = 0
            for value in self.expand(statement.words):
                self.vars[statement.name] = value
                status = self.run(statement.body)
            return status
        if isinstance(statement, Function):
            self.functions[statement.name] = statement.body
            return 0
        return 0  # while/until loops are not run

    def command(self, command: Command) -> int:
        args = self.expand(command.words)
        if not args:
            return 0
        name = args[0]
        handler = self._commands.get(name)
        if handler is not None:
            return handler(args, command)
        if name in _KERNEL:
            return self._linux(args)
        if name in _INITRD:
            return self._initrd(args)
        if name in self.functions:
            return self._call(name, args, command.line)
        variable, equals, value = name.partition("=")
        if equals:  # GRUB's last resort for an unknown command: an assignment
            self._assign(variable, value, command)
        return 0

    def _call(self, name: str, args: list[str], line: int) -> int:
        if self.calls >= MAX_CALL_DEPTH:
            self.problem(line, f"function {name} calls itself more than {MAX_CALL_DEPTH} deep")
            return 1
        saved = self.positional
        self.positional = tuple(args[1:])
        self.calls += 1
        try:
            return self.run(self.functions[name])
        finally:
            self.calls -= 1
            self.positional = saved

    # -- expansion ----------------------------------------------------------------------------

    def expand(self, words: Sequence[Word]) -> list[str]:
        """The arguments *words* give after variable expansion and field splitting."""
        args: list[str] = []
        for word in words:
            args.extend(self._expand_word(word))
        return args

    def _expand_word(self, word: Word) -> list[str]:
        done: list[str] = []
        current: str | None = None
        for part in word.parts:
            if not part.var:  # literal text; an empty one only comes from quotes ("")
                current = (current or "") + part.text
                continue
            value = self._lookup(part.text)
            if part.quoted:
                if value:
                    current = (current or "") + value
                continue
            for index, piece in enumerate(p for p in _BLANKS.split(value) if p):
                if index and current is not None:
                    done.append(current)
                    current = None
                current = (current or "") + piece
        if current is not None:
            done.append(current)
        return done

    def _lookup(self, name: str) -> str:
        if name.isdigit():
            number = int(name)
            return self.positional[number - 1] if 0 < number <= len(self.positional) else ""
        if name == "#":
            return str(len(self.positional))
        if name in ("*", "@"):
            return " ".join(self.positional)
        return self.vars.get(name, "")

    # -- commands -----------------------------------------------------------------------------

    def _assign(self, name: str, value: str, command: Command) -> None:
        self.vars[name] = value
        self.origins[name] = f"line {command.line}"
        if name == "default":
            self.default_origin = self._describe_default(command)

    def _describe_default(self, command: Command) -> str:
        word = next((w for w in command.words if w.raw.lstrip("'\"").startswith("default=")), None)
        names = word.variables if word is not None else ()
        sources = [self._describe_variable(name) for name in names]
        suffix = f" from {', '.join(sources)}" if sources else ""
        return f"set on line {command.line}{suffix}"

    def _describe_variable(self, name: str) -> str:
        origin = self.origins.get(name)
        if origin == "grubenv":
            return f"{name} from grubenv"
        return f"{name} ({'unset' if origin is None else 'set on ' + origin})"

    def _set(self, args: list[str], command: Command) -> int:
        for arg in args[1:]:
            name, equals, value = arg.partition("=")
            if equals:
                self._assign(name, value, command)
        return 0

    def _unset(self, args: list[str], _command: Command) -> int:
        for name in args[1:]:
            self.vars.pop(name, None)
            self.origins.pop(name, None)
        return 0

    def _load_env(self, args: list[str], _command: Command) -> int:
        if self.grubenv is None:
            return 1
        wanted: list[str] = []
        rest = iter(args[1:])
        for arg in rest:
            if arg in ("-f", "--file"):
                next(rest, None)
            elif not arg.startswith("-"):
                wanted.append(arg)
        for name, value in self.grubenv.items():
            if not wanted or name in wanted:
                self.vars[name] = value
                self.origins[name] = "grubenv"
        return 0

    def _bracket(self, args: list[str], _command: Command) -> int:
        if args[-1] != "]":
            return 1
        return self._status(evaluate_test(args[1:-1], has_grubenv=self.has_grubenv))

    def _menuentry(self, args: list[str], command: Command, *, submenu: bool) -> int:
        kind = "submenu" if submenu else "menuentry"
        if command.block is None:
            self.problem(command.line, f"{kind} without a {{ ... }} body")
            return 1
        options, positional, error = menu_options(args[1:])
        if error or not positional:
            self.problem(command.line, f"{kind}: {error or 'missing title'}")
            return 1
        title = positional[0]
        self.items.append(
            PendingItem(title, options.get("id", title), command.block, tuple(positional), submenu)
        )
        return 0

    def _blscfg(self, _args: list[str], command: Command) -> int:
        for entry in self.bls_entries:
            text = bls_entry_script(entry, self.vars)
            if text is None:
                self.problem(command.line, f"BLS entry {entry.id}: no linux line, GRUB skips it")
                continue
            body, problems = parse_script(text)
            for problem in problems:
                self.problem(command.line, f"BLS entry {entry.id}: {problem.reason}")
            title = entry.get("title") or entry.get("linux") or entry.id
            self.items.append(PendingItem(title, entry.id, body, (title,)))
        return 0

    def _linux(self, args: list[str]) -> int:
        if len(args) < 2:
            return 1
        self.loaded = Loaded(linux=True, kernel=args[1], args=tuple(args[2:]))
        return 0

    def _initrd(self, args: list[str]) -> int:
        if len(args) < 2 or not self.loaded.linux:
            return 1  # GRUB: "you need to load the kernel first"
        self.loaded = attrs.evolve(self.loaded, initrds=tuple(args[1:]))
        return 0

    def _chainloader(self, _args: list[str], _command: Command) -> int:
        self.loaded = Loaded()
        return 0

    def _configfile(self, args: list[str], _command: Command) -> int:
        if len(args) > 1:
            self.config_files.append(args[1])
        return 1  # booty does not read the file, so nothing it would define exists
