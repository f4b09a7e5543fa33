"""An in-memory Netlink with the kernel's semantics for the operations booty uses.

Kept honest by ``tests/contract/test_netlink_contract.py``: an unknown link raises
``LinkNotFound``; a duplicate address is accepted; a route needs the link up and the gateway
on-link (or ``onlink``), failing with the errno the kernel uses; bringing a link down drops its
routes and IPv6 addresses; deleting a link takes its addresses, routes, slaves' membership and
VLANs with it; removing what is not there is success. DHCP answers from scripted offers: every
link asked at once, the quickest offer wins, time passes on the optional clock.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address, IPv6Interface

import attrs

from booty.domain.dhcp import DhcpLease
from booty.domain.errors import LinkNotFound, NetlinkOperationFailed, NoLeaseReceived
from booty.domain.netdev import (
    MASTER_KINDS,
    MAX_MTU,
    MIN_MTU,
    BondSpec,
    BridgeSpec,
    LinkSpec,
    Route,
    VlanLinkSpec,
    VrfSpec,
    VxlanSpec,
    bond_spec_problem,
    check_sysctl_path,
    is_multicast_mac,
    normalize_mac,
)
from booty.domain.system import IPInterface, Link
from booty.ports.clock import Clock

ALL_KINDS = frozenset({"bond", "vlan", "bridge", "vxlan", "vrf", "dummy"})
DEFAULT_SYSCTLS = {
    "net/ipv4/ip_forward": "0",
    "net/ipv6/conf/all/forwarding": "0",
    "net/ipv4/conf/all/rp_filter": "0",
    "net/ipv4/conf/default/rp_filter": "0",
    "net/ipv6/conf/all/accept_ra": "1",
    "net/ipv6/conf/default/accept_ra": "1",
    "net/ipv6/conf/all/accept_ra_defrtr": "1",
    "net/ipv6/conf/default/accept_ra_defrtr": "1",
}
"""The network sysctls a fresh namespace has, as far as booty touches them."""
PER_LINK_SYSCTLS = {
    "ipv4": {"rp_filter": "0", "forwarding": "0"},
    "ipv6": {"forwarding": "0", "accept_ra": "1"},
}
"""``net/<family>/conf/<link>/<key>`` settings every link has."""
_DEFAULT_MTU = {"vrf": 65575}
"""MTUs the kernel gives new links other than 1500 (a VXLAN without a lower device gets 1500 too)."""


def _refused(op: str, code: int) -> NetlinkOperationFailed:
    return NetlinkOperationFailed(op, errno=code, reason=os.strerror(code))


@attrs.frozen
class DhcpOffer:
    """A DHCP server behind one link: the lease it grants and how long the exchange takes."""

    lease: DhcpLease
    after_s: float = 0.0


@attrs.define
class FakeNetlink:
    """Links, addresses, routes, virtual link settings and sysctls in dictionaries, inspectable by tests.

    Unlike the kernel, the fake does not add IPv6 link-local addresses or connected routes when a
    link comes up and does not change ``carrier``: tests set the carrier they want with
    ``add_link``. ``supported_kinds`` plays a kernel without some modules (EOPNOTSUPP).
    """

    link_table: dict[str, Link] = attrs.field(factory=dict)
    address_table: dict[str, list[IPInterface]] = attrs.field(factory=dict)
    route_table: list[Route] = attrs.field(factory=list)
    settings: dict[str, LinkSpec] = attrs.field(factory=dict)
    masters: dict[str, str] = attrs.field(factory=dict)
    """Slave name -> master name."""
    sysctls: dict[str, str] = attrs.field(factory=lambda: dict(DEFAULT_SYSCTLS))
    supported_kinds: frozenset[str] = ALL_KINDS
    dhcp_offers: dict[str, DhcpOffer] = attrs.field(factory=dict)
    """Link name -> the server answering there; links without one never get a lease."""
    clock: Clock | None = None
    """When set, DHCP waits pass on it (the winner's ``after_s``, or the whole timeout)."""
    dhcp_asked: list[tuple[tuple[str, ...], float]] = attrs.field(factory=list)
    """Every ``dhcp_lease`` call: (links asked at once, timeout)."""
    dhcp_client: str | None = None
    """The link whose client is kept running after a lease, until ``stop_dhcp``."""

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
            raise _refused("link add", errno.EEXIST)
        index = max((link.index for link in self.link_table.values()), default=0) + 1
        link = Link(index, name, mac=mac, carrier=carrier, mtu=mtu, kind=kind, physical=physical)
        self.link_table[name] = link
        self.address_table[name] = []
        return link

    def offer_dhcp(self, lease: DhcpLease, *, after_s: float = 0.0) -> None:
        """Put a DHCP server behind ``lease.interface`` answering with *lease* after *after_s*."""
        self.dhcp_offers[lease.interface] = DhcpOffer(lease, after_s)

    def links(self) -> tuple[Link, ...]:
        """Every link, sorted by index."""
        return tuple(sorted(self.link_table.values(), key=lambda link: link.index))

    def set_up(self, name: str) -> None:
        """Mark link *name* up."""
        self._evolve(name, "link set", up=True)

    def set_down(self, name: str) -> None:
        """Mark link *name* down, dropping its routes and IPv6 addresses as the kernel does."""
        self._evolve(name, "link set", up=False)
        self.route_table = [r for r in self.route_table if r.name != name]
        self.address_table[name] = [a for a in self.address_table[name] if not isinstance(a, IPv6Interface)]

    def set_mtu(self, name: str, mtu: int) -> None:
        """Set the MTU; outside 68..65535 is EINVAL."""
        self._link(name, op="link set mtu")
        if not MIN_MTU <= mtu <= MAX_MTU:
            raise _refused("link set mtu", errno.EINVAL)
        self._evolve(name, "link set mtu", mtu=mtu)

    def set_mac(self, name: str, mac: str) -> None:
        """Set the MAC (normalised); a multicast one is EADDRNOTAVAIL."""
        mac = normalize_mac(mac)
        self._link(name, op="link set address")
        if is_multicast_mac(mac):
            raise _refused("link set address", errno.EADDRNOTAVAIL)
        self._evolve(name, "link set address", mac=mac)

    def create_link(self, spec: LinkSpec) -> Link:
        """Create *spec*'s link with the kernel's checks and defaults (see the port)."""
        self._check_creatable(spec)
        parent = self.link_table[spec.parent] if isinstance(spec, VlanLinkSpec) else None
        index = max((link.index for link in self.link_table.values()), default=0) + 1
        mac = (
            spec.mac
            if isinstance(spec, BridgeSpec) and spec.mac
            else f"02:b0:07:00:{index >> 8:02x}:{index & 255:02x}"
        )
        mtu = spec.mtu if isinstance(spec, VxlanSpec) and spec.mtu else _DEFAULT_MTU.get(spec.kind, 1500)
        link = self.add_link(
            spec.name,
            kind=spec.kind,
            mac=parent.mac if parent else normalize_mac(mac),
            mtu=parent.mtu if parent else mtu,
        )
        self.settings[spec.name] = spec
        return link

    def link_settings(self, name: str) -> LinkSpec | None:
        """The stored spec with the kernel's defaults filled in, None for other links."""
        link = self._link(name, op="link get")
        spec = self.settings.get(name)
        match spec:
            case BondSpec():
                rate = (spec.lacp_rate or "slow") if spec.mode == "802.3ad" else None
                return attrs.evolve(spec, lacp_rate=rate, xmit_hash_policy=spec.xmit_hash_policy or "layer2")
            case BridgeSpec():
                return attrs.evolve(spec, mac=link.mac)
            case VxlanSpec():
                return attrs.evolve(spec, mtu=link.mtu)
        return spec

    def delete_link(self, name: str) -> None:
        """Delete *name* with what hangs on it; a missing link is success."""
        if name not in self.link_table:
            return
        for vlan in [n for n, s in self.settings.items() if isinstance(s, VlanLinkSpec) and s.parent == name]:
            self.delete_link(vlan)
        del self.link_table[name], self.address_table[name]
        self.settings.pop(name, None)
        self.masters = {slave: m for slave, m in self.masters.items() if name not in (slave, m)}
        self.route_table = [r for r in self.route_table if r.name != name]

    def set_master(self, name: str, master: str | None) -> None:
        """Enslave *name* to *master*, or release it (None)."""
        self._link(name, op="link set master")
        if master is None:
            self.masters.pop(name, None)
            return
        if self._link(master, op="link set master").kind not in MASTER_KINDS:
            raise _refused("link set master", errno.EOPNOTSUPP)
        self.masters[name] = master

    def master_of(self, name: str) -> str | None:
        """The master of *name*, or None."""
        self._link(name, op="link get")
        return self.masters.get(name)

    def addresses(self, name: str) -> tuple[IPInterface, ...]:
        """Addresses on link *name*, in the order they were added."""
        self._link(name, op="addr dump")
        return tuple(self.address_table[name])

    def add_address(self, name: str, address: IPInterface) -> None:
        """Add *address* to link *name*; adding it again changes nothing."""
        self._link(name, op="addr add")
        if address not in self.address_table[name]:
            self.address_table[name].append(address)

    def delete_address(self, name: str, address: IPInterface) -> None:
        """Remove *address*; not there (or no such link) is success."""
        if address in self.address_table.get(name, []):
            self.address_table[name].remove(address)

    def routes(self, *, table: int = 254) -> tuple[Route, ...]:
        """Routes of *table*, IPv4 first, each family in the order added."""
        chosen = [r for r in self.route_table if r.table == table]
        return tuple(sorted(chosen, key=lambda r: r.destination.version))

    def add_route(self, route: Route) -> None:
        """Replace the route to the same destination in the same table.

        Raises:
            LinkNotFound: no link ``route.name``.
            NetlinkOperationFailed: link down or gateway not on-link (ENETUNREACH for IPv4,
                EHOSTUNREACH for IPv6, as the kernel answers).
        """
        link = self._link(route.name, op="route replace") if route.name else None
        if link is None or not link.up or not self._reachable(route):
            raise _refused(
                "route replace", errno.ENETUNREACH if route.destination.version == 4 else errno.EHOSTUNREACH
            )
        self.route_table = [
            r for r in self.route_table if (r.destination, r.table) != (route.destination, route.table)
        ]
        self.route_table.append(route)

    def delete_route(self, route: Route) -> None:
        """Remove *route* (matched on destination, table, and gateway/link when given)."""
        self.route_table = [r for r in self.route_table if not _matches(route, r)]

    def add_default_route(self, gateway: IPv4Address | IPv6Address, *, name: str) -> None:
        """Replace the default route of the gateway's family."""
        self.add_route(Route.default(gateway, name=name))

    def sysctl(self, path: str) -> str:
        """The stored value; ENOENT for a setting the fake namespace does not have."""
        return self.sysctls[self._sysctl_key(path, op="sysctl read")]

    def set_sysctl(self, path: str, value: str) -> None:
        """Store *value*; every setting booty uses is an integer, so anything else is EINVAL."""
        key = self._sysctl_key(path, op="sysctl write")
        if not value.strip().lstrip("-").isdigit():
            raise _refused(f"sysctl write {path}", errno.EINVAL)
        self.sysctls[key] = value.strip()

    def dhcp_lease(self, names: Sequence[str], *, timeout_s: float) -> DhcpLease:
        """The quickest scripted offer among the *names* that are up; the clock moves by its delay."""
        for name in names:
            self._link(name, op="dhcp")
        self.dhcp_asked.append((tuple(names), timeout_s))
        offers = [
            self.dhcp_offers[n]
            for n in names
            if n in self.dhcp_offers and self.link_table[n].up and self.dhcp_offers[n].after_s <= timeout_s
        ]
        if not offers:
            self._wait(timeout_s)
            raise NoLeaseReceived(names, timeout_s=timeout_s)
        winner = min(offers, key=lambda offer: offer.after_s)
        self._wait(winner.after_s)
        self.dhcp_client = winner.lease.interface
        return winner.lease

    def stop_dhcp(self) -> None:
        """Forget the kept client."""
        self.dhcp_client = None

    def _check_creatable(self, spec: LinkSpec) -> None:
        """The checks in the order the adapter (names, parent) and then the kernel make them."""
        if isinstance(spec, BondSpec) and (problem := bond_spec_problem(spec)):
            raise NetlinkOperationFailed("link add", errno=errno.EINVAL, reason=problem)
        if isinstance(spec, VlanLinkSpec):
            self._link(spec.parent, op="link add")
        if spec.name in self.link_table:
            raise _refused("link add", errno.EEXIST)
        if spec.kind not in self.supported_kinds:
            raise _refused("link add", errno.EOPNOTSUPP)
        out_of_range = (isinstance(spec, VlanLinkSpec) and not 0 <= spec.vlan_id < 4095) or (
            isinstance(spec, VxlanSpec) and not 0 <= spec.vni < 1 << 24
        )
        if out_of_range:
            raise _refused("link add", errno.ERANGE)
        if isinstance(spec, VrfSpec) and spec.table == 0:
            raise _refused("link add", errno.EINVAL)
        if isinstance(spec, BondSpec) and spec.lacp_rate is not None and spec.mode != "802.3ad":
            # bond_opt_check_deps: lacp_rate is an 802.3ad-only option; the kernel answers EACCES.
            raise _refused("link add", errno.EACCES)

    def _reachable(self, route: Route) -> bool:
        gateway = route.gateway
        if gateway is None or route.onlink:
            return True
        if isinstance(gateway, IPv6Address) and gateway.is_link_local:
            return True  # fe80::/64 is on every IPv6 link
        return any(gateway in address.network for address in self.address_table[route.name])

    def _sysctl_key(self, path: str, *, op: str) -> str:
        check_sysctl_path(path)
        parts = path.split("/")
        per_link = len(parts) == 5 and parts[2] == "conf" and parts[3] in self.link_table
        if path in self.sysctls:
            return path
        if per_link and parts[4] in PER_LINK_SYSCTLS.get(parts[1], {}):
            self.sysctls[path] = PER_LINK_SYSCTLS[parts[1]][parts[4]]
            return path
        raise _refused(f"{op} {path}", errno.ENOENT)

    def _wait(self, seconds: float) -> None:
        if self.clock is not None and seconds > 0:
            self.clock.sleep(seconds)

    def _evolve(self, name: str, op: str, **changes: object) -> None:
        self.link_table[name] = attrs.evolve(self._link(name, op=op), **changes)  # type: ignore[arg-type]

    def _link(self, name: str, *, op: str) -> Link:
        try:
            return self.link_table[name]
        except KeyError:
            raise LinkNotFound(name, op=op) from None


def _matches(wanted: Route, route: Route) -> bool:
    """Does deleting *wanted* remove *route*? Unset gateway/link in *wanted* match anything."""
    return (
        (wanted.destination, wanted.table) == (route.destination, route.table)
        and wanted.gateway in (None, route.gateway)
        and wanted.name in ("", route.name)
    )
