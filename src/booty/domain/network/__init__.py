"""Network rules of the agent: address derivation, the FRR configuration, mode priority.

Pure values and functions (spec networking.md §1 to §4): ``derive_addresses`` turns the network
configuration and what IPMI detection found into the underlay, overlay and bridge MAC;
``render_frr_conf`` writes the frr.conf of FRR/EVPN mode; ``choose_network_modes`` orders the
modes to bring up, with their fallbacks and the reason for each. VLAN, bond mode and BGP peer
mode parsing live with the other /deploy/vars converters in ``booty.domain.config.convert``.
"""

from booty.domain.network.derive import (
    BRIDGE_NAME,
    DEFAULT_BRIDGE_MAC,
    DerivedAddresses,
    IpmiIdentity,
    derive_addresses,
    derive_bridge_mac,
    derive_ip_from_offset,
    derive_ip_from_text,
    parse_ipmi_identity,
    vxlan_mtu,
    vxlan_name,
)
from booty.domain.network.errors import (
    AddressDerivationError,
    FrrConfigInvalid,
    OffsetDoesNotFit,
    SourceOutsideSubnet,
)
from booty.domain.network.frr import render_frr_conf
from booty.domain.network.frr_checks import check_frr_inputs
from booty.domain.network.frr_files import FileToWrite, plan_frr_files
from booty.domain.network.modes import (
    ModeChoice,
    NetworkMode,
    NetworkPlan,
    choose_network_modes,
    choose_static_iface,
)

__all__ = [
    "BRIDGE_NAME",
    "DEFAULT_BRIDGE_MAC",
    "AddressDerivationError",
    "DerivedAddresses",
    "FileToWrite",
    "FrrConfigInvalid",
    "IpmiIdentity",
    "ModeChoice",
    "NetworkMode",
    "NetworkPlan",
    "OffsetDoesNotFit",
    "SourceOutsideSubnet",
    "check_frr_inputs",
    "choose_network_modes",
    "choose_static_iface",
    "derive_addresses",
    "derive_bridge_mac",
    "derive_ip_from_offset",
    "derive_ip_from_text",
    "parse_ipmi_identity",
    "plan_frr_files",
    "render_frr_conf",
    "vxlan_mtu",
    "vxlan_name",
]
