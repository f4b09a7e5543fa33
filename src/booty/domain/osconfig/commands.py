"""Commands run inside the installed OS: machine-command scripts, POST_PROVISION_CMDS, GRUB tools.

Rules of this file: pure. It says how a command is run (argv, environment) and how its output is
shown (lines for the log, a tail for the error); the app runs it through the Shell port.

Departs from v0.0.1 (spec provisioning.md §2.2 steps 26-27):

1. v0.0.1 ran ``chroot <root> /bin/bash -c <text>``; booty does the same when the installed OS
   has bash (commands written for v0.0.1 keep working) and falls back to ``/bin/sh -c <text>``
   on minimal systems without it, where v0.0.1 failed.
2. Commands get a PATH that includes the sbin directories: booty is PID 1 of a ramdisk whose
   PATH (or lack of one) would otherwise decide whether ``update-grub`` is found.
3. POST_PROVISION_CMDS entries are numbered from 1 in logs and errors (v0.0.1 showed the 0-based
   position in the unsplit value, blanks included).
"""

from __future__ import annotations

from booty.domain.shell import CommandResult

CHROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
CHROOT_ENV = {"PATH": CHROOT_PATH}
"""Environment given to every command run inside the installed OS (merged over booty's)."""

TAIL_CHARS = 400
"""How much of a failed command's output its error carries (the controller shows one line)."""


def script_of(content: str) -> str | None:
    """The command text of a machine-command file: trimmed, or None when nothing is left."""
    return content.strip() or None


def shell_argv(script: str, *, has_bash: bool = False) -> tuple[str, ...]:
    """The argv that runs *script* (one string, possibly many lines): bash when the installed OS
    has it, as v0.0.1 did, else its sh."""
    return ("/bin/bash" if has_bash else "/bin/sh", "-c", script)


def output_lines(result: CommandResult) -> tuple[tuple[str, str], ...]:
    """Every non-blank output line as ``(stream, line)``, stdout first, for the log."""
    return tuple(
        (stream, line.rstrip())
        for stream, text in (("stdout", result.stdout), ("stderr", result.stderr))
        for line in text.splitlines()
        if line.strip()
    )


def output_tail(result: CommandResult, limit: int = TAIL_CHARS) -> str:
    """The end of what a failed command said: stderr, or stdout when stderr is empty."""
    text = result.stderr.strip() or result.stdout.strip()
    if not text:
        return "no output"
    return text if len(text) <= limit else "..." + text[-limit:]
