"""An in-memory Shell: answers from a script of canned results and records every call."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from booty.domain.shell import CommandResult


@attrs.frozen
class ShellCall:
    """One ``run()`` as the fake received it."""

    argv: tuple[str, ...]
    stdin: bytes | None = None
    root: str | None = None
    timeout_s: float | None = None
    env: Mapping[str, str] | None = None


SUCCESS = CommandResult((), 0)
"""Exit 0 with no output: what an unscripted command answers."""

Answer = CommandResult | Callable[[ShellCall], CommandResult]
"""A canned result (its argv is replaced by the caller's), or a function of the call."""


@attrs.define
class FakeShell:
    """Runs nothing. Answers exact argv first, then the longest matching prefix, then ``default``.

    Example::

        shell = FakeShell()
        shell.script(["mdadm", "--examine", "/dev/sda"], returncode=1, stderr="no md superblock")
        shell.script_prefix(["wipefs"], CommandResult((), 0))
        shell.script(["cat"], lambda call: CommandResult(call.argv, 0, (call.stdin or b"").decode()))
    """

    exact: dict[tuple[str, ...], Answer] = attrs.field(factory=dict)
    prefixes: dict[tuple[str, ...], Answer] = attrs.field(factory=dict)
    default: Answer = SUCCESS
    """The answer to anything not scripted: success with no output."""
    calls: list[ShellCall] = attrs.field(factory=list)
    """Every call, in order."""

    def script(
        self,
        argv: Sequence[str],
        answer: Answer | None = None,
        *,
        returncode: int = 0,
        stdout: str = "",
        stderr: str = "",
    ) -> None:
        """Answer exactly *argv* with *answer*, or with a result built from the keywords."""
        self.exact[tuple(argv)] = (
            answer if answer is not None else CommandResult(tuple(argv), returncode, stdout, stderr)
        )

    def script_prefix(
        self,
        prefix: Sequence[str],
        answer: Answer | None = None,
        *,
        returncode: int = 0,
        stdout: str = "",
        stderr: str = "",
    ) -> None:
        """Answer every argv starting with *prefix* (the longest scripted prefix wins)."""
        self.prefixes[tuple(prefix)] = (
            answer if answer is not None else CommandResult(tuple(prefix), returncode, stdout, stderr)
        )

    def run(
        self,
        argv: Sequence[str],
        *,
        stdin: bytes | None = None,
        root: str | None = None,
        timeout_s: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> CommandResult:
        """Record the call and answer it from the script; never raises on a non-zero result."""
        call = ShellCall(tuple(argv), stdin, root, timeout_s, dict(env) if env is not None else None)
        self.calls.append(call)
        answer = self._answer_for(call.argv)
        result = answer(call) if callable(answer) else answer
        return attrs.evolve(result, argv=call.argv)

    @property
    def argvs(self) -> list[tuple[str, ...]]:
        """The argv of every call, in order (the common assertion)."""
        return [call.argv for call in self.calls]

    def _answer_for(self, argv: tuple[str, ...]) -> Answer:
        if argv in self.exact:
            return self.exact[argv]
        matching = [prefix for prefix in self.prefixes if argv[: len(prefix)] == prefix]
        if matching:
            return self.prefixes[max(matching, key=len)]
        return self.default
