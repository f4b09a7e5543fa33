"""``booty image detect FILE`` on real compressed files, named to mislead."""

from __future__ import annotations

import bz2
import gzip
import lzma
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import lz4.frame
import pytest
import zstandard

PAYLOAD = b"BOOTY-TEST-IMAGE-CONTENT-e2e-verification-payload\n" * 100
QCOW2_HEADER = bytes.fromhex("514649fb00000003") + bytes(96)
"""Documented qcow2 header start: magic ``QFI\\xfb``, version 3; the rest does not matter here."""

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "zstd": zstandard.ZstdCompressor(level=3).compress,
    "lz4": lz4.frame.compress,
    "xz": lzma.compress,
    "bzip2": bz2.compress,
    "raw": bytes,
}


def detect(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booty", "image", "detect", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("fmt", COMPRESSORS)
def test_the_content_decides_not_the_name(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "image.img.gz"  # a misleading extension for every format but gzip
    path.write_bytes(COMPRESSORS[fmt](PAYLOAD))
    result = detect(path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{fmt}\n", "")


def test_qcow2(tmp_path: Path) -> None:
    path = tmp_path / "disk.img"
    if shutil.which("qemu-img"):
        subprocess.run(
            ["qemu-img", "create", "-f", "qcow2", str(path), "1M"], check=True, capture_output=True
        )
    else:
        path.write_bytes(QCOW2_HEADER)
    assert detect(path).stdout == "qcow2\n"


def test_a_file_shorter_than_any_magic_is_raw(tmp_path: Path) -> None:
    path = tmp_path / "tiny"
    path.write_bytes(b"\x01")
    assert detect(path).stdout == "raw\n"


def test_an_empty_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.img"
    path.write_bytes(b"")
    result = detect(path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{path}: detect format: the image is empty"


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = detect(tmp_path / "absent.img")
    assert result.returncode == 2
    assert "cannot read" in result.stderr
    assert result.stdout == ""


def test_detect_needs_a_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "booty", "image"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
