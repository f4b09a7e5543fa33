"""The hardware collectors over the real Host adapter: a sysfs-like tree with real symlinks, and
this machine's own /proc and /sys.

The same tree is also built in a FakeHost, and both must give the same inventory, firmware report
and health results: that keeps ``SysTree``'s own symlink resolution (which the fake needs) honest
against the kernel's. On the real /proc and /sys only what holds on every Linux machine is
asserted. No root is needed: everything here only reads.
"""

from __future__ import annotations

import json
import os
import posixpath
from pathlib import Path
from typing import Protocol

import pytest

from booty.adapters.fake.host import FakeHost
from booty.adapters.linux.host import LinuxHost
from booty.app.hardware import (
    HealthLimits,
    SysTree,
    collect_firmware,
    collect_inventory,
    machine_checks,
    run_checks,
)
from booty.domain.hardware import HEALTH_CHECKS, CheckStatus, firmware_document, inventory_document

PCI = "/sys/devices/pci0000:00"
NIC_DEVICE = f"{PCI}/0000:3b:00.0"

FILES = {
    "/sys/class/dmi/id/sys_vendor": "Acme\n",
    "/sys/class/dmi/id/product_name": "Rack 1\n",
    "/sys/class/dmi/id/bios_version": "U46 v2.72\n",
    "/sys/class/dmi/id/board_version": "1.05\n",
    "/proc/cpuinfo": "processor\t: 0\nmodel name\t: Test CPU\nphysical id\t: 0\ncpu cores\t: 1\n",
    "/proc/meminfo": "MemTotal:       16384000 kB\n",
    # sysfs keeps a disk's attributes under /sys/devices and links /sys/block/<name> there.
    f"{PCI}/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/size": "937703088\n",
    f"{PCI}/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/queue/rotational": "0\n",
    f"{PCI}/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/model": "SSD 480\n",
    f"{PCI}/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/ioerr_cnt": "0x0\n",
    f"{NIC_DEVICE}/net/eth0/address": "aa:bb:cc:dd:ee:ff\n",
    f"{NIC_DEVICE}/net/eth0/carrier": "1\n",
    f"{NIC_DEVICE}/net/eth0/speed": "25000\n",
    f"{NIC_DEVICE}/firmware_version": "22.39.1002\n",
    f"{NIC_DEVICE}/sriov_totalvfs": "8\n",
    f"{NIC_DEVICE}/vendor": "0x15b3\n",
    f"{NIC_DEVICE}/class": "0x020000\n",
    "/sys/bus/pci/drivers/mlx5_core/bind": "",
    "/sys/class/thermal/thermal_zone0/temp": "42000\n",
    "/sys/devices/system/edac/mc/mc0/ue_count": "0\n",
    "/sys/class/scsi_host/host0/firmware_rev": "4.6.0.27\n",
}
DIRS = ("/sys/devices/virtual/net/lo",)
LINKS = {
    "/sys/block/sda": "../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda",
    f"{PCI}/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/device": "../../../0:0:0:0",
    "/sys/class/net/eth0": "../../devices/pci0000:00/0000:3b:00.0/net/eth0",
    "/sys/class/net/lo": "../../devices/virtual/net/lo",
    f"{NIC_DEVICE}/net/eth0/device": "../../../0000:3b:00.0",
    f"{NIC_DEVICE}/driver": "../../../bus/pci/drivers/mlx5_core",
    "/sys/bus/pci/devices/0000:3b:00.0": "../../../devices/pci0000:00/0000:3b:00.0",
    # An absolute target, as some tools write: it must stay inside the tree's root.
    "/sys/class/dmi/id/board_vendor_link": "/sys/class/dmi/id/sys_vendor",
}


class Builder(Protocol):
    def file(self, path: str, content: str) -> None: ...
    def dir(self, path: str) -> None: ...
    def link(self, path: str, target: str) -> None: ...


class OnDisk:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _at(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    def file(self, path: str, content: str) -> None:
        self._at(path).parent.mkdir(parents=True, exist_ok=True)
        self._at(path).write_text(content)

    def dir(self, path: str) -> None:
        self._at(path).mkdir(parents=True, exist_ok=True)

    def link(self, path: str, target: str) -> None:
        self._at(path).parent.mkdir(parents=True, exist_ok=True)
        self._at(path).symlink_to(target)


class InMemory:
    def __init__(self, host: FakeHost, root: str) -> None:
        self.host, self.root = host, root

    def file(self, path: str, content: str) -> None:
        self.host.write_file(posixpath.join(self.root, path.lstrip("/")), content.encode())

    def dir(self, path: str) -> None:
        self.host.make_dirs(posixpath.join(self.root, path.lstrip("/")))

    def link(self, path: str, target: str) -> None:
        self.host.add_link(posixpath.join(self.root, path.lstrip("/")), target)


def build(into: Builder) -> None:
    for path, content in FILES.items():
        into.file(path, content)
    for path in DIRS:
        into.dir(path)
    for path, target in LINKS.items():
        into.link(path, target)


def _everything(tree: SysTree) -> tuple[object, object, list[tuple[str, str, str]]]:
    inventory = json.loads(inventory_document(collect_inventory(tree, timestamp="t")))
    firmware = json.loads(firmware_document(collect_firmware(tree, collected_at="t")))
    results = run_checks(machine_checks(tree, HealthLimits(min_memory_gib=8, min_cpus=1)), ())
    return inventory, firmware, [(r.name, r.status.value, r.message) for r in results]


@pytest.fixture
def linux_tree(tmp_path: Path) -> SysTree:
    build(OnDisk(tmp_path))
    return SysTree(LinuxHost(), str(tmp_path))


def test_collectors_follow_real_symlinks(linux_tree: SysTree) -> None:
    inventory, firmware, health = _everything(linux_tree)
    assert inventory["disks"][0]["name"] == "sda"  # type: ignore[index]
    assert inventory["disks"][0]["model"] == "SSD 480"  # type: ignore[index]
    assert inventory["nics"] == [  # type: ignore[index]
        {
            "name": "eth0",
            "driver": "mlx5_core",
            "mac": "aa:bb:cc:dd:ee:ff",
            "pciAddr": "0000:3b:00.0",
            "speed": "25000",
            "sriovVfs": 8,
            "firmware": "22.39.1002",
        }
    ]
    assert inventory["pciDevices"] == [  # type: ignore[index]
        {
            "address": "0000:3b:00.0",
            "vendor": "0x15b3",
            "device": "",
            "class": "0x020000",
            "driver": "mlx5_core",
        }
    ]
    assert firmware["nics"] == [  # type: ignore[index]
        {"interface": "eth0", "driver": "mlx5_core", "version": "22.39.1002", "pciAddr": "0000:3b:00.0"}
    ]
    assert firmware["storage"] == [{"controller": "host0", "version": "4.6.0.27"}]  # type: ignore[index]
    assert [status for _, status, _ in health] == ["pass"] * 7
    assert linux_tree.text("/sys/class/dmi/id/board_vendor_link") == "Acme"


def test_the_fake_host_reads_the_same_tree_the_same_way(linux_tree: SysTree) -> None:
    fake = FakeHost()
    build(InMemory(fake, "/machine"))
    assert _everything(SysTree(fake, "/machine")) == _everything(linux_tree)


def test_a_link_cycle_ends_instead_of_looping(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    tree = SysTree(LinuxHost(), str(tmp_path))
    assert tree.read("/a/x") is None
    assert not tree.exists("/a")
    assert tree.lexists("/a")
    assert tree.link_name("/a/b") == ""
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        tree.list_dir("/a")


@pytest.mark.skipif(not Path("/proc/meminfo").exists(), reason="no /proc on this machine")
def test_this_machine(tmp_path: Path) -> None:
    tree = SysTree(LinuxHost(), "/")
    inventory = collect_inventory(tree, timestamp="t")
    assert inventory.total_memory_bytes > 0
    assert all(nic.name != "lo" for nic in inventory.nics)
    if "model name" in Path("/proc/cpuinfo").read_text():  # some architectures do not name the model
        assert sum(cpu.threads for cpu in inventory.cpus) == os.cpu_count()
    document = json.loads(inventory_document(inventory))
    assert {"timestamp", "system", "cpus", "memory", "disks", "nics"} <= set(document)
    json.loads(firmware_document(collect_firmware(tree, collected_at="t")))
    results = run_checks(machine_checks(tree, HealthLimits(min_memory_gib=0, min_cpus=1)), ())
    assert [r.name for r in results] == [c.name for c in HEALTH_CHECKS]
    by_name = {r.name: r for r in results}
    assert by_name["minimum-cpu"].status is CheckStatus.PASS, by_name["minimum-cpu"].message
    assert by_name["minimum-memory"].status is CheckStatus.PASS
