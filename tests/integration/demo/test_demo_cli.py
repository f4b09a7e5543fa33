"""``booty demo`` end to end, as a user runs it: as root on a loop disk (the full flow), and as an
unprivileged user (what can run without loop devices and mounts). Both leave nothing behind: no
loop device, no mount, no temp directory; and neither prints the demo's token.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booty.app.demo_setup import DEMO_TOKEN

pytestmark = pytest.mark.slow
NOBODY = 65534


def leftovers() -> tuple[set[str], set[str]]:
    """Temp dirs of demos and loop devices over their disk files."""
    dirs = {str(p) for p in Path("/tmp").glob("booty-demo-*")}
    loops = subprocess.run(["losetup", "-a"], capture_output=True, text=True, check=False).stdout
    return dirs, {line for line in loops.splitlines() if "booty-demo-" in line}


def demo(*prefix: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": "/tmp"}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "booty", "demo"],
        capture_output=True, text=True, check=False, timeout=300, env=env,
    )  # fmt: skip


def test_the_demo_as_root_provisions_a_loop_disk() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: loop device and mounts")
    if Path("/sys/firmware/efi").exists():
        pytest.skip("EFI host: the demo hides EFI from booty, but this test does not run on EFI hosts")
    before = leftovers()
    result = demo()
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    for text in (
        "Running as root",
        "Step timeline",
        "status       init: provisioning started",
        "status       success:",
        "booty-demo-01",  # /etc/hostname read back from the disk
        "nameserver 192.0.2.53",
        "--provider-id=redfish://demo/host-01",
        "intel_iommu=on iommu=pt",
        "provisioned by booty",
        "What kexec would boot",
        "vmlinuz-6.1.0-booty-demo",
        "detached",
    ):
        assert text in out, text
    assert DEMO_TOKEN not in out + result.stderr
    assert leftovers() == before


def test_the_demo_without_root_says_what_it_cannot_do_and_runs_the_rest() -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("runs as root and setpriv is missing: cannot drop to an unprivileged user")
    prefix = (
        ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups") if os.geteuid() == 0 else ()
    )
    before = leftovers()
    result = demo(*prefix)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "loop devices and mounts need root" in out
    assert "checksum     sha256:" in out  # the real streamer verified the download
    assert "status       success:" in out
    assert "booty-demo-01" in out  # /etc/hostname, written into the fake target root
    assert DEMO_TOKEN not in out + result.stderr
    assert leftovers() == before
