"""Step handlers of the disk: detect-disk to resize-filesystem, teardown, soft deprovision (being written)."""

from __future__ import annotations

from booty.app.provision.runner import StepHandler

DISK_HANDLERS: dict[str, StepHandler] = {}
