"""Port bundles for running booty's pipeline on a machine that is not being installed.

``fenced_linux_ports``: the real adapters (sysfs block devices, the host, subprocess, urllib3,
the CAPRF client) behind the fences of ``booty.adapters.lab``: only the lab's disk is visible,
kexec and reboot are recorded, EFI looks absent and efibootmgr is not run; the network ports are
fakes because the lab leaves this machine's network alone.

``simulated_ports``: for a run without root. Disks, mounts and commands are fakes; the fake disk
holds what booty streams into it; ``sfdisk --json`` is answered by the real sfdisk reading those
bytes; the target root already holds the image's root tree (a fake mount shows nothing by
itself). The controller and HTTP client are real.
"""

from __future__ import annotations

import json
import posixpath
import tempfile
from pathlib import Path

import attrs

from booty.adapters.caprf import CaprfController, ControllerEndpoints
from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.fake.host import FakeHost
from booty.adapters.fake.lldp import FakeLldp
from booty.adapters.fake.netlink import FakeNetlink
from booty.adapters.fake.processes import FakeProcesses
from booty.adapters.fake.shell import FakeShell, ShellCall
from booty.adapters.lab import FencedHost, FencedShell, VisibleDisks
from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.clock import MonotonicClock
from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.http import HttpOptions, Urllib3Http
from booty.adapters.linux.shell import SubprocessShell
from booty.domain.config import MachineConfig
from booty.domain.shell import CommandResult
from booty.domain.system import BlockDevice, FileKind
from booty.ports import Ports
from booty.ports.host import Host

HIDDEN_HOST_PATHS = ("/sys/firmware/efi",)
"""This machine's EFI variables: with them hidden, the EFI steps find no EFI host."""
CAP_SYS_RESOURCE = 24
"""Needed by the kernel to grow a mounted ext4 (EXT4_IOC_RESIZE_FS); containers often drop it."""
DEFERRED_RESIZE = {
    "resize2fs": (
        "deferred by the lab: this process lacks CAP_SYS_RESOURCE, so the kernel refuses to grow a "
        "mounted ext4; the lab grows it offline once the root is unmounted"
    )
}
REFUSED_PROGRAMS = {
    "efibootmgr": "not run by the lab: it would change this machine's firmware boot entries",
    "kexec": "not run by the lab: this machine keeps its kernel",
    "reboot": "not run by the lab: this machine keeps running",
}


@attrs.frozen
class LabPorts:
    """A port bundle and its fences, for the caller to report on."""

    ports: Ports
    host: FencedHost
    shell: FencedShell
    notes: tuple[str, ...]


def fenced_linux_ports(config: MachineConfig, disk: str) -> LabPorts:
    """The real ports of an agent run that may only see and write *disk*."""
    clock = MonotonicClock()
    http = Urllib3Http(HttpOptions(ca_bundle=config.ca_bundle or None))
    host = FencedHost(LinuxHost(), hidden=HIDDEN_HOST_PATHS)
    deferred = {} if has_capability(CAP_SYS_RESOURCE) else DEFERRED_RESIZE
    shell = FencedShell(SubprocessShell(), refused=REFUSED_PROGRAMS, deferred=deferred)
    ports = Ports(
        netlink=FakeNetlink(),
        block=VisibleDisks(SysfsBlockDevices(), frozenset({disk})),
        http=http,
        shell=shell,
        controller=CaprfController(ControllerEndpoints.from_config(config), http, clock),
        host=host,
        clock=clock,
        lldp=FakeLldp(),
        processes=FakeProcesses(),
    )
    notes = (
        f"disks: booty sees only {disk}; this machine's own disks are hidden from it",
        "network: left alone (no bring-up; links come from a fake netlink)",
        "EFI: /sys/firmware/efi is hidden and efibootmgr is not run: this machine's boot entries stay",
        "kexec and reboot: recorded, not done (the sample kernel is a placeholder)",
        *(["resize2fs: " + DEFERRED_RESIZE["resize2fs"]] if deferred else []),
    )
    return LabPorts(ports, host, shell, notes)


def has_capability(number: int, *, status_file: str = "/proc/self/status") -> bool:
    """True when capability *number* is in this process's effective set (unknown: True)."""
    try:
        text = Path(status_file).read_text()
    except OSError:
        return True
    for line in text.splitlines():
        if line.startswith("CapEff:"):
            return bool(int(line.split()[1], 16) >> number & 1)
    return True


def simulated_ports(config: MachineConfig, *, disk_bytes: int, root_tree: str, target_root: str) -> LabPorts:
    """Fake disks, mounts and commands around the real controller and HTTP client.

    Args:
        disk_bytes: size of the fake disk ``/dev/vda`` (held in memory).
        root_tree: a directory holding the image's root tree, copied under *target_root*.
        target_root: where the pipeline mounts the root.
    """
    clock = MonotonicClock()
    http = Urllib3Http(HttpOptions(ca_bundle=config.ca_bundle or None))
    block = FakeBlockDevices(
        disks=[BlockDevice(name="vda", size_bytes=disk_bytes, model="booty demo disk")],
        devices={"/dev/vda": FakeDevice.of_size(disk_bytes)},
    )
    fake_host = FakeHost()
    _copy_tree(LinuxHost(), root_tree, fake_host, target_root)
    for path in ("/dev", "/proc", "/sys", "/run", "/sys/firmware"):
        fake_host.make_dirs(path)  # the chroot binds' sources, as on any machine
    fake_shell = FakeShell()
    fake_shell.script_prefix(["sfdisk", "--json"], lambda call: _real_sfdisk_json(call, block))
    fake_shell.script_prefix(["blkid"], lambda call: _real_blkid(call, block))
    fake_shell.script_prefix(["lvm", "pvs"], stdout='{"report": [{"pv": []}]}\n')  # no LVM in memory
    host = FencedHost(fake_host)
    shell = FencedShell(fake_shell, refused={})
    ports = Ports(
        netlink=FakeNetlink(),
        block=block,
        http=http,
        shell=shell,
        controller=CaprfController(ControllerEndpoints.from_config(config), http, clock),
        host=host,
        clock=clock,
        lldp=FakeLldp(),
        processes=FakeProcesses(),
    )
    notes = (
        f"disk: /dev/vda is {disk_bytes >> 20} MiB of memory; the image is really streamed into it",
        "mounts: recorded, not made; the target root holds a copy of the image's root tree",
        "commands: not run (each answers success), except sfdisk --json and blkid, which read the fake disk",
        "network: left alone; kexec and reboot: recorded",
    )
    return LabPorts(ports, host, shell, notes)


def _real_sfdisk_json(call: ShellCall, block: FakeBlockDevices) -> CommandResult:
    """``sfdisk --json /dev/vda`` answered by the real sfdisk over the fake disk's bytes."""
    device = call.argv[-1]
    content = block.devices[device].data if device in block.devices else None
    if content is None:
        return CommandResult(call.argv, 1, "", f"sfdisk: cannot open {device}: No such file or directory\n")
    with tempfile.TemporaryDirectory(prefix="booty-sim-") as scratch:
        image = str(Path(scratch, "disk"))
        with Path(image).open("wb") as file:
            file.write(bytes(content[: 1 << 20]))  # the GPT lives in the first MiB...
            file.truncate(len(content))  # ...and the backup header at the end, which sfdisk checks
            file.seek(len(content) - (1 << 20))
            file.write(bytes(content[-(1 << 20) :]))
        result = SubprocessShell().run(["sfdisk", "--json", image], timeout_s=30)
    # The table names partitions after the file; the pipeline expects /dev/vda1, /dev/vda2.
    return CommandResult(call.argv, result.returncode, result.stdout.replace(image, device), result.stderr)


def _real_blkid(call: ShellCall, block: FakeBlockDevices) -> CommandResult:
    """``blkid --probe ... /dev/vdaN`` answered by the real blkid over that partition's bytes."""
    node = call.argv[-1]
    disk, number = node.rstrip("0123456789"), node[len(node.rstrip("0123456789")) :]
    table = _real_sfdisk_json(ShellCall(("sfdisk", "--json", disk)), block)
    if not table.ok or not number:
        return CommandResult(call.argv, 2, "", "")  # blkid's "nothing found"
    parts = json.loads(table.stdout)["partitiontable"].get("partitions", [])
    entry = next((p for p in parts if p["node"] == node), None)
    if entry is None:
        return CommandResult(call.argv, 2, "", "")
    data = block.devices[disk].data[entry["start"] * 512 : (entry["start"] + entry["size"]) * 512]
    with tempfile.TemporaryDirectory(prefix="booty-sim-") as scratch:
        image = Path(scratch, "part")
        image.write_bytes(bytes(data))
        result = SubprocessShell().run([*call.argv[:-1], str(image)], timeout_s=30)
    return CommandResult(call.argv, result.returncode, result.stdout.replace(str(image), node), result.stderr)


def _copy_tree(real: Host, source: str, fake: FakeHost, target: str) -> None:
    fake.make_dirs(target)
    for name in real.list_dir(source):
        path, into = posixpath.join(source, name), posixpath.join(target, name)
        info = real.stat(path)
        if info.kind is FileKind.DIRECTORY:
            _copy_tree(real, path, fake, into)
        elif info.kind is FileKind.SYMLINK:
            fake.add_link(into, real.read_link(path))
        elif info.kind is FileKind.FILE:
            fake.write_file(into, real.read_file(path), mode=info.mode)
