"""The vocabulary of a pipeline: steps, what they need and provide, when they run, how they fail.

A ``Step`` is a value that describes one thing the agent does to the machine; it does not do it.
The app looks a step's handler up by ``name`` and lets ``on_error`` and ``retry`` decide what a
failure means, so the policy sits next to the step's name instead of inside its code (STYLE rule 7).

Rules of this file:

1. Values only: nothing here runs, reads or logs. Conditions test a ``MachineConfig`` and nothing
   else; what only the running machine can tell (is there a Mellanox NIC, is the ESP empty) is the
   handler's business, never a plan condition.
2. A resource names a fact about the machine that a later step relies on ("root mounted"). It is
   written in plain words because the feature files and the ``booty plan`` output show it.
3. ``needs`` and ``provides`` carry data dependencies only; pure ordering rules without data
   (``check-filesystem`` before ``mount-root``) live in ``booty.domain.plan.constraints``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

import attrs

from booty.domain.config import MachineConfig
from booty.domain.retry import RetryPolicy


class Resource(enum.Enum):
    """A fact about the machine that one step establishes and later steps rely on."""

    TARGET_DISK = "target disk"
    IMAGE_WRITTEN = "image written"
    PARTITIONS_VISIBLE = "partition table re-read"
    ROOT_PARTITION = "root partition"
    BOOT_PARTITION = "boot partition"
    LVM_ACTIVE = "LVM active"
    ROOT_MOUNTED = "root mounted"
    CHROOT_READY = "chroot ready"
    PARTITION_GROWN = "partition grown"
    BOOT_MENU = "boot menu written"
    MACHINE_FILES = "machine files copied"
    EFIVARS = "efivarfs mounted"
    KEXEC_LOADED = "kexec kernel loaded"
    OUTCOME_REPORTED = "outcome reported"
    LOGS_FLUSHED = "logs flushed"


class Phase(enum.Enum):
    """The stages of a pipeline, in the order they happen; a pipeline never goes back a phase."""

    PREFLIGHT = "pre-flight"
    """Report to the controller and look at the machine; nothing is changed yet."""
    PREPARE = "prepare"
    """Pick the target disk, release holders, clear old disks and boot entries."""
    INSTALL = "install"
    """Write the image and make its root filesystem usable."""
    CONFIGURE = "configure"
    """Change the installed OS (or, in soft deprovision, its boot menu)."""
    FINISH = "finish"
    """Unmount, report the outcome, flush the logs."""
    BOOT = "boot"
    """Leave the ramdisk: kexec into the installed kernel or reboot."""

    @property
    def rank(self) -> int:
        """Position of this phase in a pipeline (0 for pre-flight)."""
        return list(Phase).index(self)


class OnError(enum.Enum):
    """What a failure of a step (after its retries) means for the run."""

    FATAL = "fatal"
    """Stop the pipeline, report ``step <name> failed: <reason>`` to the controller."""
    BEST_EFFORT = "best effort"
    """Log a warning and go on with the next step."""


@attrs.frozen
class Condition:
    """When a step runs: a named test of the configuration, with the words for either answer."""

    name: str
    """What is tested, e.g. ``INVENTORY_ENABLED``."""
    holds: Callable[[MachineConfig], bool]
    if_true: str
    """Why the step runs, e.g. ``INVENTORY_ENABLED is true``."""
    if_false: str
    """Why the step is skipped, e.g. ``INVENTORY_ENABLED is false``."""

    def decide(self, config: MachineConfig) -> tuple[bool, str]:
        """Whether the step runs for *config*, and the reason in words."""
        runs = self.holds(config)
        return runs, self.if_true if runs else self.if_false


ALWAYS = Condition("always", lambda _config: True, if_true="always runs", if_false="")
"""The condition of a step that runs whatever the configuration says."""


def _resources(items: Iterable[Resource]) -> frozenset[Resource]:
    return frozenset(items)


@attrs.frozen
class Step:
    """One step of a pipeline, described; the app's handler table does the work."""

    name: str
    """The name the controller sees in ``step <name> failed`` and the logs carry as ``step``."""
    phase: Phase = attrs.field(kw_only=True)
    summary: str = attrs.field(kw_only=True)
    """What the step does, in one line."""
    needs: frozenset[Resource] = attrs.field(kw_only=True, default=frozenset(), converter=_resources)
    """Facts an earlier step must have established."""
    provides: frozenset[Resource] = attrs.field(kw_only=True, default=frozenset(), converter=_resources)
    """Facts this step establishes for later steps."""
    releases: frozenset[Resource] = attrs.field(kw_only=True, default=frozenset(), converter=_resources)
    """Facts that no longer hold after this step (``teardown-chroot`` releases root mounted)."""
    when: Condition = attrs.field(kw_only=True, default=ALWAYS)
    on_error: OnError = attrs.field(kw_only=True, default=OnError.FATAL)
    retry: RetryPolicy | None = attrs.field(kw_only=True, default=None)
    """Attempts of the whole step; ``None`` means one attempt (transports may still retry inside)."""
    destructive: bool = attrs.field(kw_only=True, default=False)
    """Destroys data or persistent settings that existed before booty ran (disks, NVRAM, firmware)."""
    touches_target_root: bool = attrs.field(kw_only=True, default=False)
    """Reads or writes files under the target root; such a step must need root mounted."""
    in_chroot: bool = attrs.field(kw_only=True, default=False)
    """Runs commands inside the installed OS; such a step must need chroot ready."""
