"""The legacy read direction (spec disk-and-image.md §3.11): a disk uploaded as one multipart file.

Pure framing: the file name, and the bytes that go before and after the file content in a
``multipart/form-data`` body with a single part. The app streams the content between them.
"""

from __future__ import annotations

import re

import attrs

UPLOAD_FIELD = "BootyImage"
"""The form field name the legacy server (plunder) reads."""
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,./:=?-]{1,70}")
_MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")


def upload_file_name(mac: str, *, compressed: bool) -> str:
    """``aa:bb:cc:dd:ee:ff.img``, or ``.zmg`` for a gzip-compressed upload.

    Raises:
        ValueError: *mac* is not six colon-separated hex pairs.
    """
    mac = mac.strip().lower()
    if not _MAC.fullmatch(mac):
        raise ValueError(f"not a MAC address: {mac!r}")
    return f"{mac}.{'zmg' if compressed else 'img'}"


@attrs.frozen
class MultipartFrame:
    """What surrounds the file content in a one-part multipart/form-data body."""

    content_type: str
    """The request's Content-Type header value, boundary included."""
    head: bytes
    """Boundary line and part headers, up to the first content byte."""
    tail: bytes
    """The closing boundary, after the last content byte."""


def multipart_frame(boundary: str, *, filename: str, field: str = UPLOAD_FIELD) -> MultipartFrame:
    """Frame one ``application/octet-stream`` file part named *field* with *filename*.

    Raises:
        ValueError: *boundary* has characters RFC 2046 does not allow, or *filename* a quote or newline.
    """
    if not _BOUNDARY.fullmatch(boundary):
        raise ValueError(f"invalid multipart boundary {boundary!r}")
    if any(ch in filename for ch in '"\r\n') or any(ch in field for ch in '"\r\n'):
        raise ValueError(f"a form field or file name cannot contain quotes or newlines: {filename!r}")
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return MultipartFrame(
        content_type=f"multipart/form-data; boundary={boundary}",
        head=head,
        tail=f"\r\n--{boundary}--\r\n".encode(),
    )
