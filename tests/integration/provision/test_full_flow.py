"""The whole provisioning flow as root: ``booty provision --no-network --no-reboot`` writes the
sample image from the local image server onto a loop disk, grows it, configures the installed OS
(the chroot steps run the image's own busybox sh and update-grub), and reports to the mock
controller; a failure injected in a late step leaves a disk that cannot boot, and no mount.

Fixtures and refusals (root, tools, EFI hosts, machines with wipeable disks) are in conftest.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from booty.app.demo_setup import EXTRA_KERNEL_PARAMS, HOSTNAME
from booty.domain.osconfig import GRUB_DROPIN, KUBELET_DROPIN

from .conftest import DISK_BYTES, FullFlow, MiB, sh

pytestmark = [pytest.mark.root, pytest.mark.slow, pytest.mark.parametrize("mode", ["cli", "lab"])]


def partitions(device: str) -> list[dict[str, object]]:
    """sfdisk's view of *device*'s table (empty when it has none)."""
    result = sh("sfdisk", "--json", device, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        return []
    return list(json.loads(result.stdout)["partitiontable"].get("partitions", []))


def fs_bytes(node: str) -> int:
    text = sh("dumpe2fs", "-h", node).stdout
    count = re.search(r"^Block count:\s+(\d+)", text, re.MULTILINE)
    size = re.search(r"^Block size:\s+(\d+)", text, re.MULTILINE)
    assert count, text
    assert size, text
    return int(count[1]) * int(size[1])


@contextmanager
def mounted_read_only(node: str, at: Path) -> Iterator[Path]:
    at.mkdir()
    sh("mount", "-o", "ro", node, str(at))
    try:
        yield at
    finally:
        sh("umount", str(at), check=False)


def test_provision_writes_grows_and_configures_the_disk(full_flow: FullFlow, mode: str) -> None:
    run = full_flow.provision(full_flow.write_vars(), mode)
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    assert "result: ok" in run.stdout
    for step in (
        "detect-disk",
        "stream-image",
        "grow-partition",
        "configure-grub",
        "run-post-provision-cmds",
    ):
        assert re.search(rf"\b{step}\s+ok\b", run.stdout), run.stdout

    assert [s for s, _ in full_flow.controller.statuses()] == ["init", "success"]
    assert any("Provisioning step" in line for line in full_flow.controller.log_lines())

    table = partitions(full_flow.device)
    assert len(table) == 2
    root = table[1]
    end_bytes = (int(str(root["start"])) + int(str(root["size"]))) * 512
    assert end_bytes > DISK_BYTES - 2 * MiB  # grown to the end; the backup GPT keeps the last sectors
    node = str(root["node"])
    if not Path(node).exists():
        sh("partprobe", full_flow.device)
    assert fs_bytes(node) > 400 * MiB  # the image's file system was 54 MiB

    with mounted_read_only(node, full_flow.directory / "check") as disk:
        assert (disk / "etc/hostname").read_text() == f"{HOSTNAME}\n"
        assert (disk / "etc/resolv.conf").read_text() == "nameserver 192.0.2.53\nnameserver 198.51.100.53\n"
        assert not (disk / "etc/resolv.conf").is_symlink()  # the image's stub link was replaced
        kubelet = (disk / KUBELET_DROPIN.lstrip("/")).read_text()
        assert "--provider-id=redfish://demo/host-01" in kubelet
        assert "topology.kubernetes.io/region=eu-central-1" in kubelet
        assert EXTRA_KERNEL_PARAMS in (disk / GRUB_DROPIN.lstrip("/")).read_text()
        linux = [ln for ln in (disk / "boot/grub/grub.cfg").read_text().splitlines() if "linux /boot" in ln]
        assert len(linux) == 1
        assert EXTRA_KERNEL_PARAMS in linux[0]  # update-grub ran in the chroot
        assert (disk / "etc/booty-demo-stamp").read_text() == "provisioned by booty\n"
        assert (disk / "etc/booty-demo/os").read_text() == "machine command ran in Booty Demo Linux 1.0\n"
        assert (disk / "etc/booty-demo/role").read_text() == "worker\n"
        assert (disk / "etc/ssh/sshd_config.d/10-booty-demo.conf").exists()
        assert HOSTNAME in (disk / "etc/motd.d/10-booty-demo").read_text()
    assert sh("e2fsck", "-fn", node, check=False).returncode == 0
    assert full_flow.mounted_below() == []


def test_a_failing_post_provision_command_leaves_no_bootable_disk(full_flow: FullFlow, mode: str) -> None:
    run = full_flow.provision(full_flow.write_vars(POST_PROVISION_CMDS="exit 3"), mode)
    assert run.returncode == 1, run.stdout + run.stderr[-4000:]

    statuses = full_flow.controller.statuses()
    assert statuses[0][0] == "init"
    assert statuses[-1][0] == "error"
    assert "step run-post-provision-cmds failed" in statuses[-1][1]
    assert partitions(full_flow.device) == []  # the table was destroyed: nothing boots from it
    assert full_flow.mounted_below() == []
    head = _head(full_flow.device)
    assert head == bytes(len(head))


def _head(device: str) -> bytes:
    """The first 34 sectors: MBR and primary GPT."""
    with Path(device).open("rb") as disk:
        return disk.read(34 * 512)
