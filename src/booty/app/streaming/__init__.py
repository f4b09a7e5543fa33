"""Image streaming: IMAGE alternatives onto a disk through a threaded, bounded pipeline; and the
legacy upload of a disk to a server.

Entry points: ``stream_image(plan, ports)`` (spec disk-and-image.md §3) and ``upload_disk`` (§3.11).
"""

from booty.app.streaming.sources import StreamPorts
from booty.app.streaming.stream import stream_image
from booty.app.streaming.upload import upload_disk

__all__ = ["StreamPorts", "stream_image", "upload_disk"]
