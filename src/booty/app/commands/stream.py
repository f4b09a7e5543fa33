"""``booty stream SOURCE DEVICE [--checksum ALGO:HEX]``: stream one image onto a disk (or a file).

The same use case the provisioning step runs: the format is detected from the first bytes and
decompressed on the way (gzip, zstd, lz4, xz, bzip2; raw as is; qcow2 refused), a broken download
is resumed, the digest is verified while streaming, the data is synced at the end, and a failure
after writing began leaves the target unbootable (first and last MiB zeroed). SOURCE is an http(s)
URL, an ``oci://registry/repository[:tag][@digest]`` reference or a ``file:///path``; ``--mirror``
adds alternatives tried in order. Progress goes to stderr, the summary to stdout.

DEVICE is an existing regular file (labs and tests: it is neither created nor truncated), or a disk
chosen through the same safety checks as DISK_DEVICE: a whole disk of this machine that is not
mounted, held, removable or read-only (a loop device named here is allowed when it passes every
other check). A disk that fails them, or a path that is neither, is refused before a byte is
written. New in booty: v0.0.1's streamer wrote to whatever path it was given.

Exit codes: 0 written (and verified); 1 streaming failed; 2 bad input (a refused DEVICE included).
"""

from __future__ import annotations

import argparse
import json

from booty.app.disk.selection import choose_named_disk
from booty.app.logs import setup_console_logging
from booty.app.services import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliServices
from booty.app.streaming import StreamPorts, stream_image
from booty.domain.disk.targets import ApprovedDisk, ImageFile, approve
from booty.domain.errors import DiskSelectionError, StreamFailed
from booty.domain.stream import StreamResult, StreamTuning, parse_expected_digest, plan_stream
from booty.domain.stream.plan import MiB
from booty.domain.system import FileKind

NAME = "stream"
HELP = "stream an image (http, https, oci, file) onto a block device, decompressing and verifying it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``stream SOURCE DEVICE [--mirror URL]... [--checksum ALGO:HEX] [tuning options] [--json]``."""
    parser.add_argument("source", metavar="SOURCE", help="http(s) URL, oci:// reference or file:// URL")
    parser.add_argument(
        "device",
        metavar="DEVICE",
        help="existing regular file, or a disk that passes the safety checks (not mounted, held, removable)",
    )
    parser.add_argument(
        "--mirror", metavar="URL", action="append", default=[], help="an alternative tried after SOURCE fails"
    )
    parser.add_argument(
        "--checksum", metavar="ALGO:HEX", help="digest of the decompressed image (sha256 or sha512)"
    )
    parser.add_argument("--ca-bundle", metavar="FILE", help="PEM file of extra CAs trusted for https")
    parser.add_argument("--stall-timeout", metavar="SECONDS", type=float, default=60.0, help="default 60")
    parser.add_argument("--buffer-mib", metavar="MIB", type=int, default=4, help="buffer size (default 4)")
    parser.add_argument("--buffers", metavar="N", type=int, default=3, help="buffers per stage (default 3)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Plan, stream, report."""
    if services.stream_ports is None:
        print("booty stream: image streaming is not available here", file=services.stderr)
        return EXIT_FAILED
    ports = services.stream_ports(args.ca_bundle)
    try:
        expected = parse_expected_digest(args.checksum) if args.checksum else None
        tuning = StreamTuning(
            buffer_bytes=args.buffer_mib * MiB, buffers=args.buffers, stall_timeout_s=args.stall_timeout
        )
        target = _target(args.device, services, ports)
        plan = plan_stream([args.source, *args.mirror], target, expected=expected, tuning=tuning)
    except (ValueError, DiskSelectionError) as e:
        print(f"booty stream: {e}", file=services.stderr)
        return EXIT_BAD_INPUT
    setup_console_logging(stream=services.stderr)
    try:
        result = stream_image(plan, ports)
    except StreamFailed as e:
        print(f"booty stream: {e}", file=services.stderr)
        return EXIT_FAILED
    print(_summary(result, as_json=args.json), file=services.stdout)
    return EXIT_OK


def _target(device: str, services: CliServices, ports: StreamPorts) -> ApprovedDisk | ImageFile:
    """An existing regular file as an ``ImageFile``; anything else only as a disk the domain approves.

    Raises:
        DiskSelectionError: *device* is no disk of this machine, or fails a safety check.
    """
    try:
        if services.host.stat(device).kind is FileKind.FILE:
            return ImageFile(device)
    except FileNotFoundError:
        pass  # not a file: the disk list says whether it is a disk (a missing path is not)
    choice = choose_named_disk(ports.block.list_disks(), device)
    return approve(choice).get(choice.chosen.path)


def _summary(result: StreamResult, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(
            {
                "source": result.source,
                "target": result.target,
                "format": result.image_format.value,
                "bytes": result.written,
                "received": result.received,
                "seconds": round(result.seconds, 3),
                "mb_per_s": round(result.mb_per_s, 1),
                "digest": result.digest,
                "blob_digest": result.blob_digest,
                "resumes": result.resumes,
                "restarts": result.restarts,
                "handed_over": list(result.handed_over),
            }
        )
    digest = result.digest or result.blob_digest or "not checked"
    return (
        f"wrote {result.written} bytes ({result.image_format.value}) from {result.source} to {result.target} "
        f"in {result.seconds:.1f} s ({result.mb_per_s:.0f} MB/s), digest {digest}"
    )
