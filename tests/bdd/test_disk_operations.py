"""Steps for features/disk/operations: the disk use cases over the fakes.

The machine is a FakeBlockDevices (disks without content: zeroing is recorded), a FakeShell
(every command succeeds silently unless a scenario scripts it), a FakeHost and a FakeClock.
Disks are approved the only way there is: ``choose_target_disk`` then ``approve``.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.shell import FakeShell, ShellCall
from booty.app.disk import (
    create_raid,
    deactivate_lvm,
    grow_root_partition,
    read_partition_table,
    reread_partitions,
    secure_erase_disks,
    stop_raid,
    target_root,
    wipe_disk,
    wipe_disks,
)
from booty.domain.disk.commands import lvm_pvs
from booty.domain.disk.erase import EraseOutcome, erase_summary
from booty.domain.disk.filesystem import FsType
from booty.domain.disk.mdadm import plan_raid
from booty.domain.disk.results import GrowResult, RaidStopResult, RereadResult
from booty.domain.disk.select import choose_target_disk
from booty.domain.disk.sfdisk import PartitionTable, find_partition_roles
from booty.domain.disk.targets import ApprovedTargets, Scope, approve
from booty.domain.errors import MountFailed, SecureEraseFailed
from booty.domain.shell import CommandResult
from booty.domain.system import BlockDevice, Mount

scenarios("disk/operations")

GIB = 2**30
MIB = 2**20
SFDISK_DATA = Path(__file__).resolve().parents[1] / "data" / "sfdisk"


class RecordingHost(FakeHost):
    """A FakeHost that records mount and unmount order and fails where a scenario says."""

    def __init__(self) -> None:
        super().__init__()
        self.root_fstype = "ext4"
        self.mounted: list[str] = []
        self.unmounted: list[str] = []
        self.tried: list[str] = []
        self.busy: set[str] = set()
        self.missing: set[str] = set()
        for source in ("/dev", "/proc", "/sys", "/run"):
            self.make_dirs(source)

    def mount(self, mount: Mount) -> None:
        if mount.target in self.missing:
            code = errno.ENOENT
            raise MountFailed("mount", target=mount.target, errno=code, reason=os.strerror(code))
        if not mount.bind:
            self.tried.append(mount.fstype)
            if mount.fstype != self.root_fstype:
                raise MountFailed("mount", target=mount.target, errno=errno.EINVAL, reason="Invalid argument")
        super().mount(mount)
        self.mounted.append(mount.target)

    def unmount(self, target: str) -> None:
        if target in self.busy:
            code = errno.EBUSY
            raise MountFailed("umount", target=target, errno=code, reason=os.strerror(code))
        super().unmount(target)
        self.unmounted.append(target)


class OpsWorld:
    """The fakes, the settings, the approval, and what the last operation gave."""

    def __init__(self) -> None:
        self.block = FakeBlockDevices()
        self.shell = FakeShell()
        self.host = RecordingHost()
        self.clock = FakeClock()
        self.fallback = False
        self.targets: ApprovedTargets | None = None
        self.result: object = None
        self.error: BaseException | None = None
        self.table: PartitionTable | None = None

    def run(self, action: Callable[[], object]) -> None:
        try:
            self.result = action()
        except Exception as e:  # the scenario asserts on it
            self.error = e

    def approved(self) -> ApprovedTargets:
        assert self.targets is not None, "no disk was approved"
        return self.targets

    def commands(self) -> list[str]:
        return [shlex.join(argv) for argv in self.shell.argvs]


@pytest.fixture
def world() -> OpsWorld:
    return OpsWorld()


def fails(world: OpsWorld, command: str, code: int, stderr: str) -> None:
    world.shell.script(shlex.split(command), returncode=code, stderr=stderr)


## Given


@given(parsers.parse('the machine has disks "{spec}"'))
def disks(world: OpsWorld, spec: str) -> None:
    for item in spec.split(","):
        name, size, *flags = item.strip().split(":")
        world.block.disks.append(BlockDevice(name, int(size) * GIB, removable="removable" in flags))


@given(parsers.parse('the machine has NVMe namespaces "{names}"'))
def nvme_namespaces(world: OpsWorld, names: str) -> None:
    for i, name in enumerate(n.strip() for n in names.split(",")):
        world.block.disks.append(BlockDevice(name, (960 - i) * GIB, transport="nvme"))


@given(parsers.parse('the machine has a SATA disk "{name}"'))
def sata_disk(world: OpsWorld, name: str) -> None:
    world.block.disks.append(BlockDevice(name, 480 * GIB, transport="sata"))


@given(parsers.parse('"{disk}" has partitions "{names}"'))
def partitions(world: OpsWorld, disk: str, names: str) -> None:
    index = next(i for i, d in enumerate(world.block.disks) if d.name == disk)
    parts = tuple(n.strip() for n in names.split(","))
    world.block.disks[index] = BlockDevice(disk, world.block.disks[index].size_bytes, partitions=parts)


@given(parsers.re(r"(?P<who>the chosen disk|every eligible disk) is approved for (?P<purpose>\w+)"))
def approved(world: OpsWorld, who: str, purpose: str) -> None:
    scope = Scope.TARGET if who == "the chosen disk" else Scope.ELIGIBLE
    world.targets = approve(choose_target_disk(world.block.disks), scope=scope)
    assert purpose


@given(parsers.parse("SECURE_ERASE_FALLBACK is {value}"))
def fallback(world: OpsWorld, value: str) -> None:
    world.fallback = value == "true"


@given(parsers.parse("the NVMe controller reports OACS {oacs}, FNA {fna} and SANICAP {sanicap}"))
def nvme_controller(world: OpsWorld, oacs: str, fna: str, sanicap: str) -> None:
    report = {
        "mn": "booty test controller",
        "oacs": int(oacs, 0),
        "fna": int(fna, 0),
        "sanicap": int(sanicap, 0),
    }
    world.shell.script_prefix(["nvme", "id-ctrl"], stdout=json.dumps(report))
    world.shell.script_prefix(["nvme", "sanitize-log"], stdout='{"nvme0": {"sprog": 65535, "sstat": 1}}')


@given(parsers.parse('the sanitize log of "{controller}" reads "{states}"'))
def sanitize_log(world: OpsWorld, controller: str, states: str) -> None:
    codes = {"in progress": 2, "done": 1, "failed": 3}
    pending = [codes[s.strip()] for s in states.split(",")]

    def answer(call: ShellCall) -> CommandResult:
        return CommandResult(
            call.argv, 0, json.dumps({controller.removeprefix("/dev/"): {"sstat": pending.pop(0)}})
        )

    world.shell.script(["nvme", "sanitize-log", controller, "--output-format=json"], answer)


@given(parsers.parse('hdparm -I of "{device}" reports security "{states}"'))
def hdparm_security(world: OpsWorld, device: str, states: str) -> None:
    lines = ["", f"{device}:", "", "ATA device, with non-removable media", "Security: "]
    for state in (s.strip() for s in states.split(",")):
        lines.append(f"\tnot\t{state.removeprefix('not ')}" if state.startswith("not ") else f"\t\t{state}")
    world.shell.script(["hdparm", "-I", device], stdout="\n".join([*lines, "Checksum: correct", ""]))


@given(parsers.parse('"{command}" fails with exit code {code:d} and "{stderr}"'))
def command_fails(world: OpsWorld, command: str, code: int, stderr: str) -> None:
    fails(world, command, code, stderr)


@given(parsers.parse('"{command}" prints "{stdout}"'))
def command_prints(world: OpsWorld, command: str, stdout: str) -> None:
    world.shell.script(shlex.split(command), stdout=stdout + "\n")


@given(parsers.parse('the kernel refuses to re-read "{device}" with EBUSY'))
def reread_busy(world: OpsWorld, device: str) -> None:
    world.block.reread_errors[device] = errno.EBUSY


@given(parsers.parse('sfdisk reads "{device}" as the fixture "{name}"'))
def sfdisk_fixture(world: OpsWorld, device: str, name: str) -> None:
    separator = "p" if device[-1].isdigit() else ""
    text = (SFDISK_DATA / f"{name}.json").read_text()
    stdout = text.replace("/dev/loop0p", f"{device}{separator}").replace("/dev/loop0", device)
    stderr_file = SFDISK_DATA / f"{name}.stderr"
    stderr = stderr_file.read_text() if stderr_file.exists() else ""
    world.shell.script(["sfdisk", "--json", device], stdout=stdout, stderr=stderr)


@given(parsers.parse("/proc/mdstat reads:"))
def mdstat(world: OpsWorld, docstring: str) -> None:
    world.host.write_file("/proc/mdstat", docstring.encode())


@given(parsers.parse("lvm pvs reports:"))
def pvs_report(world: OpsWorld, docstring: str) -> None:
    world.shell.script(lvm_pvs(), stdout=docstring)


@given(parsers.parse('the root partition "{device}" mounts as {fstype}'))
def root_fstype(world: OpsWorld, device: str, fstype: str) -> None:
    world.host.root_fstype = fstype
    world.result = device


@given(parsers.parse('unmounting "{target}" fails with EBUSY'))
def unmount_busy(world: OpsWorld, target: str) -> None:
    world.host.busy.add(target)


@given(parsers.parse('binding "{target}" fails with ENOENT'))
def bind_missing(world: OpsWorld, target: str) -> None:
    world.host.missing.add(target)


## When


@when("booty secure-erases the approved disks")
def secure_erase(world: OpsWorld) -> None:
    world.run(
        lambda: secure_erase_disks(
            world.shell,
            world.block,
            world.clock,
            world.approved(),
            fallback=world.fallback,
            machine_disks=world.block.list_disks(),
            password=lambda: "Erase-test",
        )
    )


@when("booty wipes the approved disks")
def wipe(world: OpsWorld) -> None:
    world.run(lambda: wipe_disks(world.shell, world.block, world.approved()))


@when(parsers.parse('booty is asked to wipe "{path}" given as a path'))
def wipe_path(world: OpsWorld, path: str) -> None:
    world.run(lambda: wipe_disk(world.shell, world.block, path))  # type: ignore[arg-type]


@when(parsers.parse('booty makes the kernel re-read "{device}"'))
def reread(world: OpsWorld, device: str) -> None:
    world.run(lambda: reread_partitions(world.shell, world.block, device))


@when(parsers.parse('booty reads the partition table of "{device}"'))
def read_table(world: OpsWorld, device: str) -> None:
    world.run(lambda: read_partition_table(world.shell, device))


@when(parsers.parse('booty grows partition {number:d} of "{device}" to the end of the disk'))
def grow(world: OpsWorld, number: int, device: str) -> None:
    def action() -> GrowResult:
        table = read_partition_table(world.shell, device)
        root = table.partitions[number - 1]
        return grow_root_partition(world.shell, world.block, world.approved().get(device), table, root)

    world.run(action)


@when("booty stops the RAID arrays of the approved disks")
def stop_arrays(world: OpsWorld) -> None:
    world.run(lambda: stop_raid(world.shell, world.host, world.approved()))


@when("booty deactivates the volume groups of the approved disks")
def deactivate(world: OpsWorld) -> None:
    world.run(lambda: deactivate_lvm(world.shell, world.approved()))


@when(parsers.parse('booty creates RAID {level:d} "{name}" over "{members}"'))
def create_array(world: OpsWorld, level: int, name: str, members: str) -> None:
    spec = plan_raid(name, level, [m.strip() for m in members.split(",")])
    world.run(lambda: create_raid(world.shell, world.approved(), spec))


@when(parsers.parse("booty plans RAID {level:d} over {members:d} disks"))
def plan(world: OpsWorld, level: int, members: int) -> None:
    world.run(lambda: plan_raid("md0", level, [f"/dev/sd{chr(97 + i)}" for i in range(members)]))


@when(parsers.re(r"a step runs inside the target root and (?:succeeds|fails with \"(?P<message>.*)\")"))
def inside_target_root(world: OpsWorld, message: str | None) -> None:
    device = str(world.result)

    def action() -> None:
        with target_root(world.host, device):
            if message:
                raise RuntimeError(message)

    world.run(action)


## Then


def outcomes(world: OpsWorld) -> tuple[EraseOutcome, ...]:
    if isinstance(world.error, SecureEraseFailed):
        return world.error.outcomes
    assert world.error is None, f"unexpected error: {world.error}"
    assert isinstance(world.result, tuple)
    return world.result


@then(parsers.parse('the outcome for "{disk}" is "{expected}"'))
def outcome_is(world: OpsWorld, disk: str, expected: str) -> None:
    (outcome,) = [o for o in outcomes(world) if o.disk == disk]
    assert str(outcome) == f"{disk}: {expected}"


@then(parsers.parse('the status message is "{expected}"'))
def status_message(world: OpsWorld, expected: str) -> None:
    assert erase_summary(outcomes(world)) == expected


@then(parsers.parse('the step fails with "{message}"'))
def step_fails(world: OpsWorld, message: str) -> None:
    assert world.error is not None, f"no error; the result was {world.result!r}"
    assert str(world.error) == message


@then(parsers.parse('its error notes "{note}"'))
def error_notes(world: OpsWorld, note: str) -> None:
    assert note in getattr(world.error, "__notes__", [])


@then(parsers.parse('booty ran "{command}"'))
def ran(world: OpsWorld, command: str) -> None:
    assert command in world.commands(), world.commands()


@then(parsers.parse('booty did not run "{command}"'))
def did_not_run(world: OpsWorld, command: str) -> None:
    assert command not in world.commands()


@then("booty ran no command")
def ran_nothing(world: OpsWorld) -> None:
    assert world.shell.calls == []


@then("booty ran, in order:")
def ran_in_order(world: OpsWorld, datatable: list[list[str]]) -> None:
    _, *rows = datatable
    assert world.commands() == [row[0] for row in rows]


@then(parsers.parse("booty waited {count:d} times {seconds:d} seconds"))
def waited(world: OpsWorld, count: int, seconds: int) -> None:
    assert world.clock.sleeps == [float(seconds)] * count


@then(parsers.parse('the first and last MiB of "{disk}" were zeroed'))
def head_and_tail_zeroed(world: OpsWorld, disk: str) -> None:
    size = world.block.size_bytes(disk)
    assert (disk, 0, MIB) in world.block.zeroed
    assert (disk, size - MIB, MIB) in world.block.zeroed


@then("nothing was zeroed")
def nothing_zeroed(world: OpsWorld) -> None:
    assert world.block.zeroed == []


@then(parsers.parse('nothing touched "{disk}"'))
def untouched(world: OpsWorld, disk: str) -> None:
    assert not [c for c in world.commands() if disk in c]
    assert not [z for z in world.block.zeroed if z[0] == disk]


@then(parsers.parse('the disks wiped are "{paths}"'))
def wiped(world: OpsWorld, paths: str) -> None:
    assert world.error is None, world.error
    assert isinstance(world.result, tuple)
    assert ", ".join(o.disk for o in world.result) == paths


@then(parsers.parse('the wipe of "{disk}" warns "{warning}"'))
def wipe_warns(world: OpsWorld, disk: str, warning: str) -> None:
    assert world.error is None, world.error
    assert isinstance(world.result, tuple)
    (outcome,) = [o for o in world.result if o.disk == disk]
    assert warning in outcome.warnings


@then(parsers.parse('the table was re-read with "{method}"'))
def reread_with(world: OpsWorld, method: str) -> None:
    assert isinstance(world.result, RereadResult), world.error
    assert world.result.method.value == method


@then(parsers.parse('the root partition is "{node}" because it is "{reason}"'))
def root_is(world: OpsWorld, node: str, reason: str) -> None:
    assert isinstance(world.result, PartitionTable), world.error
    roles = find_partition_roles(world.result)
    assert (roles.root.node, roles.root_reason) == (node, reason)


@then(parsers.parse('the root partition grew with "{method}"'))
def grew_with(world: OpsWorld, method: str) -> None:
    assert isinstance(world.result, GrowResult), world.error
    assert (world.result.grown, world.result.method) == (True, method)


@then(parsers.parse('the root partition did not grow because "{detail}"'))
def did_not_grow(world: OpsWorld, detail: str) -> None:
    assert isinstance(world.result, GrowResult), world.error
    assert (world.result.grown, world.result.detail) == (False, detail)


@then(parsers.parse('the RAID result says "{reason}"'))
def raid_result(world: OpsWorld, reason: str) -> None:
    assert isinstance(world.result, RaidStopResult), world.error
    assert world.result.reason == reason


@then(parsers.parse('the plan is "{verdict}"'))
def plan_is(world: OpsWorld, verdict: str) -> None:
    assert str(world.error) == verdict if verdict != "ok" else world.error is None


@then(parsers.parse('the mounts were made in the order "{targets}"'))
def mount_order(world: OpsWorld, targets: str) -> None:
    assert world.host.mounted == [t.strip() for t in targets.split(",")]


@then(parsers.parse('the unmounts were made in the order "{targets}"'))
def unmount_order(world: OpsWorld, targets: str) -> None:
    assert world.host.unmounted == [t.strip() for t in targets.split(",")]


@then("nothing is mounted any more")
def nothing_mounted(world: OpsWorld) -> None:
    assert world.host.mounts == []


@then(parsers.parse('the root was mounted as "{fstype}" after trying "{tried}"'))
def mounted_as(world: OpsWorld, fstype: str, tried: str) -> None:
    assert world.host.tried == [*(t.strip() for t in tried.split(",")), fstype]
    assert FsType(fstype) in FsType
