"""The sample image, built with the real tools: a GPT disk whose partitions hold a clean vfat ESP
with GRUB's loader and an ext4 root with the files the demo relies on; its update-grub, run in a
chroot, puts the drop-in's kernel parameters into grub.cfg; and booty finds its default entry.
Needs no root, except the chroot test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import zstandard

from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.app.boot import find_default_entry
from booty.app.demo import BUSYBOX_CANDIDATES
from booty.app.demo_setup import find_static_busybox
from booty.app.sample_image import BuildPorts, SampleImage, SampleImageSpec, build_sample_image
from booty.app.sample_tree import ROOT_UUID, grub_cfg, initrd_path, kernel_path

TOOLS = ("mke2fs", "mkfs.vfat", "sfdisk", "truncate", "dd", "debugfs", "e2fsck")
MiB = 1 << 20


def sh(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=check, timeout=60)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SampleImage, Path]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing tools: {', '.join(missing)}")
    directory = tmp_path_factory.mktemp("sample")
    host = LinuxHost()
    spec = SampleImageSpec(busybox=find_static_busybox(host, BUSYBOX_CANDIDATES))
    return build_sample_image(BuildPorts(SubprocessShell(), host), str(directory), spec), directory


def extract(image: SampleImage, number: int, into: Path) -> Path:
    """Partition *number* of the image as a file of its own."""
    table = json.loads(sh("sfdisk", "--json", image.raw).stdout)["partitiontable"]
    part = table["partitions"][number - 1]
    with Path(image.raw).open("rb") as disk:
        disk.seek(part["start"] * 512)
        into.write_bytes(disk.read(part["size"] * 512))
    return into


def test_the_disk_has_an_esp_and_a_root(built: tuple[SampleImage, Path]) -> None:
    image, _ = built
    table = json.loads(sh("sfdisk", "--json", image.raw).stdout)["partitiontable"]
    assert table["label"] == "gpt"
    assert [(p["start"], p["size"], p["name"]) for p in table["partitions"]] == [
        (2048, 8 * 2048, "EFI System"),
        (9 * 2048, 54 * 2048, "root"),
    ]
    assert Path(image.raw).stat().st_size == 64 * MiB


def test_the_compressed_image_is_the_disk(built: tuple[SampleImage, Path]) -> None:
    image, _ = built
    packed = Path(image.compressed).read_bytes()
    assert (
        zstandard.ZstdDecompressor().decompress(packed, max_output_size=128 * MiB)
        == Path(image.raw).read_bytes()
    )
    assert image.compressed_bytes == len(packed) < 4 * MiB


def test_the_root_is_a_clean_ext4_with_the_demo_files(
    built: tuple[SampleImage, Path], tmp_path: Path
) -> None:
    image, _ = built
    root = extract(image, 2, tmp_path / "root.img")
    assert sh("e2fsck", "-fn", str(root), check=False).returncode == 0
    assert ROOT_UUID in sh("dumpe2fs", "-h", str(root)).stdout

    def cat(path: str) -> str:
        return sh("debugfs", "-R", f"cat {path}", str(root)).stdout

    assert "ID_LIKE=debian" in cat("/etc/os-release")
    assert cat("/boot/grub/grub.cfg") == grub_cfg(cmdline="ro quiet")
    assert "placeholder" in cat(kernel_path())
    assert "placeholder" in cat(initrd_path())
    assert cat("/usr/sbin/update-grub").startswith("#!/bin/sh\n")
    assert "stub-resolv.conf" in sh("debugfs", "-R", "stat /etc/resolv.conf", str(root)).stdout


def test_the_esp_holds_grubs_loader(built: tuple[SampleImage, Path], tmp_path: Path) -> None:
    image, _ = built
    if shutil.which("mdir") is None:
        pytest.skip("mtools not installed: the ESP is empty by design")
    esp = extract(image, 1, tmp_path / "esp.img")
    listing = sh("mdir", "-b", "-i", str(esp), "::/EFI/debian/").stdout
    assert "GRUBX64.EFI" in listing.upper()


def test_booty_finds_the_default_entry_of_the_tree(built: tuple[SampleImage, Path]) -> None:
    _, directory = built
    found = find_default_entry(LinuxHost(), str(directory / "rootfs"))
    entry = found.choice.entry
    assert (entry.kernel, entry.initrds) == (kernel_path(), (initrd_path(),))
    assert entry.cmdline == f"root=UUID={ROOT_UUID} ro quiet"


def test_update_grub_in_the_chroot_applies_the_drop_ins(
    built: tuple[SampleImage, Path], tmp_path: Path
) -> None:
    image, directory = built
    if os.geteuid() != 0:
        pytest.skip("needs root: chroot")
    if not image.chroot_shell:
        pytest.skip("no static busybox (Debian: busybox-static): the image has no /bin/sh")
    tree = tmp_path / "tree"
    shutil.copytree(directory / "rootfs", tree, symlinks=True)
    (tree / "etc/default/grub.d/10-caprf-kernel-params.cfg").write_text(
        'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=ttyS1 intel_iommu=on"\n'
    )
    run = subprocess.run(
        ["chroot", str(tree), "update-grub"],
        capture_output=True, text=True, check=False, timeout=30,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    expected = grub_cfg(cmdline="ro console=ttyS1 intel_iommu=on quiet")
    assert (tree / "boot/grub/grub.cfg").read_text() == expected
