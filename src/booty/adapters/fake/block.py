"""An in-memory BlockDevices: the disks a test or the demo says the machine has."""

from __future__ import annotations

import attrs

from booty.domain.system import BlockDevice


@attrs.define
class FakeBlockDevices:
    """Holds ``BlockDevice`` values; add or remove disks by editing ``disks``."""

    disks: list[BlockDevice] = attrs.field(factory=list)

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """The disks, sorted by name like the sysfs adapter."""
        return tuple(sorted(self.disks, key=lambda disk: disk.name))
