"""The configuration tests that decide whether a conditional step runs, each with its reasons.

Rules of this file:

1. One condition per configuration question, named after the /deploy/vars key it reads, so the
   ``booty plan`` output tells an operator which line to change.
2. Reasons are short, state the fact, and quote the key as written in /deploy/vars
   ("HOSTNAME is empty", not "no hostname configured").
"""

from __future__ import annotations

from booty.domain.plan.step import Condition

INVENTORY_ENABLED = Condition(
    "INVENTORY_ENABLED",
    lambda c: c.inventory_enabled,
    if_true="INVENTORY_ENABLED is true",
    if_false="INVENTORY_ENABLED is false",
)
FIRMWARE_REPORT = Condition(
    "FIRMWARE_REPORT",
    lambda c: c.firmware_enabled,
    if_true="FIRMWARE_REPORT is true",
    if_false="FIRMWARE_REPORT is false",
)
HEALTH_CHECKS_ENABLED = Condition(
    "HEALTH_CHECKS_ENABLED",
    lambda c: c.health_checks_enabled,
    if_true="HEALTH_CHECKS_ENABLED is true",
    if_false="HEALTH_CHECKS_ENABLED is false",
)
HOSTNAME_SET = Condition(
    "HOSTNAME",
    lambda c: bool(c.hostname),
    if_true="HOSTNAME is set",
    if_false="HOSTNAME is empty",
)
DNS_RESOLVERS_SET = Condition(
    "dns_resolver",
    lambda c: bool(c.network.dns_resolvers),
    if_true="dns_resolver is set",
    if_false="dns_resolver is empty",
)
POST_PROVISION_CMDS_SET = Condition(
    "POST_PROVISION_CMDS",
    lambda c: bool(c.post_provision_cmds),
    if_true="POST_PROVISION_CMDS is set",
    if_false="POST_PROVISION_CMDS is empty",
)
NUM_VFS_SET = Condition(
    "NUM_VFS",
    lambda c: c.num_vfs > 0,
    if_true="NUM_VFS is set",
    if_false="NUM_VFS is 0 (SR-IOV settings are left alone)",
)
KEXEC_ENABLED = Condition(
    "DISABLE_KEXEC",
    lambda c: not c.disable_kexec,
    if_true="DISABLE_KEXEC is false",
    if_false="DISABLE_KEXEC is true",
)
SECURE_ERASE = Condition(
    "SECURE_ERASE",
    lambda c: c.secure_erase,
    if_true="SECURE_ERASE is true",
    if_false="SECURE_ERASE is false",
)
QUICK_WIPE = Condition(
    "SECURE_ERASE",
    lambda c: not c.secure_erase,
    if_true="SECURE_ERASE is false",
    if_false="SECURE_ERASE is true: secure-erase-disks runs instead",
)
