"""Secure erase decisions, pure: which hardware erase a disk supports, with the reason, and the
per-disk outcome the status message is built from.

Rules of this file (spec disk-and-image.md §2.6 and its [bug] notes, §7.6 and §7.7):

1. NVMe: Format NVM with a cryptographic erase (SES=2) when FNA bit 2 says the controller can,
   else with a user-data erase (SES=1) when OACS says Format NVM is supported at all; without
   Format NVM, a sanitize (crypto erase, else block erase) when SANICAP offers one. v0.0.1 always
   sent SES=1 and never sanitized.
2. A format or sanitize that reaches namespaces nobody approved is refused: when FNA bits 0/1 say
   a secure format spans every namespace, or for any sanitize (it acts on the whole subsystem),
   the other namespaces of the controller must all be approved too.
3. ATA: only a drive that reports security supported, not enabled, not locked, not frozen and its
   count not expired is erased; with the enhanced erase when it offers one (v0.0.1: never).
4. No hardware erase, or a failed one, is a failure of that disk; the config's
   SECURE_ERASE_FALLBACK turns it into a metadata wipe, and the outcome says so with the reason.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from booty.domain.disk.hdparm import AtaSecurity
from booty.domain.disk.nvme import NvmeController


class EraseMethod(enum.Enum):
    """How a disk was (or is to be) erased; the value is the wording of the status message."""

    NVME_FORMAT_CRYPTO = "nvme format, crypto erase"
    NVME_FORMAT_USER_DATA = "nvme format, user data erase"
    NVME_SANITIZE_CRYPTO = "nvme sanitize, crypto erase"
    NVME_SANITIZE_BLOCK = "nvme sanitize, block erase"
    ATA_ENHANCED_ERASE = "ATA enhanced security erase"
    ATA_ERASE = "ATA security erase"
    METADATA_WIPE = "metadata wipe"
    """Not an erase: partition tables and signatures cleared, first and last MiB zeroed."""

    @property
    def hardware(self) -> bool:
        """True for the methods the drive itself carries out."""
        return self is not EraseMethod.METADATA_WIPE


@attrs.frozen
class EraseDecision:
    """The hardware erase a disk supports, or ``None`` with the reason it has none."""

    method: EraseMethod | None
    reason: str


def decide_nvme_erase(ctrl: NvmeController, *, unapproved_namespaces: Sequence[str] = ()) -> EraseDecision:
    """The erase for a namespace of *ctrl* (rules 1 and 2).

    Args:
        ctrl: the controller's capabilities (``parse_nvme_id_ctrl``).
        unapproved_namespaces: other namespaces of the same controller that were not approved.
    """
    others = ", ".join(unapproved_namespaces)
    if ctrl.format_supported:
        if unapproved_namespaces and ctrl.format_spans_namespaces:
            return EraseDecision(None, f"a secure format would also erase {others}, which were not chosen")
        if ctrl.crypto_format:
            return EraseDecision(
                EraseMethod.NVME_FORMAT_CRYPTO, "FNA bit 2: Format NVM supports crypto erase"
            )
        return EraseDecision(EraseMethod.NVME_FORMAT_USER_DATA, "OACS bit 1: Format NVM supported")
    sanitize = (
        EraseMethod.NVME_SANITIZE_CRYPTO
        if ctrl.sanitize_crypto
        else EraseMethod.NVME_SANITIZE_BLOCK
        if ctrl.sanitize_block
        else None
    )
    if sanitize is None:
        return EraseDecision(None, "the controller supports neither Format NVM nor a sanitize erase")
    if unapproved_namespaces:
        return EraseDecision(None, f"a sanitize would also erase {others}, which were not chosen")
    bit = 0 if sanitize is EraseMethod.NVME_SANITIZE_CRYPTO else 1
    return EraseDecision(sanitize, f"no Format NVM; SANICAP bit {bit}: {sanitize.value.split(', ')[1]}")


def decide_ata_erase(security: AtaSecurity) -> EraseDecision:
    """The ATA security erase *security* allows (rule 3)."""
    refusal = next(
        (
            why
            for failed, why in (
                (not security.present, "hdparm reports no ATA security feature set"),
                (not security.supported, "ATA security is not supported"),
                (security.frozen, "ATA security is frozen (firmware froze it at boot)"),
                (security.locked, "the drive is locked with a password booty does not know"),
                (security.enabled, "a drive password is already set"),
                (security.count_expired, "the security count expired (power-cycle the drive)"),
            )
            if failed
        ),
        "",
    )
    if refusal:
        return EraseDecision(None, refusal)
    if security.enhanced_erase:
        return EraseDecision(EraseMethod.ATA_ENHANCED_ERASE, "not frozen; enhanced erase supported")
    return EraseDecision(EraseMethod.ATA_ERASE, "not frozen; enhanced erase not supported")


@attrs.frozen
class EraseOutcome:
    """What happened to one disk."""

    disk: str
    """The disk's node, e.g. ``/dev/nvme0n1``."""
    method: EraseMethod | None
    """The method that erased it; ``None`` when nothing did."""
    reason: str
    """Why this method (``FNA bit 2: ...``), or why the hardware erase was impossible or failed."""

    @property
    def ok(self) -> bool:
        """The disk was erased (or, where allowed, wiped)."""
        return self.method is not None

    def __str__(self) -> str:
        if self.method is None:
            return f"{self.disk}: failed ({self.reason})"
        if self.method is EraseMethod.METADATA_WIPE:
            return f"{self.disk}: {self.method.value} (fallback: {self.reason})"
        return f"{self.disk}: {self.method.value}"


def erase_summary(outcomes: Iterable[EraseOutcome]) -> str:
    """One line for the status message: ``secure erase: /dev/nvme0n1: nvme format, crypto erase; ...``."""
    return "secure erase: " + ("; ".join(str(o) for o in outcomes) or "no disk")
