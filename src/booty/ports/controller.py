"""Port: the provisioning controller (CAPRF): statuses, logs, heartbeats, commands, reports."""

from __future__ import annotations

from typing import Protocol

from booty.domain.controller import Command, Status


class Controller(Protocol):
    """What the agent tells its controller and asks of it. Empty URLs make a call a no-op."""

    def report_status(self, status: Status, message: str) -> None:
        """POST *message* to the URL of *status* (INIT_URL, SUCCESS_URL or ERROR_URL).

        Raises:
            ControllerError: the controller could not be told after the retries.
        """
        ...

    def ship_log(self, text: str) -> None:
        """POST one or more log lines (newline-separated) to LOG_URL."""
        ...

    def ship_debug(self, text: str) -> None:
        """POST a debug report to DEBUG_URL."""
        ...

    def heartbeat(self) -> None:
        """POST the literal ``heartbeat`` to HEARTBEAT_URL."""
        ...

    def fetch_commands(self) -> tuple[Command, ...]:
        """GET pending standby commands from COMMANDS_URL (204 and 404 mean none)."""
        ...

    def report_inventory(self, document: bytes) -> None:
        """POST the hardware inventory JSON to INVENTORY_URL."""
        ...

    def report_firmware(self, document: bytes) -> None:
        """POST the firmware report JSON to FIRMWARE_URL."""
        ...

    def report_health(self, document: bytes) -> None:
        """POST the health check results JSON to HEALTH_CHECK_URL."""
        ...
