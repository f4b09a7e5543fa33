"""The configuration tests that decide whether a conditional step runs, each with its reasons.

Rules of this file:

1. One condition per configuration question, named after the /deploy/vars key it reads, so the
   ``booty plan`` output tells an operator which line to change.
2. Reasons are short, state the fact, and quote the key as written in /deploy/vars
   ("HOSTNAME is empty", not "no hostname configured"). ``_flag`` and ``_given`` write them.
"""

from __future__ import annotations

from collections.abc import Callable

from booty.domain.config import MachineConfig
from booty.domain.plan.step import Condition

Test = Callable[[MachineConfig], bool]


def _flag(key: str, holds: Test, *, when: bool = True, otherwise: str = "") -> Condition:
    """A boolean key: the step runs when the key reads *when*."""
    yes, no = ("true", "false") if when else ("false", "true")
    return Condition(key, holds, if_true=f"{key} is {yes}", if_false=otherwise or f"{key} is {no}")


def _given(key: str, holds: Test, *, otherwise: str = "") -> Condition:
    """A key that only matters when it has a value."""
    return Condition(key, holds, if_true=f"{key} is set", if_false=otherwise or f"{key} is empty")


INVENTORY_ENABLED = _flag("INVENTORY_ENABLED", lambda c: c.inventory_enabled)
FIRMWARE_REPORT = _flag("FIRMWARE_REPORT", lambda c: c.firmware_enabled)
HEALTH_CHECKS_ENABLED = _flag("HEALTH_CHECKS_ENABLED", lambda c: c.health_checks_enabled)
HOSTNAME_SET = _given("HOSTNAME", lambda c: bool(c.hostname))
DNS_RESOLVERS = Condition(
    "dns_resolver",
    lambda _config: True,  # with dns_resolver empty, the resolvers DHCP learned are written
    if_true="writes dns_resolver, or the resolvers DHCP learned when it is empty",
    if_false="",
)
POST_PROVISION_CMDS_SET = _given("POST_PROVISION_CMDS", lambda c: bool(c.post_provision_cmds))
NUM_VFS_SET = _given(
    "NUM_VFS", lambda c: c.num_vfs > 0, otherwise="NUM_VFS is 0 (SR-IOV settings are left alone)"
)
KEXEC_ENABLED = _flag("DISABLE_KEXEC", lambda c: not c.disable_kexec, when=False)
SECURE_ERASE = _flag("SECURE_ERASE", lambda c: c.secure_erase)
QUICK_WIPE = _flag(
    "SECURE_ERASE",
    lambda c: not c.secure_erase,
    when=False,
    otherwise="SECURE_ERASE is true: secure-erase-disks runs instead",
)
