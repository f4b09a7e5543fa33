"""Commands inside the installed OS: the machine-command files, POST_PROVISION_CMDS, and the
one helper every chroot command of configure-grub goes through too.

Each command runs in the chroot of the target root (``Shell.run(..., root=ctx.root)``) with the
PATH of ``booty.domain.osconfig.CHROOT_ENV``; its output is logged line by line and the first
failure stops the step with ``<what>: exit <n>: <output tail>``. Command text and output are
redacted of the config's secrets before they are logged or put into an error.

Departures from v0.0.1 (spec provisioning.md §2.2 steps 26-27) are listed in
``booty.domain.osconfig.commands``; in addition, a symlink in ``/deploy/machine-commands`` is
skipped with a warning, like in the tree copy.
"""

from __future__ import annotations

import logging
import posixpath

from booty.app.provision.context import RunContext, log
from booty.domain.osconfig import (
    CHROOT_ENV,
    ChrootCommandFailed,
    output_lines,
    output_tail,
    script_of,
    shell_argv,
)
from booty.domain.secret import redact
from booty.domain.shell import CommandResult
from booty.domain.system import FileKind

MACHINE_COMMANDS = "machine-commands"
"""Folder of the deploy directory holding one script per file."""


def run_in_chroot(
    ctx: RunContext,
    argv: tuple[str, ...],
    *,
    what: str,
    output_level: int = logging.INFO,
    timeout_s: float | None = None,
) -> CommandResult:
    """Run *argv* inside the installed OS, log its output, fail on a non-zero exit.

    Args:
        what: the command in the step's words, for the log and the error.
        output_level: level of the per-line output records.
        timeout_s: kill the command after this long (None: wait as long as it takes).

    Raises:
        ChrootCommandFailed: it exited non-zero.
    """
    secrets = ctx.config.secrets()
    shown = redact(what, secrets)
    result = ctx.ports.shell.run(argv, root=ctx.root, env=CHROOT_ENV, timeout_s=timeout_s)
    for stream, line in output_lines(result):
        log.log(
            output_level,
            "Command output",
            extra={"command": shown, "stream": stream, "line": redact(line, secrets)},
        )
    if not result.ok:
        raise ChrootCommandFailed(shown, result, redact(output_tail(result), secrets))
    return result


def run_machine_commands(ctx: RunContext) -> str:
    """Run each regular file of ``<deploy>/machine-commands/`` in name order as one sh script."""
    host = ctx.ports.host
    folder = posixpath.join(ctx.options.deploy_dir, MACHINE_COMMANDS)
    if not host.exists(folder):
        return f"no {folder}: nothing to run"
    ran = 0
    for name in sorted(host.list_dir(folder)):
        script = _script(ctx, posixpath.join(folder, name))
        if script is None:
            continue
        log.info(
            "Running machine command",
            extra={"file": name, "command": redact(script, ctx.config.secrets())},
        )
        run_in_chroot(ctx, shell_argv(script, has_bash=_has_bash(ctx)), what=f"machine command {name}")
        ran += 1
    return f"{ran} machine command(s) run from {folder}"


def _has_bash(ctx: RunContext) -> bool:
    # Relative links (merged /usr: bin -> usr/bin) resolve inside the root like a chroot would.
    return ctx.ports.host.exists(ctx.in_root("/bin/bash"))


def _script(ctx: RunContext, path: str) -> str | None:
    """The trimmed script in file *path*, or None for anything that is not to be run."""
    host = ctx.ports.host
    kind = host.stat(path).kind
    if kind is FileKind.SYMLINK:
        log.warning("Machine command skipped: it is a symlink", extra={"file": path})
        return None
    if kind is not FileKind.FILE:
        log.info("Machine command skipped: not a regular file", extra={"file": path, "kind": kind.value})
        return None
    try:
        script = script_of(host.read_file(path).decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ValueError(f"machine command {posixpath.basename(path)}: not UTF-8 text ({e.reason})") from e
    if script is None:
        log.info("Machine command skipped: the file is empty", extra={"file": path})
    return script


def run_post_provision_cmds(ctx: RunContext) -> str:
    """Run each POST_PROVISION_CMDS entry (split on ``;`` by the config) in order."""
    commands = ctx.config.post_provision_cmds
    secrets = ctx.config.secrets()
    for index, command in enumerate(commands, start=1):
        log.info(
            "Running post-provision command", extra={"index": index, "command": redact(command, secrets)}
        )
        argv = shell_argv(command, has_bash=_has_bash(ctx))
        run_in_chroot(ctx, argv, what=f"post-provision cmd {index} ({command})")
    return f"{len(commands)} post-provision command(s) run"
