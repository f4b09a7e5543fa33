"""Steps of features/provision/os_config: the installed OS in a FakeHost under /newroot, the
deploy folder under /deploy, the host's DMI data under /sys, commands answered by a FakeShell.

Only what the os_config features need beyond the shared vocabulary of ``conftest.py``.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

import pytest
from pytest_bdd import given, parsers, scenarios, then

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/os_config")

ROOT = "/newroot"
DEPLOY = "/deploy"
SETUP_AREAS = (f"{ROOT}/", f"{DEPLOY}/", "/sys/")
"""Where scenarios put files; nothing may be written anywhere else."""


def _text(cell: str) -> str:
    return cell.replace("\\n", "\n")


# -- Given -----------------------------------------------------------------------------------------


@given(parsers.re(r"^the installed OS has the file (?P<path>/\S+):$"))
def installed_file(world: ProvisionWorld, path: str, docstring: str) -> None:
    world.host.write_file(ROOT + path, (docstring + "\n").encode())


@given(parsers.re(r"^the installed OS has the directory (?P<path>/\S+)$"))
def installed_directory(world: ProvisionWorld, path: str) -> None:
    world.host.make_dirs(ROOT + path)


@given(parsers.re(r'^the installed OS has the symlink (?P<path>/\S+) pointing to "(?P<target>[^"]+)"$'))
def installed_symlink(world: ProvisionWorld, path: str, target: str) -> None:
    world.host.add_link(ROOT + path, target)


@given(parsers.re(r'^the installed OS has the programs "(?P<paths>[^"]+)"$'))
def installed_programs(world: ProvisionWorld, paths: str) -> None:
    for path in paths.split(","):
        world.host.write_file(ROOT + path.strip(), b"#!/bin/sh\n", mode=0o755)


@given(parsers.re(r'^the host\'s DMI vendor is "(?P<vendor>[^"]+)"$'))
def dmi_vendor(world: ProvisionWorld, vendor: str) -> None:
    world.host.write_file("/sys/class/dmi/id/sys_vendor", f"{vendor}\n".encode())


@given(parsers.re(r'^DHCP gave the resolvers "(?P<resolvers>[^"]+)"$'))
def dhcp_resolvers(world: ProvisionWorld, resolvers: str) -> None:
    # The context is made here, so the deploy vars must be given before this step.
    world.make_context().state.learned_resolvers = tuple(r.strip() for r in resolvers.split(","))


@given(parsers.re(r"^the deploy folder (?P<folder>[a-z-]+) holds:$"))
def deploy_folder(world: ProvisionWorld, folder: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    for row in rows:
        entry = dict(zip(header, row, strict=True))
        content = _text(entry["content"]).encode()
        world.host.write_file(f"{DEPLOY}/{folder}/{entry['path']}", content, mode=int(entry["mode"], 8))


@given(
    parsers.re(
        r"^the deploy folder (?P<folder>[a-z-]+) has the symlink (?P<path>\S+)"
        r' pointing to "(?P<target>[^"]+)"$'
    )
)
def deploy_symlink(world: ProvisionWorld, folder: str, path: str, target: str) -> None:
    world.host.add_link(f"{DEPLOY}/{folder}/{path}", target)


@given(
    parsers.re(r'^the chroot command "(?P<command>[^"]+)" exits (?P<rc>\d+) with stderr "(?P<stderr>.*)"$')
)
def chroot_command_fails(world: ProvisionWorld, command: str, rc: str, stderr: str) -> None:
    world.shell.script(shlex.split(command), returncode=int(rc), stderr=stderr)


@given(parsers.re(r'^the chroot script "(?P<script>.+?)" exits (?P<rc>\d+) with stderr "(?P<stderr>.*)"$'))
def chroot_script_fails(world: ProvisionWorld, script: str, rc: str, stderr: str) -> None:
    world.shell.script(["/bin/sh", "-c", script], returncode=int(rc), stderr=stderr)


@given(parsers.re(r'^the chroot script "(?P<script>.+?)" prints "(?P<stdout>.*)"$'))
def chroot_script_prints(world: ProvisionWorld, script: str, stdout: str) -> None:
    world.shell.script(["/bin/sh", "-c", script], stdout=_text(stdout) + "\n")


# -- When ------------------------------------------------------------------------------------------


# -- Then ------------------------------------------------------------------------------------------


@then(parsers.re(r"^the file (?P<path>/\S+) in the target root has mode (?P<mode>0[0-7]+)$"))
def file_mode(world: ProvisionWorld, path: str, mode: str) -> None:
    assert oct(world.host.mode_of(ROOT + path)) == oct(int(mode, 8))


@then(parsers.re(r"^(?P<path>/\S+) in the target root is a file, not a symlink$"))
def is_a_file(world: ProvisionWorld, path: str) -> None:
    assert ROOT + path not in world.host.links
    assert ROOT + path in world.host.files


@then(parsers.re(r'^the files written into the target root are "(?P<paths>[^"]*)"$'))
def files_written(world: ProvisionWorld, paths: str) -> None:
    assert world.context is not None
    assert world.context.state.written == [p.strip() for p in paths.split(",") if p.strip()]


@then("no file outside the target root was written")
def nothing_outside_the_root(world: ProvisionWorld) -> None:
    outside = [path for path in world.host.files if not path.startswith(SETUP_AREAS)]
    assert outside == []


@then("the chroot ran:")
def chroot_ran(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    _, *rows = datatable
    ran = [[call.root or "", shlex.join(call.argv)] for call in world.shell.calls]
    assert ran == [[root, command.strip()] for root, command in rows]


@then("nothing ran in the chroot")
def nothing_ran(world: ProvisionWorld) -> None:
    assert world.shell.calls == []


@then(parsers.re(r'^the log has "(?P<message>[^"]+)" with (?P<fields>.+)$'))
def log_has(caplog: pytest.LogCaptureFixture, message: str, fields: str) -> None:
    wanted = dict(pair.split("=", 1) for pair in fields.split(", "))
    records = [r for r in caplog.records if r.getMessage() == message]
    found = [{k: str(getattr(r, k, None)) for k in wanted} for r in records]
    assert wanted in found, found


@then(parsers.re(r'^no log record contains "(?P<text>[^"]+)"$'))
def no_log_contains(caplog: pytest.LogCaptureFixture, text: str) -> None:
    leaks = [r for r in caplog.records if text in r.getMessage() or text in str(vars(r))]
    assert leaks == []
