"""The Protocols through which the app reaches the world, in domain terms, and the bundle of them.

Implementations never inherit from these Protocols; mypy --strict checks that they conform.
"""

from __future__ import annotations

import attrs

from booty.ports.block import BlockDevices
from booty.ports.clock import Clock
from booty.ports.controller import Controller
from booty.ports.host import Host
from booty.ports.http import Http
from booty.ports.lldp import Lldp
from booty.ports.netlink import Netlink
from booty.ports.processes import Processes
from booty.ports.shell import Shell


@attrs.frozen
class Ports:
    """Everything a use case may touch. Built only by ``booty.bootstrap``."""

    netlink: Netlink
    block: BlockDevices
    http: Http
    shell: Shell
    controller: Controller
    host: Host
    clock: Clock
    lldp: Lldp
    processes: Processes


__all__ = [
    "BlockDevices",
    "Clock",
    "Controller",
    "Host",
    "Http",
    "Lldp",
    "Netlink",
    "Ports",
    "Processes",
    "Shell",
]
