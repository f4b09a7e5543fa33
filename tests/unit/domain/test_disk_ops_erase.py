"""Secure erase: nvme id-ctrl and hdparm -I outputs (tests/data), the decisions with their reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from booty.domain.disk.erase import (
    EraseMethod,
    EraseOutcome,
    decide_ata_erase,
    decide_nvme_erase,
    erase_summary,
)
from booty.domain.disk.hdparm import AtaSecurity, parse_hdparm_identify
from booty.domain.disk.nvme import (
    NvmeController,
    SanitizeState,
    SanitizeStatus,
    controller_of,
    parse_nvme_id_ctrl,
    parse_sanitize_log,
)
from booty.domain.errors import NvmeOutputUnreadable

DATA = Path(__file__).resolve().parents[2] / "data"


def nvme(name: str) -> NvmeController:
    return parse_nvme_id_ctrl((DATA / "nvme" / name).read_text())


def hdparm(name: str) -> AtaSecurity:
    return parse_hdparm_identify((DATA / "hdparm" / name).read_text())


## nvme id-ctrl


def test_json_of_nvme_cli_1_with_crypto_format() -> None:
    ctrl = nvme("nv1-256-crypto-format-id-ctrl.json")
    assert (ctrl.model, ctrl.serial, ctrl.oacs, ctrl.fna, ctrl.sanicap, ctrl.nn) == (
        "BOOTYFIX NV1 256GB",
        "BFX1A2B3C4D5",
        23,
        4,
        0x60000003,
        1,
    )
    assert (ctrl.format_supported, ctrl.crypto_format, ctrl.format_spans_namespaces) == (True, True, False)
    assert (ctrl.sanitize_crypto, ctrl.sanitize_block) == (True, True)


def test_json_of_nvme_cli_2_with_many_namespaces() -> None:
    ctrl = nvme("dc7-15t36-many-namespaces-id-ctrl.json")
    assert (ctrl.model, ctrl.oacs, ctrl.fna, ctrl.nn, ctrl.crypto_format) == (
        "BOOTYFIX DC7 15.36TB",
        94,
        4,
        128,
        True,
    )


def test_human_readable_listing_with_block_sanitize_only() -> None:
    ctrl = nvme("q3-500-block-sanitize-id-ctrl-H.txt")
    assert (ctrl.model, ctrl.oacs, ctrl.fna, ctrl.sanicap, ctrl.nn) == (
        "BOOTYFIX Q3 500GB",
        0x17,
        0,
        0xA0000002,
        1,
    )
    assert (ctrl.format_supported, ctrl.crypto_format, ctrl.sanitize_crypto, ctrl.sanitize_block) == (
        True,
        False,
        False,
        True,
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ((DATA / "nvme" / "loop-id-ctrl-not-nvme.stderr").read_text(), "no oacs, fna or sanicap"),
        ("", "no oacs, fna or sanicap"),
        ("{not json", "invalid JSON"),
        ("oacs : many\n", "not a number"),
        ('{"oacs": "0x1g"}', "not a number"),
    ],
)
def test_unreadable_id_ctrl(text: str, why: str) -> None:
    with pytest.raises(NvmeOutputUnreadable, match=why):
        parse_nvme_id_ctrl(text)


@pytest.mark.parametrize(("namespace", "ctrl"), [("nvme0n1", "/dev/nvme0"), ("/dev/nvme12n3", "/dev/nvme12")])
def test_controller_of(namespace: str, ctrl: str) -> None:
    assert controller_of(namespace) == ctrl


@pytest.mark.parametrize("name", ["sda", "nvme0", "nvme0n1p1"])
def test_controller_of_refuses_non_namespaces(name: str) -> None:
    with pytest.raises(ValueError, match="not an NVMe namespace"):
        controller_of(name)


## nvme sanitize-log (the two layouts of nvme-cli 1.x and 2.x)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"sprog": 65535, "sstat": 257, "cdw10_info": 4}', SanitizeStatus(SanitizeState.DONE, 65535)),
        ('{"nvme0": {"sprog": 1200, "sstat": 2}}', SanitizeStatus(SanitizeState.IN_PROGRESS, 1200)),
        ('{"nvme0": {"sstat": 3}}', SanitizeStatus(SanitizeState.FAILED)),
        ('{"sstat": "0x4"}', SanitizeStatus(SanitizeState.DONE_NO_DEALLOCATE)),
        ('{"sstat": 0}', SanitizeStatus(SanitizeState.NEVER)),
    ],
)
def test_sanitize_log(text: str, status: SanitizeStatus) -> None:
    assert parse_sanitize_log(text) == status


def test_sanitize_status_words() -> None:
    assert SanitizeStatus(SanitizeState.DONE).succeeded
    assert not SanitizeStatus(SanitizeState.IN_PROGRESS).finished
    assert SanitizeStatus(SanitizeState.FAILED).finished
    assert not SanitizeStatus(SanitizeState.FAILED).succeeded


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"nvme0": {"sprog": 1}}', "no sstat"),
        ('{"sstat": 7}', "unknown sanitize state 7"),
        ("[1, 2]", "not an object"),
    ],
)
def test_unreadable_sanitize_log(text: str, why: str) -> None:
    with pytest.raises(NvmeOutputUnreadable, match=why):
        parse_sanitize_log(text)


## hdparm -I


def test_ssd_not_frozen_with_enhanced_erase() -> None:
    assert hdparm("ssd-not-frozen-enhanced.txt") == AtaSecurity(
        present=True, supported=True, enhanced_erase=True, erase_minutes=2, enhanced_erase_minutes=2
    )


def test_hdd_not_frozen_without_enhanced_erase() -> None:
    assert hdparm("hdd-not-frozen-no-enhanced.txt") == AtaSecurity(present=True, supported=True)


def test_a_drive_without_the_security_feature_set() -> None:
    assert hdparm("hdd-security-not-supported.txt") == AtaSecurity(present=True)


def test_frozen_with_spaces_instead_of_tabs() -> None:
    security = hdparm("ssd-frozen-spaces.txt")
    assert (security.frozen, security.supported, security.enhanced_erase) == (True, True, True)
    assert (security.erase_minutes, security.enhanced_erase_minutes) == (4, 8)


def test_a_loop_device_has_no_security_section() -> None:
    assert hdparm("loop-not-ata.stdout") == AtaSecurity()


def test_locked_enabled_expired_and_the_next_section() -> None:
    text = (
        "Security: \n\t\tsupported\n\t\tenabled\n\t\tlocked\n\tnot\tfrozen\n\t\texpired: security count\n"
        "\n\tSecurity level high\nChecksum: correct\n\t\tfrozen\n"
    )
    assert parse_hdparm_identify(text) == AtaSecurity(
        present=True, supported=True, enabled=True, locked=True, count_expired=True
    )


## Decisions

CRYPTO = NvmeController(oacs=0b10, fna=0b100, sanicap=0b11)


@pytest.mark.parametrize(
    ("ctrl", "others", "method", "reason"),
    [
        (CRYPTO, (), EraseMethod.NVME_FORMAT_CRYPTO, "FNA bit 2: Format NVM supports crypto erase"),
        (
            NvmeController(oacs=0b10),
            (),
            EraseMethod.NVME_FORMAT_USER_DATA,
            "OACS bit 1: Format NVM supported",
        ),
        (
            NvmeController(oacs=0b10, fna=0b100),
            ("nvme0n2",),
            EraseMethod.NVME_FORMAT_CRYPTO,
            "FNA bit 2: Format NVM supports crypto erase",
        ),
        (
            NvmeController(oacs=0b10, fna=0b110),
            ("nvme0n2",),
            None,
            "a secure format would also erase nvme0n2, which were not chosen",
        ),
        (
            NvmeController(oacs=0b10, fna=0b001),
            ("nvme0n2", "nvme0n3"),
            None,
            "a secure format would also erase nvme0n2, nvme0n3, which were not chosen",
        ),
        (
            NvmeController(oacs=0b10, fna=0b011),
            (),
            EraseMethod.NVME_FORMAT_USER_DATA,
            "OACS bit 1: Format NVM supported",
        ),
        (
            NvmeController(sanicap=0b11),
            (),
            EraseMethod.NVME_SANITIZE_CRYPTO,
            "no Format NVM; SANICAP bit 0: crypto erase",
        ),
        (
            NvmeController(sanicap=0b10),
            (),
            EraseMethod.NVME_SANITIZE_BLOCK,
            "no Format NVM; SANICAP bit 1: block erase",
        ),
        (
            NvmeController(sanicap=0b10),
            ("nvme0n2",),
            None,
            "a sanitize would also erase nvme0n2, which were not chosen",
        ),
        (
            NvmeController(sanicap=0b100),
            (),
            None,
            "the controller supports neither Format NVM nor a sanitize erase",
        ),
        (NvmeController(), (), None, "the controller supports neither Format NVM nor a sanitize erase"),
    ],
)
def test_nvme_decision(
    ctrl: NvmeController, others: tuple[str, ...], method: EraseMethod | None, reason: str
) -> None:
    decision = decide_nvme_erase(ctrl, unapproved_namespaces=others)
    assert (decision.method, decision.reason) == (method, reason)


def test_nvme_decisions_of_the_fixture_controllers() -> None:
    assert (
        decide_nvme_erase(nvme("nv1-256-crypto-format-id-ctrl.json")).method is EraseMethod.NVME_FORMAT_CRYPTO
    )
    assert (
        decide_nvme_erase(nvme("q3-500-block-sanitize-id-ctrl-H.txt")).method
        is EraseMethod.NVME_FORMAT_USER_DATA
    )


SUPPORTED = AtaSecurity(present=True, supported=True)


@pytest.mark.parametrize(
    ("security", "method", "reason"),
    [
        (
            AtaSecurity(present=True, supported=True, enhanced_erase=True),
            EraseMethod.ATA_ENHANCED_ERASE,
            "not frozen; enhanced erase supported",
        ),
        (SUPPORTED, EraseMethod.ATA_ERASE, "not frozen; enhanced erase not supported"),
        (AtaSecurity(), None, "hdparm reports no ATA security feature set"),
        (AtaSecurity(present=True), None, "ATA security is not supported"),
        (
            AtaSecurity(present=True, supported=True, frozen=True),
            None,
            "ATA security is frozen (firmware froze it at boot)",
        ),
        (
            AtaSecurity(present=True, supported=True, locked=True, enabled=True),
            None,
            "the drive is locked with a password booty does not know",
        ),
        (AtaSecurity(present=True, supported=True, enabled=True), None, "a drive password is already set"),
        (
            AtaSecurity(present=True, supported=True, count_expired=True),
            None,
            "the security count expired (power-cycle the drive)",
        ),
    ],
)
def test_ata_decision(security: AtaSecurity, method: EraseMethod | None, reason: str) -> None:
    decision = decide_ata_erase(security)
    assert (decision.method, decision.reason) == (method, reason)


def test_ata_decisions_of_the_fixture_drives() -> None:
    """v0.0.1 saw ``frozen`` in ``not<TAB>frozen`` and never erased a drive (spec §2.6 [bug])."""
    assert decide_ata_erase(hdparm("ssd-not-frozen-enhanced.txt")).method is EraseMethod.ATA_ENHANCED_ERASE
    assert decide_ata_erase(hdparm("hdd-not-frozen-no-enhanced.txt")).method is EraseMethod.ATA_ERASE
    assert decide_ata_erase(hdparm("ssd-frozen-spaces.txt")).method is None
    assert (
        decide_ata_erase(hdparm("hdd-security-not-supported.txt")).reason == "ATA security is not supported"
    )


## Outcomes and the status line


def test_outcomes_and_summary() -> None:
    outcomes = (
        EraseOutcome("/dev/nvme0n1", EraseMethod.NVME_FORMAT_CRYPTO, "FNA bit 2"),
        EraseOutcome("/dev/sda", EraseMethod.METADATA_WIPE, "ATA security is frozen"),
        EraseOutcome("/dev/sdb", None, "hdparm -I exited 2: no such device"),
    )
    assert [o.ok for o in outcomes] == [True, True, False]
    assert erase_summary(outcomes) == (
        "secure erase: /dev/nvme0n1: nvme format, crypto erase; "
        "/dev/sda: metadata wipe (fallback: ATA security is frozen); "
        "/dev/sdb: failed (hdparm -I exited 2: no such device)"
    )
    assert erase_summary(()) == "secure erase: no disk"
    assert EraseMethod.ATA_ERASE.hardware
    assert not EraseMethod.METADATA_WIPE.hardware


def test_a_security_section_at_the_end_of_the_output() -> None:
    assert parse_hdparm_identify("Security:\n\t\tsupported\n\tnot\tfrozen") == AtaSecurity(
        present=True, supported=True
    )
