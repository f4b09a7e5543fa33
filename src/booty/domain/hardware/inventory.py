"""The hardware inventory as values, and the rules that turn raw sysfs/procfs text into them
(spec provisioning.md §8); the JSON document is ``booty.domain.hardware.inventory_json``.

The app reads the files (``booty.app.hardware.inventory``); everything here is pure. Collection
never fails: what cannot be read is empty or zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from booty.domain.hardware.procfs import cpuinfo_blocks, leading_int, mem_total_kib, parse_int
from booty.domain.lldp import LldpNeighbor


@attrs.frozen
class SystemInfo:
    """DMI identity of the machine (/sys/class/dmi/id); the serial number is never read."""

    vendor: str = ""
    product: str = ""
    uuid: str = ""
    bios_version: str = ""
    serial_number: str = ""


@attrs.frozen
class Cpu:
    """One CPU socket, described by the first /proc/cpuinfo block of that ``physical id``."""

    model: str
    cores: int
    threads: int
    """Logical CPUs (cpuinfo blocks) of this socket."""
    socket: int
    freq_mhz: int
    microcode: str


@attrs.frozen
class Dimm:
    """One populated memory slot (SMBIOS type 17)."""

    slot: str
    size_gb: int
    type: str
    speed_mhz: int
    ecc: bool = False
    """Always false: sysfs does not tell (as in v0.0.1)."""


@attrs.frozen
class Disk:
    """One whole disk of /sys/block."""

    name: str
    model: str
    serial: str
    size_bytes: int
    type: str
    """``HDD``, ``NVMe`` or ``SSD``."""
    transport: str
    """``NVMe``, ``SAS`` or ``SATA``."""
    firmware: str
    rotational: bool


@attrs.frozen
class Nic:
    """One physical network interface of /sys/class/net."""

    name: str
    driver: str
    mac: str
    pci_addr: str
    speed: str
    """As the kernel reports it, in Mbit/s (``25000``; ``-1`` when the link is down)."""
    sriov_vfs: int
    firmware: str


@attrs.frozen
class PciDevice:
    """One device of /sys/bus/pci/devices; ids as raw strings (``0x8086``)."""

    address: str
    vendor: str
    device: str
    device_class: str
    driver: str = ""
    revision: str = ""


@attrs.frozen
class Accelerator:
    """A display or processing-accelerator PCI device (a GPU, an offload engine)."""

    name: str
    vendor: str
    pci_addr: str
    driver: str = ""


@attrs.frozen
class Inventory:
    """Everything the collect-inventory step reports."""

    timestamp: str
    system: SystemInfo
    cpus: tuple[Cpu, ...] = ()
    total_memory_bytes: int = 0
    dimms: tuple[Dimm, ...] = ()
    disks: tuple[Disk, ...] = ()
    nics: tuple[Nic, ...] = ()
    pci_devices: tuple[PciDevice, ...] = ()
    accelerators: tuple[Accelerator, ...] = ()
    lldp_neighbors: tuple[LldpNeighbor, ...] = ()
    """The switch ports the NICs are cabled to, as heard over LLDP (booty's addition)."""


def parse_cpus(cpuinfo: str) -> tuple[Cpu, ...]:
    """One ``Cpu`` per ``physical id``, in order of first appearance; blocks without ``model name``
    are not counted (so architectures without that key report no CPUs, as v0.0.1 did)."""
    sockets: dict[int, list[dict[str, str]]] = {}
    for block in cpuinfo_blocks(cpuinfo):
        if block.get("model name"):
            sockets.setdefault(parse_int(block.get("physical id", "")) or 0, []).append(block)
    return tuple(_cpu(socket, blocks) for socket, blocks in sockets.items())


def _cpu(socket: int, blocks: list[dict[str, str]]) -> Cpu:
    first = blocks[0]
    return Cpu(
        model=first["model name"],
        cores=parse_int(first.get("cpu cores", "")) or 0,
        threads=len(blocks),
        socket=socket,
        freq_mhz=_truncated_float(first.get("cpu MHz", "")),
        microcode=first.get("microcode", ""),
    )


def _truncated_float(text: str) -> int:
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        return 0


def total_memory_bytes(meminfo: str) -> int:
    """MemTotal in bytes (kB times 1024); 0 when it cannot be found."""
    return (mem_total_kib(meminfo) or 0) * 1024


def parse_dimm(*, locator: str, size: str, kind: str, speed: str) -> Dimm | None:
    """A DIMM from the attribute files of one ``17-*`` DMI entry; None for an empty slot."""
    if size in ("", "No Module Installed", "0"):
        return None
    return Dimm(slot=locator, size_gb=leading_int(size) // 1024, type=kind, speed_mhz=leading_int(speed))


def is_inventory_disk(name: str) -> bool:
    """A /sys/block entry the inventory lists (no ``device`` needed, unlike the health check)."""
    return not name.startswith(("loop", "ram", "dm-", "sr"))


def describe_disk(
    name: str, *, size: str, rotational: str, model: str, serial: str, firmware: str, sas: bool
) -> Disk:
    """A ``Disk`` from its sysfs attributes (*size* in 512-byte sectors; *sas*: has a SAS address)."""
    spinning = rotational == "1"
    nvme = name.startswith("nvme")
    kind = "HDD" if spinning else "NVMe" if nvme else "SSD"
    transport = "NVMe" if nvme else "SAS" if sas else "SATA"
    return Disk(
        name=name,
        model=model,
        serial=serial,
        size_bytes=(parse_int(size) or 0) * 512,
        type=kind,
        transport=transport,
        firmware=firmware,
        rotational=spinning,
    )


def is_inventory_nic(name: str) -> bool:
    """A /sys/class/net entry the inventory lists when it also has a ``device``."""
    return name != "lo" and not name.startswith(("veth", "docker", "br-", "virbr", "bond"))


def sriov_vfs(text: str) -> int:
    """``device/sriov_totalvfs`` as a number (0 when absent or not a number)."""
    return parse_int(text) or 0


def find_accelerators(devices: Iterable[PciDevice]) -> tuple[Accelerator, ...]:
    """PCI devices of class 03 (display) or 12 (processing accelerator), in bus order."""
    return tuple(
        Accelerator(f"{d.vendor}:{d.device}", d.vendor, d.address, d.driver)
        for d in devices
        if d.device_class.removeprefix("0x").startswith(("03", "12"))
    )
