"""``booty demo``: the real CAPRF provisioning flow on this machine, with no outside service.

A mock controller and an image server on 127.0.0.1, a sample OS image built from files, a sparse
512 MiB disk file on a loop device, and booty's own agent flow (``run_agent``, as ``booty
provision`` runs it) with the real block, host, shell and HTTP adapters. The network is left
alone (fake netlink) and kexec/reboot are only recorded: this machine is not the one being
installed. The composition root builds those fenced ports (``booty.adapters.lab``): the disk
steps see only the demo's loop device, and EFI boot entries of this machine are never touched.

Without root there are no loop devices and no mounts: the demo says so, streams the image into a
plain file with booty's real streamer, and runs the pipeline over in-memory fakes against the
real controller (``booty.app.demo_sim``).

At the end it prints the step timeline, the statuses the controller received, what was written
into the target root (read back from the disk), and what kexec would boot; then it cleans up:
mounts under its work directory, the loop device, the servers (also on failure and Ctrl-C).
v0.0.1 had no demo.
"""

from __future__ import annotations

import os
import posixpath
from typing import TextIO

from booty import __version__
from booty.app.demo_inspect import inspect_disk
from booty.app.demo_lab import DemoLab, DemoRig
from booty.app.demo_report import Printer
from booty.app.demo_run import run_pipeline, show_boot, show_disk, show_outcome
from booty.app.demo_setup import (
    DISK_MIB,
    attach_loop,
    demo_vars,
    detach_loop,
    find_static_busybox,
    run_deferred,
    unmount_below,
    write_deploy_dir,
)
from booty.app.sample_image import BuildPorts, SampleImage, SampleImageSpec, build_sample_image
from booty.domain.config import MachineConfig, load_vars

BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox")


def run_demo(lab: DemoLab, out: TextIO) -> int:
    """Run the demo; returns the agent's exit code (0: the pipeline succeeded)."""
    say = Printer(out)
    say.title(f"booty {__version__} demo: the CAPRF provisioning pipeline, no outside service needed")
    _explain_privileges(lab, say)
    say.section("Mock CAPRF controller (booty controller) on loopback")
    say.kv("url", lab.controller.url)
    image = _build_image(lab, say)
    server = lab.serve_images(posixpath.dirname(image.compressed))
    try:
        image_url = server.url(posixpath.basename(image.compressed))
        say.kv("served at", f"{image_url} (HTTP with Range, so booty's streamer can resume)")
        if lab.is_root:
            return _provision_loop_disk(lab, say, image, image_url)
        from booty.app.demo_sim import provision_simulated

        return provision_simulated(lab, say, image, image_url)
    finally:
        server.stop()


def _explain_privileges(lab: DemoLab, say: Printer) -> None:
    if lab.is_root:
        say.line(
            "Running as root: the pipeline writes a real loop disk, mounts it and runs the chroot steps."
        )
        return
    say.line(f"Not running as root (uid {os.getuid()}): loop devices and mounts need root, so the disk")
    say.line("steps cannot touch a real disk here. The controller, the image build, the image server and")
    say.line("booty's image streamer run for real; the pipeline then runs over in-memory disks, mounts")
    say.line("and commands. Run `sudo booty demo` (or `sudo ./dev demo`) for the real thing.")


def _build_image(lab: DemoLab, say: Printer) -> SampleImage:
    say.section("Sample OS image, built without mounting (sfdisk, mkfs.vfat, mtools, mke2fs -d)")
    directory = posixpath.join(lab.workdir, "image")
    lab.host.make_dirs(directory)
    busybox = find_static_busybox(lab.host, BUSYBOX_CANDIDATES)
    image = build_sample_image(BuildPorts(lab.shell, lab.host), directory, SampleImageSpec(busybox=busybox))
    say.kv("disk", f"GPT, {image.raw_bytes >> 20} MiB: p1 ESP (vfat), p2 root (ext4, {image.root_mib} MiB)")
    say.kv("root", f"Booty Demo Linux 1.0, kernel {posixpath.basename(image.kernel)}, GRUB with update-grub")
    say.kv("chroot", "static busybox as /bin/sh" if image.chroot_shell else "no /bin/sh (see below)")
    say.kv("compressed", f"{image.compressed_bytes:,} bytes zstd, sha256 of the image {image.sha256[:16]}…")
    for note in image.notes:
        say.kv("missing", note)
    return image


def _provision_loop_disk(lab: DemoLab, say: Printer, image: SampleImage, image_url: str) -> int:
    say.section("Target disk: a sparse file on a loop device")
    device = attach_loop(lab.shell, posixpath.join(lab.workdir, "disk.img"))
    say.kv("disk", f"{device} ({DISK_MIB} MiB, sparse file {lab.workdir}/disk.img)")
    try:
        config, rig = _configure(lab, say, image, image_url, device)
        result, watcher = run_pipeline(lab, say, config, rig)
        show_outcome(lab, say, config, result, watcher)
        if result.ok and rig.deferred:
            say.section("What the lab deferred, run now that the root is unmounted")
            for line in run_deferred(lab.shell, rig.deferred):
                say.kv("ran", line)
        installed = inspect_disk(lab.shell, lab.host, device, posixpath.join(lab.workdir, "inspect"))
        show_disk(say, installed, watcher.written, image)
        show_boot(say, rig.boots, installed, watcher.kexec)
        return result.exit_code
    finally:
        _clean_up(lab, say, device)


def _configure(
    lab: DemoLab, say: Printer, image: SampleImage, image_url: str, device: str
) -> tuple[MachineConfig, DemoRig]:
    say.section("The machine's /deploy: vars, file-system/, machine-files/, machine-commands/")
    vars_text = demo_vars(base=lab.controller.url, image_url=image_url, sha256=image.sha256, disk=device)
    deploy = posixpath.join(lab.workdir, "deploy")
    write_deploy_dir(lab.host, deploy, vars_text)
    config = load_vars(vars_text, source=posixpath.join(deploy, "vars")).config
    say.kv("vars", f"{deploy}/vars (booty vars check {deploy}/vars shows it whole)")
    say.kv("disk", f"DISK_DEVICE={device}, IMAGE={image_url}")
    say.kv("os config", f"HOSTNAME={config.hostname}, dns_resolver, PROVIDER_ID, REGION, FAILURE_DOMAIN")
    say.kv("kernel", f"MACHINE_EXTRA_KERNEL_PARAMS={config.extra_kernel_params}")
    say.kv("commands", f"POST_PROVISION_CMDS: {len(config.post_provision_cmds)} commands, run in the chroot")
    return config, lab.rig(config, device)


def _clean_up(lab: DemoLab, say: Printer, device: str) -> None:
    say.section("Clean-up")
    undone = unmount_below(lab.host, lab.shell, lab.workdir)
    say.kv("unmounted", ", ".join(undone) or "nothing was left mounted")
    problem = detach_loop(lab.shell, device)
    say.kv("loop", problem or f"{device} detached")
