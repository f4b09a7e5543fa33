"""Fixtures shared by every test folder: loop devices over files the test fills.

Each loop device is detached when its test ends, also on failure. A test that needs one skips,
saying why, when not run as root or when losetup cannot attach one here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest


@attrs.define
class LoopDevice:
    """A loop device over *backing*; ``detach`` may be called early, and again."""

    path: str
    backing: Path
    attached: bool = True

    def detach(self) -> None:
        if self.attached:
            subprocess.run(["losetup", "--detach", self.path], capture_output=True, check=False)
            self.attached = False


AttachLoop = Callable[[bytes], LoopDevice]


@pytest.fixture
def attach_loop(tmp_path: Path) -> Iterator[AttachLoop]:
    """``attach_loop(content)``: a loop device over a new file holding *content*."""
    if os.geteuid() != 0 or shutil.which("losetup") is None:
        pytest.skip("needs root and losetup: a loop device created for the test")
    made: list[LoopDevice] = []

    def attach(content: bytes) -> LoopDevice:
        backing = tmp_path / f"loop-{len(made)}.img"
        backing.write_bytes(content)
        attached = subprocess.run(
            ["losetup", "--find", "--show", str(backing)], capture_output=True, text=True, check=False
        )
        if attached.returncode != 0:
            pytest.skip(f"losetup cannot attach a loop device here: {attached.stderr.strip()}")
        made.append(LoopDevice(attached.stdout.strip(), backing))
        return made[-1]

    try:
        yield attach
    finally:
        for device in made:
            device.detach()
