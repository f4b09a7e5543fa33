"""The Lldp port over AF_PACKET raw sockets, optionally inside a named network namespace.

Rules of this file: one raw socket per interface, bound to that interface and to EtherType 0x88cc,
joined to the LLDP group addresses so that frames arrive without promiscuous mode; one ``poll``
over all of them against a monotonic deadline; every socket closed on every path. Frames are
folded by the domain's ``NeighborTable``: nothing here parses bytes. ``OSError`` from setting a
socket up becomes ``LldpListenFailed``; receive errors never end the listening.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import math
import os
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from booty.domain.errors import LldpListenFailed
from booty.domain.lldp import LLDP_ETHERTYPE, LLDP_GROUP_ADDRESSES, LldpNeighbor, NeighborTable, SkippedFrame
from booty.domain.lldp.encode import mac_bytes

SOL_PACKET = 263
PACKET_ADD_MEMBERSHIP = 1
PACKET_MR_MULTICAST = 0
SIOCGIFINDEX = 0x8933
CLONE_NEWNET = 0x40000000
NETNS_DIR = "/run/netns"
"""Where ``ip netns add`` (and pyroute2) bind-mount named namespaces."""

RECEIVE_BUFFER = 65536
"""Larger than any Ethernet frame, jumbo ones included: a frame is never cut short here."""
BURST = 64
"""Frames read from one socket per wake-up, so a flood on one link cannot starve the deadline."""

T = TypeVar("T")


@attrs.define
class PacketLldp:
    """Raw-socket LLDP reception, in the current network namespace or in *netns*.

    Needs CAP_NET_RAW. ``last_table`` keeps the whole outcome of the latest ``listen`` (the
    skipped frames and their reasons too) for callers and tests that want to see them.
    """

    netns: str | None = None
    """Name of a namespace made by ``ip netns add``: the sockets are opened inside it, from a
    helper thread that enters it with setns(2), so the calling thread never changes namespace."""
    monotonic: Callable[[], float] = time.monotonic
    last_table: NeighborTable = attrs.field(factory=NeighborTable)

    @property
    def skipped(self) -> tuple[SkippedFrame, ...]:
        """The frames the latest ``listen`` skipped, with their reasons."""
        return self.last_table.skipped

    def listen(
        self, interfaces: Sequence[str], *, timeout_s: float, until_each_heard: bool = False
    ) -> tuple[LldpNeighbor, ...]:
        """Collect neighbours heard on *interfaces* until *timeout_s* has passed (see ``Lldp``).

        A link that goes away meanwhile is recorded in ``skipped`` (``receive failed: ...``) and no
        longer listened on; when none is left, the call returns before the timeout.
        """
        names = tuple(dict.fromkeys(interfaces))
        self.last_table = NeighborTable()
        if not names:
            return ()
        deadline = self.monotonic() + timeout_s
        if self.netns is None:
            sockets = open_lldp_sockets(names)
        else:
            sockets = in_netns(self.netns, lambda: open_lldp_sockets(names), what=",".join(names))
        try:
            self.last_table = self._receive(sockets, deadline, until_each_heard=until_each_heard)
        finally:
            for sock in sockets.values():
                sock.close()
        return self.last_table.neighbors

    def _receive(
        self, sockets: dict[str, socket.socket], deadline: float, *, until_each_heard: bool
    ) -> NeighborTable:
        poller = select.poll()
        by_fd = {sock.fileno(): (name, sock) for name, sock in sockets.items()}
        for fd in by_fd:
            poller.register(fd, select.POLLIN)
        table = NeighborTable()
        while by_fd and (remaining := deadline - self.monotonic()) > 0:
            for fd, _events in poller.poll(math.ceil(remaining * 1000)):
                name, sock = by_fd[fd]
                table, healthy = _drain(sock, name, table)
                if not healthy:  # the link went away: stop listening on it, keep the others
                    poller.unregister(fd)
                    del by_fd[fd]
            if until_each_heard and table.heard_on({name for name, _sock in by_fd.values()}):
                break
        return table


def _drain(sock: socket.socket, name: str, table: NeighborTable) -> tuple[NeighborTable, bool]:
    """Fold up to ``BURST`` waiting frames into *table*; False when the socket failed."""
    for _ in range(BURST):
        try:
            frame, address = sock.recvfrom(RECEIVE_BUFFER)
        except (BlockingIOError, InterruptedError):
            return table, True
        except OSError as e:
            return table.skip(SkippedFrame(name, f"receive failed: {e.strerror or e}")), False
        if address[2] != socket.PACKET_OUTGOING:  # our own transmissions are not neighbours
            table = table.hear(name, frame)
    return table, True


def open_lldp_sockets(interfaces: Sequence[str]) -> dict[str, socket.socket]:
    """One bound, group-joined, non-blocking raw socket per interface, in the calling thread's netns.

    Raises:
        LldpListenFailed: for the first interface that cannot be set up (the others are closed).
    """
    sockets: dict[str, socket.socket] = {}
    try:
        for name in interfaces:
            sockets[name] = open_lldp_socket(name)
    except LldpListenFailed:
        for sock in sockets.values():
            sock.close()
        raise
    return sockets


def open_lldp_socket(interface: str) -> socket.socket:
    """A raw socket that receives the LLDP frames arriving on *interface*.

    Created with protocol 0 (hearing nothing) and then bound with 0x88cc, so that no frame from
    another interface can slip in between creation and bind.

    Raises:
        LldpListenFailed: no such link (ENODEV), no CAP_NET_RAW (EPERM), ...
    """
    try:
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    except OSError as e:
        raise _failed(interface, e) from e
    try:
        sock.bind((interface, LLDP_ETHERTYPE))
        request = struct.pack("16si", interface.encode(), 0)
        index = struct.unpack("16si", fcntl.ioctl(sock, SIOCGIFINDEX, request))[1]
        for group in LLDP_GROUP_ADDRESSES:
            # struct packet_mreq: ifindex, type, address length, address (8 bytes)
            mreq = struct.pack("iHH8s", index, PACKET_MR_MULTICAST, 6, mac_bytes(group))
            sock.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq)
        sock.setblocking(False)
    except OSError as e:
        sock.close()
        raise _failed(interface, e) from e
    return sock


def in_netns(name: str, work: Callable[[], T], *, what: str = "") -> T:
    """The result of *work* run in a helper thread that first entered network namespace *name*.

    Sockets made by *work* stay in that namespace after the thread ends; the calling thread (and
    so the rest of booty) never leaves its own namespace.

    Raises:
        LldpListenFailed: the namespace does not exist or cannot be entered; whatever *work* raises.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            _setns(name, what=what or name)
            outcome.append(work())
        except BaseException as e:  # handed to the calling thread below
            failure.append(e)

    thread = threading.Thread(target=run, name=f"netns-{name}", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def _setns(name: str, *, what: str) -> None:
    try:
        fd = os.open(Path(NETNS_DIR) / name, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        code = e.errno or errno.ENOENT
        raise LldpListenFailed(
            what, errno=code, reason=f"network namespace {name}: {os.strerror(code)}"
        ) from e
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(fd, CLONE_NEWNET) != 0:
            code = ctypes.get_errno()
            raise LldpListenFailed(
                what, errno=code, reason=f"enter network namespace {name}: {os.strerror(code)}"
            )
    finally:
        os.close(fd)


def _failed(interface: str, error: OSError) -> LldpListenFailed:
    code = error.errno or errno.EIO
    return LldpListenFailed(interface, errno=code, reason=os.strerror(code))
