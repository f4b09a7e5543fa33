"""The inventory JSON document POSTed to INVENTORY_URL (spec provisioning.md §8; binding).

Rules of this file: keys are camelCase and in the spec's order; ``cpus``, ``disks`` and ``nics``
are ``null`` when empty (Go's nil slices); ``dimms``, ``pciDevices`` and ``accelerators`` are left
out when empty, as are a PCI device's empty ``driver``/``revision`` and an accelerator's empty
``driver``; every other key is always present, empty strings included. booty adds
``lldpNeighbors`` (``booty.domain.lldp.neighbors_to_inventory``), left out when none was heard, so
a controller that knows only the original document reads booty's unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from booty.domain.hardware.inventory import (
    Accelerator,
    Cpu,
    Dimm,
    Disk,
    Inventory,
    Nic,
    PciDevice,
    SystemInfo,
)
from booty.domain.lldp import neighbors_to_inventory


def inventory_document(inventory: Inventory) -> bytes:
    """The JSON document POSTed to INVENTORY_URL."""
    return json.dumps(inventory_to_dict(inventory)).encode()


def inventory_to_dict(inv: Inventory) -> dict[str, Any]:
    """The inventory as the JSON object of spec §8, keys in the spec's order."""
    memory: dict[str, Any] = {"totalBytes": inv.total_memory_bytes}
    if inv.dimms:
        memory["dimms"] = [_dimm(d) for d in inv.dimms]
    doc: dict[str, Any] = {
        "timestamp": inv.timestamp,
        "system": _system(inv.system),
        "cpus": _null_if_empty([_cpu_dict(c) for c in inv.cpus]),
        "memory": memory,
        "disks": _null_if_empty([_disk(d) for d in inv.disks]),
        "nics": _null_if_empty([_nic(n) for n in inv.nics]),
    }
    if inv.pci_devices:
        doc["pciDevices"] = [_pci(p) for p in inv.pci_devices]
    if inv.accelerators:
        doc["accelerators"] = [_accelerator(a) for a in inv.accelerators]
    if inv.lldp_neighbors:
        doc["lldpNeighbors"] = neighbors_to_inventory(inv.lldp_neighbors)
    return doc


def _null_if_empty(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    return list(items) or None


def _system(s: SystemInfo) -> dict[str, Any]:
    return {
        "vendor": s.vendor,
        "product": s.product,
        "serialNumber": s.serial_number,
        "uuid": s.uuid,
        "biosVersion": s.bios_version,
    }


def _cpu_dict(c: Cpu) -> dict[str, Any]:
    return {
        "model": c.model,
        "cores": c.cores,
        "threads": c.threads,
        "socket": c.socket,
        "freqMHz": c.freq_mhz,
        "microcode": c.microcode,
    }


def _dimm(d: Dimm) -> dict[str, Any]:
    return {"slot": d.slot, "sizeGB": d.size_gb, "type": d.type, "speedMHz": d.speed_mhz, "ecc": d.ecc}


def _disk(d: Disk) -> dict[str, Any]:
    return {
        "name": d.name,
        "model": d.model,
        "serial": d.serial,
        "sizeBytes": d.size_bytes,
        "type": d.type,
        "transport": d.transport,
        "firmware": d.firmware,
        "rotational": d.rotational,
    }


def _nic(n: Nic) -> dict[str, Any]:
    return {
        "name": n.name,
        "driver": n.driver,
        "mac": n.mac,
        "pciAddr": n.pci_addr,
        "speed": n.speed,
        "sriovVfs": n.sriov_vfs,
        "firmware": n.firmware,
    }


def _pci(p: PciDevice) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "address": p.address,
        "vendor": p.vendor,
        "device": p.device,
        "class": p.device_class,
    }
    if p.driver:
        doc["driver"] = p.driver
    if p.revision:
        doc["revision"] = p.revision
    return doc


def _accelerator(a: Accelerator) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": a.name, "vendor": a.vendor, "pciAddr": a.pci_addr}
    if a.driver:
        doc["driver"] = a.driver
    return doc
