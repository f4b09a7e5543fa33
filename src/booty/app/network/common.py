"""Helpers the network use cases share: find a link, reuse-or-create a virtual link, and best-effort
teardown steps."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ParamSpec

from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import LinkSpec
from booty.domain.system import Link
from booty.ports.netlink import Netlink

P = ParamSpec("P")

log = logging.getLogger("booty.network")


def find_link(netlink: Netlink, name: str) -> Link | None:
    """The link named *name*, or None when there is none."""
    return next((link for link in netlink.links() if link.name == name), None)


def ensure_link(netlink: Netlink, spec: LinkSpec, *, mode: str) -> bool:
    """Create *spec*'s link unless a link of that name and kind exists; True when created.

    Reusing makes a second run (a retry after a failed connectivity wait) succeed where v0.0.1
    failed with "file exists" (spec networking.md §7.2, later upstream).

    Raises:
        NetworkSetupFailed: the name is taken by a link of another kind.
        NetlinkOperationFailed: the kernel refused to create it.
    """
    existing = find_link(netlink, spec.name)
    if existing is None:
        netlink.create_link(spec)
        return True
    if existing.kind != spec.kind:
        kind = existing.kind or "physical"
        raise NetworkSetupFailed(mode, f"{spec.name} exists already as a {kind} link, not a {spec.kind}")
    settings = netlink.link_settings(spec.name)
    log.info("Reusing an existing link", extra={"interface": spec.name, "settings": repr(settings)})
    return False


def attempt(what: str, action: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> list[str]:
    """Run one teardown step; a booty error becomes a logged problem sentence instead of stopping."""
    try:
        action(*args, **kwargs)
    except BootyError as e:
        log.warning("Teardown step failed", extra={"step": what, "reason": str(e)})
        return [f"{what}: {e}"]
    return []
