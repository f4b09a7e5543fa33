"""What FRR would refuse in a configuration, found before any frr.conf is written.

v0.0.1 rendered whatever it was given and let FRR reject lines at load time (spec networking.md
§10.1 item 4: an IPv6 router-id, out-of-range timers); the agent then waited five minutes for a
BGP session that could never come up. Here each such input is a problem naming the /deploy/vars
key to fix, and ``render_frr_conf`` refuses to render while any remains. The ranges are those of
FRR's own command definitions (``timers bgp (0-65535) (0-65535)``, ``transmit-interval
(10-60000)``), checked with ``vtysh --dryrun`` in tests/integration/frr.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from booty.domain.config import convert
from booty.domain.config.model import NetworkConfig
from booty.domain.network.derive import DerivedAddresses

FABRIC = "fabric"
"""Name of the peer group every fabric NIC joins."""
MAX_TIMER_S = 65535
BFD_INTERVAL_MS = range(10, 60001)


def onefabric(network: NetworkConfig) -> bool:
    """Whether DCGW route reflectors are configured (spec §4.3: on iff ``dcgw_ips`` is set)."""
    return bool(network.dcgw_ips)


def timers_on(network: NetworkConfig) -> bool:
    """``timers bgp`` is written only when keepalive and hold are both set (spec §4.3)."""
    return network.bgp_keepalive_s > 0 and network.bgp_hold_s > 0


def bfd_on(network: NetworkConfig) -> bool:
    """The BFD profile is written only when both intervals are set (spec §4.3)."""
    return network.bfd_transmit_ms > 0 and network.bfd_receive_ms > 0


def check_frr_inputs(
    network: NetworkConfig, addresses: DerivedAddresses, nics: Sequence[str], *, vrf: str = ""
) -> tuple[str, ...]:
    """Every reason FRR would reject the frr.conf rendered from these inputs.

    Args:
        network: the machine's network configuration.
        addresses: the derived underlay and overlay.
        nics: the fabric NIC names.
        vrf: the VRF the BGP instance runs in, or empty.

    Returns:
        One sentence per problem, empty when the inputs can be rendered.
    """
    return (
        *_bgp_problems(network, addresses),
        *_name_problems(nics, vrf),
    )


def _bgp_problems(network: NetworkConfig, addresses: DerivedAddresses) -> Iterator[str]:
    if network.asn == 0:
        yield "asn_server is not set: FRR needs the local AS number (1 to 4294967295)"
    if addresses.underlay.version != 4:
        yield f"the BGP router-id is the underlay address and must be IPv4, not {addresses.underlay}"
    keepalive, hold = network.bgp_keepalive_s, network.bgp_hold_s
    if timers_on(network) and max(keepalive, hold) > MAX_TIMER_S:
        yield f"bgp_keepalive {keepalive} and bgp_hold {hold}: FRR accepts 1 to {MAX_TIMER_S} seconds"
    tx, rx = network.bfd_transmit_ms, network.bfd_receive_ms
    if bfd_on(network) and not (tx in BFD_INTERVAL_MS and rx in BFD_INTERVAL_MS):
        yield (
            f"bfd_transmit_ms {tx} and bfd_receive_ms {rx}: FRR accepts "
            f"{BFD_INTERVAL_MS.start} to {BFD_INTERVAL_MS.stop - 1} ms"
        )
    aggregate = network.overlay_aggregate
    if onefabric(network) and aggregate is not None and aggregate.version > addresses.overlay.version:
        yield (
            f"overlay_aggregate {aggregate} is IPv6 but the overlay address {addresses.overlay} "
            "is IPv4: no IPv6 unicast family would carry it"
        )


def _name_problems(nics: Sequence[str], vrf: str) -> Iterator[str]:
    for nic in nics:
        if not _is_ifname(nic):
            yield f"NIC name {nic!r} is not an interface name"
        elif nic == FABRIC:
            yield f"NIC name {nic!r} is the name of the peer group"
    if vrf and not _is_ifname(vrf):
        yield f"VRF name {vrf!r} is not an interface name"


def _is_ifname(name: str) -> bool:
    try:
        return bool(convert.ifname(name))
    except ValueError:
        return False
