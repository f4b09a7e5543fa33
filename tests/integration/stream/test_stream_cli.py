"""``booty stream SOURCE DEVICE`` as an operator runs it: a child process, a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import zstandard


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
    missing = booty("file:///nonexistent/image", "/nonexistent/target")
    assert missing.returncode == 1
    assert "cannot open /nonexistent/image" in missing.stderr
