"""What the CLI commands may touch, as handed over by ``booty.bootstrap``.

Commands reach files, servers and sysfs trees only through these, so each can be driven in tests
with fakes. Exit codes shared by every command: 0 success, 1 the operation failed, 2 bad input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import TextIO

import attrs

from booty.app.network.context import NetworkPorts
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.ports import Ports
from booty.ports.block import BlockDevices
from booty.ports.host import Host
from booty.ports.lldp import Lldp

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@attrs.frozen
class ControllerServeOptions:
    """What ``booty controller`` was asked to do."""

    listen: str
    record_dir: str | None = None
    token: str | None = None
    faults: tuple[str, ...] = ()


@attrs.frozen
class AgentWiring:
    """The ports of one agent run (``booty provision``, ``booty agent``), built for its config."""

    ports: Ports
    stream: StreamPorts
    network: NetworkPorts
    """The network bring-up's ports, sharing the clock, shell and HTTP client of ``ports``."""


@attrs.frozen
class CliServices:
    """The world as the CLI sees it."""

    host: Host
    serve_controller: Callable[[ControllerServeOptions], int]
    run_demo: Callable[[], int]
    block_devices: Callable[[str], BlockDevices]
    """Disks as read from the sysfs tree at the given root (``/sys`` on a real machine)."""
    lldp: Callable[[str | None], Lldp] | None = None
    """An LLDP listener in the named network namespace (None: booty's own); None when not wired."""
    stream_ports: Callable[[str | None], StreamPorts] | None = None
    """The ports image streaming needs, trusting the given extra CA bundle; None when not wired."""
    network_ports: Callable[[str | None], NetworkPorts] | None = None
    """The network bring-up's ports bound to the named namespace (None: booty's own); None when not wired."""
    agent_wiring: Callable[[MachineConfig], AgentWiring] | None = None
    """The real ports of an agent run, configured from its config; None when not wired."""
    environ: Mapping[str, str] = attrs.field(factory=dict)
    """The process environment (BOOTY_RESUME, BOOTY_NO_REBOOT); empty in tests unless given."""
    stdout: TextIO = sys.stdout
    stderr: TextIO = sys.stderr

    def read_text(self, path: str) -> str:
        """The UTF-8 text of *path*.

        Raises:
            OSError: the file cannot be read.
            UnicodeDecodeError: it is not UTF-8 text.
        """
        return self.host.read_file(path).decode("utf-8")

    def cannot_read(self, path: str, error: OSError | UnicodeDecodeError) -> int:
        """Say why *path* could not be read; returns the bad-input exit code."""
        reason = getattr(error, "strerror", None) or str(error)
        print(f"{path}: cannot read: {reason}", file=self.stderr)
        return EXIT_BAD_INPUT
