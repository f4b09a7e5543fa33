"""``booty demo`` without root: what can run for real does, and the rest is said plainly.

Loop devices and mounts need root. So the image is streamed by booty's real streamer (HTTP with
Range, zstd, sha256 verified) into a plain sparse file, whose partition table ``sfdisk`` then
reads; and the pipeline runs over in-memory ports built by the composition root: a fake disk the
image is really streamed into, recorded mounts over a copy of the image's root tree, commands that
are not run. The controller, its statuses and the shipped log are real. The inventory and health
checks are off here: they read this machine's /sys and /proc, which the fake host does not have.
v0.0.1 had no demo.
"""

from __future__ import annotations

import posixpath

from booty.app.demo_inspect import read_root
from booty.app.demo_lab import DemoLab
from booty.app.demo_report import Printer
from booty.app.demo_run import demo_options, run_pipeline, show_boot, show_disk, show_outcome
from booty.app.demo_setup import DISK_MIB, demo_vars, write_deploy_dir
from booty.app.sample_image import SampleImage
from booty.app.streaming import stream_image
from booty.domain.config import ChecksumType, load_vars
from booty.domain.disk.sfdisk import PartitionTable, parse_sfdisk_json
from booty.domain.disk.targets import ImageFile
from booty.domain.stream import plan_stream

SIMULATED_DISK_BYTES = 96 << 20
"""The fake disk lives in memory: big enough for the 64 MiB image and a grown root."""
SIMULATED_DISK = "/dev/vda"


def provision_simulated(lab: DemoLab, say: Printer, image: SampleImage, image_url: str) -> int:
    """Download the image into a file, then run the pipeline over fakes; returns the exit code."""
    if lab.simulated is None or lab.stream_ports is None:
        say.line("This build of booty has no simulated ports: nothing more can run without root.")
        return 1
    table = _download(lab, say, image, image_url)
    say.section("The machine's /deploy (DISK_DEVICE is the simulated disk)")
    vars_text = demo_vars(
        base=lab.controller.url, image_url=image_url, sha256=image.sha256, disk=SIMULATED_DISK, hardware=False
    )
    options = demo_options(lab)
    write_deploy_dir(lab.host, options.deploy_dir, vars_text)
    config = load_vars(vars_text, source=posixpath.join(options.deploy_dir, "vars")).config
    say.kv("vars", f"{options.deploy_dir}/vars; inventory and health checks off (they need the real /sys)")
    root_tree = posixpath.join(posixpath.dirname(image.raw), "rootfs")
    rig = lab.simulated(config, root_tree, options.target_root, SIMULATED_DISK_BYTES)
    write_deploy_dir(rig.ports.host, options.deploy_dir, vars_text)  # the fake host's /deploy too
    result, watcher = run_pipeline(lab, say, config, rig)
    show_outcome(lab, say, config, result, watcher)
    installed = read_root(rig.ports.host, options.target_root, table, 0)
    where = "In the fake target root (the pipeline's writes; the table is the downloaded file's)"
    show_disk(say, installed, watcher.written, image, where=where, simulated=True)
    show_boot(say, rig.boots, installed, watcher.kexec)
    return result.exit_code


def _download(lab: DemoLab, say: Printer, image: SampleImage, image_url: str) -> PartitionTable | None:
    assert lab.stream_ports is not None  # noqa: S101 - checked by the caller
    say.section("Image download with booty's streamer into a plain file (a loop device needs root)")
    target = posixpath.join(lab.workdir, "disk.img")
    lab.shell.run(["truncate", "-s", f"{DISK_MIB}M", target], timeout_s=30).check()
    plan = plan_stream(
        [image_url], ImageFile(target), checksum=image.sha256, checksum_type=ChecksumType.SHA256
    )
    result = stream_image(plan, lab.stream_ports())
    say.kv("file", f"{target} ({DISK_MIB} MiB, sparse)")
    say.kv("written", f"{result.written:,} bytes from {result.received:,} received in {result.seconds:.2f}s")
    say.kv("checksum", f"{result.digest} verified" if result.digest else "not asked for")
    listed = lab.shell.run(["sfdisk", "--json", target], timeout_s=30)
    table = parse_sfdisk_json(listed.stdout, device=target) if listed.ok else None
    for part in table.partitions if table else ():
        say.kv(posixpath.basename(part.node), f"start {part.start}, {part.size * 512 >> 20} MiB, {part.name}")
    return table
