"""Steps of features/provision/lifecycle: one whole provisioning run with the real handler table.

The machine is built once, in the Background, so that every real step succeeds on it: a disk with
in-memory content (stream-image writes into it, wipes and failures zero it), an image server with
a raw image, the tool output the disk use cases parse (``sfdisk --json``, ``blkid``, ``growpart``,
``lvm pvs``), and the installed tree the configure and boot steps read under ``/newroot``. A
scenario then injects one failure, or changes MODE, and runs ``run_pipeline`` as the agent does.

Only what these scenarios need beyond the shared vocabulary of ``conftest.py``; step texts differ
from the other modules' on purpose, so each module reads on its own.
"""

from __future__ import annotations

import logging
import shlex
from typing import TYPE_CHECKING

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.device_writer import FakeDevice
from booty.app.provision import RunContext
from booty.app.streaming import StreamPorts
from booty.domain.system import BlockDevice

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/lifecycle")

ROOT = "/newroot"
MIB = 2**20
OLD_CONTENT = 0xA5
"""What the disk holds before the run (``FakeDevice.of_size``'s fill): an old install."""
GRUB_CFG = """set default="0"
menuentry '{title}' --class ubuntu {{
	linux {kernel} root=UUID=0b7c ro quiet
	initrd {initrd}
}}
"""
OS_RELEASE = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04 LTS"\n'
NO_PVS = '{"report": [{"pv": []}]}\n'
"""``lvm pvs`` of a machine without LVM: disable-lvm and enable-lvm find nothing to change."""


@pytest.fixture
def flushes() -> list[int]:
    """For each call of the context's ``flush_logs``: how many statuses the controller had then."""
    return []


def _image(size: int) -> bytes:
    # Not one repeated byte: the stream's format detection must see a raw image, not a pattern.
    return bytes((i * 7 + i // 251) % 256 for i in range(size))


def _commands(world: ProvisionWorld, *, in_chroot: bool) -> list[str]:
    return [shlex.join(c.argv) for c in world.shell.calls if (c.root is not None) is in_chroot]


def _lines(docstring: str) -> list[str]:
    return [line.strip() for line in docstring.splitlines() if line.strip()]


def _step_records(caplog: pytest.LogCaptureFixture, message: str) -> list[str]:
    return [str(r.__dict__.get("step")) for r in caplog.records if r.getMessage() == message]


# -- Given: the machine ----------------------------------------------------------------------------


@given(
    parsers.re(
        r"^a machine with one (?P<mib>\d+) MiB disk (?P<path>/dev/\w+) "
        r"holding an old install on (?P<old>\w+ and \w+)$"
    )
)
def machine(world: ProvisionWorld, mib: str, path: str, old: str) -> None:
    size = int(mib) * MIB
    partitions = tuple(old.split(" and "))
    world.block.disks = [
        BlockDevice(path.removeprefix("/dev/"), size, model="QEMU HARDDISK", partitions=partitions)
    ]
    world.block.devices[path] = FakeDevice.of_size(size, fill=OLD_CONTENT)
    # No /sys/firmware/efi (booted by BIOS until a scenario says UEFI): the EFI steps find nothing
    # to do. The chroot binds need their sources.
    for source in ("/dev", "/proc", "/sys", "/run"):
        world.host.make_dirs(source)
    world.shell.script_prefix(["lvm", "pvs"], stdout=NO_PVS)


@given(parsers.re(r"^the image server has (?P<url>\S+), a (?P<kib>\d+) KiB raw image$"))
def image_served(world: ProvisionWorld, url: str, kib: str) -> None:
    world.http.serve(url, _image(int(kib) * 1024))


@given(
    parsers.re(r"^the image's partition table, as sfdisk reads it from (?P<disk>/dev/\S+) once written, is:$")
)
def image_table(world: ProvisionWorld, disk: str, docstring: str) -> None:
    world.shell.script(["sfdisk", "--json", disk], stdout=docstring + "\n")


@given(
    parsers.re(
        r"^(?P<node>/dev/(?P<disk>[a-z]+)(?P<number>\d+)) holds an ext4 filesystem that growpart can grow "
        r"into the rest of the disk$"
    )
)
def growable_root(world: ProvisionWorld, node: str, disk: str, number: str) -> None:
    world.shell.script(["blkid", "--probe", "--output", "export", node], stdout="TYPE=ext4\nUUID=0b7c\n")
    world.shell.script(
        ["growpart", f"/dev/{disk}", number],
        stdout=f"CHANGED: partition={number} start=10240 old: size=22495 end=32735 new: size=55263 end=65503",
    )


@given(
    parsers.re(
        r'^the image unpacks to an Ubuntu whose GRUB boots "(?P<title>[^"]+)" from (?P<kernel>/\S+) '
        r"with (?P<initrd>/\S+)$"
    )
)
def installed_ubuntu(world: ProvisionWorld, title: str, kernel: str, initrd: str) -> None:
    # The fake host does not mount: the tree is where the mounted root partition would show it.
    host = world.host
    host.write_file(f"{ROOT}/etc/os-release", OS_RELEASE.encode())
    host.write_file(f"{ROOT}/etc/hosts", b"127.0.0.1 localhost\n")
    host.write_file(
        f"{ROOT}/boot/grub/grub.cfg", GRUB_CFG.format(title=title, kernel=kernel, initrd=initrd).encode()
    )
    host.write_file(ROOT + kernel, b"kernel")
    host.write_file(ROOT + initrd, b"initrd")
    host.write_file(f"{ROOT}/usr/sbin/update-grub", b"#!/bin/sh\n", mode=0o755)


@given(
    parsers.re(
        r'^the command "(?P<command>[^"]+)" fails with exit (?P<code>\d+) and says "(?P<stderr>[^"]*)"$'
    )
)
def command_fails(world: ProvisionWorld, command: str, code: str, stderr: str) -> None:
    world.shell.script(shlex.split(command), returncode=int(code), stderr=stderr + "\n")


@given(parsers.re(r"^the host was started by UEFI on (?P<machine>\w+), and efibootmgr -v lists:$"))
def uefi_host(world: ProvisionWorld, machine: str, docstring: str) -> None:
    world.host.make_dirs("/sys/firmware/efi/efivars")
    world.host.write_file("/proc/sys/kernel/arch", f"{machine}\n".encode())
    world.shell.script(["efibootmgr", "-v"], stdout=docstring + "\n")


@given(parsers.re(r"^the image's ESP holds \"(?P<files>[^\"]+)\"$"))
def esp_files(world: ProvisionWorld, files: str) -> None:
    # Where create-efi-boot-entry mounts the ESP; the fake host shows the files there unmounted too.
    for name in files.split(","):
        world.host.write_file(f"{ROOT}/boot/efi/{name.strip()}", b"loader")


# -- When ------------------------------------------------------------------------------------------


@when("the machine is provisioned")
def provision(world: ProvisionWorld, flushes: list[int], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    world.context = RunContext(
        world.config,
        world.ports(),
        StreamPorts(world.http, world.block, world.clock),
        world.options,
        flush_logs=lambda: flushes.append(len(world.controller.statuses)),
    )
    world.run()


# -- Then ------------------------------------------------------------------------------------------


@then("every step that ran succeeded")
def all_ok(world: ProvisionWorld) -> None:
    assert world.report is not None
    assert world.report.ok, world.report
    bad = [o for o in world.report.outcomes if o.result not in ("ok", "skipped")]
    assert bad == [], bad


@then(parsers.re(r"^the disk (?P<path>/dev/\S+) starts with the (?P<kib>\d+) KiB image$"))
def disk_holds_image(world: ProvisionWorld, path: str, kib: str) -> None:
    size = int(kib) * 1024
    assert bytes(world.block.devices[path].data[:size]) == _image(size)


@then("the files written into the installed system were, in order:")
def files_written(world: ProvisionWorld, docstring: str) -> None:
    assert world.context is not None
    assert world.context.state.written == _lines(docstring)


@then("the commands run on the host were:")
def host_commands(world: ProvisionWorld, docstring: str) -> None:
    ran = _commands(world, in_chroot=False)
    assert ran == _lines(docstring), "\n".join(ran)


@then(parsers.re(r"^the commands run inside (?P<root>/\S+) were:$"))
def chroot_commands(world: ProvisionWorld, root: str, docstring: str) -> None:
    ran = _commands(world, in_chroot=True)
    assert ran == _lines(docstring), "\n".join(ran)
    assert {c.root for c in world.shell.calls if c.root is not None} == {root}


@then(
    parsers.re(r"^the steps (?P<names>[a-z-]+(?:, [a-z-]+)*) and (?P<last>[a-z-]+) finished in that order$")
)
def finished_in_order(caplog: pytest.LogCaptureFixture, names: str, last: str) -> None:
    wanted = [*names.split(", "), last]
    done = _step_records(caplog, "Step done")
    assert [name for name in done if name in wanted] == wanted, done


@then("the logs were flushed once, after success was reported")
def flushed_after_success(world: ProvisionWorld, flushes: list[int]) -> None:
    # The status count at the flush: init and success were both out.
    assert flushes == [2], flushes
    assert world.statuses()[-1] == "success"


@then("the efibootmgr commands run on the host were:")
def efibootmgr_commands(world: ProvisionWorld, docstring: str) -> None:
    ran = [c for c in _commands(world, in_chroot=False) if c.startswith("efibootmgr")]
    assert ran == _lines(docstring), "\n".join(ran)


@then("the efibootmgr commands did not run in the chroot")
def efibootmgr_not_in_chroot(world: ProvisionWorld) -> None:
    assert not [c for c in _commands(world, in_chroot=True) if "efibootmgr" in c]


@then(parsers.re(r"^the only mount left is (?P<fstype>\w+) on (?P<target>/\S+)$"))
def only_mount_left(world: ProvisionWorld, fstype: str, target: str) -> None:
    assert world.context is not None
    assert [(m.fstype, m.target) for m in world.host.mounts] == [(fstype, target)], world.host.mounts
    assert world.context.state.mounts == []


@then("nothing is mounted any more")
def nothing_mounted(world: ProvisionWorld) -> None:
    assert world.context is not None
    assert world.host.mounts == [], world.host.mounts
    assert world.context.state.mounts == []


@then(
    parsers.re(
        r"^the run stopped at (?P<step>[a-z-]+), "
        r'and the status message is "(?P<message>step [a-z-]+ failed: .+)"$'
    )
)
def stopped_at(world: ProvisionWorld, step: str, message: str) -> None:
    assert world.report is not None
    assert world.report.failed_step == step, world.report
    assert world.report.outcomes[-1].name == step, "a step ran after the failed one"
    _, text = world.controller.statuses[-1]
    assert text.startswith(f"step {step} failed: "), text
    assert text == message, text
    assert len(world.controller.debug_reports) == 1


@then(parsers.re(r'^no command starting with "(?P<prefix>[^"]+)" ran$'))
def never_ran(world: ProvisionWorld, prefix: str) -> None:
    ran = [shlex.join(c.argv) for c in world.shell.calls]
    assert not [c for c in ran if c.startswith(prefix)], ran


@then("the target disk was never zeroed")
def never_zeroed(world: ProvisionWorld) -> None:
    assert world.block.zeroed == []


@then("the target disk has zeros in its first and last MiB")
def edges_zeroed(world: ProvisionWorld) -> None:
    data = world.block.devices["/dev/sda"].data
    # The image was written after wipe-disks zeroed the edges: zeros there now are the failure's.
    assert data[:MIB] == bytes(MIB)
    assert data[-MIB:] == bytes(MIB)
    size = len(data)
    assert world.block.zeroed[-2:] == [("/dev/sda", 0, MIB), ("/dev/sda", size - MIB, MIB)]


@then(parsers.re(r"^only the step (?P<name>[a-z-]+) was executed, and it chose (?P<disk>/dev/\S+)$"))
def only_executed(world: ProvisionWorld, name: str, disk: str) -> None:
    assert world.report is not None
    assert world.report.ok, world.report
    executed = [o.name for o in world.report.outcomes if o.result == "ok"]
    assert executed == [name], world.report.outcomes
    assert {o.result for o in world.report.outcomes} == {"ok", "dry-run", "skipped"}
    assert world.context is not None
    assert world.context.require_target().path == disk


@then("no command ran on the host or in the chroot")
def no_command(world: ProvisionWorld) -> None:
    assert world.shell.calls == []


@then(parsers.re(r"^the disk (?P<path>/dev/\S+) still holds its old content$"))
def old_content(world: ProvisionWorld, path: str) -> None:
    data = world.block.devices[path].data
    assert data == bytearray([OLD_CONTENT]) * len(data)
    assert world.block.zeroed == []
    assert world.block.devices[path].writes == []


@then("nothing was written into the installed system")
def nothing_written(world: ProvisionWorld) -> None:
    assert world.context is not None
    assert world.context.state.written == []
    assert not world.host.exists(f"{ROOT}/etc/hostname")
