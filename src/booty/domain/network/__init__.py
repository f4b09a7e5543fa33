"""Network rules of the agent: address derivation, the FRR configuration, mode priority.

Pure values and functions (spec networking.md §1 to §4): ``derive_addresses`` turns the network
configuration and what IPMI detection found into the underlay, overlay and bridge MAC;
``render_frr_conf`` writes the frr.conf of FRR/EVPN mode; ``choose_network_modes`` orders the
modes to bring up, with their fallbacks and the reason for each; ``plan_frr_daemons`` and
``FrrLayout`` say how booty runs FRR itself, ``parse_bgp_summary`` reads its BGP sessions, and
``NetworkRecord`` / ``NetworkOutcome`` say what a bring-up did and what teardown undoes. VLAN,
bond mode and BGP peer mode parsing live with the other /deploy/vars converters in
``booty.domain.config.convert``.
"""

from booty.domain.network.bgp_status import (
    BgpSession,
    BgpStatusUnreadable,
    BgpSummary,
    parse_bgp_summary,
)
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
from booty.domain.network.frr_daemons import (
    DEFAULT_FRR_ROOT,
    DaemonUser,
    FrrLayout,
    bgp_summary_command,
    frr_daemon_names,
    frr_daemon_user,
    plan_frr_daemons,
)
from booty.domain.network.frr_files import FileToWrite, plan_frr_files
from booty.domain.network.modes import (
    ModeChoice,
    NetworkMode,
    NetworkPlan,
    choose_network_modes,
    choose_static_iface,
)
from booty.domain.network.state import (
    AddedAddress,
    ChangedMtu,
    ChangedSysctl,
    DaemonFailed,
    DaemonRecord,
    DaemonSpec,
    DaemonStatus,
    Enslaved,
    FrrUp,
    ModeFailure,
    NetworkOutcome,
    NetworkRecord,
    NetworkUnavailable,
    record_of_bond,
    record_of_up,
    record_of_vlans,
)

__all__ = [
    "BRIDGE_NAME",
    "DEFAULT_BRIDGE_MAC",
    "DEFAULT_FRR_ROOT",
    "AddedAddress",
    "AddressDerivationError",
    "BgpSession",
    "BgpStatusUnreadable",
    "BgpSummary",
    "ChangedMtu",
    "ChangedSysctl",
    "DaemonFailed",
    "DaemonRecord",
    "DaemonSpec",
    "DaemonStatus",
    "DaemonUser",
    "DerivedAddresses",
    "Enslaved",
    "FileToWrite",
    "FrrConfigInvalid",
    "FrrLayout",
    "FrrUp",
    "IpmiIdentity",
    "ModeChoice",
    "ModeFailure",
    "NetworkMode",
    "NetworkOutcome",
    "NetworkPlan",
    "NetworkRecord",
    "NetworkUnavailable",
    "OffsetDoesNotFit",
    "SourceOutsideSubnet",
    "bgp_summary_command",
    "check_frr_inputs",
    "choose_network_modes",
    "choose_static_iface",
    "derive_addresses",
    "derive_bridge_mac",
    "derive_ip_from_offset",
    "derive_ip_from_text",
    "frr_daemon_names",
    "frr_daemon_user",
    "parse_bgp_summary",
    "parse_ipmi_identity",
    "plan_frr_daemons",
    "plan_frr_files",
    "record_of_bond",
    "record_of_up",
    "record_of_vlans",
    "render_frr_conf",
    "vxlan_mtu",
    "vxlan_name",
]
