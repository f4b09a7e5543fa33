"""The Netlink port over pyroute2's ``IPRoute``, optionally inside a named network namespace.

Rules of this file: pyroute2 messages are turned into domain values here and never leave;
``NetlinkError`` becomes ``NetlinkOperationFailed`` (``LinkNotFound`` for a missing link) with the
kernel's errno; links are addressed by name at the port and by index towards the kernel. Messages
are encoded and decoded in ``netlink_codec``, the DHCP client lives in ``dhcp``, and work that
must run inside the namespace (sysctls, DHCP sockets) enters it from a thread (``nsthread``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from functools import partial
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from typing import Any, Self

import attrs
from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError

from booty.adapters.linux.dhcp import DhcpClients
from booty.adapters.linux.netlink_codec import (
    RTNH_F_ONLINK,
    create_arguments,
    settings_of,
    table_of,
    to_interface,
    to_route,
)
from booty.adapters.linux.nsthread import call_in_netns
from booty.domain.dhcp import DhcpLease
from booty.domain.errors import LinkNotFound, NetlinkOperationFailed
from booty.domain.netdev import MAIN_TABLE, LinkSpec, Route, check_sysctl_path, normalize_mac
from booty.domain.system import IPInterface, Link

IFF_UP = 0x1
"""``ifinfmsg.flags`` bit for an administratively up link."""
RTN_UNICAST = 1
RTPROT_KERNEL = 2
"""Routes the kernel made itself (connected networks, IPv6 link-local)."""


@attrs.define
class PyRoute2Netlink:
    """One rtnetlink socket, in the current network namespace or in *netns*.

    ``Link.physical`` is True when the kernel reports a parent device (``IFLA_PARENT_DEV_NAME``,
    Linux 5.14+), which works in any namespace. In the current namespace the older test,
    ``/sys/class/net/<name>/device`` exists, is used as well. For a named *netns* sysfs is not
    consulted, because the mounted /sys shows the namespace booty runs in, so veth, bridge and
    other virtual links are never physical there.

    Every method raises ``NetlinkOperationFailed`` when *netns* does not exist: this adapter
    enters namespaces, it never creates them.
    """

    netns: str | None = None
    sysfs_root: str = "/sys"
    procfs_root: str = "/proc"
    _ipr: Any = attrs.field(init=False, default=None, repr=False)
    """The socket, opened on first use so that building the adapter does no I/O."""
    _dhcp: DhcpClients = attrs.field(init=False, repr=False)

    @_dhcp.default
    def _dhcp_clients(self) -> DhcpClients:
        return DhcpClients(self.netns)

    def close(self) -> None:
        """Stop a kept DHCP client and close the netlink socket; a later call opens a new one."""
        self._dhcp.stop()
        if self._ipr is not None:
            self._ipr.close()
            self._ipr = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    ## Links

    def links(self) -> tuple[Link, ...]:
        """Every link in the namespace, sorted by index."""
        msgs = self._call("link dump", partial(self._socket().link, "dump"))
        return tuple(sorted((self._to_link(m) for m in msgs), key=lambda link: link.index))

    def set_up(self, name: str) -> None:
        """Bring link *name* administratively up (carrier is the other end's business)."""
        self._set(name, "link set", state="up")

    def set_down(self, name: str) -> None:
        """Bring link *name* administratively down; the kernel drops its routes and IPv6 addresses."""
        self._set(name, "link set", state="down")

    def set_mtu(self, name: str, mtu: int) -> None:
        """Set the MTU of link *name*; the driver's bounds give EINVAL."""
        self._set(name, "link set mtu", mtu=mtu)

    def set_mac(self, name: str, mac: str) -> None:
        """Set the hardware address of link *name*; a multicast MAC gives EADDRNOTAVAIL."""
        self._set(name, "link set address", address=normalize_mac(mac))

    def create_link(self, spec: LinkSpec) -> Link:
        """Create *spec*'s link (down); EOPNOTSUPP tells that the kernel lacks the kind."""
        args = create_arguments(spec, index_of=lambda parent: self._index(parent, op="link add"))
        self._call("link add", partial(self._socket().link, "add", **args))
        return self._get(spec.name, op="link add")

    def link_settings(self, name: str) -> LinkSpec | None:
        """The kernel's settings of virtual link *name*, None for kinds booty does not create."""
        msg = self._get_msg(name, op="link get")
        return settings_of(msg, name_of=self._name)

    def delete_link(self, name: str) -> None:
        """Delete link *name*; a missing one is success."""
        index = self._lookup(name)
        if index is not None:
            self._call(
                "link del", partial(self._socket().link, "del", index=index), ok_errnos=(errno.ENODEV,)
            )

    def set_master(self, name: str, master: str | None) -> None:
        """Enslave *name* to *master* (index 0 releases it)."""
        master_index = 0 if master is None else self._index(master, op="link set master")
        self._set(name, "link set master", master=master_index)

    def master_of(self, name: str) -> str | None:
        """The link *name* is enslaved to, or None."""
        index = self._get_msg(name, op="link get").get("IFLA_MASTER")
        return self._name(int(index)) if index else None

    ## Addresses

    def addresses(self, name: str) -> tuple[IPInterface, ...]:
        """Addresses on link *name*, IPv6 link-local ones included, in the kernel's order."""
        index = self._index(name, op="addr dump")
        msgs = self._call("addr dump", partial(self._socket().addr, "dump"), link=name)
        return tuple(to_interface(m) for m in msgs if m["index"] == index)

    def add_address(self, name: str, address: IPInterface) -> None:
        """Add *address* to link *name*; EEXIST (already there) is success."""
        self._address("add", name, address, ok_errnos=(errno.EEXIST,))

    def delete_address(self, name: str, address: IPInterface) -> None:
        """Remove *address*; EADDRNOTAVAIL (not there) and a missing link are success."""
        if self._lookup(name) is not None:
            self._address("del", name, address, ok_errnos=(errno.EADDRNOTAVAIL, errno.ENODEV))

    ## Routes

    def routes(self, *, table: int = MAIN_TABLE) -> tuple[Route, ...]:
        """Unicast routes of *table* not made by the kernel itself, IPv4 first."""
        msgs = self._call("route dump", partial(self._socket().route, "dump"))
        names = {link.index: link.name for link in self.links()}
        return tuple(
            to_route(m, names)
            for m in msgs
            if table_of(m) == table and m["type"] == RTN_UNICAST and m["proto"] != RTPROT_KERNEL
        )

    def add_route(self, route: Route) -> None:
        """Install *route* with ``replace``, so a repeat (a retry, a lease renewal) changes nothing.

        The kernel wants the gateway on-link (or the ``onlink`` flag) and the link up: otherwise
        ENETUNREACH (IPv4) or EHOSTUNREACH (IPv6).
        """
        args = self._route_arguments(route, op="route replace")
        self._call("route replace", partial(self._socket().route, "replace", **args), link=route.name)

    def delete_route(self, route: Route) -> None:
        """Remove *route*; ESRCH (no such route) and a missing link are success."""
        if route.name and self._lookup(route.name) is None:
            return
        args = self._route_arguments(route, op="route del")
        self._call("route del", partial(self._socket().route, "del", **args), ok_errnos=(errno.ESRCH,))

    def add_default_route(self, gateway: IPv4Address | IPv6Address, *, name: str) -> None:
        """Route everything via *gateway* on link *name*, replacing any default route."""
        self.add_route(Route.default(gateway, name=name))

    ## Sysctls

    def sysctl(self, path: str) -> str:
        """The value of network sysctl *path*, read inside the namespace, without the newline."""
        file = Path(self.procfs_root, "sys", check_sysctl_path(path))
        return call_in_netns(self.netns, partial(_sysctl_io, file, None, path)).strip()

    def set_sysctl(self, path: str, value: str) -> None:
        """Write *value* to network sysctl *path* inside the namespace."""
        file = Path(self.procfs_root, "sys", check_sysctl_path(path))
        call_in_netns(self.netns, partial(_sysctl_io, file, value, path))

    ## DHCPv4

    def dhcp_lease(self, names: Sequence[str], *, timeout_s: float) -> DhcpLease:
        """Ask on all *names* at once (see ``booty.adapters.linux.dhcp``); the first lease wins."""
        for name in names:
            self._index(name, op="dhcp")
        return self._dhcp.acquire(names, timeout_s=timeout_s)

    def stop_dhcp(self) -> None:
        """Stop the kept client without releasing its lease."""
        self._dhcp.stop()

    ## Internals

    def _socket(self) -> Any:
        if self._ipr is None:
            try:
                self._ipr = IPRoute(netns=self.netns, flags=0) if self.netns else IPRoute()
            except OSError as e:
                code = e.errno or errno.ENOENT
                raise NetlinkOperationFailed(
                    f"open netns {self.netns}", errno=code, reason=os.strerror(code)
                ) from e
        return self._ipr

    def _lookup(self, name: str) -> int | None:
        indexes = self._call("link lookup", partial(self._socket().link_lookup, ifname=name))
        return int(indexes[0]) if indexes else None

    def _index(self, name: str, *, op: str) -> int:
        index = self._lookup(name)
        if index is None:
            raise LinkNotFound(name, op=op)
        return index

    def _name(self, index: int) -> str:
        msgs = self._call("link get", partial(self._socket().link, "get", index=index))
        return str(msgs[0].get("IFLA_IFNAME"))

    def _get_msg(self, name: str, *, op: str) -> Any:
        index = self._index(name, op=op)
        return self._call(op, partial(self._socket().link, "get", index=index), link=name)[0]

    def _get(self, name: str, *, op: str) -> Link:
        return self._to_link(self._get_msg(name, op=op))

    def _set(self, name: str, op: str, **changes: Any) -> None:
        index = self._index(name, op=op)
        self._call(op, partial(self._socket().link, "set", index=index, **changes), link=name)

    def _address(self, command: str, name: str, address: IPInterface, *, ok_errnos: tuple[int, ...]) -> None:
        index = self._index(name, op=f"addr {command}")
        request = partial(
            self._socket().addr,
            command,
            index=index,
            address=str(address.ip),
            prefixlen=address.network.prefixlen,
        )
        self._call(f"addr {command}", request, link=name, ok_errnos=ok_errnos)

    def _route_arguments(self, route: Route, *, op: str) -> dict[str, Any]:
        args: dict[str, Any] = {"dst": str(route.destination), "table": route.table}
        if route.gateway is not None:
            args["gateway"] = str(route.gateway)
        if route.name:
            args["oif"] = self._index(route.name, op=op)
        if route.onlink:
            args["flags"] = RTNH_F_ONLINK
        return args

    def _call(
        self, op: str, request: Callable[[], Any], *, link: str = "", ok_errnos: tuple[int, ...] = ()
    ) -> Any:
        """Run *request*, translating ``NetlinkError``; ENODEV on *link* means it vanished meanwhile.

        ``IPRoute`` without ``nlm_generator`` answers with complete tuples or lists, so every
        kernel error surfaces inside this ``try``.
        """
        try:
            return request()
        except NetlinkError as e:
            if e.code in ok_errnos:
                return None
            if e.code == errno.ENODEV and link:
                raise LinkNotFound(link, op=op) from e
            raise NetlinkOperationFailed(op, errno=e.code, reason=os.strerror(e.code)) from e

    def _to_link(self, msg: Any) -> Link:
        name = str(msg.get("IFLA_IFNAME"))
        kind = msg.get_nested("IFLA_LINKINFO", "IFLA_INFO_KIND") or ""
        has_parent = bool(msg.get("IFLA_PARENT_DEV_NAME"))
        in_sysfs = self.netns is None and Path(self.sysfs_root, "class/net", name, "device").exists()
        return Link(
            index=int(msg["index"]),
            name=name,
            mac=str(msg.get("IFLA_ADDRESS") or ""),
            up=bool(msg["flags"] & IFF_UP),
            carrier=bool(msg.get("IFLA_CARRIER")),
            mtu=int(msg.get("IFLA_MTU") or 0),
            kind=str(kind),
            physical=has_parent or in_sysfs,
        )


def _sysctl_io(file: Path, value: str | None, path: str) -> str:
    """Read *file* (value None) or write *value* to it; OSError becomes NetlinkOperationFailed."""
    try:
        if value is None:
            return file.read_text()
        file.write_text(value)
        return value
    except OSError as e:
        code = e.errno or errno.EIO
        op = f"sysctl {'read' if value is None else 'write'} {path}"
        raise NetlinkOperationFailed(op, errno=code, reason=os.strerror(code)) from e
