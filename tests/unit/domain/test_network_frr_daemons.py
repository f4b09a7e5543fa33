"""How booty runs FRR: the private layout, the daemon command lines, the daemon user."""

from __future__ import annotations

import pytest

from booty.domain.config.model import NetworkConfig
from booty.domain.network import (
    DaemonSpec,
    DaemonUser,
    FrrLayout,
    bgp_summary_command,
    frr_daemon_names,
    frr_daemon_user,
    plan_frr_daemons,
)
from booty.domain.network.frr_files import DAEMONS, VTYSH_CONF

LAYOUT = FrrLayout("/run/x")


@pytest.mark.parametrize(
    ("passwd", "user"),
    [
        (
            "root:x:0:0::/root:/bin/sh\nfrr:x:102:106::/nonexistent:/usr/sbin/nologin\n",
            DaemonUser("frr", "frr"),
        ),
        ("root:x:0:0::/root:/bin/sh\n", DaemonUser("root", "root")),
        ("", DaemonUser()),
        ("frr\nfrrvty:x:1:\n", DaemonUser()),
    ],
)
def test_the_frr_user_runs_the_daemons_when_it_exists(passwd: str, user: DaemonUser) -> None:
    assert frr_daemon_user(passwd) == user


def test_everything_lives_under_the_root() -> None:
    assert (LAYOUT.config_dir, LAYOUT.run_dir, LAYOUT.log_dir, LAYOUT.zserv) == (
        "/run/x/etc",
        "/run/x/run",
        "/run/x/log",
        "/run/x/run/zserv.api",
    )
    assert (LAYOUT.binary("zebra"), LAYOUT.vty_socket("bgpd"), LAYOUT.log("bfdd")) == (
        "/usr/lib/frr/zebra",
        "/run/x/run/bgpd.vty",
        "/run/x/log/bfdd.log",
    )
    assert FrrLayout().root == "/run/booty/frr"


def test_the_files_of_spec_4_5_move_into_the_config_dir() -> None:
    files = LAYOUT.files("router bgp 1\n")
    assert [(f.path, f.mode, f.content) for f in files] == [
        ("/run/x/etc/frr.conf", 0o644, "router bgp 1\n"),
        ("/run/x/etc/vtysh.conf", 0o644, VTYSH_CONF),
        ("/run/x/etc/daemons", 0o640, DAEMONS),
    ]


def test_vtysh_commands_go_to_this_instance() -> None:
    assert LAYOUT.vtysh("show bgp summary json") == (
        "vtysh", "--vty_socket", "/run/x/run", "-c", "show bgp summary json",
    )  # fmt: skip
    assert LAYOUT.vtysh_load() == ("vtysh", "--vty_socket", "/run/x/run", "--config_dir", "/run/x/etc", "-b")


@pytest.mark.parametrize(
    ("network", "mgmtd", "names"),
    [
        (NetworkConfig(), False, ("zebra", "bgpd")),
        (NetworkConfig(bfd_transmit_ms=300, bfd_receive_ms=300), False, ("zebra", "bgpd", "bfdd")),
        (NetworkConfig(bfd_transmit_ms=300), True, ("mgmtd", "zebra", "bgpd")),
    ],
)
def test_which_daemons_run(network: NetworkConfig, mgmtd: bool, names: tuple[str, ...]) -> None:
    assert frr_daemon_names(network, mgmtd=mgmtd) == names


def test_the_daemon_command_lines() -> None:
    network = NetworkConfig(bfd_transmit_ms=300, bfd_receive_ms=300)
    specs = plan_frr_daemons(network, LAYOUT, user=DaemonUser("frr", "frr"), netns="ns1", mgmtd=True)
    common = (
        "-f", "/dev/null", "--vty_socket", "/run/x/run", "-P", "0", "-u", "frr", "-g", "frr",
        "--log", "stdout",
    )  # fmt: skip
    assert [s.name for s in specs] == ["mgmtd", "zebra", "bgpd", "bfdd"]
    for spec in specs:
        assert spec == DaemonSpec(
            spec.name, spec.argv, f"/run/x/log/{spec.name}.log", f"/run/x/run/{spec.name}.vty", "ns1"
        )
        assert spec.argv[0] == f"/usr/lib/frr/{spec.name}"
        assert spec.argv[spec.argv.index("-i") + 1] == f"/run/x/run/{spec.name}.pid"
        assert set(common) <= set(spec.argv)
    mgmtd, zebra, bgpd, bfdd = (s.argv for s in specs)
    assert "-z" not in mgmtd
    assert zebra[-4:] == ("-z", "/run/x/run/zserv.api", "-s", "90000000")
    assert bgpd[-2:] == ("-z", "/run/x/run/zserv.api")
    assert bfdd[-4:] == ("-z", "/run/x/run/zserv.api", "--bfdctl", "/run/x/run/bfdd.sock")


def test_the_bgp_summary_of_a_vrf() -> None:
    assert bgp_summary_command() == "show bgp summary json"
    assert bgp_summary_command("red") == "show bgp vrf red summary json"
