"""Network bring-up use cases: the mode priority of the domain's plan (VLAN and bond pre-steps,
GoBGP's place, FRR/EVPN with its supervised daemons, static, DHCP as the floor), the
connectivity wait, and the teardown. Each takes ports and the config values it needs and returns
a value from ``booty.domain.netresult`` or ``booty.domain.network.state``; all of them log on
``booty.network``. ``wait_for_network`` is the connectivity wait a caller wants after
``configure_network``: in FRR mode it restarts FRR every 120 s without an answer (spec §4.8).
"""

from __future__ import annotations

from booty.app.network.bond import bond_down, bond_up
from booty.app.network.connectivity import Stall, StallRemedy, wait_for_controller
from booty.app.network.context import NetworkOptions, NetworkPorts
from booty.app.network.dhcp import dhcp_up
from booty.app.network.frr import detect_ipmi, dump_frr_state, frr_up, restart_frr, wait_for_bgp
from booty.app.network.record_json import record_from_json, record_to_json
from booty.app.network.static import interface_with_carrier, network_down, static_up
from booty.app.network.teardown import undo_record
from booty.app.network.up import GOBGP_MISSING, configure_network, teardown_network
from booty.app.network.vlan import vlan_up, vlans_down, vlans_up
from booty.app.network.wait import FRR_RESTART_AFTER_S, FrrRestart, wait_for_network

__all__ = [
    "FRR_RESTART_AFTER_S",
    "GOBGP_MISSING",
    "FrrRestart",
    "NetworkOptions",
    "NetworkPorts",
    "Stall",
    "StallRemedy",
    "bond_down",
    "bond_up",
    "configure_network",
    "detect_ipmi",
    "dhcp_up",
    "dump_frr_state",
    "frr_up",
    "interface_with_carrier",
    "network_down",
    "record_from_json",
    "record_to_json",
    "restart_frr",
    "static_up",
    "teardown_network",
    "undo_record",
    "vlan_up",
    "vlans_down",
    "vlans_up",
    "wait_for_bgp",
    "wait_for_controller",
    "wait_for_network",
]
