"""Step handlers: report-init, collect-inventory, collect-firmware, health-checks (being written)."""

from __future__ import annotations

from booty.app.provision.runner import StepHandler

PREFLIGHT_HANDLERS: dict[str, StepHandler] = {}
