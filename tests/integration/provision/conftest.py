"""The whole provisioning flow on real parts, as root: the mock controller and the image server
on 127.0.0.1, the demo's sample image, a 512 MiB sparse file on a loop device, and ``booty
provision --no-network --no-reboot``, run two ways:

- ``cli``: ``python -m booty provision`` as a separate process, with the real, unfenced ports.
  Skipped without CAP_SYS_RESOURCE (containers drop it): the kernel then refuses to grow the
  mounted ext4, so resize-filesystem cannot succeed.
- ``lab``: the same command in-process, wired to the demo's fenced ports
  (``booty.adapters.lab_ports``): only the loop disk is visible, EFI and kexec are fenced, and
  without CAP_SYS_RESOURCE resize2fs is deferred and run offline after the run, as the demo does.

Rules of this folder (for the full-flow tests):

1. Only the loop device a test attached is written. The run is refused (skipped) on a machine
   where booty could reach anything else: a disk that passes booty's safety checks (wipe-disks
   would clear it) or EFI firmware (remove-efi-entries would delete its boot entries).
2. Everything is undone in ``finally``, also when a test fails: mounts below the test's directory
   (deepest first, lazily if busy), the loop device, the servers.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from booty.adapters.image_server import ImageServer
from booty.adapters.lab import FencedShell
from booty.adapters.lab_ports import CAP_SYS_RESOURCE, fenced_linux_ports, has_capability
from booty.adapters.linux.block import SysfsBlockDevices
from booty.adapters.linux.host import LinuxHost
from booty.adapters.linux.shell import SubprocessShell
from booty.adapters.mock_controller import MockController
from booty.app.commands import provision as provision_command
from booty.app.demo import BUSYBOX_CANDIDATES
from booty.app.demo_setup import DEMO_TOKEN, demo_vars, find_static_busybox, run_deferred, write_deploy_dir
from booty.app.network import NetworkPorts
from booty.app.sample_image import BuildPorts, SampleImage, SampleImageSpec, build_sample_image
from booty.app.services import AgentWiring, CliServices
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.disk.mounts import parse_proc_mounts
from booty.domain.disk.select import rejection_reason

TOOLS = (
    "mke2fs",
    "mkfs.vfat",
    "sfdisk",
    "losetup",
    "partprobe",
    "e2fsck",
    "resize2fs",
    "dumpe2fs",
    "truncate",
)
MiB = 1 << 20
DISK_BYTES = 512 * MiB


def sh(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a setup or verification command (never the code under test)."""
    return subprocess.run(argv, capture_output=True, text=True, check=check, timeout=120)


def _refusal() -> str:
    """Why this machine must not run the full flow, or ``""``."""
    if os.geteuid() != 0:
        return "needs root: attaches a loop device and mounts it"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"missing tools: {', '.join(missing)} (./dev installs them on Debian)"
    if Path("/sys/firmware/efi").exists():
        return "EFI host: booty provision's remove-efi-entries would delete this machine's boot entries"
    eligible = [d.path for d in SysfsBlockDevices().list_disks() if not rejection_reason(d)]
    if eligible:
        return f"this machine has disks booty could wipe ({', '.join(eligible)}): not run here"
    return ""


@attrs.frozen
class Run:
    """How one ``booty provision`` ended."""

    returncode: int
    stdout: str
    stderr: str


@attrs.define
class FullFlow:
    """One machine-to-be: its deploy dir, its loop disk, the controller and the image server."""

    directory: Path
    controller: MockController
    images: ImageServer
    image: SampleImage
    device: str = ""
    lab_shells: list[FencedShell] = attrs.field(factory=list)

    @property
    def deploy(self) -> Path:
        return self.directory / "deploy"

    @property
    def target_root(self) -> Path:
        return self.directory / "newroot"

    def write_vars(self, **overrides: str) -> Path:
        """The demo's vars for this disk, with *overrides* (KEY=value) replacing lines."""
        text = demo_vars(
            base=self.controller.url,
            image_url=self.images.url("demo.img.zst"),
            sha256=self.image.sha256,
            disk=self.device,
        )
        for key, value in overrides.items():
            text = "".join(
                f'export {key}="{value}"\n' if line.startswith(f"export {key}=") else line + "\n"
                for line in text.splitlines()
            )
        write_deploy_dir(LinuxHost(), str(self.deploy), text)
        return self.deploy / "vars"

    def provision(self, vars_file: Path, mode: str) -> Run:
        """``booty provision`` of *vars_file* as an operator runs it in a lab (*mode*: see above)."""
        return self._cli(vars_file) if mode == "cli" else self._lab(vars_file)

    def _argv(self, vars_file: Path) -> list[str]:
        return [
            "provision", "--vars", str(vars_file), "--no-network", "--no-reboot",
            "--root", str(self.target_root), "--deploy-dir", str(self.deploy), "--wait-timeout", "30",
        ]  # fmt: skip

    def _cli(self, vars_file: Path) -> Run:
        if not has_capability(CAP_SYS_RESOURCE):
            pytest.skip(
                "no CAP_SYS_RESOURCE: the kernel refuses to grow the mounted ext4 (the lab mode runs; "
                "tests/vm runs this CLI mode in a VM, as root with every capability)"
            )
        # Everything is on 127.0.0.1: a proxy from the environment must not be asked for it.
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        argv = [sys.executable, "-m", "booty", *self._argv(vars_file)]
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=600, env=env)
        return Run(done.returncode, done.stdout, done.stderr)

    def _lab(self, vars_file: Path) -> Run:
        def wiring(config: MachineConfig) -> AgentWiring:
            lab = fenced_linux_ports(config, self.device)
            self.lab_shells.append(lab.shell)  # what it deferred is run after the run
            stream = StreamPorts(http=lab.ports.http, block=lab.ports.block, clock=lab.ports.clock)
            return AgentWiring(lab.ports, stream, NetworkPorts.from_ports(lab.ports))

        out, err = io.StringIO(), io.StringIO()
        services = CliServices(
            host=LinuxHost(), serve_controller=lambda _: 1, run_demo=lambda: 1,
            block_devices=lambda _: SysfsBlockDevices(), agent_wiring=wiring, stdout=out, stderr=err,
        )  # fmt: skip
        parser = argparse.ArgumentParser()
        provision_command.add_arguments(parser)
        code = provision_command.run(parser.parse_args(self._argv(vars_file)[1:]), services)
        if code == 0:
            for shell in self.lab_shells:
                run_deferred(SubprocessShell(), shell.postponed)
        return Run(code, out.getvalue(), err.getvalue())

    def mounted_below(self) -> list[str]:
        table = parse_proc_mounts(Path("/proc/self/mounts").read_text())
        return [m.target for m in table if m.target.startswith(f"{self.directory}/")]

    def clean_up(self) -> None:
        for target in sorted(self.mounted_below(), key=lambda t: t.count("/"), reverse=True):
            if sh("umount", target, check=False).returncode != 0:
                sh("umount", "--lazy", target, check=False)
        if self.device:
            sh("losetup", "--detach", self.device, check=False)


@pytest.fixture
def full_flow(tmp_path: Path) -> Iterator[FullFlow]:
    refusal = _refusal()
    if refusal:
        pytest.skip(refusal)
    image_dir = tmp_path / "image"
    image_dir.mkdir()
    host = LinuxHost()
    spec = SampleImageSpec(busybox=find_static_busybox(host, BUSYBOX_CANDIDATES))
    if not spec.busybox:
        pytest.skip("no static busybox (Debian: busybox-static): the chroot steps cannot run in the image")
    image = build_sample_image(BuildPorts(SubprocessShell(), host), str(image_dir), spec)
    with (
        MockController(listen=("127.0.0.1", 0), token=DEMO_TOKEN) as controller,
        ImageServer(str(image_dir)) as images,
    ):
        flow = FullFlow(tmp_path, controller, images, image)
        try:
            sh("truncate", "-s", str(DISK_BYTES), str(tmp_path / "disk.img"))
            flow.device = sh("losetup", "--find", "--show", str(tmp_path / "disk.img")).stdout.strip()
            yield flow
        finally:
            flow.clean_up()
