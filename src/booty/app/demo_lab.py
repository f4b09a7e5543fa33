"""What the composition root hands ``booty demo``: the servers, the real ports for the demo's own
setup, and the port bundles of the agent run (fenced real ports as root, fakes without).

Only protocols and values live here, so ``booty.app.demo`` and its helpers can be driven in tests
with fakes. v0.0.1 had no demo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.system import KexecImage
from booty.ports import Ports
from booty.ports.host import Host
from booty.ports.shell import Shell


class ControllerLab(Protocol):
    """The mock controller as the demo sees it."""

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``."""
        ...

    def statuses(self) -> list[tuple[str, str]]:
        """Accepted statuses, in order."""
        ...

    def log_lines(self) -> list[str]:
        """Accepted log lines, in order."""
        ...

    def request_count(self, path: str) -> int:
        """How many requests reached *path*."""
        ...


class ImageHost(Protocol):
    """The image server as the demo sees it."""

    def url(self, name: str) -> str:
        """The URL of file *name*."""
        ...

    def stop(self) -> None:
        """Stop serving."""
        ...


class BootRecord(Protocol):
    """What the fenced host recorded instead of booting."""

    kexec_images: list[KexecImage]
    reboots: list[bool]


@attrs.frozen
class DemoRig:
    """The ports of the demo's agent run, and what is fenced or simulated in them."""

    ports: Ports
    stream: StreamPorts
    boots: BootRecord
    notes: tuple[str, ...] = ()
    """One line per port that is not the real thing, saying why."""
    deferred: list[tuple[str, ...]] = attrs.field(factory=list)
    """Commands the fenced shell left for the demo to run after the pipeline (filled during it)."""


@attrs.frozen
class DemoLab:
    """What the composition root hands the demo."""

    workdir: str
    """An empty directory the demo may fill; the caller removes it afterwards."""
    is_root: bool
    shell: Shell
    host: Host
    controller: ControllerLab
    serve_images: Callable[[str], ImageHost]
    """Serve a directory on 127.0.0.1 (started)."""
    rig: Callable[[MachineConfig, str], DemoRig]
    """Real, fenced ports that show only the given disk (root only)."""
    simulated: Callable[[MachineConfig, str, str, int], DemoRig] | None = None
    """Fake disks, mounts and commands with the real controller and HTTP (without root), given
    the image's root tree, the target root and the fake disk's size in bytes."""
    stream_ports: Callable[[], StreamPorts] | None = None
    """Real streaming ports, for the download into a file without root."""
    connect_timeout_s: float = 15.0
