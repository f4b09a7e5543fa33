"""Steps for the pure network rules: address derivation, frr.conf rendering, mode priority.

Network vars are written inline as space-separated ``key=value`` assignments and loaded with the
real /deploy/vars loader, so every scenario starts from a configuration booty would accept.
"""

from __future__ import annotations

import re

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.domain.config import NetworkConfig, load_vars
from booty.domain.errors import BootyError
from booty.domain.network import (
    DerivedAddresses,
    FrrConfigInvalid,
    IpmiIdentity,
    NetworkMode,
    NetworkPlan,
    choose_network_modes,
    choose_static_iface,
    derive_addresses,
    derive_bridge_mac,
    derive_ip_from_text,
    parse_ipmi_identity,
    render_frr_conf,
)

scenarios(
    "network/address_derivation.feature",
    "network/frr_config.feature",
    "network/mode_priority.feature",
)


class NetworkWorld:
    """What a network scenario knows and what the rule under test answered."""

    def __init__(self) -> None:
        self.vars = ""
        self.ipmi_ip = ""
        self.ipmi_mac = ""
        self.result: object = None
        self.error: BootyError | None = None

    def network(self) -> NetworkConfig:
        """The loaded network config; raises ConfigError like the agent would."""
        text = "".join(f"{assignment}\n" for assignment in self.vars.split())
        return load_vars(text, source="vars").config.network

    def ipmi(self) -> IpmiIdentity:
        return parse_ipmi_identity(ip=self.ipmi_ip, mac=self.ipmi_mac)

    def attempt(self, action: object) -> None:
        """Run *action*, keeping its result or the booty error it raised."""
        assert callable(action)
        try:
            self.result = action()
        except BootyError as e:
            self.error = e

    def answer(self) -> object:
        assert self.error is None, f"failed: {self.error}"
        return self.result


@pytest.fixture
def net() -> NetworkWorld:
    return NetworkWorld()


def step(template: str) -> parsers.re:
    """A step pattern where each ``"{name}"`` matches any quoted text, the empty text included."""
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(re.escape(p) if i % 2 == 0 else f'(?P<{p}>[^"]*)' for i, p in enumerate(parts))
    return parsers.re(pattern + "$")


def _items(text: str) -> list[str]:
    """A comma-separated cell as a list; an empty cell is an empty list (empty items are kept)."""
    return [item.strip() for item in text.split(",")] if text else []


## Given


@given(step('the network vars "{assignments}"'))
def network_vars(net: NetworkWorld, assignments: str) -> None:
    net.vars = assignments


@given(step('IPMI detection found "{ip}" with MAC "{mac}"'))
def ipmi_found(net: NetworkWorld, ip: str, mac: str) -> None:
    net.ipmi_ip, net.ipmi_mac = ip, mac


## When


@when(step('booty derives the address of "{source}" in "{source_net}" onto "{target_net}"'))
def derive_one(net: NetworkWorld, source: str, source_net: str, target_net: str) -> None:
    net.attempt(lambda: derive_ip_from_text(source, source_net, target_net))


@when("booty derives the machine's addresses")
def derive_machine(net: NetworkWorld) -> None:
    net.attempt(lambda: derive_addresses(net.network(), net.ipmi()))


@when(step('booty derives the bridge MAC from "{mac}"'))
def derive_mac(net: NetworkWorld, mac: str) -> None:
    net.attempt(lambda: derive_bridge_mac(mac))


@when(step('booty renders frr.conf for the NICs "{nics}"'))
@when(step('booty renders frr.conf for the NICs "{nics}" in the VRF "{vrf}"'))
def render(net: NetworkWorld, nics: str, vrf: str = "") -> None:
    def action() -> str:
        network = net.network()
        return render_frr_conf(network, derive_addresses(network, net.ipmi()), _items(nics), vrf=vrf)

    net.attempt(action)


@when("booty plans the network bring-up")
def plan(net: NetworkWorld) -> None:
    net.attempt(lambda: choose_network_modes(net.network()))


@when(step('the preparation brought up VLANs "{vlans}" and bond "{bond}" with STATIC_IFACE "{configured}"'))
def prepared(net: NetworkWorld, vlans: str, bond: str, configured: str) -> None:
    net.result = choose_static_iface(configured, vlans_up=_items(vlans), bond_up=bond == "yes")


## Then


@then(step('the derived address is "{address}"'))
def derived_is(net: NetworkWorld, address: str) -> None:
    assert str(net.answer()) == address


@then(step('derivation fails with "{text}"'))
def derivation_fails(net: NetworkWorld, text: str) -> None:
    assert net.error is not None, f"derivation succeeded: {net.result}"
    assert text in str(net.error)


@then(step('the underlay is "{underlay}", the overlay "{overlay}" and the bridge MAC "{mac}"'))
def machine_addresses(net: NetworkWorld, underlay: str, overlay: str, mac: str) -> None:
    addresses = net.answer()
    assert isinstance(addresses, DerivedAddresses)
    assert (str(addresses.underlay), str(addresses.overlay), addresses.bridge_mac) == (underlay, overlay, mac)


@then(step('the bridge MAC is "{mac}"'))
def bridge_mac_is(net: NetworkWorld, mac: str) -> None:
    assert net.answer() == mac


@then("frr.conf is exactly:")
def frr_exactly(net: NetworkWorld, docstring: str) -> None:
    assert net.answer() == docstring + "\n"


@then(step('frr.conf contains the lines "{lines}"'))
def frr_contains(net: NetworkWorld, lines: str) -> None:
    conf = net.answer()
    assert isinstance(conf, str)
    present = [line.strip() for line in conf.splitlines()]
    for wanted in lines.split(";"):
        assert wanted.strip() in present, f"no line {wanted.strip()!r} in:\n{conf}"


@then(step('frr.conf does not contain "{texts}"'))
def frr_lacks(net: NetworkWorld, texts: str) -> None:
    conf = net.answer()
    assert isinstance(conf, str)
    for unwanted in filter(None, (t.strip() for t in texts.split(";"))):
        assert unwanted not in conf, f"{unwanted!r} found in:\n{conf}"


@then(step('the line "{line}" appears once'))
def line_once(net: NetworkWorld, line: str) -> None:
    conf = net.answer()
    assert isinstance(conf, str)
    assert [row.strip() for row in conf.splitlines()].count(line) == 1


@then(step('rendering is refused because "{problem}"'))
def refused_because(net: NetworkWorld, problem: str) -> None:
    assert isinstance(net.error, FrrConfigInvalid), f"not refused: {net.error or net.result}"
    assert problem in net.error.problems


@then(parsers.parse("rendering is refused with {count:d} problems"))
def refused_count(net: NetworkWorld, count: int) -> None:
    assert isinstance(net.error, FrrConfigInvalid), f"not refused: {net.error or net.result}"
    assert len(net.error.problems) == count


def _plan(net: NetworkWorld) -> NetworkPlan:
    plan = net.answer()
    assert isinstance(plan, NetworkPlan)
    return plan


@then(step('it prepares "{modes}"'))
def prepares(net: NetworkWorld, modes: str) -> None:
    assert ", ".join(choice.mode.value for choice in _plan(net).prepare) == modes


@then(step('it tries "{modes}"'))
def tries(net: NetworkWorld, modes: str) -> None:
    assert ", ".join(mode.value for mode in _plan(net).modes) == modes


@then(step('the reason for "{mode}" is "{reason}"'))
def reason_is(net: NetworkWorld, mode: str, reason: str) -> None:
    assert _plan(net).reason(NetworkMode(mode)) == reason


@then(parsers.parse("IPMI detection is {needed}"))
def ipmi_needed(net: NetworkWorld, needed: str) -> None:
    assert _plan(net).needs_ipmi_detection is (needed == "needed")


@then(step('static mode uses the interface "{name}"'))
def static_iface(net: NetworkWorld, name: str) -> None:
    assert net.result == name
