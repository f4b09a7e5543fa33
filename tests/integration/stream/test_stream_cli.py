"""``booty stream SOURCE DEVICE`` as an operator runs it: a child process, a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zstandard

MiB = 1 << 20


def booty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", "stream", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_image_is_streamed_verified_and_summarised(
    fault_server: Any, target_file: Path, image: bytes
) -> None:
    fault_server.serve("/disk.zst", zstandard.ZstdCompressor().compress(image))
    digest = hashlib.sha256(image).hexdigest()

    done = booty(fault_server.url("/disk.zst"), str(target_file), "--checksum", f"sha256:{digest}", "--json")

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["format"] == "zstd"
    assert summary["bytes"] == len(image)
    assert summary["digest"] == f"sha256:{digest}"
    assert target_file.read_bytes()[: len(image)] == image
    assert 'msg="Image written: ' in done.stderr
    assert "source=http://127.0.0.1" in done.stderr


def test_a_mirror_and_the_human_summary(fault_server: Any, target_file: Path, image: bytes) -> None:
    fault_server.serve("/b.img", image)

    done = booty(fault_server.url("/a.img"), str(target_file), "--mirror", fault_server.url("/b.img"))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {len(image)} bytes (raw) from {fault_server.url('/b.img')}")
    assert "digest not checked" in done.stdout


def test_a_failure_exits_1_and_says_the_disk_cannot_boot(
    fault_server: Any, target_file: Path, image: bytes
) -> None:
    fault_server.serve("/disk.img", image)

    done = booty(fault_server.url("/disk.img"), str(target_file), "--checksum", "sha256:" + "0" * 64)

    assert done.returncode == 1
    assert "checksum mismatch: sha256 got" in done.stderr
    assert "were destroyed (first and last MiB zeroed)" in done.stderr


def test_bad_input_exits_2(target_file: Path) -> None:
    assert booty("http://x/y", str(target_file), "--checksum", "md5:abc").returncode == 2
    assert booty("ftp://x/y", str(target_file)).returncode == 2
    missing = booty("file:///nonexistent/image", str(target_file))
    assert missing.returncode == 1
    assert "cannot open /nonexistent/image" in missing.stderr
    nowhere = booty("file:///nonexistent/image", "/nonexistent/target")
    assert nowhere.returncode == 2
    assert nowhere.stderr.startswith("booty stream: DISK_DEVICE /nonexistent/target is not a whole disk")


def test_a_device_node_that_is_no_disk_is_refused_before_a_byte_is_written() -> None:
    done = booty("file:///nonexistent/image", "/dev/null")
    assert done.returncode == 2
    assert "booty stream: DISK_DEVICE /dev/null is not a whole disk of this machine" in done.stderr


@pytest.fixture
def loop_device(attach_loop: Any) -> str:
    """A 16 MiB loop device over a file of zeros (root only); detached whatever happens."""
    return str(attach_loop(bytes(16 * MiB)).path)


def test_a_loop_device_named_explicitly_is_written(fault_server: Any, loop_device: str, image: bytes) -> None:
    fault_server.serve("/disk.zst", zstandard.ZstdCompressor().compress(image))

    done = booty(fault_server.url("/disk.zst"), loop_device, "--json")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["target"] == loop_device
    with Path(loop_device).open("rb") as f:
        assert f.read(len(image)) == image


def test_a_mounted_loop_device_is_refused_with_exit_2(
    fault_server: Any, loop_device: str, image: bytes, tmp_path: Path
) -> None:
    if shutil.which("mkfs.ext4") is None:
        pytest.skip("mkfs.ext4 is missing")
    subprocess.run(["mkfs.ext4", "-q", "-F", loop_device], capture_output=True, check=True)
    mountpoint = tmp_path / "mnt"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", loop_device, str(mountpoint)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount here: {mounted.stderr.strip()}")
    try:
        fault_server.serve("/disk.img", image)

        done = booty(fault_server.url("/disk.img"), loop_device)

        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(
            f"booty stream: {loop_device}, chosen by DISK_DEVICE, cannot be used: mounted"
        )
        assert "Image written" not in done.stderr
    finally:
        subprocess.run(["umount", str(mountpoint)], capture_output=True, check=False)
    with Path(loop_device).open("rb") as f:  # still the ext4 filesystem, not the image
        assert f.read(len(image)) != image
