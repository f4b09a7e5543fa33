"""The Netlink port over pyroute2's ``IPRoute``, optionally inside a named network namespace.

Rules of this file: pyroute2 messages are turned into domain values here and never leave;
``NetlinkError`` becomes ``NetlinkOperationFailed`` (``LinkNotFound`` for a missing link) with the
kernel's errno; links are addressed by name at the port and by index towards the kernel.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from functools import partial
from ipaddress import IPv4Address, IPv6Address, ip_interface
from pathlib import Path
from typing import Any, Self

import attrs
from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError

from booty.domain.errors import LinkNotFound, NetlinkOperationFailed
from booty.domain.system import IPInterface, Link

IFF_UP = 0x1
"""``ifinfmsg.flags`` bit for an administratively up link."""


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
    _ipr: Any = attrs.field(init=False, default=None, repr=False)
    """The socket, opened on first use so that building the adapter does no I/O."""

    def close(self) -> None:
        """Close the netlink socket (if it was opened); a later call opens a new one."""
        if self._ipr is not None:
            self._ipr.close()
            self._ipr = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def links(self) -> tuple[Link, ...]:
        """Every link in the namespace, sorted by index."""
        msgs = self._call("link dump", partial(self._socket().link, "dump"))
        return tuple(sorted((self._to_link(m) for m in msgs), key=lambda link: link.index))

    def set_up(self, name: str) -> None:
        """Bring link *name* administratively up (carrier is the other end's business)."""
        index = self._index(name, op="link set")
        self._call("link set", partial(self._socket().link, "set", index=index, state="up"), link=name)

    def addresses(self, name: str) -> tuple[IPInterface, ...]:
        """Addresses on link *name*, IPv6 link-local ones included, in the kernel's order."""
        index = self._index(name, op="addr dump")
        msgs = self._call("addr dump", partial(self._socket().addr, "dump"), link=name)
        return tuple(_to_interface(m) for m in msgs if m["index"] == index)

    def add_address(self, name: str, address: IPInterface) -> None:
        """Add *address* to link *name*; EEXIST (already there) is success."""
        index = self._index(name, op="addr add")
        add = partial(
            self._socket().addr,
            "add",
            index=index,
            address=str(address.ip),
            prefixlen=address.network.prefixlen,
        )
        self._call("addr add", add, link=name, ok_errnos=(errno.EEXIST,))

    def add_default_route(self, gateway: IPv4Address | IPv6Address, *, name: str) -> None:
        """Route everything via *gateway* on link *name*, replacing any default route.

        ``replace`` rather than ``add`` so that a second call (a retry, a DHCP lease renewal)
        changes the gateway instead of failing with EEXIST. The kernel wants the gateway on-link
        and the link up: otherwise ENETUNREACH (IPv4) or EHOSTUNREACH (IPv6).
        """
        index = self._index(name, op="route replace")
        dst = "0.0.0.0/0" if gateway.version == 4 else "::/0"
        replace = partial(self._socket().route, "replace", dst=dst, gateway=str(gateway), oif=index)
        self._call("route replace", replace, link=name)

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

    def _index(self, name: str, *, op: str) -> int:
        indexes = self._call("link lookup", partial(self._socket().link_lookup, ifname=name))
        if not indexes:
            raise LinkNotFound(name, op=op)
        return int(indexes[0])

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


def _to_interface(msg: Any) -> IPInterface:
    """IFA_LOCAL is the address itself on IPv4 (IFA_ADDRESS is the peer on point-to-point)."""
    address = msg.get("IFA_LOCAL") or msg.get("IFA_ADDRESS")
    return ip_interface(f"{address}/{msg['prefixlen']}")
