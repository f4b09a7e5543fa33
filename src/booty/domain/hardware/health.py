"""Health check results, the fixed list of checks, the skip list, and the report's JSON.

The seven checks of spec provisioning.md §7 run in the order of ``HEALTH_CHECKS``; each has a fixed
name (what HEALTH_SKIP_CHECKS and the controller see) and a severity. A failed check blocks
provisioning only when its severity is critical. How each check judges what it read is in
``booty.domain.hardware.health_rules``; reading the machine is the app's business.

Rules of this file: values and pure functions only; result texts are the spec's, word for word,
because controllers and dashboards match on them.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any

import attrs

from booty.domain.errors import BootyError


class CheckStatus(enum.Enum):
    """The outcome of one check; v0.0.1 has no ``warn`` status (a warning is a severity)."""

    PASS = "pass"  # noqa: S105 - a check outcome, not a password
    FAIL = "fail"
    SKIP = "skip"


class Severity(enum.Enum):
    """How much a failure of the check matters; only ``critical`` failures stop provisioning."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@attrs.frozen
class CheckSpec:
    """A check's identity: its name and severity, known before it runs."""

    name: str
    severity: Severity

    def result(self, status: CheckStatus, message: str = "", details: str = "") -> HealthResult:
        """A result of this check."""
        return HealthResult(self.name, status, self.severity, message, details)


@attrs.frozen
class HealthResult:
    """What one check found."""

    name: str
    status: CheckStatus
    severity: Severity
    message: str = ""
    details: str = ""
    """Per-item findings (``sda: ioerr_cnt=0x5; sdb: ioerr_cnt=0x1``); empty when none."""

    @property
    def critical_failure(self) -> bool:
        """True when this result stops provisioning."""
        return self.status is CheckStatus.FAIL and self.severity is Severity.CRITICAL


DISK_PRESENCE = CheckSpec("disk-presence", Severity.CRITICAL)
DISK_IOERR = CheckSpec("disk-ioerr", Severity.WARNING)
MEMORY_ECC = CheckSpec("memory-ecc", Severity.CRITICAL)
MINIMUM_MEMORY = CheckSpec("minimum-memory", Severity.CRITICAL)
MINIMUM_CPU = CheckSpec("minimum-cpu", Severity.CRITICAL)
NIC_LINK_STATE = CheckSpec("nic-link-state", Severity.WARNING)
THERMAL_STATE = CheckSpec("thermal-state", Severity.WARNING)

HEALTH_CHECKS: tuple[CheckSpec, ...] = (
    DISK_PRESENCE,
    DISK_IOERR,
    MEMORY_ECC,
    MINIMUM_MEMORY,
    MINIMUM_CPU,
    NIC_LINK_STATE,
    THERMAL_STATE,
)
"""The checks of the health-checks step, in the order they run."""

SKIPPED_BY_CONFIGURATION = "skipped by configuration"


def parse_skip_list(text: str) -> frozenset[str]:
    """HEALTH_SKIP_CHECKS: names separated by ``,``, trimmed, empty pieces dropped (exact match)."""
    return frozenset(piece.strip() for piece in text.split(",") if piece.strip())


def skipped(spec: CheckSpec) -> HealthResult:
    """The result of a check named in the skip list: it was not run."""
    return spec.result(CheckStatus.SKIP, SKIPPED_BY_CONFIGURATION)


def critical_failures(results: Iterable[HealthResult]) -> tuple[str, ...]:
    """Names of the failed critical checks, in run order."""
    return tuple(r.name for r in results if r.critical_failure)


def health_document(results: Iterable[HealthResult]) -> bytes:
    """The JSON POSTed to HEALTH_CHECK_URL: a bare array, ``message``/``details`` left out when empty."""
    return json.dumps([_result_to_dict(r) for r in results]).encode()


def _result_to_dict(r: HealthResult) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": r.name, "status": r.status.value, "severity": r.severity.value}
    if r.message:
        doc["message"] = r.message
    if r.details:
        doc["details"] = r.details
    return doc


class CriticalHealthCheckFailed(BootyError):
    """At least one critical health check failed: the machine must not be provisioned.

    ``permanent``: the same hardware fails the same way on a retry.
    """

    permanent = True

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        super().__init__(f"critical health check(s) failed: {', '.join(self.names)}")
