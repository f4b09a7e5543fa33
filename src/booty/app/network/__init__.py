"""Network bring-up use cases: VLAN and bond pre-steps, static and DHCP modes, the connectivity
wait, and their teardowns. Each takes the ports and the config values it needs and returns a
value from ``booty.domain.netresult``; all of them log on ``booty.network``.
"""

from __future__ import annotations

from booty.app.network.bond import bond_down, bond_up
from booty.app.network.connectivity import wait_for_controller
from booty.app.network.dhcp import dhcp_up
from booty.app.network.static import interface_with_carrier, network_down, static_up
from booty.app.network.up import configure_network, teardown_network
from booty.app.network.vlan import vlan_up, vlans_down, vlans_up

__all__ = [
    "bond_down",
    "bond_up",
    "configure_network",
    "dhcp_up",
    "interface_with_carrier",
    "network_down",
    "static_up",
    "teardown_network",
    "vlan_up",
    "vlans_down",
    "vlans_up",
    "wait_for_controller",
]
