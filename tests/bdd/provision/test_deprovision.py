"""Steps of features/provision/deprovision: the hard and soft deprovision pipelines over the fakes.

"Only the disk steps" runs the configured MODE's plan through the real runner, restricted to the
steps whose handlers are the disk handlers' (``DISK_HANDLERS``), so these scenarios do not depend
on the preflight and boot steps (the whole pipelines are in ``features/provision/disk``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.app.provision import HANDLERS, run_plan
from booty.app.provision.disk_handlers import DISK_HANDLERS
from booty.domain.plan import plan_for
from booty.domain.system import BlockDevice, Mount

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/deprovision")

ROOT = "/newroot"
GIB = 2**30
CHOSEN = "/dev/nvme0n1"
TABLE = """{"partitiontable": {"label": "gpt", "device": "/dev/nvme0n1", "unit": "sectors",
 "partitions": [
  {"node": "/dev/nvme0n1p1", "start": 2048, "size": 1048576,
   "type": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "name": "EFI"},
  {"node": "/dev/nvme0n1p2", "start": 1050624, "size": 20971520,
   "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "name": "root"}
 ]}}
"""


@given("the machine has these disks:")
def machine_disks(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    disks = []
    for row in (dict(zip(header, r, strict=True)) for r in rows):
        amount, unit = row["size"].split()
        assert unit == "GiB", unit
        disks.append(
            BlockDevice(
                name=row["name"],
                size_bytes=int(amount) * GIB,
                partitions=tuple(row["partitions"].split()),
                removable=row["notes"] == "removable",
            )
        )
    world.block.disks = disks


@given("the partition table of the chosen disk holds an ESP and a root partition")
def chosen_disk_table(world: ProvisionWorld) -> None:
    world.shell.script(["sfdisk", "--json", CHOSEN], stdout=TABLE)


@given("LVM finds no physical volume")
def no_pvs(world: ProvisionWorld) -> None:
    world.shell.script_prefix(["lvm", "pvs"], stdout='{"report": [{"pv": []}]}\n')


@given(parsers.re(r"^the installed OS on the chosen disk has (?P<path>/\S+)$"))
def installed_file(world: ProvisionWorld, path: str) -> None:
    world.host.write_file(ROOT + path, b"menuentry 'Ubuntu' {}\n")


@when("only the disk steps of the pipeline run")
def run_disk_steps(world: ProvisionWorld, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    plan = plan_for(world.config)
    plan = attrs.evolve(plan, steps=tuple(p for p in plan.steps if p.name in DISK_HANDLERS))
    world.report = run_plan(plan, world.make_context(), HANDLERS)


@then("the disk steps ended as:")
def disk_steps_ended(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    assert world.report is not None
    assert world.report.failed_step == "", world.report.error
    outcomes = {o.name: o.result for o in world.report.outcomes}
    expected = {row[0]: row[1] for row in datatable[1:]}
    assert {name: outcomes.get(name) for name in expected} == expected, world.report.outcomes


@then(parsers.re(r'^these disks were cleared: "(?P<paths>[^"]+)"$'))
def disks_cleared(world: ProvisionWorld, paths: str) -> None:
    cleared = sorted({path for path, offset, _ in world.block.zeroed if offset == 0})
    assert ", ".join(cleared) == paths


@then("no disk was cleared")
def nothing_cleared(world: ProvisionWorld) -> None:
    assert world.block.zeroed == []
    assert not [argv for argv in world.shell.argvs if argv[0] in ("wipefs", "sgdisk", "hdparm", "nvme")]


@then(parsers.re(r"^the installed OS has (?P<kept>/\S+) and no (?P<gone>/\S+)$"))
def renamed(world: ProvisionWorld, kept: str, gone: str) -> None:
    assert world.host.exists(ROOT + kept)
    assert not world.host.exists(ROOT + gone)


@then(parsers.re(r'^the detail of (?P<name>[a-z-]+) is "(?P<text>[^"]+)"$'))
def detail_of(world: ProvisionWorld, name: str, text: str) -> None:
    assert world.report is not None
    outcome = world.report.outcome(name)
    assert outcome is not None, f"{name} was not reached"
    assert outcome.detail == text


@then("nothing stays mounted")
def nothing_mounted(world: ProvisionWorld) -> None:
    assert world.context is not None
    mounts: list[Mount] = world.host.mounts
    assert (mounts, world.context.state.mounts) == ([], [])
