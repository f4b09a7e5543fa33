"""An in-memory Netlink with the kernel's semantics for the operations booty uses.

Kept honest by ``tests/contract/test_netlink_contract.py``: an unknown link raises
``LinkNotFound``, a duplicate address is accepted, and a default route needs the link up and the
gateway on-link, failing with the errno the kernel uses.
"""

from __future__ import annotations

import errno
import os
from ipaddress import IPv4Address, IPv6Address

import attrs

from booty.domain.errors import LinkNotFound, NetlinkOperationFailed
from booty.domain.system import IPInterface, Link


@attrs.frozen
class FakeRoute:
    """A default route the fake holds (one per address family, as ``replace`` leaves it)."""

    gateway: IPv4Address | IPv6Address
    name: str


@attrs.define
class FakeNetlink:
    """Links, addresses and default routes in dictionaries, inspectable by tests.

    Unlike the kernel, the fake does not add IPv6 link-local addresses when a link comes up and
    does not change ``carrier``: tests set the carrier they want with ``add_link``.
    """

    link_table: dict[str, Link] = attrs.field(factory=dict)
    address_table: dict[str, list[IPInterface]] = attrs.field(factory=dict)
    default_routes: dict[int, FakeRoute] = attrs.field(factory=dict)
    """Keyed by IP version (4 or 6)."""

    def add_link(
        self,
        name: str,
        *,
        kind: str = "",
        mac: str = "",
        physical: bool = False,
        carrier: bool = False,
        mtu: int = 1500,
    ) -> Link:
        """Create link *name* (down) with the next free index, as a driver or ``ip link add`` would.

        Raises:
            NetlinkOperationFailed: a link *name* exists already (EEXIST).
        """
        if name in self.link_table:
            raise NetlinkOperationFailed("link add", errno=errno.EEXIST, reason=os.strerror(errno.EEXIST))
        index = max((link.index for link in self.link_table.values()), default=0) + 1
        link = Link(index, name, mac=mac, carrier=carrier, mtu=mtu, kind=kind, physical=physical)
        self.link_table[name] = link
        self.address_table[name] = []
        return link

    def links(self) -> tuple[Link, ...]:
        """Every link, sorted by index."""
        return tuple(sorted(self.link_table.values(), key=lambda link: link.index))

    def set_up(self, name: str) -> None:
        """Mark link *name* up."""
        self.link_table[name] = attrs.evolve(self._link(name, op="link set"), up=True)

    def addresses(self, name: str) -> tuple[IPInterface, ...]:
        """Addresses on link *name*, in the order they were added."""
        self._link(name, op="addr dump")
        return tuple(self.address_table[name])

    def add_address(self, name: str, address: IPInterface) -> None:
        """Add *address* to link *name*; adding it again changes nothing."""
        self._link(name, op="addr add")
        if address not in self.address_table[name]:
            self.address_table[name].append(address)

    def add_default_route(self, gateway: IPv4Address | IPv6Address, *, name: str) -> None:
        """Replace the default route of the gateway's family.

        Raises:
            LinkNotFound: no link *name*.
            NetlinkOperationFailed: the link is down or *gateway* is not on-link (ENETUNREACH
                for IPv4, EHOSTUNREACH for IPv6, as the kernel answers).
        """
        link = self._link(name, op="route replace")
        if not (link.up and self._on_link(gateway, name)):
            code = errno.ENETUNREACH if gateway.version == 4 else errno.EHOSTUNREACH
            raise NetlinkOperationFailed("route replace", errno=code, reason=os.strerror(code))
        self.default_routes[gateway.version] = FakeRoute(gateway, name)

    def _on_link(self, gateway: IPv4Address | IPv6Address, name: str) -> bool:
        """In a connected network of the link; IPv6 link-local is always on-link (fe80::/64 route)."""
        if isinstance(gateway, IPv6Address) and gateway.is_link_local:
            return True
        return any(gateway in address.network for address in self.address_table[name])

    def _link(self, name: str, *, op: str) -> Link:
        try:
            return self.link_table[name]
        except KeyError:
            raise LinkNotFound(name, op=op) from None
