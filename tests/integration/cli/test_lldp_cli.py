"""``booty lldp`` as an operator runs it: a real process listening in a network namespace while a
real lldpd announces itself from the peer end of a veth pair (the lab of tests/integration/lldp)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from booty.app.commands.lldp import COLUMNS


def _load_lab() -> ModuleType:
    if "booty_lldp_lab" not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "lldp" / "lab.py"
        spec = importlib.util.spec_from_file_location("booty_lldp_lab", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["booty_lldp_lab"] = module
        spec.loader.exec_module(module)
    return sys.modules["booty_lldp_lab"]


lab_module = _load_lab()
PEER_CONFIG = (
    "configure system hostname cli-peer-sw",
    "configure lldp tx-interval 1",
    "configure lldp portidsubtype ifname",
    "configure ports bl1 lldp custom-tlv oui 00,80,c2 subtype 1 oui-info 00,c8",
)


def booty(*args: str, netns: str | None = None) -> subprocess.CompletedProcess[str]:
    prefix = ["ip", "netns", "exec", netns] if netns else []
    argv = [*prefix, sys.executable, "-m", "booty", "lldp", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def lab() -> Iterator[Any]:
    lab_module.require_root_and_tools("lldpd", "lldpcli")
    with lab_module.lldp_lab() as made:
        yield made


@pytest.fixture
def peer(lab: Any) -> Iterator[Any]:
    with lab_module.running_lldpd(lab.peer_ns, lab.peer_if, config=PEER_CONFIG) as daemon:
        yield daemon


def test_json_lists_the_switch_as_the_inventory_does(lab: Any, peer: Any) -> None:
    result = booty("--netns", lab.booty_ns, "--iface", lab.booty_if, "--timeout", "3", "--json")
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["interface"] == lab.booty_if
    assert entry["systemName"] == "cli-peer-sw"
    assert (entry["portId"], entry["portIdSubtype"]) == (lab.peer_if, "interface-name")
    assert (entry["chassisId"], entry["chassisIdSubtype"]) == (
        lab.mac(lab.peer_ns, lab.peer_if),
        "mac-address",
    )
    assert entry["portVlanId"] == 200
    assert {a["address"] for a in entry["managementAddresses"]} == {
        lab_module.PEER_IPV4,
        lab_module.PEER_IPV6,
    }


def test_the_table_inside_the_namespace_with_malformed_frames_reported(lab: Any, peer: Any) -> None:
    header = bytes.fromhex("0180c200000e02000000000388cc")
    lab.send([header + bytes.fromhex("020704001122334455")], delay_s=1.5)  # chassis only
    result = booty("--iface", lab.booty_if, "--timeout", "3", netns=lab.booty_ns)
    assert result.returncode == 0, result.stderr
    head, row = result.stdout.splitlines()
    assert head.split() == " ".join(COLUMNS).split()
    cells = row.split()
    assert cells[:4] == [lab.booty_if, lab.mac(lab.peer_ns, lab.peer_if), lab.peer_if, "cli-peer-sw"]
    assert f"{lab_module.PEER_IPV4},{lab_module.PEER_IPV6}" in cells
    assert "warning: skipped a malformed LLDP frame on bl0: missing End of LLDPDU TLV" in result.stderr


def test_silence_is_an_empty_answer_not_an_error(lab: Any) -> None:
    result = booty("--netns", lab.booty_ns, "--iface", lab.booty_if, "--timeout", "1", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert "no LLDP neighbour heard on bl0 in 1 s" in result.stderr


def test_without_iface_only_physical_nics_are_used(lab: Any) -> None:
    """Inside the lab namespace there are only veth and lo, so there is nothing to listen on."""
    result = booty("--timeout", "1", netns=lab.booty_ns)
    assert result.returncode == 1
    assert "no physical NIC found; name the interfaces with --iface" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--iface", "nope0"), "booty lldp: LLDP listen on nope0: No such device"),
        ((), "booty lldp: with --netns, name the interfaces with --iface"),
    ],
    ids=["missing link", "netns without iface"],
)
def test_bad_input_exits_2(lab: Any, args: tuple[str, ...], message: str) -> None:
    result = booty("--netns", lab.booty_ns, "--timeout", "1", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_missing_namespace_fails(lab: Any) -> None:
    result = booty("--netns", f"{lab.booty_ns}-missing", "--iface", "bl0", "--timeout", "1")
    assert result.returncode == 1
    assert "network namespace" in result.stderr
