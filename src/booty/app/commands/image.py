"""``booty image detect FILE``: print an image's format, judged from its first bytes only.

The name printed is one of ``raw``, ``gzip``, ``zstd``, ``lz4``, ``xz``, ``bzip2``, ``qcow2``: the
same detection the image streamer applies, so an operator can check what booty would do with a
file before serving it. The file name and extension are never consulted.

Exit codes: 0 detected; 1 the file is empty; 2 the file cannot be read.
"""

from __future__ import annotations

import argparse

from booty.app.services import EXIT_FAILED, EXIT_OK, CliServices
from booty.domain.errors import EmptyImage
from booty.domain.image import MAGIC_BYTES_NEEDED, detect_format

NAME = "image"
HELP = "inspect disk images"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``image detect FILE``."""
    actions = parser.add_subparsers(dest="image_command", metavar="ACTION", required=True)
    detect = actions.add_parser(
        "detect", help="print the format of an image file from its content (never its name)"
    )
    detect.add_argument("file", metavar="FILE")


def run(args: argparse.Namespace, services: CliServices) -> int:
    """Detect and print the format name."""
    try:
        head = services.host.read_file(args.file, limit=MAGIC_BYTES_NEEDED)
    except OSError as e:
        return services.cannot_read(args.file, e)
    try:
        image_format = detect_format(head)
    except EmptyImage as e:
        print(f"{args.file}: {e}", file=services.stderr)
        return EXIT_FAILED
    print(image_format.value, file=services.stdout)
    return EXIT_OK
