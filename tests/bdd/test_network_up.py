"""Steps for features/network/up: the network bring-up use cases over FakeNetlink, FakeClock, FakeHttp."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from ipaddress import ip_address, ip_interface

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.http import FakeHttp
from booty.adapters.fake.netlink import ALL_KINDS, FakeNetlink
from booty.app.network import configure_network, dhcp_up, network_down, teardown_network, wait_for_controller
from booty.domain.config import load_vars
from booty.domain.config.model import NetworkConfig
from booty.domain.dhcp import DhcpLease
from booty.domain.errors import BootyError, HttpTransportError
from booty.domain.http import HttpResponse
from booty.domain.netdev import BondSpec, VlanLinkSpec
from booty.domain.netresult import ControllerReached, NetworkState, NetworkUp

scenarios("network/up/dhcp.feature")
scenarios("network/up/static.feature")
scenarios("network/up/bond.feature")
scenarios("network/up/vlan.feature")
scenarios("network/up/connectivity.feature")

CONTROLLER_URL = "http://10.0.0.1:8080/status/init"


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
        self.network = NetworkConfig()
        self.state: NetworkState | None = None
        self.up: NetworkUp | None = None
        self.reached: ControllerReached | None = None
        self.error: BootyError | None = None

    def attempt(self, action: Callable[[], None]) -> None:
        try:
            action()
        except BootyError as e:
            self.error = e

    def bring_up(self) -> None:
        self.state = configure_network(self.netlink, self.clock, self.network)
        self.up = self.state.up

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
    if machine.state is not None:
        assert teardown_network(machine.netlink, machine.state) == ()
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
    assert machine.state is not None, machine.error
    assert any(text in reason for reason in machine.state.fallbacks), machine.state.fallbacks


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
    assert machine.state is not None
    assert machine.state.bond is not None
    assert (slave, reason) in machine.state.bond.skipped


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
