"""Steps of features/provision/disk: the disk steps' handlers over the fakes.

Disks are a datatable (``name``, ``size`` as ``960 GiB`` or ``8 MiB``, optional ``partitions``
separated by spaces and ``notes``: ``removable``, ``read-only``, ``mounted at /srv``, ``held by
md127``). Tool output is scripted on the FakeShell by the command line it answers; the commands
the handlers ran are compared as shell-quoted lines. ``the plan runs the steps ...`` runs the
named steps of the configured MODE's plan through the real runner (retries, error policy, dry run).

Only what the disk features need beyond the shared vocabulary of ``conftest.py``.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import shlex
from typing import TYPE_CHECKING

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.fake.host import FakeHost
from booty.app.provision import HANDLERS, run_plan
from booty.domain.errors import MountFailed
from booty.domain.http import HttpResponse
from booty.domain.plan import plan_for
from booty.domain.system import BlockDevice, Mount

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/disk")

ROOT = "/newroot"
MIB = 2**20
UNITS = {"GiB": 2**30, "MiB": MIB}


@attrs.define
class BusyHost(FakeHost):
    """A FakeHost whose kernel refuses to unmount some targets (EBUSY), as a real one does."""

    busy: set[str] = attrs.field(factory=set)

    def unmount(self, target: str) -> None:
        """Refuse the busy targets, unmount the others."""
        if posixpath.normpath(target) in self.busy:
            raise MountFailed("umount", target=target, errno=errno.EBUSY, reason=os.strerror(errno.EBUSY))
        super().unmount(target)


@attrs.define
class LateDisks(FakeBlockDevices):
    """FakeBlockDevices that list no disk for the first ``empty_looks`` looks (disks appear late)."""

    empty_looks: int = 0

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """Nothing while disks are still to appear, then the disks."""
        if self.empty_looks > 0:
            self.empty_looks -= 1
            return ()
        return super().list_disks()


@pytest.fixture
def world(world: ProvisionWorld) -> ProvisionWorld:
    world.host = BusyHost()
    world.block = LateDisks()
    return world


def _disk(row: dict[str, str]) -> BlockDevice:
    amount, unit = row["size"].split()
    fields: dict[str, object] = {
        "name": row["name"],
        "size_bytes": int(amount) * UNITS[unit],
        "partitions": tuple(row.get("partitions", "").split()),
    }
    for note in (n.strip() for n in row.get("notes", "").split(",") if n.strip()):
        if note == "removable":
            fields["removable"] = True
        elif note == "read-only":
            fields["read_only"] = True
        elif note.startswith("mounted at "):
            fields["mounts"] = (Mount(f"/dev/{row['name']}", note.removeprefix("mounted at ")),)
        elif note.startswith("held by "):
            fields["holders"] = (note.removeprefix("held by "),)
        else:
            raise AssertionError(f"unknown disk note {note!r}")
    return BlockDevice(**fields)  # type: ignore[arg-type]


def _commands(world: ProvisionWorld) -> list[str]:
    return [shlex.join(argv) for argv in world.shell.argvs]


def _lines(docstring: str) -> list[str]:
    return [line.strip() for line in docstring.splitlines() if line.strip()]


# -- Given -----------------------------------------------------------------------------------------


@given("the machine has the disks:")
def machine_disks(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    world.block.disks = [_disk(dict(zip(header, row, strict=True))) for row in rows]


@given(parsers.re(r"^the step (?P<name>[a-z0-9-]+) has run$"))
def step_has_run(world: ProvisionWorld, name: str) -> None:
    HANDLERS[name].run(world.make_context())


@given(parsers.re(r'^the steps "(?P<names>[^"]+)" have run$'))
def steps_have_run(world: ProvisionWorld, names: str) -> None:
    for name in (n.strip() for n in names.split(",")):
        HANDLERS[name].run(world.make_context())


@given(parsers.re(r"^someone unmounted (?P<target>/\S+) by hand$"))
def unmounted_by_hand(world: ProvisionWorld, target: str) -> None:
    world.host.mounts = [m for m in world.host.mounts if m.target != target]


@given(parsers.re(r"^the image server answers (?P<status>\d{3}) for (?P<url>\S+)$"))
def image_server_fails(world: ProvisionWorld, status: str, url: str) -> None:
    world.http.add("GET", url, HttpResponse(int(status)))


@given(parsers.re(r"^the disks appear only after (?P<looks>\d+) empty looks?$"))
def disks_appear_late(world: ProvisionWorld, looks: str) -> None:
    assert isinstance(world.block, LateDisks)
    world.block.empty_looks = int(looks)


@given(parsers.re(r"^the disk (?P<path>/dev/\S+) keeps what is written to it$"))
def disk_in_memory(world: ProvisionWorld, path: str) -> None:
    world.block.devices[path] = FakeDevice.of_size(world.block.size_bytes(path))


@given(parsers.re(r"^the file (?P<path>/proc/\S+) of the host reads:$"))
def host_proc_file(world: ProvisionWorld, path: str, docstring: str) -> None:
    world.host.write_file(path, (docstring + "\n").encode())


@given(parsers.re(r'^the host has the directories "(?P<paths>[^"]+)"$'))
def host_directories(world: ProvisionWorld, paths: str) -> None:
    for path in paths.split(","):
        world.host.make_dirs(path.strip())


@given(parsers.re(r"^the kernel refuses to unmount (?P<target>/\S+) because it is busy$"))
def busy_mount(world: ProvisionWorld, target: str) -> None:
    assert isinstance(world.host, BusyHost)
    world.host.busy.add(target)


@given(parsers.re(r"^(?P<source>\S+) is mounted at (?P<target>/\S+) by an earlier step$"))
def mounted_earlier(world: ProvisionWorld, source: str, target: str) -> None:
    mount = Mount(source, target, "efivarfs" if "efivars" in target else "ext4")
    world.host.mount(mount)
    world.make_context().state.mounts.append(mount)


@given(parsers.re(r'^the command "(?P<command>[^"]+)" prints:$'))
def command_prints(world: ProvisionWorld, command: str, docstring: str) -> None:
    world.shell.script(shlex.split(command), stdout=docstring + "\n")


@given(parsers.re(r'^the command "(?P<command>[^"]+)" fails with exit (?P<code>\d+): "(?P<stderr>[^"]*)"$'))
def command_fails(world: ProvisionWorld, command: str, code: str, stderr: str) -> None:
    world.shell.script(shlex.split(command), returncode=int(code), stderr=stderr + "\n")


@given(parsers.re(r'^every "(?P<prefix>[^"]+)" command fails with exit (?P<code>\d+): "(?P<stderr>[^"]*)"$'))
def commands_fail(world: ProvisionWorld, prefix: str, code: str, stderr: str) -> None:
    world.shell.script_prefix(shlex.split(prefix), returncode=int(code), stderr=stderr + "\n")


@given(parsers.re(r"^the partition table of (?P<disk>/dev/\S+) is:$"))
def partition_table(world: ProvisionWorld, disk: str, docstring: str) -> None:
    world.shell.script(["sfdisk", "--json", disk], stdout=docstring + "\n")


@given(parsers.re(r"^(?P<node>/dev/\S+) holds an? (?P<fstype>\w+) filesystem$"))
def filesystem_on(world: ProvisionWorld, node: str, fstype: str) -> None:
    world.shell.script(["blkid", "--probe", "--output", "export", node], stdout=f"TYPE={fstype}\nUUID=1234\n")


@given(parsers.re(r"^the image server has (?P<url>\S+) with (?P<kib>\d+) KiB of data$"))
def image_served(world: ProvisionWorld, url: str, kib: str) -> None:
    world.http.serve(url, _image(int(kib) * 1024))


@given(parsers.re(r"^the earlier steps mounted (?P<node>/dev/\S+) with the chroot binds$"))
def mounted_with_binds(world: ProvisionWorld, node: str) -> None:
    world.host.make_dirs("/dev")
    world.host.make_dirs("/proc")
    world.host.make_dirs("/sys")
    world.host.make_dirs("/run")
    ctx = world.make_context()
    ctx.state.root_partition = node
    HANDLERS["mount-root"].run(ctx)
    HANDLERS["setup-chroot-binds"].run(ctx)


@given(parsers.re(r"^the installed OS has the file (?P<path>/\S+)$"))
def installed_file(world: ProvisionWorld, path: str) -> None:
    world.host.write_file(ROOT + path, b"menuentry 'Ubuntu' {}\n")


@given("every step of the pipeline has a handler")
def pipeline_handled(world: ProvisionWorld) -> None:
    # The EFI, report-success, flush-logs and reboot handlers are another table's; until it has
    # them, the whole-pipeline scenarios say so instead of failing on a missing handler.
    missing = [p.name for p in plan_for(world.config).steps if p.run and p.name not in HANDLERS]
    if missing:
        pytest.skip(f"no handler yet for {', '.join(missing)}")


def _image(size: int) -> bytes:
    # Not all one byte: the stream's format detection must see a raw image, not a pattern.
    return bytes((i * 7 + i // 251) % 256 for i in range(size))


# -- When ------------------------------------------------------------------------------------------


@when(parsers.re(r'^the plan runs the steps "(?P<names>[^"]+)"$'))
def run_plan_steps(world: ProvisionWorld, names: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    wanted = {n.strip() for n in names.split(",")}
    plan = plan_for(world.config)
    plan = attrs.evolve(plan, steps=tuple(p for p in plan.steps if p.name in wanted))
    world.report = run_plan(plan, world.make_context(), HANDLERS)


# -- Then ------------------------------------------------------------------------------------------


@then(parsers.re(r"^the target disk is (?P<path>/dev/\S+)$"))
def target_disk(world: ProvisionWorld, path: str) -> None:
    assert world.context is not None
    assert world.context.require_target().path == path


@then(parsers.re(r'^the (?:disks approved for wiping|approved disks) are "(?P<paths>[^"]*)"$'))
def approved_disks(world: ProvisionWorld, paths: str) -> None:
    assert world.context is not None
    targets = world.context.state.targets
    assert targets is not None, "no disk was approved"
    assert ", ".join(targets.paths) == paths


@then(parsers.re(r'^the log records that (?P<disk>/dev/\S+) was not chosen: "(?P<reason>[^"]+)"$'))
def logged_rejection(caplog: pytest.LogCaptureFixture, disk: str, reason: str) -> None:
    found = [
        (r.__dict__.get("disk"), r.__dict__.get("reason"))
        for r in caplog.records
        if r.getMessage() == "Disk not chosen"
    ]
    assert (disk, reason) in found, found


@then(parsers.re(r'^the log warns "(?P<text>[^"]+)"$'))
def log_warns(caplog: pytest.LogCaptureFixture, text: str) -> None:
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(text in message for message in warnings), warnings


@then("the shell ran:")
def shell_ran(world: ProvisionWorld, docstring: str) -> None:
    assert _commands(world) == _lines(docstring)


@then(parsers.re(r'^the shell ran "(?P<command>[^"]+)"$'))
def shell_ran_one(world: ProvisionWorld, command: str) -> None:
    assert command in _commands(world), _commands(world)


@then(parsers.re(r'^the shell ran no command starting with "(?P<prefix>[^"]+)"$'))
def shell_never_ran(world: ProvisionWorld, prefix: str) -> None:
    assert not [c for c in _commands(world) if c.startswith(prefix)], _commands(world)


@then("the shell ran no command")
def shell_ran_nothing(world: ProvisionWorld) -> None:
    assert world.shell.argvs == []


@then(parsers.re(r"^the first and last MiB of (?P<disk>/dev/\S+) were zeroed$"))
def edges_zeroed(world: ProvisionWorld, disk: str) -> None:
    size = world.block.size_bytes(disk)
    assert (disk, 0, MIB) in world.block.zeroed
    assert (disk, size - MIB, MIB) in world.block.zeroed


@then(parsers.re(r"^no disk was zeroed$"))
def nothing_zeroed(world: ProvisionWorld) -> None:
    assert world.block.zeroed == []


@then(parsers.re(r'^step (?P<name>\S+) ended as "(?P<result>\w+)" after (?P<attempts>\d+) attempts?$'))
def step_outcome(world: ProvisionWorld, name: str, result: str, attempts: str) -> None:
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None, f"{name} was not reached"
    assert (outcome.result, outcome.attempts) == (result, int(attempts)), outcome


@then(parsers.re(r'^step (?P<name>\S+) ended as "(?P<result>[a-z-]+)"$'))
def step_result(world: ProvisionWorld, name: str, result: str) -> None:
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None, f"{name} was not reached"
    assert outcome.result == result, outcome


@then(parsers.re(r'^step (?P<name>\S+) ended as "(?P<result>[a-z-]+)" with "(?P<text>[^"]+)"$'))
def step_result_detail(world: ProvisionWorld, name: str, result: str, text: str) -> None:
    step_result(world, name, result)
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None
    assert text in outcome.detail, outcome.detail


@then(parsers.re(r'^the run failed at (?P<name>\S+) with "(?P<text>[^"]+)"$'))
def run_failed(world: ProvisionWorld, name: str, text: str) -> None:
    assert world.report is not None
    assert world.report.failed_step == name, world.report
    assert text in world.report.error, world.report.error


@then(parsers.re(r'^the root partition is "(?P<root>[^"]*)" and the boot partition is "(?P<boot>[^"]*)"$'))
def partitions_found(world: ProvisionWorld, root: str, boot: str) -> None:
    assert world.context is not None
    state = world.context.state
    assert (state.root_partition, state.boot_partition) == (root, boot)


@then(parsers.re(r"^the image (?P<state>is|is not) marked as written$"))
def image_marked(world: ProvisionWorld, state: str) -> None:
    assert world.context is not None
    assert world.context.state.image_written is (state == "is")


@then(parsers.re(r"^the disk (?P<path>/dev/\S+) starts with the (?P<kib>\d+) KiB image$"))
def disk_holds_image(world: ProvisionWorld, path: str, kib: str) -> None:
    size = int(kib) * 1024
    assert bytes(world.block.devices[path].data[:size]) == _image(size)


@then("the host's mounts are:")
def host_mounts(world: ProvisionWorld, docstring: str) -> None:
    assert [_shown(m) for m in world.host.mounts] == _lines(docstring)


@then("the mounts this run recorded are:")
def recorded_mounts(world: ProvisionWorld, docstring: str) -> None:
    assert world.context is not None
    assert [_shown(m) for m in world.context.state.mounts] == _lines(docstring)


@then("nothing is mounted")
def nothing_mounted(world: ProvisionWorld) -> None:
    assert world.context is not None
    assert (world.host.mounts, world.context.state.mounts) == ([], [])


@then(parsers.re(r"^the file (?P<path>/\S+) in the target root exists$"))
def file_exists(world: ProvisionWorld, path: str) -> None:
    assert world.host.exists(ROOT + path)


def _shown(mount: Mount) -> str:
    kind = "bind" if mount.bind else mount.fstype
    return f"{mount.source} on {mount.target} ({kind})"
