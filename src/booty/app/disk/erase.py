"""Secure erase use case (``secure-erase-disks``): a hardware erase of every approved disk, the
method chosen from what the drive reports, and the outcome of each disk for the status message.

The decisions are ``booty.domain.disk.erase``'s; this module runs the tools in order:

* NVMe: ``nvme id-ctrl`` -> ``nvme format --ses=2|1`` (synchronous), or ``nvme sanitize`` and a
  poll of the sanitize log through the Clock until it is done.
* Anything else: ``hdparm -I`` -> ``--security-set-pass`` -> ``--security-erase[-enhanced]``
  (synchronous, may take hours); after a failed erase ``--security-disable``, so the drive is not
  left locked with a password only this run knew.
* When there is no hardware erase, or it failed: with SECURE_ERASE_FALLBACK the metadata wipe of
  ``booty.app.disk.wipe``, else the disk fails. Every disk is tried; the step fails afterwards
  with ``secure erase failed on <n> disk(s): ...`` (the later upstream's wording).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence

from booty.app.disk.common import last_line, log
from booty.app.disk.wipe import wipe_disk
from booty.domain.disk.commands import (
    hdparm_disable_password,
    hdparm_erase,
    hdparm_identify,
    hdparm_set_password,
    nvme_format,
    nvme_id_ctrl,
    nvme_sanitize,
    nvme_sanitize_log,
)
from booty.domain.disk.erase import (
    EraseDecision,
    EraseMethod,
    EraseOutcome,
    decide_ata_erase,
    decide_nvme_erase,
)
from booty.domain.disk.facts import is_nvme
from booty.domain.disk.hdparm import parse_hdparm_identify
from booty.domain.disk.nvme import controller_of, parse_nvme_id_ctrl, parse_sanitize_log
from booty.domain.disk.targets import ApprovedDisk, ApprovedTargets
from booty.domain.errors import BootyError, SecureEraseFailed
from booty.domain.shell import CommandResult
from booty.domain.system import BlockDevice
from booty.ports.block import BlockDevices
from booty.ports.clock import Clock
from booty.ports.shell import Shell

SANITIZE_POLL_S = 10.0
SANITIZE_MAX_WAIT_S = 24 * 3600.0
"""A sanitize of a large drive can take hours; give up after a day."""
SES = {EraseMethod.NVME_FORMAT_CRYPTO: 2, EraseMethod.NVME_FORMAT_USER_DATA: 1}
SANACT = {EraseMethod.NVME_SANITIZE_CRYPTO: 4, EraseMethod.NVME_SANITIZE_BLOCK: 2}


def new_password() -> str:
    """A fresh ATA password per disk: ``Erase-`` and 24 hex digits (the later upstream's form)."""
    return "Erase-" + secrets.token_hex(12)


def secure_erase_disks(
    shell: Shell,
    block: BlockDevices,
    clock: Clock,
    targets: ApprovedTargets,
    *,
    fallback: bool,
    machine_disks: Sequence[BlockDevice] = (),
    password: Callable[[], str] = new_password,
) -> tuple[EraseOutcome, ...]:
    """Erase every approved disk; the outcomes say which method erased which disk.

    Args:
        fallback: SECURE_ERASE_FALLBACK: wipe the metadata of a disk that cannot be erased.
        machine_disks: every disk of the machine, to find NVMe namespaces that share a
            controller with an approved one but were not approved themselves.
        password: makes the temporary ATA password (injectable so tests see a fixed one).

    Raises:
        SecureEraseFailed: a disk was neither erased nor (with *fallback*) wiped.
    """
    approved = {d.name for d in targets.disks}
    outcomes = []
    for disk in targets.disks:
        siblings = _unapproved_siblings(disk, machine_disks, approved)
        outcome = _erase(shell, clock, disk, siblings=siblings, password=password)
        if outcome.method is None and fallback:
            outcome = _fall_back(shell, block, disk, outcome.reason)
        log.info("Secure erase outcome", extra={"disk": disk.path, "outcome": str(outcome)})
        outcomes.append(outcome)
    failed = [(o.disk, o.reason) for o in outcomes if not o.ok]
    if failed:
        raise SecureEraseFailed(failed, outcomes=outcomes)
    return tuple(outcomes)


def _unapproved_siblings(
    disk: ApprovedDisk, machine_disks: Sequence[BlockDevice], approved: set[str]
) -> list[str]:
    """Other namespaces of an NVMe disk's controller that were not approved (none for other disks)."""
    if not is_nvme(disk.disk):
        return []
    pattern = re.escape(disk.name.rsplit("n", 1)[0]) + r"n\d+"
    return sorted(d.name for d in machine_disks if re.fullmatch(pattern, d.name) and d.name not in approved)


def _erase(
    shell: Shell, clock: Clock, disk: ApprovedDisk, *, siblings: list[str], password: Callable[[], str]
) -> EraseOutcome:
    nvme = is_nvme(disk.disk)
    decision = _nvme_decision(shell, disk, siblings) if nvme else _ata_decision(shell, disk)
    if decision.method is None:
        return EraseOutcome(disk.path, None, decision.reason)
    if nvme:
        failure = _run_nvme(shell, clock, disk, decision.method)
    else:
        failure = _run_ata(shell, disk, decision.method, password())
    if failure:
        return EraseOutcome(disk.path, None, f"{decision.method.value} failed: {failure}")
    return EraseOutcome(disk.path, decision.method, decision.reason)


def _nvme_decision(shell: Shell, disk: ApprovedDisk, siblings: list[str]) -> EraseDecision:
    result = shell.run(nvme_id_ctrl(disk.path))
    if not result.ok:
        return EraseDecision(None, f"nvme id-ctrl exited {result.returncode}: {last_line(result)}")
    try:
        ctrl = parse_nvme_id_ctrl(result.stdout)
    except BootyError as e:
        return EraseDecision(None, str(e))
    return decide_nvme_erase(ctrl, unapproved_namespaces=siblings)


def _ata_decision(shell: Shell, disk: ApprovedDisk) -> EraseDecision:
    result = shell.run(hdparm_identify(disk.path))
    if not result.ok:
        return EraseDecision(None, f"hdparm -I exited {result.returncode}: {last_line(result)}")
    return decide_ata_erase(parse_hdparm_identify(result.stdout))


def _run_nvme(shell: Shell, clock: Clock, disk: ApprovedDisk, method: EraseMethod) -> str:
    """Run the NVMe erase; the failure in words, or ``""``."""
    if method in SES:
        return _failure(shell.run(nvme_format(disk, ses=SES[method])))
    controller = controller_of(disk.name)
    started = _failure(shell.run(nvme_sanitize(disk, controller, action=SANACT[method])))
    return started or _wait_for_sanitize(shell, clock, controller)


def _wait_for_sanitize(shell: Shell, clock: Clock, controller: str) -> str:
    waited = 0.0
    while waited <= SANITIZE_MAX_WAIT_S:
        clock.sleep(SANITIZE_POLL_S)
        waited += SANITIZE_POLL_S
        result = shell.run(nvme_sanitize_log(controller))
        if not result.ok:
            return f"nvme sanitize-log: {_failure(result)}"
        try:
            status = parse_sanitize_log(result.stdout)
        except BootyError as e:
            return str(e)
        if status.finished:
            return "" if status.succeeded else f"sanitize ended in state {status.state.name.lower()}"
    return f"sanitize still running after {SANITIZE_MAX_WAIT_S:.0f} s"


def _run_ata(shell: Shell, disk: ApprovedDisk, method: EraseMethod, secret: str) -> str:
    """Set a password, erase; after a failed erase remove the password again."""
    failed = _failure(shell.run(hdparm_set_password(disk, secret)))
    if failed:
        return f"setting the security password: {failed}"
    erase = _failure(shell.run(hdparm_erase(disk, secret, enhanced=method is EraseMethod.ATA_ENHANCED_ERASE)))
    if erase:
        undo = _failure(shell.run(hdparm_disable_password(disk, secret)))
        return erase + (f"; removing the password failed too: {undo}" if undo else "")
    return ""


def _failure(result: CommandResult) -> str:
    return "" if result.ok else f"{result.argv[0]} exited {result.returncode}: {last_line(result)}"


def _fall_back(shell: Shell, block: BlockDevices, disk: ApprovedDisk, why: str) -> EraseOutcome:
    try:
        wipe_disk(shell, block, disk)
    except BootyError as e:
        return EraseOutcome(disk.path, None, f"{why}; fallback wipe failed: {e}")
    return EraseOutcome(disk.path, EraseMethod.METADATA_WIPE, why)
