"""One attempt at one source: reader thread -> decompressor thread -> writer thread.

::

    source.fill ──► [received] ──► decode ──► [decoded] ──► write ──► [written] ──► hash
    (network, resume)         (zlib, zstd, ...)         (DeviceWriter)           (IMAGE_CHECKSUM)

Rules of this file:
1. One thread per stage, bounded channels, two buffer pools: network, decompression, disk writes
   and hashing overlap, and memory stays at ``2 * (buffers + 1) * buffer_bytes`` whatever the image
   size. zlib, lzma, bz2, zstd, lz4, hashlib, socket reads and ``os.write`` all release the GIL on
   large buffers. The hash stage exists only when a checksum is expected; a buffer goes back to its
   pool after the last stage that reads it.
2. Raw images skip decompression: the received buffers go to the writer as they are.
3. The first failure of any stage cancels the others; all threads are joined before the attempt
   returns or raises, so nothing keeps writing to the disk behind the caller's back.
4. ``state.wrote`` turns true just before the first write: from then on a failure must leave the
   disk unbootable (the use case zeroes its signatures).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable

import attrs

from booty.app.streaming.buffers import END, BufferPool, Cancelled, Channel, Chunk, OutputFiller
from booty.app.streaming.decoders import ChunkInput, decode
from booty.app.streaming.sources import Source
from booty.domain.errors import SourceFailed, UnsupportedImage
from booty.domain.image import MAGIC_BYTES_NEEDED, ImageFormat, detect_format
from booty.domain.stream.checksum import ExpectedDigest
from booty.domain.stream.plan import StreamTuning, refusal_for
from booty.ports.device import DeviceWriter

log = logging.getLogger("booty.stream")


@attrs.define
class WriteState:
    """Shared by every attempt of one stream: did any byte reach the target?"""

    wrote: bool = False


@attrs.frozen
class AttemptOutcome:
    """What a successful attempt wrote."""

    image_format: ImageFormat
    written: int
    digest_hex: str = ""
    """Of the written bytes, when a checksum was asked for."""


ProgressTick = Callable[[int], None]
"""Called by the writer after each buffer with the bytes written so far."""


@attrs.define
class _Attempt:
    source: Source
    writer: DeviceWriter
    tuning: StreamTuning
    expected: ExpectedDigest | None
    state: WriteState
    on_progress: ProgressTick
    cancel: threading.Event = attrs.field(factory=threading.Event)
    errors: list[BaseException] = attrs.field(factory=list)
    image_format: ImageFormat | None = None
    written: int = 0
    digest_hex: str = ""
    received: Channel = attrs.field(init=False)
    decoded: Channel = attrs.field(init=False)
    written_chunks: Channel | None = attrs.field(init=False)
    pool: BufferPool = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.received = Channel(self.tuning.buffers, self.cancel)
        self.decoded = Channel(self.tuning.buffers, self.cancel)
        self.written_chunks = Channel(self.tuning.buffers, self.cancel) if self.expected is not None else None
        self.pool = BufferPool(self.tuning.buffer_bytes, self.tuning.buffers + 1, self.cancel)

    def run(self) -> AttemptOutcome:
        stages = [("read", self._read), ("decode", self._decode), ("write", self._write)]
        if self.written_chunks is not None and self.expected is not None:
            channel, algorithm = self.written_chunks, self.expected.algorithm.value
            stages.append(("hash", lambda: self._hash(channel, algorithm)))
        threads = [
            threading.Thread(target=self._guarded, args=(stage,), name=f"booty-stream-{name}", daemon=True)
            for name, stage in stages
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for pending in (self.received, self.decoded, self.written_chunks):
            if pending is not None:
                pending.drain()
        if self.errors:
            raise self.errors[0]
        image_format = self.image_format or ImageFormat.RAW  # set by the decode stage on success
        return AttemptOutcome(image_format, self.written, self.digest_hex)

    def _guarded(self, stage: Callable[[], None]) -> None:
        try:
            stage()
        except Cancelled:
            pass
        except BaseException as e:
            self.errors.append(e)
            self.cancel.set()

    def _read(self) -> None:
        size = self.tuning.buffer_bytes
        while True:
            buffer = self.pool.acquire()
            try:
                count = self.source.fill(memoryview(buffer))
            except BaseException:
                self.pool.release(buffer)
                raise
            if count:
                self.received.put(Chunk(buffer, count, self.pool))
            else:
                self.pool.release(buffer)
            if count < size:
                self.received.put(END)
                return

    def _decode(self) -> None:
        first = self.received.get()
        if first is END:
            raise SourceFailed(self.source.shown, "detect format: the image is empty")
        image_format = detect_format(bytes(first.view[:MAGIC_BYTES_NEEDED]))
        log.info("Image format detected", extra={"source": self.source.shown, "format": image_format.value})
        hint = refusal_for(image_format)
        if hint:
            first.release()
            raise UnsupportedImage(self.source.shown, image_format=image_format.value, hint=hint)
        self.image_format = image_format
        if not image_format.compressed:
            chunk = first
            while chunk is not END:
                self.decoded.put(chunk)
                chunk = self.received.get()
        else:
            self._decompress(image_format, first)
        self.decoded.put(END)

    def _decompress(self, image_format: ImageFormat, first: Chunk) -> None:
        out_pool = BufferPool(self.tuning.buffer_bytes, self.tuning.buffers + 1, self.cancel)
        chunks = ChunkInput(self.received, first)
        filler = OutputFiller(out_pool, self.decoded)
        try:
            decode(image_format, chunks, filler, source=self.source.shown)
            filler.finish()
        finally:
            chunks.release()
            filler.abandon()

    def _write(self) -> None:
        while (chunk := self.decoded.get()) is not END:
            self.state.wrote = True
            self.writer.write(chunk.view)
            self.written += chunk.length
            if self.written_chunks is not None:
                self.written_chunks.put(chunk)
            else:
                chunk.release()
            self.on_progress(self.written)
        if self.written_chunks is not None:
            self.written_chunks.put(END)
        if self.state.wrote:
            self.writer.fsync()

    def _hash(self, channel: Channel, algorithm: str) -> None:
        hasher = hashlib.new(algorithm)
        while (chunk := channel.get()) is not END:
            hasher.update(chunk.view)
            chunk.release()
        self.digest_hex = hasher.hexdigest()


def run_attempt(
    source: Source,
    writer: DeviceWriter,
    *,
    tuning: StreamTuning,
    expected: ExpectedDigest | None,
    state: WriteState,
    on_progress: ProgressTick,
) -> AttemptOutcome:
    """Stream *source* (already started) through the decompressor onto *writer*, then fsync.

    Raises:
        SourceFailed: the source failed for good, the image is empty, corrupt or unsupported.
        RestartFromZero: the source must be read again from byte 0.
        DeviceWriteFailed: the target refused a write or the fsync.
    """
    attempt = _Attempt(source, writer, tuning, expected, state, on_progress)
    return attempt.run()
