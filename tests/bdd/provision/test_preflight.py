"""Steps of features/provision/preflight: report-init, inventory, firmware and health checks.

The machine is a FakeHost holding a small /sys and /proc (files, directories, sysfs symlinks);
the step handlers read it through ``SysTree`` and post to the FakeController, whose reports the
Then steps decode. A few scenarios exercise the pure rules directly (the check framework with
stub checks, version comparison, a NIC firmware policy, which /deploy/vars cannot set).
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.controller import FakeController
from booty.app.hardware import SysTree, collect_firmware, run_checks
from booty.app.provision import HANDLERS, run_plan
from booty.domain.errors import ControllerError
from booty.domain.hardware import (
    CheckSpec,
    CheckStatus,
    FirmwarePolicy,
    HealthResult,
    Severity,
    VersionCheck,
    compare_versions,
    critical_failures,
    parse_skip_list,
    validate_firmware,
)
from booty.domain.lldp import LldpId, LldpNeighbor
from booty.domain.plan import PROVISION, OnError, Phase, plan_for
from booty.domain.system import BlockDevice

if TYPE_CHECKING:  # the conftest is not importable under --import-mode=importlib
    from conftest import ProvisionWorld

scenarios("provision/preflight")

GIB = 1 << 30
ABSENT = "(absent)"


@attrs.define
class RefusingController(FakeController):
    """A FakeController that refuses some kinds of report (the others work)."""

    refused: frozenset[str] = frozenset()

    def report_inventory(self, document: bytes) -> None:
        self._refuse_or_record("inventory", document)

    def report_firmware(self, document: bytes) -> None:
        self._refuse_or_record("firmware", document)

    def report_health(self, document: bytes) -> None:
        self._refuse_or_record("health", document)

    def _refuse_or_record(self, kind: str, document: bytes) -> None:
        if kind in self.refused:
            raise ControllerError(f"{kind}: status 503 (refused)")
        self.reports.append((kind, document))


@attrs.define
class Checks:
    """The stub checks of the framework scenarios, and what running them gave."""

    stubs: list[tuple[CheckSpec, CheckStatus]] = attrs.field(factory=list)
    ran: list[str] = attrs.field(factory=list)
    results: tuple[HealthResult, ...] = ()
    skip_list: frozenset[str] = frozenset()
    firmware_checks: tuple[VersionCheck, ...] = ()
    comparison: int | None = None


@pytest.fixture
def checks() -> Checks:
    return Checks()


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


# -- Given ------------------------------------------------------------------------------------


@given("the host has these files:")
def host_files(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    for path, content in datatable[1:]:
        if path.endswith("/"):
            world.host.make_dirs(path)
        else:
            world.host.write_file(path, _unescape(content).encode())


@given("the host has these links:")
def host_links(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    for path, target in datatable[1:]:
        world.host.add_link(path, target)


@given(parsers.re(r"^the host file (?P<path>/\S+) is:$"))
def host_file_is(world: ProvisionWorld, path: str, docstring: str) -> None:
    world.host.write_file(path, (docstring + "\n").encode())


@given(parsers.re(r"^/proc/cpuinfo lists (?P<count>\d+) processors$"))
def cpuinfo_lists(world: ProvisionWorld, count: str) -> None:
    blocks = (
        f"processor\t: {i}\nmodel name\t: Test CPU\nphysical id\t: 0\ncpu cores\t: {count}\n"
        for i in range(int(count))
    )
    world.host.write_file("/proc/cpuinfo", "\n".join(blocks).encode())


@given("a healthy machine")
def healthy_machine(world: ProvisionWorld) -> None:
    """One disk, one NIC with carrier, one cool thermal zone, EDAC with no errors, one socket."""
    host = world.host
    host.write_file("/sys/block/sda/device/ioerr_cnt", b"0x0\n")
    host.write_file("/sys/block/sda/size", b"937703088\n")
    host.write_file("/sys/devices/system/edac/mc/mc0/ue_count", b"0\n")
    host.write_file("/sys/class/net/eth0/carrier", b"1\n")
    host.make_dirs("/sys/devices/pci0000:00/0000:03:00.0")
    host.add_link("/sys/class/net/eth0/device", "../../../devices/pci0000:00/0000:03:00.0")
    host.write_file("/sys/class/thermal/thermal_zone0/temp", b"41000\n")
    host.write_file("/proc/meminfo", b"MemTotal:       65536000 kB\n")
    cpu = "processor\t: {i}\nmodel name\t: Test CPU\nphysical id\t: 0\ncpu cores\t: 2\n"
    host.write_file("/proc/cpuinfo", "\n".join(cpu.format(i=i) for i in range(2)).encode())


HEARS_SWITCH = (
    r'^the NIC (?P<nic>\w+) hears the switch "(?P<switch>[^"]+)" on port "(?P<port>[^"]+)"'
    r" in VLAN (?P<vlan>\d+)$"
)


@given(parsers.re(HEARS_SWITCH))
def nic_hears_switch(world: ProvisionWorld, nic: str, switch: str, port: str, vlan: str) -> None:
    _physical_nic(world, nic)
    chassis = LldpId.chassis(4, f"02:00:00:00:{len(world.lldp.heard):02x}:01")
    port_id = LldpId.port(5, port)
    neighbor = LldpNeighbor(chassis, port_id, ttl=120, system_name=switch, port_vlan_id=int(vlan))
    world.lldp.add_interface(nic, neighbor)


@given(parsers.re(r"^the NIC (?P<nic>\w+) hears nothing$"))
def nic_hears_nothing(world: ProvisionWorld, nic: str) -> None:
    _physical_nic(world, nic)
    world.lldp.add_interface(nic)


@given(parsers.re(r"^the NIC (?P<nic>\w+) exists but cannot be listened on$"))
def nic_not_listenable(world: ProvisionWorld, nic: str) -> None:
    _physical_nic(world, nic)  # and not known to the LLDP fake: ENODEV, as the kernel says


def _physical_nic(world: ProvisionWorld, name: str) -> None:
    mac = f"02:00:00:00:00:{len(world.netlink.links()) + 1:02x}"
    world.netlink.add_link(name, mac=mac, physical=True)


@given("the controller is down")
def controller_down(world: ProvisionWorld) -> None:
    world.controller.down = True


@given(parsers.re(r"^the controller refuses the (?P<kind>inventory|firmware|health) report$"))
def controller_refuses(world: ProvisionWorld, kind: str) -> None:
    world.controller = RefusingController(refused=frozenset({kind}))


@given(parsers.re(r"^the machine has a (?P<gib>\d+) GiB disk (?P<name>\w+)$"))
def machine_disk(world: ProvisionWorld, gib: str, name: str) -> None:
    world.block.disks.append(BlockDevice(name, int(gib) * GIB))


@given("these health checks:")
def stub_checks(checks: Checks, datatable: list[list[str]]) -> None:
    for name, severity, outcome in datatable[1:]:
        checks.stubs.append((CheckSpec(name, Severity(severity)), CheckStatus(outcome)))


# -- When -------------------------------------------------------------------------------------


@when(parsers.re(r'^the listed checks run with HEALTH_SKIP_CHECKS "(?P<skip>[^"]*)"$'))
def run_stub_checks(checks: Checks, skip: str) -> None:
    def probe(spec: CheckSpec, outcome: CheckStatus) -> HealthResult:
        checks.ran.append(spec.name)
        return spec.result(outcome, f"{spec.name} says {outcome.value}")

    table = [(spec, lambda s=spec, o=outcome: probe(s, o)) for spec, outcome in checks.stubs]
    checks.results = run_checks(table, parse_skip_list(skip))


@when(parsers.re(r'^HEALTH_SKIP_CHECKS is "(?P<text>[^"]*)"$'))
def skip_list_is(checks: Checks, text: str) -> None:
    checks.skip_list = parse_skip_list(text)


@when("the agent runs the pre-flight steps")
def run_preflight(world: ProvisionWorld, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="booty")
    plan = plan_for(world.config)
    preflight = tuple(p for p in plan.steps if p.step.phase is Phase.PREFLIGHT)
    world.report = run_plan(attrs.evolve(plan, steps=preflight), world.make_context(), HANDLERS)


@when(parsers.re(r'^the firmware is validated with the NIC minimum (?P<driver>\S+) "(?P<minimum>[^"]*)"$'))
def validate_nic_minimum(world: ProvisionWorld, checks: Checks, driver: str, minimum: str) -> None:
    report = collect_firmware(SysTree(world.host), collected_at="")
    checks.firmware_checks = validate_firmware(report, FirmwarePolicy(min_nic=((driver, minimum),)))


@when(parsers.re(r'^version "(?P<a>[^"]*)" is compared with "(?P<b>[^"]*)"$'))
def compare(checks: Checks, a: str, b: str) -> None:
    checks.comparison = compare_versions(a, b)


# -- Then: health -----------------------------------------------------------------------------


def _report(world: ProvisionWorld, kind: str) -> Any:
    documents = [doc for k, doc in world.controller.reports if k == kind]
    assert documents, f"no {kind} report was posted (reports: {[k for k, _ in world.controller.reports]})"
    return json.loads(documents[-1])


def _health_result(world: ProvisionWorld, name: str) -> dict[str, Any]:
    results = {r["name"]: r for r in _report(world, "health")}
    assert name in results, sorted(results)
    return results[name]


@then(parsers.re(r'^the health report shows (?P<name>[a-z-]+) as (?P<status>\w+) with "(?P<message>[^"]*)"$'))
def health_shows(world: ProvisionWorld, name: str, status: str, message: str) -> None:
    result = _health_result(world, name)
    assert (result["status"], result.get("message", "")) == (status, message), result


@then(parsers.re(r"^the health report gives (?P<name>[a-z-]+) the severity (?P<severity>\w+)$"))
def health_severity(world: ProvisionWorld, name: str, severity: str) -> None:
    assert _health_result(world, name)["severity"] == severity


@then(parsers.re(r'^the health report gives (?P<name>[a-z-]+) the details "(?P<details>[^"]*)"$'))
def health_details(world: ProvisionWorld, name: str, details: str) -> None:
    result = _health_result(world, name)
    assert result.get("details", "") == details, result
    assert ("details" in result) == bool(details), "empty details must be left out"


@then(parsers.re(r"^the controller received the (?P<kind>health|firmware|inventory) report:$"))
def received_report(world: ProvisionWorld, kind: str, docstring: str) -> None:
    assert _report(world, kind) == json.loads(docstring)


@then(parsers.re(r'^the results are "(?P<expected>[^"]*)"$'))
def results_are(checks: Checks, expected: str) -> None:
    assert ", ".join(f"{r.name} {r.status.value}" for r in checks.results) == expected


@then(parsers.re(r'^the checks that ran are "(?P<names>[^"]*)"$'))
def checks_ran(checks: Checks, names: str) -> None:
    assert ", ".join(checks.ran) == names


@then(parsers.re(r'^the result of (?P<name>\S+) says "(?P<message>[^"]*)" with severity (?P<severity>\w+)$'))
def result_says(checks: Checks, name: str, message: str, severity: str) -> None:
    result = next(r for r in checks.results if r.name == name)
    assert (result.message, result.severity.value) == (message, severity)


@then("no critical check failed")
def no_critical(checks: Checks) -> None:
    assert critical_failures(checks.results) == ()


@then(parsers.re(r'^the critical checks that failed are "(?P<names>[^"]*)"$'))
def critical_are(checks: Checks, names: str) -> None:
    assert ", ".join(critical_failures(checks.results)) == names


@then(parsers.re(r'^the checks to skip are "(?P<names>[^"]*)"$'))
def skip_list(checks: Checks, names: str) -> None:
    assert sorted(checks.skip_list) == [n.strip() for n in names.split(",") if n.strip()]


# -- Then: inventory and firmware documents ---------------------------------------------------


def _lookup(document: Any, field: str) -> Any:
    """``cpus[0].model`` in *document*; ABSENT when a key is missing."""
    value = document
    for part in field.split("."):
        name, _, index = part.partition("[")
        if name not in value:
            return ABSENT
        value = value[name]
        if index:
            value = value[int(index.rstrip("]"))]
    return value


def _assert_document(document: Any, datatable: list[list[str]]) -> None:
    for field, expected in datatable[1:]:
        if field.startswith("count of "):
            found = _lookup(document, field.removeprefix("count of "))
            actual: Any = 0 if found in (None, ABSENT) else len(found)
            assert actual == int(expected), f"{field}: {actual}"
        elif expected == ABSENT:
            assert _lookup(document, field) == ABSENT, f"{field} should be left out"
        else:
            assert _lookup(document, field) == json.loads(expected), f"{field}: {_lookup(document, field)!r}"


@then("the inventory report says:")
def inventory_says(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    _assert_document(_report(world, "inventory"), datatable)


@then(parsers.re(r"^the LLDP listening lasted (?P<waited>\d+) s of its (?P<timeout>\d+) s$"))
def lldp_lasted(world: ProvisionWorld, waited: str, timeout: str) -> None:
    assert [t for _names, t in world.lldp.listens] == [float(timeout)]
    assert world.lldp.waited_s == float(waited)


@then("nothing listened for LLDP")
def nothing_listened(world: ProvisionWorld) -> None:
    assert world.lldp.listens == []


@then("the firmware report says:")
def firmware_says(world: ProvisionWorld, datatable: list[list[str]]) -> None:
    _assert_document(_report(world, "firmware"), datatable)


@then(parsers.re(r'^the firmware check (?P<name>\S+) says "(?P<message>[^"]*)"$'))
def firmware_check_says(caplog: pytest.LogCaptureFixture, name: str, message: str) -> None:
    records = [r for r in caplog.records if r.getMessage() == "Firmware version check"]
    assert [getattr(r, "summary", None) for r in records if getattr(r, "check", None) == name] == [message]


@then("the firmware checks are:")
def firmware_checks_are(checks: Checks, datatable: list[list[str]]) -> None:
    assert [[c.name, c.status, c.message] for c in checks.firmware_checks] == datatable[1:]


@then(parsers.re(r"^it is (?P<order>older|newer|the same)$"))
def comparison_is(checks: Checks, order: str) -> None:
    assert checks.comparison == {"older": -1, "the same": 0, "newer": 1}[order]


# -- Then: logs, runs, disks ------------------------------------------------------------------


def _fields(text: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in text.split())


@then(parsers.re(r'^the log record "(?P<message>[^"]+)" has (?P<fields>.+)$'))
def log_record_has(caplog: pytest.LogCaptureFixture, message: str, fields: str) -> None:
    records = [r for r in caplog.records if r.getMessage() == message]
    assert records, f"no log record {message!r}"
    for key, value in _fields(fields).items():
        assert str(getattr(records[-1], key, None)) == value, key


@then(parsers.re(r'^the log has "(?P<message>[^"]+)" at (?P<level>[A-Z]+) with (?P<fields>.+)$'))
def log_has_level(caplog: pytest.LogCaptureFixture, level: str, message: str, fields: str) -> None:
    wanted = _fields(fields)
    matching = [
        r
        for r in caplog.records
        if r.getMessage() == message and all(str(getattr(r, k, None)) == v for k, v in wanted.items())
    ]
    assert [r.levelname for r in matching] == [level]


@then(parsers.re(r'^the log has no "(?P<message>[^"]+)"$'))
def log_has_no(caplog: pytest.LogCaptureFixture, message: str) -> None:
    assert all(r.getMessage() != message for r in caplog.records)


@then(parsers.re(r'^the pre-flight steps that ran are "(?P<names>[^"]*)"$'))
def preflight_ran(world: ProvisionWorld, names: str) -> None:
    assert world.report is not None
    assert ", ".join(o.name for o in world.report.outcomes if o.result != "skipped") == names


@then("the pre-flight run succeeded")
def preflight_ok(world: ProvisionWorld) -> None:
    assert world.report is not None
    assert world.report.ok, world.report.error


@then(parsers.re(r'^the pre-flight run failed at "(?P<step>[a-z-]+)"$'))
def preflight_failed(world: ProvisionWorld, step: str) -> None:
    assert world.report is not None
    assert world.report.failed_step == step


@then(parsers.re(r'^the controller received the reports "(?P<kinds>[^"]*)"$'))
def reports_received(world: ProvisionWorld, kinds: str) -> None:
    assert ", ".join(kind for kind, _ in world.controller.reports) == kinds


@then(parsers.re(r"^the plan runs (?P<name>[a-z-]+) as best effort$"))
def best_effort(name: str) -> None:
    assert next(s for s in PROVISION if s.name == name).on_error is OnError.BEST_EFFORT


@then("no disk was wiped or written")
def nothing_wiped(world: ProvisionWorld) -> None:
    words = {word.rsplit("/", 1)[-1] for argv in world.shell.argvs for word in argv}
    assert not words & {"wipefs", "sgdisk", "sfdisk", "dd", "blkdiscard", "nvme", "hdparm"}, world.shell.argvs
    assert world.block.zeroed == []
    assert all(device.opened_for_write == 0 for device in world.block.devices.values())
