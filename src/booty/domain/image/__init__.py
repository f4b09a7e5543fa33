"""Images: IMAGE references (http, https, oci, file) and format detection from the first bytes."""

from booty.domain.image.compression import MAGIC, MAGIC_BYTES_NEEDED, ImageFormat, detect_format
from booty.domain.image.ref import ImageRef, ImageScheme, parse_image_ref

__all__ = [
    "MAGIC",
    "MAGIC_BYTES_NEEDED",
    "ImageFormat",
    "ImageRef",
    "ImageScheme",
    "detect_format",
    "parse_image_ref",
]
