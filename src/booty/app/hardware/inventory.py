"""Use case: collect the hardware inventory of the machine (spec provisioning.md §8).

Reads DMI identity, /proc/cpuinfo, /proc/meminfo, SMBIOS memory devices, /sys/block,
/sys/class/net and /sys/bus/pci/devices through a ``SysTree``; the rules of what counts and how
it is described are in ``booty.domain.hardware.inventory``. Nothing fails: a missing file is an
empty field, a missing directory an empty list, exactly as v0.0.1 reported them.
"""

from __future__ import annotations

from booty.app.hardware.sysfs import PROC_LIMIT, SysTree
from booty.domain.hardware.inventory import (
    Dimm,
    Disk,
    Inventory,
    Nic,
    PciDevice,
    SystemInfo,
    describe_disk,
    find_accelerators,
    is_inventory_disk,
    is_inventory_nic,
    parse_cpus,
    parse_dimm,
    sriov_vfs,
    total_memory_bytes,
)

DMI = "/sys/class/dmi/id"
DMI_MEMORY_DEVICES = "/sys/firmware/dmi/entries"
SYS_BLOCK = "/sys/block"
SYS_NET = "/sys/class/net"
SYS_PCI = "/sys/bus/pci/devices"


def collect_inventory(tree: SysTree, *, timestamp: str) -> Inventory:
    """Everything the inventory reports about the machine under *tree*."""
    pci = collect_pci_devices(tree)
    return Inventory(
        timestamp=timestamp,
        system=collect_system(tree),
        cpus=parse_cpus(tree.read_raw("/proc/cpuinfo", limit=PROC_LIMIT) or ""),
        total_memory_bytes=total_memory_bytes(tree.read_raw("/proc/meminfo", limit=PROC_LIMIT) or ""),
        dimms=collect_dimms(tree),
        disks=collect_disks(tree),
        nics=collect_nics(tree),
        pci_devices=pci,
        accelerators=find_accelerators(pci),
    )


def collect_system(tree: SysTree) -> SystemInfo:
    """DMI vendor, product, UUID and BIOS version (the serial number is not read, as in v0.0.1)."""
    return SystemInfo(
        vendor=tree.text(f"{DMI}/sys_vendor"),
        product=tree.text(f"{DMI}/product_name"),
        uuid=tree.text(f"{DMI}/product_uuid"),
        bios_version=tree.text(f"{DMI}/bios_version"),
    )


def collect_dimms(tree: SysTree) -> tuple[Dimm, ...]:
    """Populated slots from the ``17-*`` (memory device) SMBIOS entries that have attribute files.

    Stock kernels expose only ``raw`` there, so this is normally empty; kept for kernels and
    tools that add decoded attributes.
    """
    dimms = []
    for entry in tree.entries(DMI_MEMORY_DEVICES):
        path = f"{DMI_MEMORY_DEVICES}/{entry}"
        if not entry.startswith("17-") or not tree.is_dir(path):
            continue
        dimm = parse_dimm(
            locator=tree.text(f"{path}/locator"),
            size=tree.text(f"{path}/size"),
            kind=tree.text(f"{path}/type"),
            speed=tree.text(f"{path}/speed"),
        )
        if dimm is not None:
            dimms.append(dimm)
    return tuple(dimms)


def collect_disks(tree: SysTree) -> tuple[Disk, ...]:
    """Whole disks of /sys/block, without loop, ram, device-mapper and optical devices."""
    return tuple(_disk(tree, name) for name in tree.entries(SYS_BLOCK) if is_inventory_disk(name))


def _disk(tree: SysTree, name: str) -> Disk:
    path = f"{SYS_BLOCK}/{name}"
    return describe_disk(
        name,
        size=tree.text(f"{path}/size"),
        rotational=tree.text(f"{path}/queue/rotational"),
        model=tree.text(f"{path}/device/model"),
        serial=tree.text(f"{path}/device/serial"),
        firmware=tree.text(f"{path}/device/firmware_rev"),
        sas=tree.exists(f"{path}/device/sas_address"),
    )


def collect_nics(tree: SysTree) -> tuple[Nic, ...]:
    """Interfaces backed by a device; virtual ones (bridges, bonds, veth, docker) are left out."""
    return tuple(
        _nic(tree, name)
        for name in tree.entries(SYS_NET)
        if is_inventory_nic(name) and tree.exists(f"{SYS_NET}/{name}/device")
    )


def _nic(tree: SysTree, name: str) -> Nic:
    path = f"{SYS_NET}/{name}"
    return Nic(
        name=name,
        driver=tree.link_name(f"{path}/device/driver"),
        mac=tree.text(f"{path}/address"),
        pci_addr=tree.link_name(f"{path}/device"),
        speed=tree.text(f"{path}/speed"),
        sriov_vfs=sriov_vfs(tree.text(f"{path}/device/sriov_totalvfs")),
        firmware=tree.text(f"{path}/device/firmware_version"),
    )


def collect_pci_devices(tree: SysTree) -> tuple[PciDevice, ...]:
    """Every PCI function, in bus order, with its ids as the kernel prints them."""
    return tuple(_pci(tree, address) for address in tree.entries(SYS_PCI))


def _pci(tree: SysTree, address: str) -> PciDevice:
    path = f"{SYS_PCI}/{address}"
    return PciDevice(
        address=address,
        vendor=tree.text(f"{path}/vendor"),
        device=tree.text(f"{path}/device"),
        device_class=tree.text(f"{path}/class"),
        driver=tree.link_name(f"{path}/driver"),
        revision=tree.text(f"{path}/revision"),
    )
