"""Steps for features/network/up: the network bring-up use cases over the fakes (FakeNetlink,
FakeClock, FakeHttp, FakeShell answering vtysh with real FRR output from tests/data/frr,
FakeHost, FakeProcesses)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from ipaddress import ip_address, ip_interface
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.netlink import ALL_KINDS, FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell, ShellCall
from booty.app.network import (
    NetworkOptions,
    NetworkPorts,
    configure_network,
    dhcp_up,
    network_down,
    teardown_network,
    wait_for_controller,
    wait_for_network,
)
from booty.domain.config import load_vars
from booty.domain.config.model import BondMode, NetworkConfig
from booty.domain.dhcp import DhcpLease
from booty.domain.errors import BootyError, HttpTransportError
from booty.domain.http import HttpResponse
from booty.domain.netdev import BondSpec, BridgeSpec, VlanLinkSpec, VxlanSpec, bond_spec
from booty.domain.netresult import ControllerReached, NetworkUp
from booty.domain.network import FrrLayout, NetworkOutcome, NetworkRecord, bgp_summary_command
from booty.domain.shell import CommandResult

scenarios("network/up/dhcp.feature")
scenarios("network/up/static.feature")
scenarios("network/up/bond.feature")
scenarios("network/up/vlan.feature")
scenarios("network/up/connectivity.feature")
scenarios("network/up/fallbacks.feature")
scenarios("network/up/frr.feature")
scenarios("network/up/frr_restart.feature")

CONTROLLER_URL = "http://10.0.0.1:8080/status/init"
FRR_DATA = Path(__file__).resolve().parents[1] / "data" / "frr"
LAYOUT = FrrLayout()


class Capture(logging.Handler):
    """Keeps the records of ``booty.network``."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Machine:
    """The fakes, the configuration, and what the last use case returned or raised."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.netlink = FakeNetlink(clock=self.clock)
        self.http = FakeHttp()
        self.shell = FakeShell()
        self.host = FakeHost()
        self.processes = FakeProcesses()
        self.network = NetworkConfig()
        self.options = NetworkOptions()
        self.outcome: NetworkOutcome | None = None
        self.up: NetworkUp | None = None
        self.reached: ControllerReached | None = None
        self.error: BootyError | None = None
        self.record: NetworkRecord | None = None
        """The record as the connectivity wait last updated it (FRR restarts change the pids)."""
        self.wait_timeout = 0.0
        self.started_before_wait = 0

    @property
    def ports(self) -> NetworkPorts:
        return NetworkPorts(self.netlink, self.clock, self.shell, self.host, self.processes, self.http)

    def attempt(self, action: Callable[[], None]) -> None:
        try:
            action()
        except BootyError as e:
            self.error = e

    def bring_up(self) -> None:
        self.outcome = configure_network(self.ports, self.network, options=self.options)
        self.up = self.outcome.up

    @property
    def done(self) -> NetworkOutcome:
        assert self.outcome is not None, self.error
        return self.outcome

    def link(self, name: str) -> object:
        return self.netlink.link_table.get(name)


@pytest.fixture
def machine() -> Iterator[Machine]:
    logger = logging.getLogger("booty.network")
    capture = Capture()
    logger.addHandler(capture)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    world = Machine()
    world.capture = capture  # type: ignore[attr-defined]
    try:
        yield world
    finally:
        logger.removeHandler(capture)
        logger.setLevel(previous)


## Given


@given("the machine has links:")
def links(machine: Machine, datatable: list[list[str]]) -> None:
    machine.netlink.link_table.clear()
    machine.netlink.address_table.clear()
    for name, physical, mac, carrier in datatable[1:]:
        machine.netlink.add_link(name, physical=physical == "yes", mac=mac, carrier=carrier == "yes")


@given(parsers.parse('a DHCP server behind "{name}" answers after {seconds:d} s with:'))
def dhcp_server(machine: Machine, name: str, seconds: int, datatable: list[list[str]]) -> None:
    fields = {row[0]: row[1] for row in datatable[1:]}
    lease = DhcpLease(
        name,
        ip_interface(fields["address"]),
        gateway=ip_address(fields["router"]) if "router" in fields else None,  # type: ignore[arg-type]
        dns=tuple(ip_address(d.strip()) for d in fields.get("dns", "").split(",") if d.strip()),  # type: ignore[misc]
        server=ip_address(fields["server"]) if "server" in fields else None,  # type: ignore[arg-type]
    )
    machine.netlink.offer_dhcp(lease, after_s=seconds)


@given("the configuration:")
def configuration(machine: Machine, docstring: str) -> None:
    machine.network = load_vars(docstring + "\n").config.network


@given(parsers.parse("the kernel has no {kind} support"))
def no_kind(machine: Machine, kind: str) -> None:
    machine.netlink.supported_kinds = ALL_KINDS - {kind}


@given(parsers.parse("the controller answers {method} with {status:d}"))
def controller_answers(machine: Machine, method: str, status: int) -> None:
    machine.http.add(method, CONTROLLER_URL, HttpResponse(status))


@given(parsers.parse("the controller cannot be reached for {count:d} attempts"))
def unreachable_for(machine: Machine, count: int) -> None:
    refused = [HttpTransportError("connection refused", url=CONTROLLER_URL) for _ in range(count)]
    machine.http.add("HEAD", CONTROLLER_URL, *refused, HttpResponse(200))


@given("the controller cannot be reached at all")
def unreachable(machine: Machine) -> None:
    machine.http.add("HEAD", CONTROLLER_URL, HttpTransportError("connection refused", url=CONTROLLER_URL))


## When


@when("booty runs DHCP")
def run_dhcp(machine: Machine) -> None:
    def run() -> None:
        machine.up = dhcp_up(machine.netlink)

    machine.attempt(run)


@when("booty brings the network up")
@when("booty brings the network up again")
def bring_up(machine: Machine) -> None:
    machine.attempt(machine.bring_up)


@when("booty tears the network down")
def tear_down(machine: Machine) -> None:
    if machine.outcome is not None:
        record = machine.record or machine.outcome.record
        assert teardown_network(machine.ports, record) == ()
    else:
        assert machine.up is not None
        assert network_down(machine.netlink, machine.up) == ()


@when("booty waits for the controller")
@when(parsers.parse("booty waits for the controller for {timeout:d} s"))
@when(parsers.re(r'booty waits for the controller at "(?P<url>[^"]*)"'))
def wait(machine: Machine, timeout: int = 300, url: str = CONTROLLER_URL) -> None:
    def run() -> None:
        machine.reached = wait_for_controller(machine.http, machine.clock, url, timeout_s=timeout)

    machine.attempt(run)


@when(parsers.parse("booty waits for the network's controller for {timeout:d} s"))
def wait_for_the_network(machine: Machine, timeout: int) -> None:
    """The wait as a caller of configure_network runs it: the outcome's record says the mode."""
    machine.wait_timeout = timeout
    machine.started_before_wait = len(machine.processes.started)

    def keep(record: NetworkRecord) -> None:
        machine.record = record

    def run() -> None:
        machine.reached = wait_for_network(
            machine.ports, machine.done.record, CONTROLLER_URL, timeout_s=timeout, on_record=keep
        )

    machine.attempt(run)


## Then


@then(parsers.parse('DHCP was asked on "{names}" at once, for {timeout:d} s'))
def dhcp_asked(machine: Machine, names: str, timeout: int) -> None:
    assert machine.netlink.dhcp_asked == [(tuple(n.strip() for n in names.split(",")), timeout)]


@then(parsers.parse('the network is up in {mode} mode on "{name}"'))
def network_is_up(machine: Machine, mode: str, name: str) -> None:
    assert machine.error is None, machine.error
    assert machine.up is not None
    assert (machine.up.mode.value, machine.up.interface) == (mode, name)


@then(parsers.parse('"{name}" has the address {address}'))
def has_address(machine: Machine, name: str, address: str) -> None:
    assert ip_interface(address) in machine.netlink.addresses(name)


@then(parsers.parse('"{name}" has only the address {address}'))
def has_only_address(machine: Machine, name: str, address: str) -> None:
    assert machine.netlink.addresses(name) == (ip_interface(address),)


@then(parsers.parse('"{name}" has no address'))
def has_no_address(machine: Machine, name: str) -> None:
    assert machine.netlink.addresses(name) == ()


@then(parsers.re(r'the default route goes via (?P<gateway>\S+) on "(?P<name>[^"]+)"(?P<onlink>, on-link)?$'))
def default_route(machine: Machine, gateway: str, name: str, onlink: str | None) -> None:
    defaults = [r for r in machine.netlink.routes() if r.is_default]
    assert [(str(r.gateway), r.name, r.onlink) for r in defaults] == [(gateway, name, bool(onlink))]


@then("there is no default route")
def no_default_route(machine: Machine) -> None:
    assert not [r for r in machine.netlink.routes() if r.is_default]


@then("there is exactly one route")
def one_route(machine: Machine) -> None:
    assert len(machine.netlink.routes()) == 1


@then(parsers.parse('the DNS servers for the installed system are "{servers}"'))
def dns_servers(machine: Machine, servers: str) -> None:
    assert machine.up is not None
    assert ", ".join(map(str, machine.up.dns)) == servers


@then(parsers.parse("{seconds:d} s passed"))
def time_passed(machine: Machine, seconds: int) -> None:
    assert machine.clock.now == seconds


@then(parsers.parse('the setup failed with "{text}"'))
def setup_failed(machine: Machine, text: str) -> None:
    assert machine.error is not None
    assert text in str(machine.error)


@then(parsers.parse('a fallback reads "{text}"'))
def fallback(machine: Machine, text: str) -> None:
    assert any(text in reason for reason in machine.done.fallbacks), machine.done.fallbacks


@then("no DHCP client is running")
def no_dhcp_client(machine: Machine) -> None:
    assert machine.netlink.dhcp_client is None


@then(parsers.parse('"{name}" is a bond in mode "{mode}" with miimon {miimon:d}'))
def bond_mode(machine: Machine, name: str, mode: str, miimon: int) -> None:
    settings = machine.netlink.link_settings(name)
    assert isinstance(settings, BondSpec)
    assert (settings.mode, settings.miimon_ms) == (mode, miimon)


@then(parsers.parse('"{name}" has LACP rate "{rate}" and hash policy "{policy}"'))
def bond_options(machine: Machine, name: str, rate: str, policy: str) -> None:
    settings = machine.netlink.link_settings(name)
    assert isinstance(settings, BondSpec)
    assert (settings.lacp_rate, settings.xmit_hash_policy) == (None if rate == "-" else rate, policy)


@then(parsers.parse('"{first}" and "{second}" are slaves of "{bond}"'))
def slaves_of(machine: Machine, first: str, second: str, bond: str) -> None:
    assert (machine.netlink.master_of(first), machine.netlink.master_of(second)) == (bond, bond)


@then(parsers.parse('"{slave}" is a slave of "{bond}"'))
def slave_of(machine: Machine, slave: str, bond: str) -> None:
    assert machine.netlink.master_of(slave) == bond


@then(parsers.parse('"{slave}" is not a slave'))
def not_a_slave(machine: Machine, slave: str) -> None:
    assert machine.netlink.master_of(slave) is None


@then(parsers.parse('bond slave "{slave}" was skipped because "{reason}"'))
def slave_skipped(machine: Machine, slave: str, reason: str) -> None:
    assert machine.done.bond is not None
    assert (slave, reason) in machine.done.bond.skipped


@then(parsers.parse('there is no link "{name}"'))
def no_link(machine: Machine, name: str) -> None:
    assert machine.link(name) is None


@then(parsers.parse('there is a VLAN "{name}" with id {vlan_id:d} on "{parent}"'))
def vlan_link(machine: Machine, name: str, vlan_id: int, parent: str) -> None:
    assert machine.netlink.link_settings(name) == VlanLinkSpec(name, parent, vlan_id)


@then(parsers.parse("the controller was reached with {method} on attempt {attempt:d}"))
def reached(machine: Machine, method: str, attempt: int) -> None:
    assert machine.error is None, machine.error
    assert machine.reached is not None
    assert (machine.reached.method, machine.reached.attempts) == (method, attempt)


@then(parsers.parse('the wait failed with "{text}"'))
def wait_failed(machine: Machine, text: str) -> None:
    assert machine.error is not None
    assert str(machine.error) == text


@then(parsers.parse("{count:d} attempts were logged as not reachable yet"))
def logged_attempts(machine: Machine, count: int) -> None:
    records = machine.capture.records  # type: ignore[attr-defined]
    lines = [r for r in records if r.getMessage() == "Controller not reachable yet"]
    assert [r.attempt for r in lines] == list(range(1, count + 1))


## FRR mode and the fallbacks: Given


def _fixture(name: str) -> str:
    return (FRR_DATA / name).read_text()


SUMMARY_ARGV = LAYOUT.vtysh(bgp_summary_command())


@given(parsers.re(r'FRR reports the BGP summary "(?P<fixture>[^"]+)"$'))
def frr_summary(machine: Machine, fixture: str) -> None:
    machine.shell.script(SUMMARY_ARGV, stdout=_fixture(fixture))


@given(parsers.parse('FRR reports the BGP summary "{first}" until poll {poll:d}, then "{then}"'))
def frr_summary_later(machine: Machine, first: str, poll: int, then: str) -> None:
    answers = iter([_fixture(first)] * (poll - 1))

    def answer(call: ShellCall) -> CommandResult:
        return CommandResult(call.argv, 0, next(answers, _fixture(then)))

    machine.shell.script(SUMMARY_ARGV, answer)


@given(parsers.parse('vtysh refuses to load the configuration with "{stderr}"'))
def vtysh_refuses(machine: Machine, stderr: str) -> None:
    machine.shell.script(LAYOUT.vtysh_load(), returncode=1, stderr=f"{stderr}\n")


@given(parsers.parse('the FRR daemon "{name}" is not installed'))
def daemon_missing(machine: Machine, name: str) -> None:
    machine.processes.missing.add(name)


@given(parsers.parse('the FRR daemon "{name}" exits with status {code:d}'))
def daemon_crashes(machine: Machine, name: str, code: int) -> None:
    machine.processes.crashing[name] = code


@given(parsers.parse('the FRR daemon "{name}" never opens its vty socket'))
def daemon_never_ready(machine: Machine, name: str) -> None:
    machine.processes.never_ready.add(name)


@given(parsers.parse('the machine has an "{user}" user'))
def passwd_user(machine: Machine, user: str) -> None:
    text = f"root:x:0:0:root:/root:/bin/sh\n{user}:x:102:106::/nonexistent:/usr/sbin/nologin\n"
    machine.host.write_file("/etc/passwd", text.encode())


@given(parsers.parse('"{name}" has the MAC {mac} and the address {address} already'))
def link_address(machine: Machine, name: str, mac: str, address: str) -> None:
    machine.netlink.set_mac(name, mac)
    machine.netlink.add_address(name, ip_interface(address))


@given(parsers.parse('"{path}" is a directory'))
def a_directory(machine: Machine, path: str) -> None:
    machine.host.make_dirs(path)


@given(parsers.parse('a bond "{name}" exists already'))
def bond_exists(machine: Machine, name: str) -> None:
    machine.netlink.create_link(bond_spec(name, BondMode.LACP))


@given(parsers.parse('a bridge "{name}" exists already'))
def bridge_exists(machine: Machine, name: str) -> None:
    machine.netlink.create_link(BridgeSpec(name))


@given(parsers.parse('a VXLAN "{name}" with VNI {vni:d} exists already'))
def vxlan_exists(machine: Machine, name: str, vni: int) -> None:
    machine.netlink.create_link(VxlanSpec(name, vni, local=ip_address("10.0.0.20")))


## FRR mode and the fallbacks: Then


@then(parsers.re(r'there is a (?P<kind>bond|bridge) "(?P<name>[^"]+)"$'))
def link_of_kind(machine: Machine, kind: str, name: str) -> None:
    link = machine.netlink.link_table[name]
    assert link.kind == kind


@then(parsers.parse('the network is up in frr mode over "{nics}"'))
def frr_is_up(machine: Machine, nics: str) -> None:
    outcome = machine.done
    assert outcome.frr is not None, outcome.fallbacks
    assert (outcome.mode.value, ", ".join(outcome.interfaces)) == ("frr", nics)
    assert outcome.connected


@then(parsers.parse('the network is not connected and its mode is "{mode}"'))
def not_connected(machine: Machine, mode: str) -> None:
    assert not machine.done.connected
    assert machine.done.mode.value == mode


@then(parsers.parse('requiring a connection fails with "{text}"'))
def requiring_fails(machine: Machine, text: str) -> None:
    with pytest.raises(BootyError) as raised:
        machine.done.require_connected()
    assert text in str(raised.value)


@then("there is nothing to tear down")
def nothing_to_tear_down(machine: Machine) -> None:
    assert machine.done.record.empty


@then(parsers.parse('booty tried the modes "{modes}"'))
def tried(machine: Machine, modes: str) -> None:
    assert ", ".join(m.value for m in machine.done.plan.modes) == modes


@then(parsers.parse('the record says mode "{mode}" on "{name}" with the links "{links}"'))
def record_says(machine: Machine, mode: str, name: str, links: str) -> None:
    record = machine.done.record
    assert record.mode is not None
    assert (record.mode.value, record.interface, ", ".join(record.links)) == (mode, name, links)


@then(parsers.parse('"{name}" is a VXLAN with VNI {vni:d}, local {local} and MTU {mtu:d}'))
def vxlan(machine: Machine, name: str, vni: int, local: str, mtu: int) -> None:
    assert machine.netlink.link_settings(name) == VxlanSpec(name, vni, local=ip_address(local), mtu=mtu)


@then(parsers.parse('"{name}" is a bridge with MAC {mac}'))
def bridge(machine: Machine, name: str, mac: str) -> None:
    assert machine.netlink.link_settings(name) == BridgeSpec(name, mac=mac)


@then(parsers.parse('"{name}" has MTU {mtu:d} and is up'))
def mtu_and_up(machine: Machine, name: str, mtu: int) -> None:
    link = machine.netlink.link_table[name]
    assert (link.mtu, link.up) == (mtu, True)


@then(parsers.re(r'^"(?P<name>[^"]+)" has its MTU (?P<mtu>\d+) back$'))
def mtu_back(machine: Machine, name: str, mtu: str) -> None:
    assert machine.netlink.link_table[name].mtu == int(mtu)


@then(parsers.parse('the sysctl "{path}" is "{value}"'))
def sysctl(machine: Machine, path: str, value: str) -> None:
    assert machine.netlink.sysctl(path) == value


@then(parsers.parse('the underlay is on "{name}"'))
def underlay_on(machine: Machine, name: str) -> None:
    assert machine.done.frr is not None
    assert machine.done.frr.underlay_link == name


@then(parsers.parse('booty wrote "{path}" with mode {mode}'))
def wrote(machine: Machine, path: str, mode: str) -> None:
    assert machine.host.mode_of(path) == int(mode, 8)


@then(parsers.parse('"{path}" contains "{line}"'))
def file_contains(machine: Machine, path: str, line: str) -> None:
    assert line in machine.host.read_file(path).decode().splitlines()


@then(parsers.parse('the directory "{path}" was prepared for "{owner}"'))
def dir_prepared(machine: Machine, path: str, owner: str) -> None:
    user, group, _mode = machine.processes.dirs[path]
    assert f"{user}:{group}" == owner


@then(parsers.parse('the FRR daemons "{names}" run'))
def daemons_run(machine: Machine, names: str) -> None:
    assert ", ".join(machine.processes.names_running) == names


@then(parsers.parse('daemon "{name}" runs "{fragment}"'))
def daemon_argv(machine: Machine, name: str, fragment: str) -> None:
    (spec,) = [s for s in machine.processes.started if s.name == name]
    assert fragment in " ".join(spec.argv), spec.argv


@then(parsers.parse('booty ran "{command}"'))
def ran(machine: Machine, command: str) -> None:
    assert tuple(command.split()) in machine.shell.argvs


@then(parsers.parse('BGP is Established with "{peers}"'))
def bgp_established(machine: Machine, peers: str) -> None:
    assert machine.done.frr is not None
    assert ", ".join(machine.done.frr.bgp.established) == peers


@then("the FRR state was dumped")
def state_dumped(machine: Machine) -> None:
    assert LAYOUT.vtysh("show bgp summary") in machine.shell.argvs
    assert LAYOUT.vtysh("show interface brief") in machine.shell.argvs


@then(parsers.parse('the daemons were stopped in the order "{names}"'))
def stopped_in_order(machine: Machine, names: str) -> None:
    assert ", ".join(machine.processes.stopped) == names


@then("no FRR daemon runs")
def no_daemon_runs(machine: Machine) -> None:
    assert machine.processes.names_running == ()


@then("no FRR daemon was started")
def no_daemon_started(machine: Machine) -> None:
    assert machine.processes.started == []


## FRR restarts during the connectivity wait


def _logged(machine: Machine, message: str) -> list[logging.LogRecord]:
    records: list[logging.LogRecord] = machine.capture.records  # type: ignore[attr-defined]
    return [r for r in records if r.getMessage() == message]


@when(parsers.parse('the FRR daemon "{name}" can no longer be started'))
def daemon_gone(machine: Machine, name: str) -> None:
    machine.processes.missing.add(name)


@then(parsers.parse('FRR was restarted at "{times}" s into the wait'))
def restarted_at(machine: Machine, times: str) -> None:
    """When each restart began, from its log line: the wait's timeout minus the time it had left."""
    lines = _logged(machine, "Restarting FRR: controller not reachable after 120 s")
    at = [f"{machine.wait_timeout - r.__dict__['time_left_s']:g}" for r in lines]
    assert ", ".join(at) == times


@then("FRR was not restarted")
def not_restarted(machine: Machine) -> None:
    records: list[logging.LogRecord] = machine.capture.records  # type: ignore[attr-defined]
    assert not [r for r in records if r.getMessage().startswith("Restarting FRR")]
    assert machine.record is None


@then(parsers.parse('"{message}" was logged for the restarts "{counts}"'))
def logged_for_restarts(machine: Machine, message: str, counts: str) -> None:
    assert ", ".join(str(r.__dict__["restart"]) for r in _logged(machine, message)) == counts


@then(parsers.parse("booty loaded the FRR configuration {count:d} times"))
def loaded_times(machine: Machine, count: int) -> None:
    assert machine.shell.argvs.count(LAYOUT.vtysh_load()) == count


@then("the record names the FRR daemons that run")
def record_names_running(machine: Machine) -> None:
    assert machine.record is not None
    assert machine.record.daemons == tuple(machine.processes.running.values())
    assert machine.record.daemons != machine.done.record.daemons  # new pids
    assert machine.record.links == machine.done.record.links


@then("the FRR state was not dumped")
def state_not_dumped(machine: Machine) -> None:
    assert LAYOUT.vtysh("show bgp summary") not in machine.shell.argvs


@then(parsers.parse("the bring-up ended in {mode} mode"))
def ended_in(machine: Machine, mode: str) -> None:
    assert machine.done.connected
    assert machine.done.record.mode is not None
    assert machine.done.record.mode.value == mode


@then("no FRR daemon was stopped")
def none_stopped(machine: Machine) -> None:
    assert machine.processes.stopped == []


@then("no FRR daemon was started during the wait")
def none_started_during_wait(machine: Machine) -> None:
    assert len(machine.processes.started) == machine.started_before_wait
