"""Port: network links, addresses and routes. Later capabilities add bond, VLAN, bridge, VXLAN, DHCP."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from typing import Protocol

from booty.domain.system import IPInterface, Link


class Netlink(Protocol):
    """The kernel's view of the network, in domain values."""

    def links(self) -> tuple[Link, ...]:
        """Every link, sorted by index."""
        ...

    def set_up(self, name: str) -> None:
        """Bring link *name* administratively up."""
        ...

    def addresses(self, name: str) -> tuple[IPInterface, ...]:
        """Addresses on link *name*."""
        ...

    def add_address(self, name: str, address: IPInterface) -> None:
        """Add *address* to link *name*; adding one that exists is not an error."""
        ...

    def add_default_route(self, gateway: IPv4Address | IPv6Address, *, name: str) -> None:
        """Route everything not otherwise routed via *gateway* on link *name*."""
        ...
