"""Steps for features/lldp: decoding LLDP frames and listening for neighbours (over FakeLldp).

Frames are written as TLV tokens (see ``build_lldpdu``), turned into bytes here and handed to the
real decoder; the listening scenarios hand the same bytes to ``FakeLldp``, which folds them with
the domain's ``NeighborTable`` exactly as the real listener does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.lldp import FakeLldp
from booty.domain.errors import LldpListenFailed, MalformedLldpFrame
from booty.domain.lldp import (
    LldpNeighbor,
    decode_frame,
    encode_tlv,
    neighbors_to_inventory,
)
from booty.domain.lldp.encode import mac_bytes

scenarios("lldp")

DATA = Path(__file__).resolve().parents[1] / "data" / "lldp"
SOURCE = "02:00:00:00:00:01"
NAMED_TLVS = {
    "chassis": "1:04+001122334455",
    "port": '2:05+"Ethernet1"',
    "ttl": "3:0078",
    "name": '5:"leaf01"',
    "pvid": "127:0080c2010064",
    "end": "0:",
}


def parse_value(text: str) -> bytes:
    """``HEX``, ``"text"`` and ``HEX*N`` pieces joined with ``+``; empty text is no bytes."""
    out = b""
    for piece in filter(None, text.split("+")):
        if piece.startswith('"'):
            out += piece.strip('"').encode()
        elif "*" in piece:
            unit, count = piece.split("*")
            out += bytes.fromhex(unit) * int(count)
        else:
            out += bytes.fromhex(piece)
    return out


def build_lldpdu(tokens: str) -> bytes:
    """An LLDPDU from tokens: named TLVs, ``TYPE:VALUE``, ``TYPE/LENGTH:VALUE``, ``raw:VALUE``."""
    out = b""
    for word in tokens.split():
        head, _, value = NAMED_TLVS.get(word, word).partition(":")
        if head == "raw":
            out += parse_value(value)
        elif "/" in head:
            kind, length = (int(n) for n in head.split("/"))
            out += (kind << 9 | length).to_bytes(2, "big") + parse_value(value)
        else:
            out += encode_tlv(int(head), parse_value(value))
    return out


def ethernet(
    lldpdu: bytes, *, destination: str = "01:80:c2:00:00:0e", tags: str = "", ethertype: str = "88cc"
) -> bytes:
    """A frame from ``SOURCE``: destination, source, any ``TPID:TCI`` tags, EtherType, payload."""
    header = mac_bytes(destination) + mac_bytes(SOURCE)
    for tag in tags.split():
        header += bytes.fromhex(tag.replace(":", ""))
    return header + bytes.fromhex(ethertype) + lldpdu


class LldpWorld:
    """What an LLDP scenario knows: the frame, what decoding gave, the fake listener."""

    def __init__(self) -> None:
        self.frame = b""
        self.neighbor: LldpNeighbor | None = None
        self.malformed: MalformedLldpFrame | None = None
        self.lldp = FakeLldp()
        self.heard: tuple[LldpNeighbor, ...] = ()
        self.listen_error: LldpListenFailed | None = None

    @property
    def decoded(self) -> LldpNeighbor:
        assert self.neighbor is not None, f"decoding failed: {self.malformed}"
        return self.neighbor


@pytest.fixture
def world() -> LldpWorld:
    return LldpWorld()


## Given


@given(parsers.re(r'an LLDP frame with the TLVs "(?P<tokens>.*)"$'))
def frame_with_tlvs(world: LldpWorld, tokens: str) -> None:
    world.frame = ethernet(build_lldpdu(tokens))


@given(
    parsers.re(
        r'an Ethernet frame to "(?P<destination>[0-9a-f:]+)" with EtherType "(?P<ethertype>[0-9a-f]{4})" '
        r'carrying "(?P<tokens>.*)"$'
    )
)
def frame_to(world: LldpWorld, destination: str, ethertype: str, tokens: str) -> None:
    world.frame = ethernet(build_lldpdu(tokens), destination=destination, ethertype=ethertype)


@given(
    parsers.re(
        r'an Ethernet frame to "(?P<destination>[0-9a-f:]+)" with tags "(?P<tags>[0-9a-f: ]+)" '
        r'carrying "(?P<tokens>.*)"$'
    )
)
def tagged_frame(world: LldpWorld, destination: str, tags: str, tokens: str) -> None:
    world.frame = ethernet(build_lldpdu(tokens), destination=destination, tags=tags)


@given(parsers.re(r'the raw frame "(?P<hex>[0-9a-f]*)"$'))
def raw_frame(world: LldpWorld, hex: str) -> None:
    world.frame = bytes.fromhex(hex)


@given(parsers.parse('the frame captured from lldpd in "{name}"'))
def captured_frame(world: LldpWorld, name: str) -> None:
    world.frame = bytes.fromhex((DATA / name).read_text().strip())


@given(parsers.parse('interface "{name}" hears:'))
def hears_table(world: LldpWorld, name: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["chassis", "port", "system name", "ttl"]
    for chassis, port, system_name, ttl in rows:
        tokens = f'1:04+{chassis.replace(":", "")} 2:05+"{port}" 3:{int(ttl):04x} 5:"{system_name}" end'
        world.lldp.add_interface(name, ethernet(build_lldpdu(tokens)))


@given(
    parsers.re(
        r'interface "(?P<name>\w+)" hears the (?:malformed )?frame(?: with the TLVs)? "(?P<tokens>.*)"$'
    )
)
def hears_frame(world: LldpWorld, name: str, tokens: str) -> None:
    world.lldp.add_interface(name, ethernet(build_lldpdu(tokens)))


@given(
    parsers.re(r'interface "(?P<name>\w+)" hears the malformed frame "(?P<tokens>.*)" (?P<count>\d+) times$')
)
def hears_frames(world: LldpWorld, name: str, tokens: str, count: str) -> None:
    world.lldp.add_interface(name, *[ethernet(build_lldpdu(tokens))] * int(count))


@given(parsers.parse('interface "{name}" hears nothing'))
def hears_nothing(world: LldpWorld, name: str) -> None:
    world.lldp.add_interface(name)


## When


@when("booty decodes the frame")
def decode(world: LldpWorld) -> None:
    try:
        world.neighbor = decode_frame(world.frame)
    except MalformedLldpFrame as e:
        world.malformed = e


@when(parsers.parse('booty listens for LLDP on "{names}" for {seconds:d} seconds'))
def listen(world: LldpWorld, names: str, seconds: int) -> None:
    try:
        world.heard = world.lldp.listen(names.split(","), timeout_s=seconds)
    except LldpListenFailed as e:
        world.listen_error = e


## Then


@then(
    parsers.re(
        r'the neighbour has chassis ID "(?P<chassis>[^"]*)", port ID "(?P<port>[^"]*)" and TTL (?P<ttl>\d+)$'
    )
)
def has_ids(world: LldpWorld, chassis: str, port: str, ttl: str) -> None:
    n = world.decoded
    assert (n.chassis_id.value, n.port_id.value, n.ttl) == (chassis, port, int(ttl))


@then(parsers.parse('the neighbour\'s chassis ID is "{value}" of kind "{kind}"'))
def chassis_is(world: LldpWorld, value: str, kind: str) -> None:
    assert (world.decoded.chassis_id.value, world.decoded.chassis_id.kind) == (value, kind)


@then(parsers.parse('the neighbour\'s port ID is "{value}" of kind "{kind}"'))
def port_is(world: LldpWorld, value: str, kind: str) -> None:
    assert (world.decoded.port_id.value, world.decoded.port_id.kind) == (value, kind)


TEXT_FIELDS = "system name|system description|port description|source MAC"


@then(parsers.re(rf'the neighbour\'s (?P<field>{TEXT_FIELDS}) is "(?P<text>.*)"$'))
def text_is(world: LldpWorld, field: str, text: str) -> None:
    attribute = {"source MAC": "source_mac"}.get(field, field.replace(" ", "_"))
    assert getattr(world.decoded, attribute) == text


@then(parsers.parse('the neighbour\'s capabilities are "{supported}" with "{enabled}" enabled'))
def capabilities_are(world: LldpWorld, supported: str, enabled: str) -> None:
    assert world.decoded.capabilities == tuple(supported.split(","))
    assert world.decoded.enabled_capabilities == tuple(enabled.split(","))


@then(parsers.parse("the neighbour's port VLAN ID is {vlan}"))
def vlan_is(world: LldpWorld, vlan: str) -> None:
    assert world.decoded.port_vlan_id == (None if vlan == "none" else int(vlan))


@then(parsers.re(r"the neighbour has the management address (?P<described>.*)$"))
def management_is(world: LldpWorld, described: str) -> None:
    (a,) = world.decoded.management_addresses
    seen = f'"{a.address}" ({a.family_name}) on interface {a.interface_numbering} {a.interface_number}'
    assert f'{seen} with OID "{a.oid}"' == described


@then(parsers.parse('the neighbour\'s management addresses are "{addresses}"'))
def management_addresses_are(world: LldpWorld, addresses: str) -> None:
    assert [a.address for a in world.decoded.management_addresses] == addresses.split(",")


@then(parsers.parse('the neighbour\'s inventory entry is the JSON in "{name}"'))
def inventory_entry_is(world: LldpWorld, name: str) -> None:
    assert neighbors_to_inventory([world.decoded]) == [json.loads((DATA / name).read_text())]


@then(parsers.re(r'the frame is skipped because "(?P<reason>.*)"$'))
def skipped_because(world: LldpWorld, reason: str) -> None:
    assert world.malformed is not None, f"decoded: {world.neighbor}"
    assert world.malformed.reason == reason
    assert str(world.malformed) == f"malformed LLDP frame: {reason}"


@then("booty reports these neighbours:")
def reports(world: LldpWorld, datatable: list[list[str]]) -> None:
    assert world.listen_error is None, world.listen_error
    seen = [
        [n.interface, n.chassis_id.value, n.port_id.value, n.system_name, str(n.ttl)] for n in world.heard
    ]
    assert seen == datatable[1:]


@then("booty reports no neighbour")
def reports_nothing(world: LldpWorld) -> None:
    assert world.listen_error is None, world.listen_error
    assert world.heard == ()


@then("no frame was skipped")
def none_skipped(world: LldpWorld) -> None:
    assert world.lldp.skipped == ()


@then("these frames were skipped:")
def skipped_frames(world: LldpWorld, datatable: list[list[str]]) -> None:
    assert [[f.interface, f.reason] for f in world.lldp.skipped] == datatable[1:]


@then(parsers.parse("{count:d} frames were skipped, {kept:d} of them with their reason"))
def skipped_count(world: LldpWorld, count: int, kept: int) -> None:
    assert world.lldp.last_table.skipped_count == count
    assert len(world.lldp.skipped) == kept


@then(parsers.parse('listening fails for "{name}" with "{message}"'))
def listening_fails(world: LldpWorld, name: str, message: str) -> None:
    assert world.listen_error is not None
    assert (world.listen_error.interface, str(world.listen_error)) == (name, message)


@then("the inventory lists the neighbours as:")
def inventory_is(world: LldpWorld, docstring: str) -> None:
    assert neighbors_to_inventory(world.heard) == json.loads(docstring)


def test_token_syntax_reads_as_documented() -> None:
    """The little frame language of the feature files, checked on its own."""
    assert parse_value('"ab"+00*2+ff') == b"ab\x00\x00\xff"
    assert build_lldpdu("5/3:61") == bytes([5 << 1, 3, 0x61])
    assert re.fullmatch(r"[0-9a-f]+", ethernet(b"").hex())
