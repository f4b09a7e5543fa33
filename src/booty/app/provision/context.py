"""What every step handler works with: the configuration, the ports, the options of this run, and
the state earlier steps left behind (target disk, partitions, mounts, the kexec image).

Rules of this file:

1. ``RunState`` is the only mutable thing a handler touches besides the machine; it holds exactly
   the facts of spec provisioning.md §2.1 (and booty's additions), each written by one step.
2. Paths inside the installed system go through ``RunContext.in_root`` so that nothing is written
   outside the target root by accident (``..`` cannot climb out).
3. A handler that needs a fact an earlier step should have established asks for it through a
   ``require_*`` method, which fails with the name of the missing fact instead of ``None`` errors.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable

import attrs

from booty.app.hardware.lldp_survey import LldpSurvey
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.disk.filesystem import NEW_ROOT
from booty.domain.disk.sfdisk import PartitionTable
from booty.domain.disk.targets import ApprovedDisk, ApprovedTargets
from booty.domain.errors import BootyError
from booty.domain.stream.plan import StreamTuning
from booty.domain.system import KexecImage, Mount
from booty.ports import Ports

DEPLOY_DIR = "/deploy"
CHECKPOINT_PATH = "/tmp/booty-checkpoint.json"  # noqa: S108 - the ramdisk's /tmp is private to booty

log = logging.getLogger("booty.provision")


class MissingRunFact(BootyError):
    """A step ran without a fact an earlier step must provide (a plan or resume defect)."""

    def __init__(self, fact: str) -> None:
        super().__init__(f"{fact} is not known: the step that establishes it did not run")
        self.fact = fact


@attrs.frozen
class AgentOptions:
    """How this run of the agent differs from a run inside the ramdisk of a real machine."""

    target_root: str = NEW_ROOT
    """Where the installed root is mounted (``/newroot``)."""
    deploy_dir: str = DEPLOY_DIR
    """Where ``file-system/``, ``machine-files/`` and ``machine-commands/`` are looked for."""
    host_root: str = "/"
    """Prefix of the host's /sys, /proc and /sys/class/dmi reads (hardware reports, console)."""
    no_reboot: bool = False
    """Log the kexec or reboot instead of doing it (``booty provision --no-reboot``)."""
    resume: bool = False
    """Skip the steps a checkpoint records as done (``--resume`` or BOOTY_RESUME=true)."""
    checkpoint_path: str = CHECKPOINT_PATH
    stream_tuning: StreamTuning = attrs.field(factory=StreamTuning)

    def host_path(self, path: str) -> str:
        """*path* (absolute, e.g. ``/sys/block``) on the host as this run sees it."""
        return posixpath.join(self.host_root, path.lstrip("/"))


@attrs.define
class RunState:
    """Facts established by steps for later steps (spec provisioning.md §2.1, plus booty's)."""

    targets: ApprovedTargets | None = None
    """Disks destructive steps may touch (detect-disk, or the eligible disks of a deprovision)."""
    target: ApprovedDisk | None = None
    """The disk the image goes to."""
    table: PartitionTable | None = None
    root_partition: str = ""
    boot_partition: str = ""
    """The EFI system partition, or ``""`` when the image has none."""
    mounts: list[Mount] = attrs.field(factory=list)
    """Mounts made by this run, oldest first; unmounted in reverse on teardown or failure."""
    firmware_changed: bool = False
    """NIC firmware settings changed: the machine needs a cold reboot, not kexec."""
    kexec_image: KexecImage | None = None
    kexec_title: str = ""
    learned_resolvers: tuple[str, ...] = ()
    """DNS servers learned by DHCP, used when dns_resolver is empty."""
    image_written: bool = False
    """At least one byte of an image reached the target: a failure must not leave it bootable."""
    left_ramdisk: bool = False
    """kexec or reboot was issued (or, with --no-reboot, would have been)."""
    written: list[str] = attrs.field(factory=list)
    """Files written into the target root, as paths inside it (for reports and the demo)."""
    host_mounts: list[Mount] = attrs.field(factory=list)
    """Mounts this run made on the host outside the target root (efivarfs); left mounted."""
    lldp_survey: LldpSurvey | None = None
    """The LLDP listening the agent started with the network, for collect-inventory to collect."""


@attrs.frozen
class RunContext:
    """Everything a step handler may use."""

    config: MachineConfig
    ports: Ports
    stream: StreamPorts
    options: AgentOptions = AgentOptions()
    state: RunState = attrs.field(factory=RunState)
    flush_logs: Callable[[], None] = lambda: None
    """Send every queued log record to LOG_URL (the flush-logs step)."""
    recent_logs: Callable[[], list[str]] = list
    """The last log lines, for the debug report."""

    @property
    def root(self) -> str:
        """The target root directory."""
        return self.options.target_root

    def in_root(self, path: str) -> str:
        """*path* of the installed system (``/etc/hostname``) as a path under the target root.

        Raises:
            ValueError: *path* climbs out of the root with ``..``.
        """
        inner = posixpath.normpath("/" + path.lstrip("/"))
        if inner.startswith("/.."):
            raise ValueError(f"{path!r} leaves the target root")
        return posixpath.join(self.root, inner.lstrip("/")) if inner != "/" else self.root

    def require_target(self) -> ApprovedDisk:
        """The approved target disk (set by detect-disk)."""
        if self.state.target is None:
            raise MissingRunFact("the target disk")
        return self.state.target

    def require_root_partition(self) -> str:
        """The root partition's node (set by parse-partitions)."""
        if not self.state.root_partition:
            raise MissingRunFact("the root partition")
        return self.state.root_partition

    def record_write(self, path: str) -> None:
        """Remember that *path* (inside the installed system) was written, and log it."""
        self.state.written.append(path)
        log.info("Wrote file in target root", extra={"path": path})
