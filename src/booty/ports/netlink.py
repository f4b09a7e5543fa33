"""Port: the kernel's network stack of one namespace: links, addresses, routes, virtual links,
network sysctls and the DHCPv4 client.

Everything crosses as domain values (``Link``, ``IPInterface``, ``Route``, ``LinkSpec``,
``DhcpLease``). Kernel refusals raise ``NetlinkOperationFailed`` carrying the kernel's errno, and
an unknown link name raises its subclass ``LinkNotFound``. Removing something that is already gone
is success everywhere, so teardown can run twice.

Network sysctls live here rather than on the Host port because they belong to a network
namespace, as links do: the adapter bound to a namespace sets that namespace's values.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address
from typing import Protocol

from booty.domain.dhcp import DhcpLease
from booty.domain.netdev import MAIN_TABLE, LinkSpec, Route
from booty.domain.system import IPInterface, Link


class Netlink(Protocol):
    """The kernel's view of the network, in domain values."""

    ## Links

    def links(self) -> tuple[Link, ...]:
        """Every link, sorted by index."""
        ...

    def set_up(self, name: str) -> None:
        """Bring link *name* administratively up."""
        ...

    def set_down(self, name: str) -> None:
        """Bring link *name* administratively down.

        As the kernel does, this drops the routes via the link and its IPv6 addresses (IPv4
        addresses stay).
        """
        ...

    def set_mtu(self, name: str, mtu: int) -> None:
        """Set the MTU of link *name*.

        Raises:
            NetlinkOperationFailed: EINVAL when the link's driver does not accept *mtu*.
        """
        ...

    def set_mac(self, name: str, mac: str) -> None:
        """Set the hardware address of link *name* (any separator or case; stored normalised).

        Raises:
            ValueError: *mac* is not six octets.
            NetlinkOperationFailed: EADDRNOTAVAIL for a multicast address.
        """
        ...

    def create_link(self, spec: LinkSpec) -> Link:
        """Create the virtual link *spec* describes (down) and return it.

        Raises:
            NetlinkOperationFailed: EEXIST when a link of that name exists (whatever its kind);
                EOPNOTSUPP when the kernel lacks the link type (no bonding, 8021q, vrf or dummy
                module); EACCES for a bond option its mode does not have.
            LinkNotFound: the parent of a VLAN does not exist.
        """
        ...

    def link_settings(self, name: str) -> LinkSpec | None:
        """The kernel's settings of virtual link *name*, in the shape ``create_link`` takes.

        None for links of other kinds (physical NICs, veth, loopback).
        """
        ...

    def delete_link(self, name: str) -> None:
        """Delete link *name* with its addresses and routes; a missing link is success."""
        ...

    def set_master(self, name: str, master: str | None) -> None:
        """Enslave link *name* to bond, bridge or VRF *master*; None releases it.

        Raises:
            NetlinkOperationFailed: EOPNOTSUPP when *master* cannot have slaves.
        """
        ...

    def master_of(self, name: str) -> str | None:
        """The name of the link *name* is enslaved to, or None."""
        ...

    ## Addresses

    def addresses(self, name: str) -> tuple[IPInterface, ...]:
        """Addresses on link *name*."""
        ...

    def add_address(self, name: str, address: IPInterface) -> None:
        """Add *address* to link *name*; adding one that exists is not an error."""
        ...

    def delete_address(self, name: str, address: IPInterface) -> None:
        """Remove *address* from link *name*; an address that is not there is success."""
        ...

    ## Routes

    def routes(self, *, table: int = MAIN_TABLE) -> tuple[Route, ...]:
        """Unicast routes of *table* that were added by someone, not the kernel's connected routes."""
        ...

    def add_route(self, route: Route) -> None:
        """Install *route*, replacing a route to the same destination (so repeating it is harmless).

        Raises:
            NetlinkOperationFailed: ENETUNREACH (IPv4) or EHOSTUNREACH (IPv6) when the gateway is
                neither on-link nor flagged ``onlink``, or the link is down.
        """
        ...

    def delete_route(self, route: Route) -> None:
        """Remove *route*; a route that is not there is success."""
        ...

    def add_default_route(self, gateway: IPv4Address | IPv6Address, *, name: str) -> None:
        """Route everything not otherwise routed via *gateway* on link *name*."""
        ...

    ## Sysctls

    def sysctl(self, path: str) -> str:
        """The value of network sysctl *path* (relative to /proc/sys, e.g. ``net/ipv4/ip_forward``).

        Raises:
            ValueError: *path* is not under ``net/`` or climbs out with ``..``.
            NetlinkOperationFailed: ENOENT when the kernel has no such setting.
        """
        ...

    def set_sysctl(self, path: str, value: str) -> None:
        """Set network sysctl *path* to *value* (same paths and errors as ``sysctl``)."""
        ...

    ## DHCPv4

    def dhcp_lease(self, names: Sequence[str], *, timeout_s: float) -> DhcpLease:
        """Ask for a lease on every link of *names* at once; the first lease wins.

        The other clients are stopped; the winner keeps renewing its lease until ``stop_dhcp``.
        Nothing is configured: the caller adds the address and routes it wants. The links
        should be up.

        Raises:
            LinkNotFound: one of *names* does not exist.
            NoLeaseReceived: no lease on any of them within *timeout_s*.
        """
        ...

    def stop_dhcp(self) -> None:
        """Stop the client kept by ``dhcp_lease`` without releasing the lease; no client is fine."""
        ...
