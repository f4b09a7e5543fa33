"""Run code inside a named network namespace without moving the rest of the process.

setns(2) with CLONE_NEWNET changes the namespace of the calling *thread* only, so the work runs
in a fresh thread that enters the namespace first and then ends: the caller's thread, and every
other thread of booty, stays where it was. Sockets opened in that thread (raw DHCP sockets,
netlink sockets) and /proc/sys/net files opened there belong to the namespace.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from typing import TypeVar

from pyroute2 import netns as pyroute2_netns

from booty.domain.errors import NetlinkOperationFailed

T = TypeVar("T")


def enter_netns(name: str) -> None:
    """Move the calling thread into namespace *name* (never creates it).

    Raises:
        NetlinkOperationFailed: the namespace does not exist or cannot be entered.
    """
    try:
        # flags=0: pyroute2's default (O_CREAT) would create a missing namespace.
        pyroute2_netns.setns(name, flags=0)
    except OSError as e:
        code = e.errno or errno.ENOENT
        raise NetlinkOperationFailed(f"open netns {name}", errno=code, reason=os.strerror(code)) from e


def call_in_netns(name: str | None, work: Callable[[], T]) -> T:
    """``work()`` run inside namespace *name* (or right here when *name* is None).

    Whatever *work* raises is raised again in the caller's thread.
    """
    if name is None:
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            enter_netns(name)
            outcome.append(work())
        except BaseException as e:  # handed to the caller's thread, not swallowed
            failure.append(e)

    thread = threading.Thread(target=target, name=f"booty-netns-{name}", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
