"""Use case: collect the firmware versions of the machine (spec provisioning.md §9).

BIOS and "BMC" (the baseboard's DMI vendor and version: sysfs has no BMC firmware) from
/sys/class/dmi/id, NIC firmware from /sys/class/net, storage controller firmware from
/sys/class/scsi_host. Validation and the JSON document are in ``booty.domain.hardware.firmware``.
"""

from __future__ import annotations

from booty.app.hardware.sysfs import SysTree
from booty.domain.hardware.firmware import ComponentVersion, FirmwareReport, NicFirmware, StorageFirmware

DMI = "/sys/class/dmi/id"
SYS_NET = "/sys/class/net"
SYS_SCSI_HOST = "/sys/class/scsi_host"


def collect_firmware(tree: SysTree, *, collected_at: str) -> FirmwareReport:
    """The firmware report of the machine under *tree*; never fails (missing is empty)."""
    return FirmwareReport(
        bios=ComponentVersion(
            "BIOS",
            version=tree.text(f"{DMI}/bios_version"),
            date=tree.text(f"{DMI}/bios_date"),
            vendor=tree.text(f"{DMI}/bios_vendor"),
        ),
        bmc=ComponentVersion(
            "BMC", version=tree.text(f"{DMI}/board_version"), vendor=tree.text(f"{DMI}/board_vendor")
        ),
        collected_at=collected_at,
        nics=collect_nic_firmware(tree),
        storage=collect_storage_firmware(tree),
    )


def collect_nic_firmware(tree: SysTree) -> tuple[NicFirmware, ...]:
    """Every interface but ``lo`` whose ``device`` is a directory (a real device behind it)."""
    nics = []
    for name in tree.entries(SYS_NET):
        device = f"{SYS_NET}/{name}/device"
        if name == "lo" or not tree.is_dir(device):
            continue
        nics.append(
            NicFirmware(
                interface=name,
                driver=tree.link_name(f"{device}/driver"),
                version=tree.text(f"{device}/firmware_version"),
                pci_addr=tree.link_name(device),
            )
        )
    return tuple(nics)


def collect_storage_firmware(tree: SysTree) -> tuple[StorageFirmware, ...]:
    """SCSI hosts that report a firmware revision (HBAs and RAID controllers; AHCI ports do not)."""
    storage = []
    for host in tree.entries(SYS_SCSI_HOST):
        version = tree.text(f"{SYS_SCSI_HOST}/{host}/firmware_rev")
        if version:
            storage.append(
                StorageFirmware(host, version, model=tree.text(f"{SYS_SCSI_HOST}/{host}/model_name"))
            )
    return tuple(storage)
