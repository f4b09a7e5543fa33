"""Reading the machine for the pre-flight steps: health checks, hardware inventory, firmware report.

Collectors read the host's /sys and /proc through the Host port (``SysTree``, which follows
sysfs symlinks itself) and hand raw text to the pure rules of ``booty.domain.hardware``.
"""

from booty.app.hardware.firmware import collect_firmware
from booty.app.hardware.health import HealthLimits, machine_checks, run_checks
from booty.app.hardware.inventory import collect_inventory
from booty.app.hardware.sysfs import SysTree

__all__ = ["HealthLimits", "SysTree", "collect_firmware", "collect_inventory", "machine_checks", "run_checks"]
