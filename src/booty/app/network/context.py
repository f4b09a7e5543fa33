"""What the network bring-up needs: its ports, bundled, and the options an operator or test sets.

``NetworkPorts`` is a subset of ``booty.ports.Ports`` (``from_ports``), so the agent passes its
ports; ``booty net`` gets one bound to a network namespace from the composition root.
"""

from __future__ import annotations

import attrs

from booty.app.network.dhcp import DHCP_TIMEOUT_S
from booty.app.network.static import CARRIER_TIMEOUT_S
from booty.domain.network import DEFAULT_FRR_ROOT, IpmiIdentity
from booty.domain.network.frr_daemons import FRR_SBIN
from booty.ports import Ports
from booty.ports.clock import Clock
from booty.ports.host import Host
from booty.ports.http import Http
from booty.ports.netlink import Netlink
from booty.ports.processes import Processes
from booty.ports.shell import Shell

BGP_TIMEOUT_S = 120.0
"""How long FRR mode waits for a first Established session before it counts as failed."""
DAEMON_READY_TIMEOUT_S = 15.0
"""How long a freshly started FRR daemon may take to open its vty socket."""


@attrs.frozen
class NetworkPorts:
    """The ports the network use cases touch, all bound to the same network namespace."""

    netlink: Netlink
    clock: Clock
    shell: Shell
    host: Host
    processes: Processes
    http: Http
    """For the connectivity wait: its connections must leave from the same namespace."""

    @classmethod
    def from_ports(cls, ports: Ports) -> NetworkPorts:
        """The agent's own ports, in its own namespace."""
        return cls(ports.netlink, ports.clock, ports.shell, ports.host, ports.processes, ports.http)


@attrs.frozen
class NetworkOptions:
    """How to bring the network up, beyond what /deploy/vars says."""

    interfaces: tuple[str, ...] = ()
    """Use these links instead of the auto-detected physical NICs: DHCP asks on them, static
    mode takes the first when STATIC_IFACE is empty, FRR peers over them. For labs and tests,
    where NICs are veth or virtio links without a device in sysfs."""
    netns: str | None = None
    """The named network namespace the ports are bound to; FRR's daemons are started there too."""
    dhcp_timeout_s: float = DHCP_TIMEOUT_S
    carrier_timeout_s: float = CARRIER_TIMEOUT_S
    bgp_timeout_s: float = BGP_TIMEOUT_S
    daemon_ready_timeout_s: float = DAEMON_READY_TIMEOUT_S
    frr_root: str = DEFAULT_FRR_ROOT
    """Where booty's FRR keeps its files, sockets and logs."""
    frr_sbin: str = FRR_SBIN
    ipmi: IpmiIdentity | None = None
    """What IPMI detection would find; None runs the detection (spec §3.5) when a BGP mode needs it."""
