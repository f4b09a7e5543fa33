"""DHCPv4 leases as values, and the pure rules about them (spec networking.md §6).

The DHCP client itself lives behind the Netlink port; what comes back is a ``DhcpLease``. The
rule here: which options make the lease (``lease_from_options``, the translation of the decoded
DHCPACK options). Which links are asked is ``booty.domain.netdev.physical_nics``.

Rules of this file:

1. The gateway is the first ROUTER option (3), never the server identifier (54): v0.0.1 used the
   server identifier, which only works where the DHCP server is also the router (§6.2, §10.1 item 8).
2. A lease without a subnet mask gets the classful mask of its address, as ISC dhclient does,
   instead of v0.0.1's unguarded zero mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

import attrs

INFINITE_LEASE = 0xFFFFFFFF
"""The lease-time value meaning "forever" (RFC 2131 §3.3)."""


@attrs.frozen
class DhcpLease:
    """What a DHCP server granted on one interface."""

    interface: str
    address: IPv4Interface
    """The leased address with the subnet's prefix length."""
    gateway: IPv4Address | None = None
    """The first router (option 3); None when the server sent none."""
    dns: tuple[IPv4Address, ...] = ()
    """Name servers (option 6), for the installed system's resolv.conf."""
    lease_time_s: int | None = None
    """Lease duration (option 51); None means infinite."""
    server: IPv4Address | None = None
    """The server identifier (option 54): who granted it, not where to route."""
    domain: str = ""
    """Domain name (option 15), empty when not sent."""


def lease_from_options(interface: str, yiaddr: str, options: Mapping[str, object]) -> DhcpLease:
    """Build the lease of *interface* from a DHCPACK's ``yiaddr`` and its decoded options.

    *options* uses the option names of RFC 2132 in snake case, as decoders name them:
    ``subnet_mask``, ``router``, ``name_server``, ``lease_time``, ``server_id``, ``domain_name``.
    A list-valued option may also arrive as a single string.

    Raises:
        ValueError: *yiaddr* or one of the addresses is not an IPv4 address, or the mask is not a
            contiguous netmask.
    """
    address = IPv4Address(yiaddr)
    mask = options.get("subnet_mask")
    prefix = IPv4Network(f"0.0.0.0/{mask}").prefixlen if mask else classful_prefix(address)
    routers = _addresses(options.get("router"))
    lease_time = options.get("lease_time")
    server = options.get("server_id")
    return DhcpLease(
        interface=interface,
        address=IPv4Interface(f"{address}/{prefix}"),
        gateway=routers[0] if routers else None,
        dns=_addresses(options.get("name_server")),
        lease_time_s=None if lease_time in (None, INFINITE_LEASE, -1) else int(str(lease_time)),
        server=IPv4Address(str(server)) if server else None,
        domain=str(options.get("domain_name") or ""),
    )


def classful_prefix(address: IPv4Address) -> int:
    """The pre-CIDR natural prefix of *address*: 8 (class A), 16 (B) or 24 (C and above)."""
    first = int(address) >> 24
    return 8 if first < 128 else 16 if first < 192 else 24


def _addresses(value: object) -> tuple[IPv4Address, ...]:
    if value is None or value == "":
        return ()
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else [value]
    return tuple(IPv4Address(str(item)) for item in items)
