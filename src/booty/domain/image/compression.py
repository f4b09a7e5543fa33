"""What an image is, from its first bytes: a compression format, a qcow2 container, or raw.

Detection reads content only, never the URL's extension (spec disk-and-image.md §3.4): a ``.img``
URL that serves gzip is decompressed and a ``.gz`` URL that serves raw bytes is written raw. The
magic numbers are compared in table order and the first match wins. qcow2 is recognised (unlike
v0.0.1, which wrote it byte for byte to the disk) so that a virtual-machine image is never written
raw by mistake: the caller converts it or refuses it.

Give ``detect_format`` at least ``MAGIC_BYTES_NEEDED`` bytes (fewer only when the whole image is
shorter); with fewer, a magic number longer than the input cannot match.
"""

from __future__ import annotations

import enum

from booty.domain.errors import EmptyImage


class ImageFormat(enum.Enum):
    """The container or compression of an image; the value is the name ``booty image detect`` prints."""

    RAW = "raw"
    GZIP = "gzip"
    ZSTD = "zstd"
    LZ4 = "lz4"
    XZ = "xz"
    BZIP2 = "bzip2"
    QCOW2 = "qcow2"

    @property
    def compressed(self) -> bool:
        """True for the stream compressions a decompressor undoes on the way to the disk."""
        return self not in {ImageFormat.RAW, ImageFormat.QCOW2}


MAGIC: tuple[tuple[ImageFormat, bytes], ...] = (
    (ImageFormat.GZIP, b"\x1f\x8b"),
    (ImageFormat.ZSTD, b"\x28\xb5\x2f\xfd"),
    (ImageFormat.LZ4, b"\x04\x22\x4d\x18"),
    (ImageFormat.XZ, b"\xfd\x37\x7a\x58\x5a\x00"),
    (ImageFormat.BZIP2, b"BZh"),
    (ImageFormat.QCOW2, b"QFI\xfb"),
)
"""Magic numbers at offset 0, in the order they are tried (the original's order, then qcow2)."""

MAGIC_BYTES_NEEDED = max(len(magic) for _, magic in MAGIC)
"""How many leading bytes detection needs: 6, the length of the xz magic."""


def detect_format(first_bytes: bytes) -> ImageFormat:
    """The format of an image that starts with *first_bytes*; ``RAW`` when no magic number matches.

    Raises:
        EmptyImage: *first_bytes* is empty (the image has no content at all).
    """
    if not first_bytes:
        raise EmptyImage
    return next((fmt for fmt, magic in MAGIC if first_bytes.startswith(magic)), ImageFormat.RAW)
