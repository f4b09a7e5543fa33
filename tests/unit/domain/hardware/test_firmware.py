"""Firmware validation and the JSON document of spec provisioning.md §9."""

from __future__ import annotations

import json

import pytest

from booty.domain.hardware import (
    ComponentVersion,
    FirmwarePolicy,
    FirmwareReport,
    NicFirmware,
    StorageFirmware,
    check_version,
    firmware_document,
    validate_firmware,
)

EMPTY = FirmwareReport(ComponentVersion("BIOS"), ComponentVersion("BMC"), collected_at="2026-01-01T00:00:00Z")


@pytest.mark.parametrize(
    ("actual", "minimum", "status", "message"),
    [
        ("U50", "U46", "pass", "U50 >= U46"),
        ("U46", "U46", "pass", "U46 >= U46"),
        ("U30", "U46", "fail", "U30 < minimum U46"),
        ("", "U46", "fail", "version unknown, minimum required: U46"),
        ("2.80", "2.72", "pass", "2.80 >= 2.72"),
    ],
)
def test_check_version(actual: str, minimum: str, status: str, message: str) -> None:
    check = check_version("firmware-bios", actual, minimum)
    assert (check.name, check.status, check.message) == ("firmware-bios", status, message)


def test_only_the_minimums_given_are_checked() -> None:
    report = FirmwareReport(ComponentVersion("BIOS", "U50"), ComponentVersion("BMC", "1.0"), "t")
    assert validate_firmware(report, FirmwarePolicy()) == ()
    assert FirmwarePolicy().empty
    assert [c.name for c in validate_firmware(report, FirmwarePolicy(min_bmc="2"))] == ["firmware-bmc"]
    both = validate_firmware(report, FirmwarePolicy(min_bios="U46", min_bmc="2"))
    assert [(c.name, c.passed) for c in both] == [("firmware-bios", True), ("firmware-bmc", False)]


def test_nic_minimums_apply_per_driver_in_policy_order() -> None:
    report = FirmwareReport(
        ComponentVersion("BIOS"),
        ComponentVersion("BMC"),
        "t",
        nics=(
            NicFirmware("eth0", "i40e", "9.20"),
            NicFirmware("eth1", "mlx5_core", "22.1"),
            NicFirmware("eth2", "i40e", "8.5"),
        ),
    )
    policy = FirmwarePolicy(min_nic=(("mlx5_core", "22.31"), ("i40e", "9.00"), ("ice", "4.0")))
    assert not policy.empty
    assert [(c.name, c.status) for c in validate_firmware(report, policy)] == [
        ("firmware-nic-eth1-mlx5_core", "fail"),
        ("firmware-nic-eth0-i40e", "pass"),
        ("firmware-nic-eth2-i40e", "fail"),
    ]


def test_empty_report_document() -> None:
    assert json.loads(firmware_document(EMPTY)) == {
        "bios": {"component": "BIOS", "version": ""},
        "bmc": {"component": "BMC", "version": ""},
        "collectedAt": "2026-01-01T00:00:00Z",
    }


def test_full_report_document() -> None:
    report = FirmwareReport(
        ComponentVersion("BIOS", "U46 v2.72", "12/15/2023", "HPE"),
        ComponentVersion("BMC", "1.05", vendor="Lenovo"),
        "t",
        nics=(NicFirmware("eth0", "i40e", "9.20", "0000:3b:00.0"), NicFirmware("eth1")),
        storage=(StorageFirmware("host0", "4.6.0.27", "Adaptec SmartRAID"), StorageFirmware("host1", "1")),
    )
    document = json.loads(firmware_document(report))
    assert list(document) == ["bios", "bmc", "nics", "storage", "collectedAt"]
    assert document["bios"] == {
        "component": "BIOS",
        "version": "U46 v2.72",
        "date": "12/15/2023",
        "vendor": "HPE",
    }
    assert document["bmc"] == {"component": "BMC", "version": "1.05", "vendor": "Lenovo"}
    assert document["nics"] == [
        {"interface": "eth0", "driver": "i40e", "version": "9.20", "pciAddr": "0000:3b:00.0"},
        {"interface": "eth1", "driver": "", "version": ""},
    ]
    assert document["storage"] == [
        {"controller": "host0", "model": "Adaptec SmartRAID", "version": "4.6.0.27"},
        {"controller": "host1", "version": "1"},
    ]
