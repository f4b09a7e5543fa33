"""``booty lldp`` over fakes: which interfaces it listens on, what it prints, how it fails."""

from __future__ import annotations

import errno
import io
import json

import attrs
import pytest

from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.lldp import FakeLldp
from booty.app.cli import main
from booty.app.services import CliServices
from booty.domain.errors import LldpListenFailed
from booty.domain.lldp import LldpId, LldpNeighbor, ManagementAddress, encode_frame

LEAF = LldpNeighbor(
    LldpId.chassis(4, "00:11:22:33:44:55"),
    LldpId.port(5, "Ethernet1"),
    ttl=120,
    system_name="leaf01",
    port_description="to-server-7",
    management_addresses=(ManagementAddress("192.0.2.2", family=1, interface_subtype=2, interface_number=2),),
    port_vlan_id=100,
)


@attrs.define
class Cli:
    """The command with a fake machine: sysfs in a FakeHost, switches in a FakeLldp."""

    host: FakeHost = attrs.field(factory=FakeHost)
    lldp: FakeLldp = attrs.field(factory=FakeLldp)
    netns_asked: list[str | None] = attrs.field(factory=list)
    stdout: io.StringIO = attrs.field(factory=io.StringIO)
    stderr: io.StringIO = attrs.field(factory=io.StringIO)
    wired: bool = True

    def nic(self, name: str, *, physical: bool = True) -> None:
        self.host.make_dirs(f"/sys/class/net/{name}/device" if physical else f"/sys/class/net/{name}")
        self.lldp.add_interface(name)

    def run(self, *args: str) -> int:
        def factory(netns: str | None) -> FakeLldp:
            self.netns_asked.append(netns)
            return self.lldp

        services = CliServices(
            host=self.host,
            serve_controller=lambda _options: 0,
            run_demo=lambda: 0,
            block_devices=lambda _root: pytest.fail("not used"),
            lldp=factory if self.wired else None,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        return main(["lldp", *args], services)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def test_without_iface_every_physical_nic_is_heard(cli: Cli) -> None:
    cli.nic("lo", physical=False)
    cli.nic("veth0", physical=False)
    cli.nic("eno1")
    cli.nic("eno2")
    assert cli.run("--timeout", "5") == 0
    assert cli.lldp.listens == [(("eno1", "eno2"), 5.0)]
    assert cli.netns_asked == [None]


def test_the_default_timeout_outlasts_a_switchs_30_s_interval(cli: Cli) -> None:
    cli.nic("eno1")
    cli.run()
    assert cli.lldp.listens == [(("eno1",), 35.0)]


def test_the_table(cli: Cli) -> None:
    cli.lldp.add_interface(
        "eno1", LEAF, attrs.evolve(LEAF, port_id=LldpId.port(5, "Ethernet2"), system_name="")
    )
    assert cli.run("--iface", "eno1", "--timeout", "1") == 0
    assert cli.stdout.getvalue().splitlines() == [
        "INTERFACE  CHASSIS ID         PORT ID    SYSTEM NAME  PORT DESCRIPTION  VLAN  MGMT       TTL",
        "eno1       00:11:22:33:44:55  Ethernet1  leaf01       to-server-7       100   192.0.2.2  120",
        "eno1       00:11:22:33:44:55  Ethernet2  -            to-server-7       100   192.0.2.2  120",
    ]
    assert cli.stderr.getvalue() == ""


def test_json_is_the_inventory_shape(cli: Cli) -> None:
    cli.lldp.add_interface("eno1", LEAF)
    assert cli.run("--iface", "eno1", "--timeout", "1", "--json") == 0
    (entry,) = json.loads(cli.stdout.getvalue())
    assert (entry["interface"], entry["systemName"], entry["portVlanId"]) == ("eno1", "leaf01", 100)


def test_several_ifaces_and_a_netns_are_passed_on(cli: Cli) -> None:
    cli.lldp.add_interface("eno1")
    cli.lldp.add_interface("eno2")
    assert cli.run("--iface", "eno1", "--iface", "eno2", "--netns", "lab", "--timeout", "2") == 0
    assert cli.lldp.listens == [(("eno1", "eno2"), 2.0)]
    assert cli.netns_asked == ["lab"]


def test_malformed_frames_are_warned_about(cli: Cli) -> None:
    cli.lldp.add_interface("eno1", encode_frame(LEAF)[:30], encode_frame(LEAF))
    assert cli.run("--iface", "eno1", "--timeout", "1") == 0
    reason = "Port ID TLV at offset 9 claims 10 bytes, only 5 left"
    assert cli.stderr.getvalue() == f"warning: skipped a malformed LLDP frame on eno1: {reason}\n"
    assert "leaf01" in cli.stdout.getvalue()


def test_silence_prints_nothing_but_says_so(cli: Cli) -> None:
    cli.lldp.add_interface("eno1")
    assert cli.run("--iface", "eno1", "--timeout", "2.5") == 0
    assert cli.stdout.getvalue() == ""
    assert cli.stderr.getvalue() == "no LLDP neighbour heard on eno1 in 2.5 s\n"


def test_no_physical_nic_fails(cli: Cli) -> None:
    cli.nic("lo", physical=False)
    assert cli.run("--timeout", "1") == 1
    assert "no physical NIC found; name the interfaces with --iface" in cli.stderr.getvalue()
    assert cli.lldp.listens == []


def test_unreadable_sysfs_is_bad_input(cli: Cli) -> None:
    assert cli.run("--timeout", "1") == 2
    assert cli.stderr.getvalue() == "/sys/class/net: cannot read: No such file or directory\n"


def test_netns_needs_named_interfaces(cli: Cli) -> None:
    assert cli.run("--netns", "lab", "--timeout", "1") == 2
    assert "with --netns, name the interfaces with --iface" in cli.stderr.getvalue()


def test_a_missing_link_is_bad_input(cli: Cli) -> None:
    assert cli.run("--iface", "nope0", "--timeout", "1") == 2
    assert cli.stderr.getvalue() == "booty lldp: LLDP listen on nope0: No such device\n"


def test_other_listen_failures_are_failures(cli: Cli) -> None:
    class Refusing:
        skipped = ()

        def listen(self, *_args: object, **_kwargs: object) -> tuple[LldpNeighbor, ...]:
            raise LldpListenFailed("eno1", errno=errno.EPERM, reason="Operation not permitted")

    cli.lldp = Refusing()  # type: ignore[assignment]
    assert cli.run("--iface", "eno1", "--timeout", "1") == 1
    assert cli.stderr.getvalue() == "booty lldp: LLDP listen on eno1: Operation not permitted\n"


def test_not_wired_is_a_clear_failure(cli: Cli) -> None:
    cli.wired = False
    assert cli.run("--iface", "eno1") == 1
    assert "LLDP listening is not wired into this CLI" in cli.stderr.getvalue()


@pytest.mark.parametrize("timeout", ["0", "-1", "soon", "86400"])
def test_a_bad_timeout_is_refused_by_the_parser(cli: Cli, timeout: str) -> None:
    assert cli.run("--iface", "eno1", "--timeout", timeout) == 2
