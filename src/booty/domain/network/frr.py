"""The frr.conf of FRR/EVPN mode, rendered from config, derived addresses and NIC names.

Spec networking.md §4.3 (content), §4.4 (exact worked examples) and §4.7 (BGP/EVPN/BFD
parameters): eBGP unnumbered to every fabric NIC through the peer group ``fabric``; IPv4 (and,
for an IPv6 overlay, IPv6) unicast redistributing connected prefixes; L2VPN EVPN with
``advertise-all-vni``; with ``dcgw_ips`` ("onefabric") iBGP EVPN sessions to the DC gateways,
type-5 advertisement, the overlay aggregate and the route target; an optional BFD profile and
BGP timers.

Rules of this file:

1. The output is a pure function of its inputs; every line ends with ``\\n``; indentation is
   one space inside ``router bgp`` and two inside an address family, as FRR writes it.
2. Inputs FRR would reject never render (``frr_checks``): ``FrrConfigInvalid`` lists them all.
3. Departures from v0.0.1, each because FRR's parser rejects the original line (§10.1 item 4):
   ``aggregate-address`` goes into the unicast family of the aggregate's IP version, not into
   ``l2vpn evpn`` ("Unknown command" there); the DCGW list is typed and trimmed, so no space can
   leak into a neighbor line; an IPv6 underlay is refused instead of written as router-id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from booty.domain.config.model import NetworkConfig
from booty.domain.network.derive import DerivedAddresses
from booty.domain.network.errors import FrrConfigInvalid
from booty.domain.network.frr_checks import FABRIC, bfd_on, check_frr_inputs, onefabric, timers_on

BFD_PROFILE = "datacenter"
HEADER = ("frr version 10.3", "frr defaults datacenter", "!")
FOOTER = ("exit", "!", "line vty", "!")


def render_frr_conf(
    network: NetworkConfig, addresses: DerivedAddresses, nics: Sequence[str], *, vrf: str = ""
) -> str:
    """The whole frr.conf text.

    Args:
        network: the machine's network configuration (ASN, DCGWs, aggregate, RT, timers, BFD).
        addresses: underlay (router-id, DCGW update-source) and overlay (IPv6 on or off).
        nics: fabric NICs to peer over, in order; repeated names are written once.
        vrf: run the BGP instance in this VRF (``router bgp ASN vrf NAME``); empty for none.

    Returns:
        The configuration, each line ending in a newline.

    Raises:
        FrrConfigInvalid: FRR would reject the result; ``problems`` says why.
    """
    nics = tuple(dict.fromkeys(nics))
    problems = check_frr_inputs(network, addresses, nics, vrf=vrf)
    if problems:
        raise FrrConfigInvalid(problems)
    lines = [
        *HEADER,
        *_bfd(network),
        *_router(network, addresses, nics, vrf),
        *_unicast(network, 4),
        *(_unicast(network, 6) if addresses.overlay_is_ipv6 else ()),
        *_fabric_evpn(network, addresses),
        *_dcgw(network, addresses),
        *FOOTER,
    ]
    return "".join(f"{line}\n" for line in lines)


def _bfd(network: NetworkConfig) -> Iterator[str]:
    if bfd_on(network):
        yield "bfd"
        yield f" profile {BFD_PROFILE}"
        yield f"  transmit-interval {network.bfd_transmit_ms}"
        yield f"  receive-interval {network.bfd_receive_ms}"
        yield " exit"
        yield "exit"
        yield "!"


def _router(
    network: NetworkConfig, addresses: DerivedAddresses, nics: Sequence[str], vrf: str
) -> Iterator[str]:
    yield f"router bgp {network.asn}" + (f" vrf {vrf}" if vrf else "")
    yield f" bgp router-id {addresses.underlay}"
    yield " no bgp default ipv4-unicast"
    yield " bgp bestpath as-path multipath-relax"
    if timers_on(network):
        yield f" timers bgp {network.bgp_keepalive_s} {network.bgp_hold_s}"
    yield f" neighbor {FABRIC} peer-group"
    yield f" neighbor {FABRIC} remote-as external"  # eBGP to whatever AS the leaf has
    if bfd_on(network):
        yield f" neighbor {FABRIC} bfd profile {BFD_PROFILE}"
    for nic in nics:  # unnumbered: the session runs over the NIC's IPv6 link-local address
        yield f" neighbor {nic} interface peer-group {FABRIC}"


def _unicast(network: NetworkConfig, version: int) -> Iterator[str]:
    yield " !"
    yield f" address-family ipv{version} unicast"
    yield f"  neighbor {FABRIC} activate"
    yield "  redistribute connected"
    aggregate = network.overlay_aggregate
    if onefabric(network) and aggregate is not None and aggregate.version == version:
        yield f"  aggregate-address {aggregate}"  # departs from v0.0.1: see rule 3 above
    yield " exit-address-family"


def _fabric_evpn(network: NetworkConfig, addresses: DerivedAddresses) -> Iterator[str]:
    yield " !"
    yield " address-family l2vpn evpn"
    yield f"  neighbor {FABRIC} activate"
    yield "  advertise-all-vni"
    if onefabric(network):  # type-5 routes towards the DC gateways
        yield "  advertise ipv4 unicast"
        if addresses.overlay_is_ipv6:
            yield "  advertise ipv6 unicast"
    yield " exit-address-family"


def _dcgw(network: NetworkConfig, addresses: DerivedAddresses) -> Iterator[str]:
    if not onefabric(network):
        return
    for gateway in network.dcgw_ips:  # iBGP route reflectors, sourced from the underlay
        yield f" neighbor {gateway} remote-as internal"
        yield f" neighbor {gateway} update-source {addresses.underlay}"
    yield " !"
    yield " address-family l2vpn evpn"
    for gateway in network.dcgw_ips:
        yield f"  neighbor {gateway} activate"
    if network.vpn_rt:
        yield f"  route-target both {network.vpn_rt}"
    yield " exit-address-family"
