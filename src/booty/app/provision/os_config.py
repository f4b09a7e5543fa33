"""Step handlers: set-hostname to run-post-provision-cmds (being written)."""

from __future__ import annotations

from booty.app.provision.runner import StepHandler

OS_HANDLERS: dict[str, StepHandler] = {}
