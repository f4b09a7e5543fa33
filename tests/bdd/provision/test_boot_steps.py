"""Steps of features/provision/boot: the host's EFI firmware, PCI functions and mount table under
/sys and /proc of a FakeHost, the installed OS under /newroot, efibootmgr and mstconfig answered by
a FakeShell, and the end of a run played through the real runner and handlers.

Only what the boot features need beyond the shared vocabulary of ``conftest.py``.
"""

from __future__ import annotations

import logging
import shlex
from typing import TYPE_CHECKING

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.app.provision import HANDLERS, AgentOptions, run_plan
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.targets import approve
from booty.domain.plan import plan_for
from booty.domain.system import BlockDevice, KexecImage, Mount

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/boot")

ROOT = "/newroot"
GIB = 1 << 30
END_OF_RUN = ("load-kexec", "report-success", "flush-logs", "kexec", "reboot")
"""The steps of a run played by ``the end of the ... run is played`` (teardown-chroot left out:
the scenario's root is a FakeHost directory, not a mount)."""
GRUB_CFG = """set default="0"
menuentry '{title}' --class ubuntu {{
	linux {kernel} root=UUID=0b7c ro quiet
	initrd {initrds}
}}
"""
BLS_ENTRY = (
    "title Rocky Linux ({version})\nversion {version}\n"
    "linux /vmlinuz-{version}\ninitrd /initramfs-{version}.img\n"
)


@pytest.fixture
def events() -> list[str]:
    """What happened at the end of a run, in order (statuses, the flush, kexec or reboot)."""
    return []


def _flush_recorder(world: ProvisionWorld, events: list[str]) -> None:
    """Give the world's context a flush_logs that writes down what had happened by then."""

    def flush() -> None:
        _record_new(world, events)
        events.append("logs flushed")

    world.context = attrs.evolve(world.make_context(), flush_logs=flush)


def _record_new(world: ProvisionWorld, events: list[str]) -> None:
    seen_statuses = sum(e.startswith("status ") for e in events)
    seen_boots = sum(e in ("kexec", "reboot") for e in events)
    events += [f"status {s.value}" for s, _ in world.controller.statuses[seen_statuses:]]
    events += ["kexec" if k else "reboot" for k in world.host.reboots[seen_boots:]]


def _target(world: ProvisionWorld, disk: str, esp: str) -> None:
    world.block.disks[:] = [BlockDevice(disk.removeprefix("/dev/"), 100 * GIB)]
    targets = approve(choose_target_disk(world.block.disks))
    state = world.make_context().state
    state.targets, state.target, state.boot_partition = targets, targets.disks[0], esp


# -- Given -----------------------------------------------------------------------------------------


@given("the host was booted by UEFI")
def booted_by_uefi(world: ProvisionWorld) -> None:
    world.host.make_dirs("/sys/firmware/efi")


@given("the host was booted by BIOS")
def booted_by_bios(world: ProvisionWorld) -> None:
    world.host.dirs.discard("/sys/firmware/efi")


@given(parsers.re(r"^the host's architecture is (?P<machine>\S+)$"))
def architecture(world: ProvisionWorld, machine: str) -> None:
    world.host.write_file("/proc/sys/kernel/arch", f"{machine}\n".encode())


@given(parsers.re(r'^the host\'s mount table has "(?P<line>[^"]+)"$'))
def mount_table(world: ProvisionWorld, line: str) -> None:
    world.host.write_file("/proc/self/mounts", f"{line}\n".encode())


@given("efibootmgr -v prints:")
def efibootmgr_prints(world: ProvisionWorld, docstring: str) -> None:
    world.shell.script(["efibootmgr", "-v"], stdout=docstring + "\n")


@given(parsers.re(r'^the command "(?P<command>.+)" fails with "(?P<stderr>[^"]+)"$'))
def command_fails(world: ProvisionWorld, command: str, stderr: str) -> None:
    world.shell.script(shlex.split(command), returncode=1, stderr=stderr + "\n")


@given(parsers.re(r'^the command "(?P<command>.+)" prints:$'))
def command_prints(world: ProvisionWorld, command: str, docstring: str) -> None:
    world.shell.script(shlex.split(command), stdout=docstring + "\n")


@given(parsers.re(r"^the target disk is (?P<disk>/dev/\S+) with the ESP (?P<esp>/dev/\S+)$"))
def target_with_esp(world: ProvisionWorld, disk: str, esp: str) -> None:
    _target(world, disk, esp)


@given(parsers.re(r"^the target disk is (?P<disk>/dev/\S+) without an ESP$"))
def target_without_esp(world: ProvisionWorld, disk: str) -> None:
    _target(world, disk, "")


@given(parsers.re(r'^the ESP holds "(?P<files>[^"]+)"$'))
def esp_holds(world: ProvisionWorld, files: str) -> None:
    for path in files.split(","):
        world.host.write_file(f"{ROOT}/boot/efi/{path.strip()}", b"MZ")


@given("the host has the PCI functions:")
def pci_functions(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    for row in rows:
        pci = dict(zip(header, row, strict=True))
        device = f"/sys/bus/pci/devices/{pci['address']}"
        world.host.write_file(f"{device}/vendor", f"{pci['vendor']}\n".encode())
        world.host.write_file(f"{device}/class", f"{pci['class']}\n".encode())
        if pci["virtual function"] == "yes":
            world.host.add_link(f"{device}/physfn", "../0000:3b:00.0")


@given(parsers.re(r"^the installed OS has the file (?P<path>/\S+):$"))
def installed_file(world: ProvisionWorld, path: str, docstring: str) -> None:
    world.host.write_file(ROOT + path, (docstring + "\n").encode())


@given(parsers.re(r'^the installed OS boots "(?P<title>[^"]+)" from (?P<kernel>/\S+) with (?P<initrd>/\S+)$'))
def installed_boots(world: ProvisionWorld, title: str, kernel: str, initrd: str) -> None:
    cfg = GRUB_CFG.format(title=title, kernel=kernel, initrds=initrd)
    world.host.write_file(f"{ROOT}/boot/grub/grub.cfg", cfg.encode())
    world.host.write_file(ROOT + kernel, b"kernel")
    world.host.write_file(ROOT + initrd, b"initrd")


@given("the installed OS has the BLS entries:")
def bls_entries(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    world.host.remove(f"{ROOT}/boot/grub/grub.cfg")
    world.host.write_file(f"{ROOT}/boot/grub2/grub.cfg", b"set default=0\nblscfg\n")
    for file, version in datatable[1:]:
        text = BLS_ENTRY.format(version=version)
        world.host.write_file(f"{ROOT}/boot/loader/entries/{file}", text.encode())
        world.host.write_file(f"{ROOT}/boot/vmlinuz-{version}", b"kernel")
        world.host.write_file(f"{ROOT}/boot/initramfs-{version}.img", b"initrd")


@given("the agent really leaves the ramdisk")
def really_leaves(world: ProvisionWorld) -> None:
    world.options = AgentOptions(no_reboot=False)


@given("nothing else is special")
def nothing_special() -> None:
    pass


@given("setup-mellanox changed the NIC firmware")
def firmware_changed(world: ProvisionWorld) -> None:
    world.make_context().state.firmware_changed = True


@given("the installed OS has no grub.cfg")
def no_grub_cfg(world: ProvisionWorld) -> None:
    world.host.remove(f"{ROOT}/boot/grub/grub.cfg")


@given("the kernel file of the entry is missing")
def kernel_missing(world: ProvisionWorld) -> None:
    world.host.remove(f"{ROOT}/boot/vmlinuz-6.8.0-31-generic")


@given("the entry has two initrds, which kexec refuses")
def two_initrds(world: ProvisionWorld) -> None:
    world.host.write_file(f"{ROOT}/boot/intel-ucode.img", b"ucode")
    initrds = "/boot/intel-ucode.img /boot/initrd.img-6.8.0-31-generic"
    cfg = GRUB_CFG.format(title="Ubuntu", kernel="/boot/vmlinuz-6.8.0-31-generic", initrds=initrds)
    world.host.write_file(f"{ROOT}/boot/grub/grub.cfg", cfg.encode())


@given("the log records are queued for LOG_URL")
def logs_queued(world: ProvisionWorld, events: list[str]) -> None:
    _flush_recorder(world, events)


# -- When ------------------------------------------------------------------------------------------


@when(parsers.re(r"^the end of the (?P<pipeline>provision|deprovision) run is played$"))
def play_end_of_run(
    world: ProvisionWorld, events: list[str], pipeline: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    _flush_recorder(world, events)
    plan = plan_for(world.config)
    tail = tuple(p for p in plan.steps if p.name in END_OF_RUN)
    assert plan.pipeline.endswith(pipeline), plan.pipeline
    assert world.context is not None
    world.report = run_plan(attrs.evolve(plan, steps=tail), world.context, HANDLERS)
    _record_new(world, events)


# -- Then ------------------------------------------------------------------------------------------


@then(parsers.re(r"^efivarfs is mounted at (?P<path>/\S+)$"))
def efivarfs_mounted(world: ProvisionWorld, path: str) -> None:
    assert world.host.mounts == [Mount("efivarfs", path, "efivarfs")]
    assert world.make_context().state.mounts == []  # the target root's teardown must not touch it


@then("nothing was mounted")
def nothing_mounted(world: ProvisionWorld) -> None:
    assert world.host.mounts == []


@then("the host ran exactly these efibootmgr commands:")
def efibootmgr_commands(world: ProvisionWorld, docstring: str) -> None:
    ran = [shlex.join(argv) for argv in world.shell.argvs if argv[0] == "efibootmgr"]
    assert ran == docstring.splitlines()


@then(parsers.re(r'^the host ran the command "(?P<command>.+)"$'))
def ran_command(world: ProvisionWorld, command: str) -> None:
    assert tuple(shlex.split(command)) in world.shell.argvs, world.shell.argvs


@then("the host ran no command")
def ran_nothing(world: ProvisionWorld) -> None:
    assert world.shell.argvs == []


@then(parsers.re(r"^(?P<esp>/dev/\S+) is mounted at (?P<target>/\S+) for teardown-chroot to unmount$"))
def esp_mounted(world: ProvisionWorld, esp: str, target: str) -> None:
    mount = Mount(esp, target, "vfat")
    assert mount in world.host.mounts
    assert world.make_context().state.mounts == [mount]


@then(parsers.re(r"^no command configured (?P<first>\S+) or (?P<second>\S+)$"))
def not_configured(world: ProvisionWorld, first: str, second: str) -> None:
    touched = {arg for argv in world.shell.argvs for arg in argv}
    assert not touched & {first, second}


@then("the NIC firmware is marked as changed")
def firmware_marked(world: ProvisionWorld) -> None:
    assert world.make_context().state.firmware_changed


@then("the NIC firmware is not marked as changed")
def firmware_not_marked(world: ProvisionWorld) -> None:
    assert not world.make_context().state.firmware_changed


@then(
    parsers.re(
        r'^the staged kexec kernel is (?P<kernel>/\S+) with (?P<initrd>/\S+) and "(?P<cmdline>[^"]*)"$'
    )
)
def staged_kernel(world: ProvisionWorld, kernel: str, initrd: str, cmdline: str) -> None:
    assert world.host.kexec_image == KexecImage(kernel, (initrd,), cmdline)


@then("no kexec kernel is staged on the host")
def nothing_staged(world: ProvisionWorld) -> None:
    assert world.host.kexec_image is None


@then(parsers.re(r'^the kexec title is "(?P<title>[^"]+)"$'))
def kexec_title(world: ProvisionWorld, title: str) -> None:
    assert world.make_context().state.kexec_title == title


@then(parsers.re(r"^the machine left the ramdisk by (?P<exit>kexec|reboot)$"))
def left_by(world: ProvisionWorld, exit: str) -> None:
    assert world.host.reboots == [exit == "kexec"]


@then("the host was not rebooted")
def not_rebooted(world: ProvisionWorld) -> None:
    assert world.host.reboots == []


@then(parsers.re(r'^the log does not say "(?P<text>[^"]+)"$'))
def log_does_not_say(caplog: pytest.LogCaptureFixture, text: str) -> None:
    assert not any(text in record.getMessage() for record in caplog.records)


@then("the logs were flushed once")
def flushed_once(events: list[str]) -> None:
    assert events.count("logs flushed") == 1


@then(parsers.re(r'^the events happened in the order "(?P<order>[^"]+)"$'))
def events_in_order(events: list[str], order: str) -> None:
    assert events == [e.strip() for e in order.split(",")]
