"""The PID-1 shim and the initramfs build script, as far as they can be run here: the shim is only
parsed (running it would mount over this machine's /proc and reboot it); the build script packs a
tiny tree and the archive is read back with cpio.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest

INIT = Path(__file__).resolve().parents[3] / "init"


def _cpio_reader() -> list[str] | None:
    if shutil.which("cpio"):
        return ["cpio"]
    busybox = shutil.which("busybox")
    if busybox is None:
        return None
    usage = subprocess.run([busybox, "cpio", "--help"], capture_output=True, text=True, check=False)
    return [busybox, "cpio"] if "-o" in usage.stdout + usage.stderr else None


def _by_name(listing: str) -> dict[str, str]:
    """``cpio -tv`` lines by entry name (a symlink's line ends in ``name -> target``)."""
    entries = {}
    for line in listing.splitlines():
        words = line.split()
        if len(words) >= 6:
            entries[words[-3] if words[-2] == "->" else words[-1]] = line
    return entries


@pytest.mark.parametrize("shell", ["dash", "busybox", "sh"])
@pytest.mark.parametrize("script", ["init", "build-initramfs"])
def test_the_scripts_are_valid_posix_sh(shell: str, script: str) -> None:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed")
    argv = [found, "sh", "-n"] if shell == "busybox" else [found, "-n"]
    result = subprocess.run([*argv, str(INIT / script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_shim_runs_the_agent_and_never_exits() -> None:
    text = (INIT / "init").read_text()
    assert os.access(INIT / "init", os.X_OK)
    assert text.startswith("#!/bin/sh\n")
    assert "\npython3 -m booty agent\n" in text  # not exec: the shim must outlive booty
    assert "reboot -f" in text
    assert 'BOOTY_ON_EXIT:-reboot}" = shell' in text
    assert text.rstrip().endswith("while :; do sleep 3600; done")
    for target in ("/proc", "/sys", "/dev", "/run", "/tmp"):
        assert f":{target}" in text
    assert len(text.splitlines()) <= 35


@pytest.mark.parametrize("output", ["initramfs.img", "initramfs.cpio"])
def test_a_tiny_tree_becomes_an_archive_of_root_owned_entries(tmp_path: Path, output: str) -> None:
    reader = _cpio_reader()
    if reader is None:
        pytest.skip("no cpio (GNU cpio, or busybox with cpio -o) to build and read the archive")
    tree = tmp_path / "tree"
    (tree / "bin").mkdir(parents=True)
    (tree / "modules").mkdir()
    shutil.copy(INIT / "init", tree / "init")
    (tree / "bin" / "sh").symlink_to("busybox")
    (tree / "deploy").mkdir()
    (tree / "deploy" / "vars").write_text('MODE="provision"\n')
    result = subprocess.run(
        [str(INIT / "build-initramfs"), str(tree), output],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    archive = tmp_path / output
    assert result.stdout.strip() == str(archive)
    data = archive.read_bytes()
    if output.endswith(".img"):
        data = gzip.decompress(data)
    assert data.startswith(b"070701")  # newc magic
    listing = subprocess.run([*reader, "-tv"], input=data, capture_output=True, check=False)
    entries = _by_name(listing.stdout.decode())
    assert {"init", "bin/sh", "deploy/vars", "modules"} <= entries.keys(), entries
    assert entries["init"].startswith("-rwxr-xr-x")
    assert all(" 0/0 " in line or " root " in line for line in entries.values()), entries
    assert not list(tmp_path.glob("*.tmp.*")), "temporary files left behind"


def test_a_missing_tree_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(INIT / "build-initramfs"), str(tmp_path / "nothing"), str(tmp_path / "out.img")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "not a directory" in result.stderr
    assert not (tmp_path / "out.img").exists()
