"""The OS-configuration steps on a real file system and, as root, in a real chroot.

The target root is a directory under tmp_path: without root, the real Host adapter shows that a
symlink of the installed OS pointing to an absolute path is followed inside the root, not on this
machine. As root, a minimal installed OS made of the static busybox runs the chroot commands
through the real Shell adapter: ``/bin/sh -c``, the PATH booty gives, and a stand-in update-grub
that sources /etc/default/grub and grub.d the way Debian's does, so the drop-in is seen to append
to the distribution's parameters.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell
from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.app.provision import AgentOptions, RunContext
from booty.app.provision.os_config import OS_HANDLERS
from booty.app.streaming import StreamPorts
from booty.domain.config import load_vars
from booty.domain.osconfig import ChrootCommandFailed
from booty.ports import Ports
from booty.ports.shell import Shell

BUSYBOX = shutil.which("busybox")
# A stand-in for Debian's update-grub: grub-mkconfig sources /etc/default/grub, then every
# /etc/default/grub.d/*.cfg, and writes GRUB_CMDLINE_LINUX into the linux lines of grub.cfg.
UPDATE_GRUB = """#!/bin/sh
set -e
. /etc/default/grub
for f in /etc/default/grub.d/*.cfg; do . "$f"; done
mkdir -p /boot/grub
echo "linux /vmlinuz root=/dev/sda2 ro $GRUB_CMDLINE_LINUX" > /boot/grub/grub.cfg
"""


def _context(tmp_path: Path, shell: Shell, vars_text: str = "") -> RunContext:
    http, block, clock = FakeHttp(), FakeBlockDevices(), FakeClock()
    ports = Ports(
        netlink=FakeNetlink(),
        block=block,
        http=http,
        shell=shell,
        controller=FakeController(),
        host=LinuxHost(),
        clock=clock,
        lldp=FakeLldp(),
        processes=FakeProcesses(),
    )
    options = AgentOptions(
        target_root=str(tmp_path / "newroot"),
        deploy_dir=str(tmp_path / "deploy"),
        host_root=str(tmp_path / "host"),  # no DMI here: the console is ttyS0
        no_reboot=True,
    )
    config = load_vars(vars_text, source="<test>").config
    return RunContext(config, ports, StreamPorts(http, block, clock), options)


def test_machine_files_follow_absolute_links_inside_the_root(tmp_path: Path) -> None:
    root, files = tmp_path / "newroot", tmp_path / "deploy" / "machine-files"
    (root / "var").mkdir(parents=True)
    (root / "run").mkdir()
    (root / "var" / "run").symlink_to("/run")
    marker = f"booty-test-{os.getpid()}-{tmp_path.name}.id"
    (files / "var" / "run").mkdir(parents=True)
    (files / "var" / "run" / marker).write_text("42\n")
    (files / "etc").mkdir()
    (files / "etc" / "secret.conf").write_text("k=v\n")
    (files / "etc" / "secret.conf").chmod(0o600)
    (files / "etc" / "shadow").symlink_to("/etc/shadow")

    detail = OS_HANDLERS["copy-machine-files"].run(_context(tmp_path, FakeShell()))

    assert detail == f"2 file(s) copied from {files}, 1 skipped"
    assert (root / "run" / marker).read_text() == "42\n"
    assert not Path("/run", marker).exists()
    assert (root / "etc" / "secret.conf").stat().st_mode & 0o7777 == 0o600
    assert not (root / "etc" / "shadow").exists()


def test_a_fifo_in_the_folder_is_skipped_not_read(tmp_path: Path) -> None:
    files = tmp_path / "deploy" / "file-system"
    files.mkdir(parents=True)
    os.mkfifo(files / "pipe")  # reading it would block the step for ever

    detail = OS_HANDLERS["copy-provisioner-files"].run(_context(tmp_path, FakeShell()))

    assert detail == f"0 file(s) copied from {files}, 1 skipped"
    assert not (tmp_path / "newroot" / "pipe").exists()


def test_resolv_conf_symlink_is_replaced_by_a_file(tmp_path: Path) -> None:
    etc = tmp_path / "newroot" / "etc"
    etc.mkdir(parents=True)
    (etc / "resolv.conf").symlink_to("../run/systemd/resolve/stub-resolv.conf")

    OS_HANDLERS["configure-dns"].run(_context(tmp_path, FakeShell(), 'dns_resolver="10.0.0.53"\n'))

    assert not (etc / "resolv.conf").is_symlink()
    assert (etc / "resolv.conf").read_text() == "nameserver 10.0.0.53\n"
    assert not (tmp_path / "newroot" / "run").exists()


@pytest.fixture
def busybox_root(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("chroot needs root")
    if BUSYBOX is None:
        pytest.skip("no busybox to build a minimal installed OS from")
    root = tmp_path / "newroot"
    (root / "bin").mkdir(parents=True)
    shutil.copy(BUSYBOX, root / "bin" / "busybox")
    for applet in ("sh", "mkdir", "echo", "cat", "touch"):
        (root / "bin" / applet).symlink_to("busybox")
    (root / "usr" / "sbin").mkdir(parents=True)
    (root / "usr" / "sbin" / "update-grub").write_text(UPDATE_GRUB)
    (root / "usr" / "sbin" / "update-grub").chmod(0o755)
    (root / "etc" / "default").mkdir(parents=True)
    (root / "etc" / "default" / "grub").write_text('GRUB_CMDLINE_LINUX="net.ifnames=0"\n')
    return root


@pytest.mark.root
def test_update_grub_in_the_chroot_sees_the_distro_and_booty_parameters(
    tmp_path: Path, busybox_root: Path
) -> None:
    ctx = _context(tmp_path, SubprocessShell(), 'MACHINE_EXTRA_KERNEL_PARAMS="audit=0 quiet"\n')

    OS_HANDLERS["configure-grub"].run(ctx)

    assert (busybox_root / "boot" / "grub" / "grub.cfg").read_text() == (
        "linux /vmlinuz root=/dev/sda2 ro net.ifnames=0 ds=nocloud console=ttyS0 audit=0 quiet\n"
    )


@pytest.mark.root
def test_machine_commands_and_post_provision_commands_run_in_the_chroot(
    tmp_path: Path, busybox_root: Path
) -> None:
    commands = tmp_path / "deploy" / "machine-commands"
    commands.mkdir(parents=True)
    (commands / "10-mark.sh").write_text("touch /machine-command-ran\n")
    ctx = _context(tmp_path, SubprocessShell(), 'POST_PROVISION_CMDS="echo ok > /post-ran; exit 3"\n')

    OS_HANDLERS["run-machine-commands"].run(ctx)
    with pytest.raises(ChrootCommandFailed, match=r"^post-provision cmd 2 \(exit 3\): exit 3: no output$"):
        OS_HANDLERS["run-post-provision-cmds"].run(ctx)

    assert (busybox_root / "machine-command-ran").exists()
    assert (busybox_root / "post-ran").read_text() == "ok\n"
    assert not (tmp_path / "machine-command-ran").exists()
