"""Inventory rules and the JSON document of spec provisioning.md §8."""

from __future__ import annotations

import json

import pytest

from booty.domain.hardware import Accelerator, Cpu, Dimm, Disk, Inventory, Nic, PciDevice, SystemInfo
from booty.domain.hardware import inventory as inv
from booty.domain.hardware.inventory_json import inventory_document, inventory_to_dict

XEON = "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"


def _block(n: int, socket: str, **extra: str) -> str:
    lines = [f"processor\t: {n}", f"model name\t: {XEON}", f"physical id\t: {socket}"]
    lines += [f"{k}\t: {v}" for k, v in extra.items()]
    return "\n".join(lines)


def test_one_cpu_per_socket_in_order_of_appearance() -> None:
    text = "\n\n".join(
        [
            _block(0, "1", **{"cpu cores": "32", "cpu MHz": "2000.999", "microcode": "0xd0003b9"}),
            _block(1, "0"),
            _block(2, "1"),
        ]
    )
    assert inv.parse_cpus(text) == (
        Cpu(XEON, cores=32, threads=2, socket=1, freq_mhz=2000, microcode="0xd0003b9"),
        Cpu(XEON, cores=0, threads=1, socket=0, freq_mhz=0, microcode=""),
    )


def test_blocks_without_model_name_are_not_cpus() -> None:
    assert inv.parse_cpus("processor : 0\nBogoMIPS : 50.00\n") == ()
    assert inv.parse_cpus("") == ()


@pytest.mark.parametrize(("mhz", "value"), [("2600.5", 2600), ("fast", 0), ("inf", 0), ("nan", 0)])
def test_frequency_is_truncated(mhz: str, value: int) -> None:
    (cpu,) = inv.parse_cpus(f"model name : x\ncpu MHz : {mhz}\nphysical id : junk\n")
    assert (cpu.freq_mhz, cpu.socket) == (value, 0)


def test_total_memory() -> None:
    assert inv.total_memory_bytes("MemTotal:       131891200 kB\n") == 131891200 * 1024
    assert inv.total_memory_bytes("") == 0


@pytest.mark.parametrize("size", ["", "No Module Installed", "0"])
def test_empty_slots_are_no_dimms(size: str) -> None:
    assert inv.parse_dimm(locator="A1", size=size, kind="DDR4", speed="3200") is None


def test_dimm() -> None:
    assert inv.parse_dimm(locator="A1", size="32768 MB", kind="DDR5", speed="4800 MT/s") == Dimm(
        "A1", 32, "DDR5", 4800
    )


@pytest.mark.parametrize(
    ("name", "listed"),
    [("sda", True), ("nvme0n1", True), ("loop0", False), ("ram0", False), ("dm-1", False), ("sr0", False)],
)
def test_inventory_disks(name: str, listed: bool) -> None:
    assert inv.is_inventory_disk(name) is listed


@pytest.mark.parametrize(
    ("name", "rotational", "sas", "kind", "transport"),
    [
        ("sda", "1", False, "HDD", "SATA"),
        ("sda", "1", True, "HDD", "SAS"),
        ("sdb", "0", False, "SSD", "SATA"),
        ("sdb", "0", True, "SSD", "SAS"),
        ("nvme0n1", "0", False, "NVMe", "NVMe"),
        ("nvme0n1", "1", True, "HDD", "NVMe"),
        ("vda", "", False, "SSD", "SATA"),
    ],
)
def test_disk_type_and_transport(name: str, rotational: str, sas: bool, kind: str, transport: str) -> None:
    disk = inv.describe_disk(name, size="", rotational=rotational, model="", serial="", firmware="", sas=sas)
    assert (disk.type, disk.transport, disk.rotational) == (kind, transport, rotational == "1")


def test_disk_size_is_in_sectors() -> None:
    disk = inv.describe_disk(
        "sda", size="7814037168", rotational="1", model="M", serial="S", firmware="F", sas=False
    )
    assert disk == Disk("sda", "M", "S", 7814037168 * 512, "HDD", "SATA", "F", True)
    assert (
        inv.describe_disk(
            "x", size="?", rotational="", model="", serial="", firmware="", sas=False
        ).size_bytes
        == 0
    )


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("eth0", True),
        ("lo", False),
        ("veth9", False),
        ("docker0", False),
        ("br-1", False),
        ("virbr0", False),
        ("bond0", False),
    ],
)
def test_inventory_nics(name: str, listed: bool) -> None:
    assert inv.is_inventory_nic(name) is listed


def test_sriov_vfs() -> None:
    assert (inv.sriov_vfs("128"), inv.sriov_vfs(""), inv.sriov_vfs("many")) == (128, 0, 0)


def test_accelerators_are_display_and_processing_devices() -> None:
    devices = [
        PciDevice("0000:00:1f.0", "0x8086", "0xa1c8", "0x060100"),
        PciDevice("0000:01:00.0", "0x10de", "0x20b5", "0x030000", driver="nvidia"),
        PciDevice("0000:02:00.0", "0x8086", "0x0b25", "0x120000"),
        PciDevice("0000:03:00.0", "0x1af4", "0x1050", "038000"),
    ]
    assert inv.find_accelerators(devices) == (
        Accelerator("0x10de:0x20b5", "0x10de", "0000:01:00.0", "nvidia"),
        Accelerator("0x8086:0x0b25", "0x8086", "0000:02:00.0"),
        Accelerator("0x1af4:0x1050", "0x1af4", "0000:03:00.0"),
    )


def test_empty_inventory_document() -> None:
    document = json.loads(inventory_document(Inventory("2026-01-01T00:00:00Z", SystemInfo())))
    assert document == {
        "timestamp": "2026-01-01T00:00:00Z",
        "system": {"vendor": "", "product": "", "serialNumber": "", "uuid": "", "biosVersion": ""},
        "cpus": None,
        "memory": {"totalBytes": 0},
        "disks": None,
        "nics": None,
    }


def test_full_inventory_document() -> None:
    full = Inventory(
        timestamp="t",
        system=SystemInfo("V", "P", "U", "B"),
        cpus=(Cpu("m", 1, 2, 0, 3, "mc"),),
        total_memory_bytes=5,
        dimms=(Dimm("A1", 16, "DDR4", 3200),),
        disks=(Disk("sda", "m", "s", 512, "SSD", "SATA", "f", False),),
        nics=(Nic("eth0", "i40e", "aa", "0000:03:00.0", "1000", 8, "1.0"),),
        pci_devices=(
            PciDevice("a", "v", "d", "c", driver="drv", revision="0x01"),
            PciDevice("b", "v", "d", "c"),
        ),
        accelerators=(Accelerator("v:d", "v", "a", "drv"), Accelerator("v:d", "v", "b")),
    )
    document = inventory_to_dict(full)
    assert list(document) == [
        "timestamp",
        "system",
        "cpus",
        "memory",
        "disks",
        "nics",
        "pciDevices",
        "accelerators",
    ]
    assert document["cpus"] == [
        {"model": "m", "cores": 1, "threads": 2, "socket": 0, "freqMHz": 3, "microcode": "mc"}
    ]
    assert document["memory"] == {
        "totalBytes": 5,
        "dimms": [{"slot": "A1", "sizeGB": 16, "type": "DDR4", "speedMHz": 3200, "ecc": False}],
    }
    assert document["disks"] == [
        {
            "name": "sda",
            "model": "m",
            "serial": "s",
            "sizeBytes": 512,
            "type": "SSD",
            "transport": "SATA",
            "firmware": "f",
            "rotational": False,
        }
    ]
    assert document["nics"] == [
        {
            "name": "eth0",
            "driver": "i40e",
            "mac": "aa",
            "pciAddr": "0000:03:00.0",
            "speed": "1000",
            "sriovVfs": 8,
            "firmware": "1.0",
        }
    ]
    assert document["pciDevices"] == [
        {"address": "a", "vendor": "v", "device": "d", "class": "c", "driver": "drv", "revision": "0x01"},
        {"address": "b", "vendor": "v", "device": "d", "class": "c"},
    ]
    assert document["accelerators"] == [
        {"name": "v:d", "vendor": "v", "pciAddr": "a", "driver": "drv"},
        {"name": "v:d", "vendor": "v", "pciAddr": "b"},
    ]
