"""The legacy read direction (spec disk-and-image.md §3.11): a whole disk uploaded to a server.

One POST, ``multipart/form-data`` with one file part (field ``BootyImage``, file ``<mac>.img`` or
``<mac>.zmg`` when gzip-compressed), the body streamed in chunks (never the whole disk in memory).
Departs from v0.0.1, which ignored the response status (a 500 counted as success): a non-2xx answer
is an error here.
"""

from __future__ import annotations

import logging
import secrets
import zlib
from collections.abc import Iterator

from booty.app.streaming.sources import StreamPorts
from booty.domain.errors import SourceRefused
from booty.domain.http import HttpRequest, HttpResponse
from booty.domain.secret import redact_url
from booty.domain.stream.upload import multipart_frame, upload_file_name
from booty.ports.device import DeviceReader

log = logging.getLogger("booty.stream")
_CHUNK = 4 << 20


def upload_disk(
    device: str,
    url: str,
    *,
    mac: str,
    compressed: bool,
    ports: StreamPorts,
    timeout_s: float = 60.0,
    boundary: str = "",
) -> HttpResponse:
    """Read *device* from start to end and POST it to *url* as one multipart file.

    Raises:
        OSError: the device cannot be opened or read.
        HttpTransportError: the server could not be reached or the connection broke.
        SourceRefused: the server answered with a status other than 2xx.
    """
    name = upload_file_name(mac, compressed=compressed)
    frame = multipart_frame(boundary or secrets.token_hex(16), filename=name)
    shown = redact_url(url)
    reader = ports.block.open_reader(device)
    log.info("Uploading disk", extra={"device": device, "url": shown, "file": name, "size": reader.size})
    try:
        request = HttpRequest(
            "POST", url, headers=(("Content-Type", frame.content_type),), timeout_s=timeout_s
        )
        content = _gzip(reader) if compressed else _raw(reader)
        response = ports.http.send_streaming(request, _framed(frame.head, content, frame.tail))
    finally:
        reader.close()
    if not response.ok:
        raise SourceRefused(shown, status=response.status, detail="the upload was not accepted")
    log.info("Disk uploaded", extra={"device": device, "url": shown, "status": response.status})
    return response


def _framed(head: bytes, content: Iterator[bytes], tail: bytes) -> Iterator[bytes]:
    yield head
    yield from content
    yield tail


def _raw(reader: DeviceReader) -> Iterator[bytes]:
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    while count := reader.readinto(view):
        yield bytes(view[:count])  # a copy: the sender may hold a chunk after asking for the next


def _gzip(reader: DeviceReader) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # gzip framing, Go's default level
    for chunk in _raw(reader):
        if packed := compressor.compress(chunk):
            yield packed
    yield compressor.flush()
