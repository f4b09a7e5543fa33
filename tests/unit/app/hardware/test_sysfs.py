"""SysTree: sysfs paths read through the Host port with symlinks resolved by booty itself."""

from __future__ import annotations

import pytest

from booty.adapters.fake.host import FakeHost
from booty.app.hardware import HealthLimits, SysTree, machine_checks, run_checks
from booty.app.hardware.sysfs import MAX_LINK_HOPS


@pytest.fixture
def host() -> FakeHost:
    host = FakeHost()
    host.write_file("/m/sys/devices/pci0000:00/0000:03:00.0/net/eth0/address", b"aa:bb\n")
    host.write_file("/m/sys/devices/pci0000:00/0000:03:00.0/vendor", b"0x8086\n")
    host.add_link("/m/sys/class/net/eth0", "../../devices/pci0000:00/0000:03:00.0/net/eth0")
    host.add_link("/m/sys/devices/pci0000:00/0000:03:00.0/net/eth0/device", "../../../0000:03:00.0/")
    host.add_link("/m/sys/class/net/abs", "/sys/devices/pci0000:00/0000:03:00.0/net/eth0")
    host.add_link("/m/sys/class/net/gone", "../../devices/virtual/net/gone")
    return host


def test_relative_links_are_followed_component_by_component(host: FakeHost) -> None:
    tree = SysTree(host, "/m")
    assert tree.resolve("/sys/class/net/eth0/device/vendor") == "/sys/devices/pci0000:00/0000:03:00.0/vendor"
    assert tree.read("/sys/class/net/eth0/device/vendor") == "0x8086"
    assert tree.read_raw("/sys/class/net/eth0/address") == "aa:bb\n"


def test_absolute_link_targets_stay_under_the_root(host: FakeHost) -> None:
    assert SysTree(host, "/m").text("/sys/class/net/abs/address") == "aa:bb"


def test_link_names(host: FakeHost) -> None:
    tree = SysTree(host, "/m")
    assert tree.link_name("/sys/class/net/eth0/device") == "0000:03:00.0"  # trailing slash ignored
    assert tree.link_name("/sys/class/net/eth0/address") == ""  # a file, not a link
    assert tree.link_name("/sys/class/net/eth0/nothing") == ""


def test_dangling_links_exist_only_as_links(host: FakeHost) -> None:
    tree = SysTree(host, "/m")
    assert not tree.exists("/sys/class/net/gone")
    assert tree.lexists("/sys/class/net/gone")
    assert not tree.lexists("/sys/class/net/never")
    assert tree.read("/sys/class/net/gone/address") is None


def test_directories_and_missing_paths(host: FakeHost) -> None:
    tree = SysTree(host, "/m")
    assert tree.is_dir("/sys/class/net/eth0/device")
    assert not tree.is_dir("/sys/class/net/eth0/address")
    assert tree.read("/sys/class/net") is None  # a directory is not readable text
    assert tree.entries("/sys/class/net") == ("abs", "eth0", "gone")
    assert tree.entries("/sys/class/nothing") == ()
    with pytest.raises(FileNotFoundError):
        tree.list_dir("/sys/class/nothing")


def test_a_link_cycle_is_eloop() -> None:
    host = FakeHost()
    host.add_link("/a", "b")
    host.add_link("/b", "a")
    tree = SysTree(host)
    with pytest.raises(OSError, match="symbolic links") as caught:
        tree.resolve("/a/file")
    assert caught.value.filename == "/a/file"
    assert (tree.exists("/a"), tree.is_dir("/a"), tree.read("/a")) == (False, False, None)
    assert tree.link_name("/a/x") == ""
    assert not tree.lexists("/a/x")
    assert MAX_LINK_HOPS == 40


def test_only_mc_directories_count_as_memory_controllers() -> None:
    host = FakeHost()
    host.write_file("/sys/devices/system/edac/mc/mc0/ue_count", b"2\n")
    host.write_file("/sys/devices/system/edac/mc/mc1", b"7\n")  # not a directory
    host.write_file("/sys/devices/system/edac/mc/power/ue_count", b"5\n")  # not a controller
    host.make_dirs("/sys/devices/system/edac/mc/mc2")  # no counter
    results = run_checks(machine_checks(SysTree(host), HealthLimits()), ())
    ecc = next(r for r in results if r.name == "memory-ecc")
    assert (ecc.status.value, ecc.message) == ("fail", "2 uncorrectable ECC error(s) detected")


def test_unreadable_proc_files_name_the_path() -> None:
    results = run_checks(machine_checks(SysTree(FakeHost(), "/m"), HealthLimits(min_cpus=1)), ())
    cpu = next(r for r in results if r.name == "minimum-cpu")
    assert (cpu.message, cpu.details) == (
        "cannot read CPU info",
        "/m/proc/cpuinfo: No such file or directory",
    )
