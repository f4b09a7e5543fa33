"""The kernel half of FRR/EVPN mode (spec networking.md §4.1 steps 4 to 10, §4.2): the underlay
loopback, the VXLAN and provision bridge, the overlay loopback, the fabric NICs and the sysctls.

Everything done is written into a ``Progress`` as it happens, so that a failure half-way removes
exactly what was made (later upstream; v0.0.1 left it all behind) and a success hands the same
list to teardown. Addresses that were already on a link are not recorded: teardown must not
take away what booty did not add.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import attrs

from booty.app.network.common import ensure_link, find_link
from booty.domain.config.model import IPInterface, NetworkConfig
from booty.domain.errors import BootyError, LinkNotFound
from booty.domain.netdev import BridgeSpec, DummySpec, VxlanSpec
from booty.domain.network import BRIDGE_NAME, DerivedAddresses, vxlan_mtu, vxlan_name
from booty.domain.network.derive import DEFAULT_MTU, UNDERLAY_DUMMY
from booty.domain.network.frr_daemons import FRR_SYSCTLS
from booty.domain.network.modes import NetworkMode
from booty.domain.network.state import AddedAddress, ChangedMtu, ChangedSysctl, DaemonRecord, NetworkRecord
from booty.ports.netlink import Netlink

LOOPBACK = "lo"

log = logging.getLogger("booty.network")


@attrs.define
class Progress:
    """What FRR mode has made so far, in order."""

    frr_root: str = ""
    netns: str | None = None
    links: list[str] = attrs.field(factory=list)
    addresses: list[AddedAddress] = attrs.field(factory=list)
    sysctls: list[ChangedSysctl] = attrs.field(factory=list)
    mtus: list[ChangedMtu] = attrs.field(factory=list)
    daemons: list[DaemonRecord] = attrs.field(factory=list)
    loopbacks: list[IPInterface] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)

    def record(self, *, mode_up: bool = False) -> NetworkRecord:
        """The record of what was made; *mode_up* once FRR mode is up."""
        return NetworkRecord(
            mode=NetworkMode.FRR if mode_up else None,
            interface=BRIDGE_NAME if mode_up else "",
            netns=self.netns,
            links=tuple(self.links),
            addresses=tuple(self.addresses),
            sysctls=tuple(self.sysctls),
            mtus=tuple(self.mtus),
            daemons=tuple(self.daemons),
            frr_root=self.frr_root,
        )

    def warn(self, what: str, error: BootyError) -> None:
        log.warning("FRR setup step skipped", extra={"step": what, "reason": str(error)})
        self.warnings.append(f"{what}: {error}")


def make_fabric_links(
    netlink: Netlink,
    network: NetworkConfig,
    addresses: DerivedAddresses,
    nics: Sequence[str],
    progress: Progress,
) -> str:
    """Underlay loopback, VXLAN in the provision bridge, overlay loopback, fabric NICs up.

    Returns:
        The link holding the underlay address: ``dummy.underlay``, or ``lo`` when the kernel
        refused the dummy (spec §4.1 step 4).

    Raises:
        NetworkSetupFailed, NetlinkOperationFailed: a step that is not best-effort failed.
    """
    underlay_link = _underlay(netlink, addresses, progress)
    vxlan = vxlan_name(network.provision_vni)
    spec = VxlanSpec(vxlan, network.provision_vni, local=addresses.underlay, mtu=vxlan_mtu(DEFAULT_MTU))
    if _ensure(netlink, spec, progress):
        netlink.set_mtu(vxlan, spec.mtu)  # a reused VXLAN gets the MTU a new one is created with
    _ensure(netlink, BridgeSpec(BRIDGE_NAME, mac=addresses.bridge_mac), progress)
    netlink.set_master(vxlan, BRIDGE_NAME)
    netlink.set_up(BRIDGE_NAME)
    netlink.set_up(vxlan)
    if network.provision_ip is not None:
        _add_address(netlink, BRIDGE_NAME, network.provision_ip, progress)
    _add_address(netlink, LOOPBACK, addresses.overlay_loopback, progress)
    for nic in nics:
        _fabric_nic(netlink, nic, progress)
    log.info(
        "FRR kernel objects ready",
        extra={"underlay": str(addresses.underlay), "underlay_link": underlay_link, "vxlan": vxlan},
    )
    return underlay_link


def set_frr_sysctls(netlink: Netlink, progress: Progress) -> None:
    """Forwarding on, reverse-path filter off, RAs accepted; each failure only noted (§4.1 step 10)."""
    for path, value in FRR_SYSCTLS:
        try:
            previous = netlink.sysctl(path)
            if previous != value:
                netlink.set_sysctl(path, value)
                progress.sysctls.append(ChangedSysctl(path, previous))
        except BootyError as e:
            progress.warn(f"sysctl {path}={value}", e)


def _underlay(netlink: Netlink, addresses: DerivedAddresses, progress: Progress) -> str:
    """The underlay /32 on ``dummy.underlay``; on ``lo`` when the dummy cannot be had."""
    try:
        _ensure(netlink, DummySpec(UNDERLAY_DUMMY), progress)
        _add_address(netlink, UNDERLAY_DUMMY, addresses.underlay_loopback, progress)
        netlink.set_up(UNDERLAY_DUMMY)
    except BootyError as e:
        # Kernels without the dummy module answer EOPNOTSUPP; v0.0.1 fell back to lo the same way.
        progress.warn(f"underlay on {UNDERLAY_DUMMY} (using {LOOPBACK} instead)", e)
        if UNDERLAY_DUMMY in progress.links:
            netlink.delete_link(UNDERLAY_DUMMY)
            progress.links.remove(UNDERLAY_DUMMY)
        _add_address(netlink, LOOPBACK, addresses.underlay_loopback, progress)
        return LOOPBACK
    return UNDERLAY_DUMMY


def _ensure(netlink: Netlink, spec: DummySpec | VxlanSpec | BridgeSpec, progress: Progress) -> bool:
    """Create *spec*'s link (recorded) unless one of that kind exists; True when reused."""
    if ensure_link(netlink, spec, mode="frr"):
        progress.links.append(spec.name)
        return False
    return True


def _add_address(netlink: Netlink, link: str, address: IPInterface, progress: Progress) -> None:
    """Add *address*; record it for teardown unless it was there already or its link is booty's."""
    present = address in netlink.addresses(link)
    netlink.add_address(link, address)
    if address not in progress.loopbacks:
        progress.loopbacks.append(address)
    if not present and link not in progress.links:
        progress.addresses.append(AddedAddress(link, address))


def _fabric_nic(netlink: Netlink, nic: str, progress: Progress) -> None:
    """Jumbo MTU (the old one recorded for teardown) and up; each failure only noted (spec §4.1
    step 9)."""
    try:
        previous = _mtu(netlink, nic)
        if previous != DEFAULT_MTU:
            netlink.set_mtu(nic, DEFAULT_MTU)
            progress.mtus.append(ChangedMtu(nic, previous))
    except BootyError as e:
        progress.warn(f"MTU {DEFAULT_MTU} on {nic}", e)
    try:
        netlink.set_up(nic)
    except BootyError as e:
        progress.warn(f"bring {nic} up", e)


def _mtu(netlink: Netlink, name: str) -> int:
    """The MTU of link *name*.

    Raises:
        LinkNotFound: there is no such link.
    """
    link = find_link(netlink, name)
    if link is None:
        raise LinkNotFound(name, op="link get")
    return link.mtu
