"""Step handlers: EFI entries, Mellanox, kexec, report-success, flush-logs, reboot (being written)."""

from __future__ import annotations

from booty.app.provision.runner import StepHandler

BOOT_HANDLERS: dict[str, StepHandler] = {}
