"""Port: enumerate whole disks. Later capabilities add partition tables, wipes and growth."""

from __future__ import annotations

from typing import Protocol

from booty.domain.system import BlockDevice


class BlockDevices(Protocol):
    """The disks the kernel exposes."""

    def list_disks(self) -> tuple[BlockDevice, ...]:
        """Every whole disk, sorted by name; partitions are listed on their disk."""
        ...
