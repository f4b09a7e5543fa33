"""Edges of the OS-configuration handlers that the feature files do not show: logging levels,
kept permissions, and failures of the deploy folder itself."""

from __future__ import annotations

import logging

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell
from booty.app.provision import RunContext
from booty.app.provision.os_config import OS_HANDLERS
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.osconfig import CHROOT_ENV, TreeCopyFailed
from booty.ports import Ports

ROOT = "/newroot"


def _context(host: FakeHost, shell: FakeShell, config: MachineConfig | None = None) -> RunContext:
    http, block, clock = FakeHttp(), FakeBlockDevices(), FakeClock()
    ports = Ports(
        netlink=FakeNetlink(),
        block=block,
        http=http,
        shell=shell,
        controller=FakeController(),
        host=host,
        clock=clock,
        lldp=FakeLldp(),
        processes=FakeProcesses(),
    )
    return RunContext(config or MachineConfig(), ports, StreamPorts(http, block, clock))


def test_grub_tool_output_is_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    host, shell = FakeHost(), FakeShell()
    host.write_file(f"{ROOT}/usr/sbin/update-grub", b"", mode=0o755)
    shell.script(["update-grub"], stdout="Generating grub configuration file ...\n")
    caplog.set_level(logging.DEBUG, logger="booty")
    OS_HANDLERS["configure-grub"].run(_context(host, shell))
    [record] = [r for r in caplog.records if r.getMessage() == "Command output"]
    assert record.levelno == logging.DEBUG
    assert record.__dict__["line"] == "Generating grub configuration file ..."


def test_chroot_commands_get_a_path_with_the_sbin_directories() -> None:
    host, shell = FakeHost(), FakeShell()
    host.write_file(f"{ROOT}/sbin/update-grub", b"", mode=0o755)
    OS_HANDLERS["configure-grub"].run(_context(host, shell))
    assert [(c.root, c.env) for c in shell.calls] == [(ROOT, CHROOT_ENV)]


def test_etc_default_grub_keeps_its_permissions() -> None:
    host, shell = FakeHost(), FakeShell()
    host.write_file(f"{ROOT}/usr/sbin/grub2-mkconfig", b"", mode=0o755)
    host.write_file(f"{ROOT}/etc/default/grub", b'GRUB_CMDLINE_LINUX="rhgb"\n', mode=0o600)
    OS_HANDLERS["configure-grub"].run(_context(host, shell))
    assert host.mode_of(f"{ROOT}/etc/default/grub") == 0o600


def test_an_image_without_etc_default_grub_gets_one() -> None:
    host, shell = FakeHost(), FakeShell()
    host.write_file(f"{ROOT}/usr/bin/grub-mkconfig", b"", mode=0o755)
    OS_HANDLERS["configure-grub"].run(_context(host, shell))
    assert host.read_file(f"{ROOT}/etc/default/grub") == b'GRUB_CMDLINE_LINUX="ds=nocloud console=ttyS0"\n'
    assert host.mode_of(f"{ROOT}/etc/default/grub") == 0o644


def test_a_deploy_folder_that_is_a_file_fails_the_copy() -> None:
    host = FakeHost()
    host.write_file("/deploy/machine-files", b"oops")
    with pytest.raises(TreeCopyFailed, match=r"^copy tree from /deploy/machine-files: \.: Not a directory$"):
        OS_HANDLERS["copy-machine-files"].run(_context(host, FakeShell()))


def test_a_directory_in_the_root_where_the_copy_needs_a_file_is_named() -> None:
    host = FakeHost()
    host.make_dirs("/deploy/file-system/etc/hostname")
    host.write_file(f"{ROOT}/etc", b"a file where /etc should be")
    with pytest.raises(TreeCopyFailed, match=r"^copy tree from /deploy/file-system: etc: "):
        OS_HANDLERS["copy-provisioner-files"].run(_context(host, FakeShell()))


def test_a_machine_command_that_is_not_text_fails_with_its_name() -> None:
    host = FakeHost()
    host.write_file("/deploy/machine-commands/10-bin", b"\xff\xfe")
    with pytest.raises(ValueError, match=r"^machine command 10-bin: not UTF-8 text"):
        OS_HANDLERS["run-machine-commands"].run(_context(host, FakeShell()))


def test_a_directory_in_machine_commands_is_not_run(caplog: pytest.LogCaptureFixture) -> None:
    host, shell = FakeHost(), FakeShell()
    host.make_dirs("/deploy/machine-commands/lib")
    caplog.set_level(logging.INFO, logger="booty")
    detail = OS_HANDLERS["run-machine-commands"].run(_context(host, shell))
    assert detail == "0 machine command(s) run from /deploy/machine-commands"
    assert shell.calls == []
    assert "Machine command skipped: not a regular file" in caplog.messages


def test_no_handler_claims_to_be_read_only() -> None:
    # Every one of these steps changes the installed OS: none may run in a dry run.
    assert not any(handler.read_only for handler in OS_HANDLERS.values())
