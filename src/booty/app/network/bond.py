"""Use case: the bond pre-step (BOND_INTERFACES, BOND_MODE; spec networking.md §7.2).

``bond0`` is created (or an existing one reused), each BOND_INTERFACES entry is taken down and
enslaved, and the bond comes up; the kernel brings the slaves up with it. The bond then carries
whatever mode comes next (static or DHCP). Departures from v0.0.1, as later upstream: miimon
100 ms, LACP rate only for 802.3ad and hash policy only for hashing modes (``bond_spec``), an
existing bond is reused, zero slaves is an error, and teardown exists.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from booty.app.network.common import attempt, ensure_link
from booty.domain.config.model import BondMode
from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import bond_spec
from booty.domain.netresult import BondUp
from booty.ports.netlink import Netlink

BOND_NAME = "bond0"

log = logging.getLogger("booty.network")


def bond_up(netlink: Netlink, *, slaves: Sequence[str], mode: BondMode, name: str = BOND_NAME) -> BondUp:
    """Create bond *name* in *mode* over *slaves* and bring it up.

    A slave that is missing or refuses is skipped with its reason (in the result and the log).

    Raises:
        NetworkSetupFailed: no slave could be enslaved (a bond booty created is removed again),
            or *name* is taken by a link of another kind.
        NetlinkOperationFailed: the kernel refused the bond (EOPNOTSUPP: no bonding support).
    """
    spec = bond_spec(name, mode)
    created = ensure_link(netlink, spec, mode="bond")
    known = {link.name for link in netlink.links()}
    enslaved: list[str] = []
    skipped: list[tuple[str, str]] = []
    for slave in dict.fromkeys(s.strip() for s in slaves if s.strip()):
        reason = "no such link" if slave not in known else _enslave(netlink, slave, name)
        if reason:
            log.warning("Bond slave skipped", extra={"bond": name, "interface": slave, "reason": reason})
            skipped.append((slave, reason))
        else:
            enslaved.append(slave)
    if not enslaved:
        if created:
            netlink.delete_link(name)
        reasons = "; ".join(f"{slave}: {why}" for slave, why in skipped) or "BOND_INTERFACES is empty"
        raise NetworkSetupFailed("bond", f"no slave could be enslaved to {name} ({reasons})")
    netlink.set_up(name)
    log.info(
        "Bond up",
        extra={"bond": name, "mode": spec.mode, "slaves": ",".join(enslaved), "reused": not created},
    )
    return BondUp(spec, tuple(enslaved), tuple(skipped), created=created)


def bond_down(netlink: Netlink, bond: BondUp) -> tuple[str, ...]:
    """Remove the bond booty created (its slaves are released with it); a reused bond only
    loses the slaves booty enslaved.

    Returns:
        What could not be undone (empty when all went well).
    """
    if bond.created:
        return tuple(attempt(f"delete {bond.name}", netlink.delete_link, bond.name))
    problems: list[str] = []
    for slave in bond.slaves:
        problems += attempt(f"release {slave} from {bond.name}", netlink.set_master, slave, None)
    return tuple(problems)


def _enslave(netlink: Netlink, slave: str, bond: str) -> str:
    """Enslave *slave*; returns why not, or ``""``. Already a slave of *bond* is fine."""
    try:
        if netlink.master_of(slave) == bond:
            return ""
        # Older kernels refuse to enslave a running link; the bond brings it back up.
        netlink.set_down(slave)
        netlink.set_master(slave, bond)
    except BootyError as e:
        return str(e)
    return ""
