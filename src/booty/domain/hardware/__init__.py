"""Hardware facts before provisioning: health checks, the inventory and the firmware report.

Pure rules over raw text the app read from /sys and /proc: ``health``/``health_rules`` decide the
seven checks of spec provisioning.md §7, ``inventory``/``inventory_json`` build the document of
§8, ``firmware`` builds and validates the report of §9 with ``versions.compare_versions``.
Nothing here reads a file, logs or looks at a clock; ``booty.app.hardware`` does the reading.
"""

from booty.domain.hardware.firmware import (
    ComponentVersion,
    FirmwarePolicy,
    FirmwareReport,
    NicFirmware,
    StorageFirmware,
    VersionCheck,
    check_version,
    firmware_document,
    validate_firmware,
)
from booty.domain.hardware.health import (
    HEALTH_CHECKS,
    CheckSpec,
    CheckStatus,
    CriticalHealthCheckFailed,
    HealthResult,
    Severity,
    critical_failures,
    health_document,
    parse_skip_list,
    skipped,
)
from booty.domain.hardware.health_rules import Unreadable
from booty.domain.hardware.inventory import (
    Accelerator,
    Cpu,
    Dimm,
    Disk,
    Inventory,
    Nic,
    PciDevice,
    SystemInfo,
)
from booty.domain.hardware.inventory_json import inventory_document
from booty.domain.hardware.stamp import rfc3339_utc
from booty.domain.hardware.versions import compare_versions

__all__ = [
    "HEALTH_CHECKS",
    "Accelerator",
    "CheckSpec",
    "CheckStatus",
    "ComponentVersion",
    "Cpu",
    "CriticalHealthCheckFailed",
    "Dimm",
    "Disk",
    "FirmwarePolicy",
    "FirmwareReport",
    "HealthResult",
    "Inventory",
    "Nic",
    "NicFirmware",
    "PciDevice",
    "Severity",
    "StorageFirmware",
    "SystemInfo",
    "Unreadable",
    "VersionCheck",
    "check_version",
    "compare_versions",
    "critical_failures",
    "firmware_document",
    "health_document",
    "inventory_document",
    "parse_skip_list",
    "rfc3339_utc",
    "skipped",
    "validate_firmware",
]
