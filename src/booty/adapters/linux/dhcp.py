"""DHCPv4 for the Netlink port: pyroute2's asyncio client on several links at once.

One worker thread per ``acquire`` enters the adapter's network namespace (raw sockets bind to
links of the namespace they are opened in), runs an asyncio loop with one ``AsyncDHCPClient`` per
link, and hands the first lease back to the caller's thread. The losing clients are stopped at
once (releasing a lease they may have got meanwhile); the winner stays in the loop renewing its
lease until ``stop``.

Rules of this file:

1. pyroute2 objects stay here: the ACK's options become a ``DhcpLease`` through the pure
   ``lease_from_options`` (router option as gateway, spec networking.md §6.2 bug fixed).
2. Nothing is written to disk: pyroute2's default lease store writes JSON into the working
   directory, so an in-memory ``Lease`` is used; no pid file; no signal handlers (they only work
   in the main thread, and the agent owns its signals).
3. The winner is stopped without a DHCPRELEASE: the address stays configured after teardown and
   the server must not hand it to someone else meanwhile (spec §6.3).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import os
import socket
import threading
from collections.abc import Sequence
from typing import Any

import attrs
from pyroute2.dhcp.client import AsyncDHCPClient, ClientConfig
from pyroute2.dhcp.fsm import State
from pyroute2.dhcp.leases import Lease

from booty.adapters.linux.nsthread import enter_netns
from booty.domain.dhcp import DhcpLease, lease_from_options
from booty.domain.errors import BootyError, NetlinkOperationFailed, NoLeaseReceived

STOP_GRACE_S = 10.0
"""How long ``stop`` and a failed ``acquire`` wait for the worker thread to finish."""


class _MemoryLease(Lease):  # type: ignore[misc]  # pyroute2 ships no type information
    """A lease pyroute2 keeps in memory only: booty has no writable state directory."""

    def dump(self) -> None:
        """Nothing to write."""

    @classmethod
    def load(cls, interface: str) -> None:
        """No stored lease: every boot starts with DISCOVER."""
        del interface


def _hostname() -> str | None:
    """The kernel hostname for option 12, unless it is unset (``(none)`` in an initramfs)."""
    name = socket.gethostname()
    return None if name in {"", "(none)", "localhost"} else name


@attrs.define
class DhcpClients:
    """The DHCP clients of one network namespace (None: the namespace booty runs in)."""

    netns: str | None = None
    _thread: threading.Thread | None = attrs.field(default=None, init=False)
    _loop: asyncio.AbstractEventLoop | None = attrs.field(default=None, init=False)
    _stop: asyncio.Event | None = attrs.field(default=None, init=False)

    def acquire(self, names: Sequence[str], *, timeout_s: float) -> DhcpLease:
        """Run a client on every link of *names* at once and return the first lease.

        Raises:
            NoLeaseReceived: no lease within *timeout_s*.
            NetlinkOperationFailed: a client could not start on any link (socket errors).
        """
        self.stop()
        result: concurrent.futures.Future[DhcpLease] = concurrent.futures.Future()
        thread = threading.Thread(
            target=self._work, args=(tuple(names), timeout_s, result), name="booty-dhcp", daemon=True
        )
        thread.start()
        self._thread = thread
        try:
            lease = result.result(timeout=timeout_s + STOP_GRACE_S)
        except TimeoutError:  # the worker itself is stuck: give up on it like on a silent network
            self.stop()
            raise NoLeaseReceived(names, timeout_s=timeout_s) from None
        except BaseException:
            self.stop()
            raise
        return lease

    def stop(self) -> None:
        """Stop the kept client (no DHCPRELEASE) and wait for its thread; idempotent."""
        loop, stop, thread = self._loop, self._stop, self._thread
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed between the check and the call
                loop.call_soon_threadsafe(stop.set)
        if thread is not None:
            thread.join(STOP_GRACE_S)
        self._thread = self._loop = self._stop = None

    def _work(
        self, names: tuple[str, ...], timeout_s: float, result: concurrent.futures.Future[DhcpLease]
    ) -> None:
        try:
            if self.netns is not None:
                enter_netns(self.netns)
            asyncio.run(self._main(names, timeout_s, result))
        except BaseException as e:
            if not result.done():
                result.set_exception(_translate(e, names))

    async def _main(
        self, names: tuple[str, ...], timeout_s: float, result: concurrent.futures.Future[DhcpLease]
    ) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = stop = asyncio.Event()
        first: asyncio.Future[DhcpLease] = self._loop.create_future()
        clients = {name: _config(name) for name in names}
        tasks = {name: asyncio.create_task(_run_client(cfg, first)) for name, cfg in clients.items()}
        for task in tasks.values():
            task.add_done_callback(lambda _t: _all_failed(tasks.values(), first, names))
        stopper: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
        waiters: set[asyncio.Future[Any]] = {first, stopper}
        done, _pending = await asyncio.wait(waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if first not in done or first.exception() is not None:
            await _cancel(tasks.values())
            error = first.exception() if first in done else None
            result.set_exception(error or NoLeaseReceived(names, timeout_s=timeout_s))
            return
        lease = first.result()
        losers = [task for name, task in tasks.items() if name != lease.interface]
        for name in names:
            clients[name].release = name != lease.interface
        await _cancel(losers)
        result.set_result(lease)
        await stop.wait()
        await _cancel([tasks[lease.interface]])


def _config(name: str) -> Any:
    return ClientConfig(
        interface=name,
        lease_type=_MemoryLease,
        handle_signals=False,
        write_pidfile=False,
        release=False,
        vendor_id="booty",
        host_name=_hostname(),
    )


async def _run_client(config: Any, first: asyncio.Future[DhcpLease]) -> None:
    """Get a lease on one link, offer it as the winner, then keep renewing until cancelled."""
    async with AsyncDHCPClient(config) as client:
        await client.bootstrap()
        await client.wait_for_state(State.BOUND)
        lease = lease_from_options(config.interface, client.lease.ip, dict(client.lease.ack["options"]))
        if not first.done():
            first.set_result(lease)
        await asyncio.Event().wait()


def _all_failed(tasks: Any, first: asyncio.Future[DhcpLease], names: tuple[str, ...]) -> None:
    """Every client died (not cancelled, not waiting): report the first error now, not at the timeout."""
    if first.done() or not all(task.done() for task in tasks):
        return
    errors = [task.exception() for task in tasks if not task.cancelled() and task.exception()]
    if errors:
        first.set_exception(_translate(errors[0], names))


async def _cancel(tasks: Any) -> None:
    tasks = list(tasks)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _translate(e: BaseException, names: tuple[str, ...]) -> BaseException:
    if isinstance(e, BootyError):
        return e
    if isinstance(e, OSError):
        code = e.errno or errno.EIO
        return NetlinkOperationFailed(f"dhcp on {', '.join(names)}", errno=code, reason=os.strerror(code))
    return e
