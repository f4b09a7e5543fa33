"""pyroute2 messages and keywords to and from domain values; nothing here talks to the kernel.

``create_arguments`` turns a ``LinkSpec`` into the keywords of ``IPRoute.link("add", ...)`` and
``settings_of`` reads an ``ifinfmsg`` back into a spec. Kernel numbers (bond mode 4 = 802.3ad,
...) are positions in the domain's name tables. ``to_interface`` and ``to_route`` read
``ifaddrmsg`` and ``rtmsg``.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_interface, ip_network
from typing import Any

from booty.domain.errors import NetlinkOperationFailed
from booty.domain.netdev import (
    BOND_MODES,
    LACP_RATES,
    XMIT_HASH_POLICIES,
    BondSpec,
    BridgeSpec,
    DummySpec,
    LinkSpec,
    Route,
    VlanLinkSpec,
    VrfSpec,
    VxlanSpec,
    bond_spec_problem,
    normalize_mac,
)
from booty.domain.system import IPInterface

RTNH_F_ONLINK = 0x4
"""``rtmsg.flags`` bit: the gateway is on-link whatever the connected networks say."""


def create_arguments(spec: LinkSpec, *, index_of: Callable[[str], int]) -> dict[str, Any]:
    """Keywords for ``IPRoute.link("add", ...)`` creating *spec*; *index_of* resolves a parent name.

    Raises:
        NetlinkOperationFailed: EINVAL for a bond mode, LACP rate or hash policy name the kernel
            does not know (refused here, before the kernel would misread a number).
    """
    args: dict[str, Any] = {"ifname": spec.name, "kind": spec.kind}
    match spec:
        case BondSpec():
            if problem := bond_spec_problem(spec):
                raise NetlinkOperationFailed("link add", errno=errno.EINVAL, reason=problem)
            args["bond_mode"] = BOND_MODES.index(spec.mode)
            args["bond_miimon"] = spec.miimon_ms
            if spec.lacp_rate is not None:
                args["bond_ad_lacp_rate"] = LACP_RATES.index(spec.lacp_rate)
            if spec.xmit_hash_policy is not None:
                args["bond_xmit_hash_policy"] = XMIT_HASH_POLICIES.index(spec.xmit_hash_policy)
        case VlanLinkSpec():
            args["link"] = index_of(spec.parent)
            args["vlan_id"] = spec.vlan_id
        case BridgeSpec():
            if spec.mac:
                args["address"] = normalize_mac(spec.mac)
        case VxlanSpec():
            args["vxlan_id"] = spec.vni
            args["vxlan_port"] = spec.port
            args["vxlan_learning"] = int(spec.learning)
            if spec.local is not None:
                key = "vxlan_local" if spec.local.version == 4 else "vxlan_local6"
                args[key] = str(spec.local)
            if spec.mtu:
                args["mtu"] = spec.mtu
        case VrfSpec():
            args["vrf_table"] = spec.table
        case DummySpec():
            pass
    return args


def settings_of(msg: Any, *, name_of: Callable[[int], str]) -> LinkSpec | None:
    """The spec of the link in ``ifinfmsg`` *msg*, or None for kinds booty does not create.

    Values the creator left to the kernel come back as the kernel's defaults (a bond's
    ``layer2`` hash policy, a bridge's random MAC, a VXLAN's MTU).
    """
    name = str(msg.get("IFLA_IFNAME"))
    kind = msg.get_nested("IFLA_LINKINFO", "IFLA_INFO_KIND")
    data = msg.get_nested("IFLA_LINKINFO", "IFLA_INFO_DATA")
    get: Callable[[str], Any] = data.get if data is not None else (lambda _key: None)
    spec: LinkSpec | None = None
    match kind:
        case "bond":
            spec = _bond(name, get)
        case "vlan":
            spec = VlanLinkSpec(
                name, parent=name_of(int(msg.get("IFLA_LINK") or 0)), vlan_id=get("IFLA_VLAN_ID")
            )
        case "bridge":
            spec = BridgeSpec(name, mac=str(msg.get("IFLA_ADDRESS") or ""))
        case "vxlan":
            spec = VxlanSpec(
                name,
                vni=int(get("IFLA_VXLAN_ID") or 0),
                local=_local(get("IFLA_VXLAN_LOCAL") or get("IFLA_VXLAN_LOCAL6")),
                port=int(get("IFLA_VXLAN_PORT") or 0),
                learning=bool(get("IFLA_VXLAN_LEARNING")),
                mtu=int(msg.get("IFLA_MTU") or 0),
            )
        case "vrf":
            spec = VrfSpec(name, table=int(get("IFLA_VRF_TABLE") or 0))
        case "dummy":
            spec = DummySpec(name)
    return spec


def _bond(name: str, get: Callable[[str], Any]) -> BondSpec:
    mode = BOND_MODES[int(get("IFLA_BOND_MODE") or 0)]
    rate = get("IFLA_BOND_AD_LACP_RATE")
    policy = get("IFLA_BOND_XMIT_HASH_POLICY")
    return BondSpec(
        name,
        mode=mode,
        miimon_ms=int(get("IFLA_BOND_MIIMON") or 0),
        # The kernel reports an LACP rate for 802.3ad bonds only.
        lacp_rate=LACP_RATES[int(rate)] if rate is not None and mode == "802.3ad" else None,
        xmit_hash_policy=XMIT_HASH_POLICIES[int(policy)] if policy is not None else None,
    )


def _local(value: object) -> IPv4Address | IPv6Address | None:
    if not value:
        return None
    address = ip_address(str(value))
    return None if address.is_unspecified else address


def to_interface(msg: Any) -> IPInterface:
    """IFA_LOCAL is the address itself on IPv4 (IFA_ADDRESS is the peer on point-to-point)."""
    address = msg.get("IFA_LOCAL") or msg.get("IFA_ADDRESS")
    return ip_interface(f"{address}/{msg['prefixlen']}")


def table_of(msg: Any) -> int:
    """RTA_TABLE carries tables above 255; the header field only their low byte."""
    return int(msg.get("RTA_TABLE") or msg["table"])


def to_route(msg: Any, names: dict[int, str]) -> Route:
    zero = IPv4Address(0) if msg["family"] == socket.AF_INET else IPv6Address(0)
    destination = ip_network(f"{msg.get('RTA_DST') or zero}/{msg['dst_len']}")
    gateway = msg.get("RTA_GATEWAY")
    return Route(
        destination,
        gateway=ip_address(gateway) if gateway else None,
        name=names.get(int(msg.get("RTA_OIF") or 0), ""),
        onlink=bool(msg["flags"] & RTNH_F_ONLINK),
        table=table_of(msg),
    )
