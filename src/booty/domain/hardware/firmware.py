"""The firmware report as values, its validation against minimum versions, and its JSON document
(spec provisioning.md §9; key names and omissions binding).

The app reads /sys (``booty.app.hardware.firmware``); everything here is pure. Validation only
informs: the collect-firmware step logs each result and never stops on a ``fail``.

Departure from v0.0.1: the per-driver NIC minimums are checked in the order the policy lists them
(v0.0.1 walked a Go map, in no fixed order), so the log reads the same on every run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs

from booty.domain.hardware.versions import compare_versions


@attrs.frozen
class ComponentVersion:
    """The firmware of one component (``BIOS`` or ``BMC``)."""

    component: str
    version: str = ""
    date: str = ""
    vendor: str = ""


@attrs.frozen
class NicFirmware:
    """The firmware of one network interface."""

    interface: str
    driver: str = ""
    version: str = ""
    pci_addr: str = ""


@attrs.frozen
class StorageFirmware:
    """The firmware of one storage controller (a SCSI host)."""

    controller: str
    version: str
    model: str = ""


@attrs.frozen
class FirmwareReport:
    """Everything the collect-firmware step reports."""

    bios: ComponentVersion
    bmc: ComponentVersion
    """In fact the baseboard's DMI vendor and version: sysfs has no BMC firmware version."""
    collected_at: str
    nics: tuple[NicFirmware, ...] = ()
    storage: tuple[StorageFirmware, ...] = ()


@attrs.frozen
class FirmwarePolicy:
    """Minimum versions; an empty minimum is not checked."""

    min_bios: str = ""
    min_bmc: str = ""
    min_nic: tuple[tuple[str, str], ...] = ()
    """(driver, minimum version) pairs; not configurable through /deploy/vars (as in v0.0.1)."""

    @property
    def empty(self) -> bool:
        """True when nothing would be checked."""
        return not (self.min_bios or self.min_bmc or self.min_nic)


@attrs.frozen
class VersionCheck:
    """The outcome of comparing one component's version with its minimum."""

    name: str
    """``firmware-bios``, ``firmware-bmc`` or ``firmware-nic-<interface>-<driver>``."""
    passed: bool
    message: str

    @property
    def status(self) -> str:
        """``pass`` or ``fail``."""
        return "pass" if self.passed else "fail"


def validate_firmware(report: FirmwareReport, policy: FirmwarePolicy) -> tuple[VersionCheck, ...]:
    """Compare *report* with *policy*: BIOS, then BMC, then each NIC whose driver has a minimum."""
    return tuple(_checks(report, policy))


def _checks(report: FirmwareReport, policy: FirmwarePolicy) -> Iterator[VersionCheck]:
    if policy.min_bios:
        yield check_version("firmware-bios", report.bios.version, policy.min_bios)
    if policy.min_bmc:
        yield check_version("firmware-bmc", report.bmc.version, policy.min_bmc)
    for driver, minimum in policy.min_nic:
        for nic in report.nics:
            if nic.driver == driver:
                yield check_version(f"firmware-nic-{nic.interface}-{driver}", nic.version, minimum)


def check_version(name: str, actual: str, minimum: str) -> VersionCheck:
    """One comparison; an unknown (empty) version fails."""
    if not actual:
        return VersionCheck(name, False, f"version unknown, minimum required: {minimum}")
    if compare_versions(actual, minimum) < 0:
        return VersionCheck(name, False, f"{actual} < minimum {minimum}")
    return VersionCheck(name, True, f"{actual} >= {minimum}")


def firmware_document(report: FirmwareReport) -> bytes:
    """The JSON document POSTed to FIRMWARE_URL."""
    return json.dumps(firmware_to_dict(report)).encode()


def firmware_to_dict(report: FirmwareReport) -> dict[str, Any]:
    """The report as the JSON object of spec §9: ``bmc`` always present, ``nics``/``storage``
    left out when empty, empty ``date``/``vendor``/``pciAddr``/``model`` left out."""
    doc: dict[str, Any] = {"bios": _component(report.bios), "bmc": _component(report.bmc)}
    if report.nics:
        doc["nics"] = [_nic(n) for n in report.nics]
    if report.storage:
        doc["storage"] = [_storage(s) for s in report.storage]
    doc["collectedAt"] = report.collected_at
    return doc


def _component(v: ComponentVersion) -> dict[str, Any]:
    doc: dict[str, Any] = {"component": v.component, "version": v.version}
    if v.date:
        doc["date"] = v.date
    if v.vendor:
        doc["vendor"] = v.vendor
    return doc


def _nic(n: NicFirmware) -> dict[str, Any]:
    doc: dict[str, Any] = {"interface": n.interface, "driver": n.driver, "version": n.version}
    if n.pci_addr:
        doc["pciAddr"] = n.pci_addr
    return doc


def _storage(s: StorageFirmware) -> dict[str, Any]:
    doc: dict[str, Any] = {"controller": s.controller}
    if s.model:
        doc["model"] = s.model
    doc["version"] = s.version
    return doc
