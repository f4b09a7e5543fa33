"""The plumbing between the pipeline's threads: pools of large buffers and bounded channels.

Rules of this file:
1. Memory is allocated once: each stage owns a pool of ``count`` buffers of ``size`` bytes; a stage
   that finds its pool empty waits. That wait is the back-pressure, and ``count * size`` per pool is
   the memory bound, whatever the image size. Buffers are anonymous mmaps: page-aligned, as
   ``O_DIRECT`` writes to a block device need.
2. A buffer travels as a ``Chunk`` (the buffer, its filled length, its pool) and goes back to its pool
   when the last stage is done with it; no bytes are copied between stages on the way.
3. Every blocking wait also watches a shared ``cancel`` event, so one failing stage stops the others
   within a fraction of a second.
"""

from __future__ import annotations

import mmap
import queue
import threading
from collections.abc import Callable

import attrs

_POLL_S = 0.2
Buffer = mmap.mmap | bytearray
"""What a chunk's bytes live in: a pooled page-aligned mmap (``bytearray`` only for ``END``)."""


class Cancelled(Exception):
    """Raised inside a stage when another stage failed and the pipeline is being torn down."""


@attrs.define
class BufferPool:
    """``count`` reusable buffers of ``size`` bytes."""

    size: int
    count: int
    cancel: threading.Event
    _free: queue.SimpleQueue[Buffer] = attrs.field(factory=queue.SimpleQueue, init=False)

    def __attrs_post_init__(self) -> None:
        for _ in range(self.count):
            self._free.put(mmap.mmap(-1, self.size))

    def acquire(self) -> Buffer:
        """A free buffer; waits for one to come back.

        Raises:
            Cancelled: the pipeline was cancelled while waiting.
        """
        while True:
            try:
                return self._free.get(timeout=_POLL_S)
            except queue.Empty:
                if self.cancel.is_set():
                    raise Cancelled from None

    def release(self, buffer: Buffer) -> None:
        """Give *buffer* back."""
        self._free.put(buffer)


@attrs.define(eq=False)
class Chunk:
    """A filled buffer on its way through the pipeline."""

    buffer: Buffer
    length: int
    pool: BufferPool | None

    @property
    def view(self) -> memoryview:
        """The filled part, without copying."""
        return memoryview(self.buffer)[: self.length]

    def release(self) -> None:
        """Return the buffer to its pool (once)."""
        if self.pool is not None:
            self.pool.release(self.buffer)
            self.pool = None


END = Chunk(bytearray(), 0, None)
"""Sent after the last chunk."""


@attrs.define
class Channel:
    """A bounded hand-over of chunks between two threads."""

    capacity: int
    cancel: threading.Event
    _queue: queue.Queue[Chunk] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._queue = queue.Queue(self.capacity)

    def put(self, chunk: Chunk) -> None:
        """Hand *chunk* over; waits while the channel is full.

        Raises:
            Cancelled: the pipeline was cancelled while waiting.
        """
        while True:
            try:
                self._queue.put(chunk, timeout=_POLL_S)
                return
            except queue.Full:
                if self.cancel.is_set():
                    raise Cancelled from None

    def get(self) -> Chunk:
        """The next chunk (``END`` after the last); waits while the channel is empty.

        Raises:
            Cancelled: the pipeline was cancelled while waiting.
        """
        while True:
            try:
                return self._queue.get(timeout=_POLL_S)
            except queue.Empty:
                if self.cancel.is_set():
                    raise Cancelled from None

    def drain(self) -> None:
        """Release every chunk still queued (after a cancel)."""
        while True:
            try:
                self._queue.get_nowait().release()
            except queue.Empty:
                return


@attrs.define
class OutputFiller:
    """Packs a decoder's output into full pooled buffers and hands them on.

    Every chunk but the last is a whole buffer, so the writer's writes stay large and aligned.
    """

    pool: BufferPool
    channel: Channel
    _buffer: Buffer | None = None
    _filled: int = 0

    def emit(self, data: bytes | memoryview) -> None:
        """Copy *data* in (decoders that return new bytes objects: zlib, lzma, bz2, lz4)."""
        view = memoryview(data)
        done = 0
        while done < len(view):
            buffer = self._current()
            take = min(len(buffer) - self._filled, len(view) - done)
            buffer[self._filled : self._filled + take] = view[done : done + take]
            self._filled += take
            done += take
            self._push_if_full()

    def fill_from(self, readinto: Callable[[memoryview], int]) -> int:
        """Let *readinto* decode straight into the current buffer (zstd); returns its count."""
        buffer = self._current()
        count = readinto(memoryview(buffer)[self._filled :])
        self._filled += count
        self._push_if_full()
        return count

    def space(self) -> memoryview:
        """The free part of the current buffer, for a decoder that writes into it (native lz4)."""
        return memoryview(self._current())[self._filled :]

    def advance(self, count: int) -> None:
        """*count* bytes of ``space()`` were filled; hand the buffer on when it is full."""
        self._filled += count
        self._push_if_full()

    def finish(self) -> None:
        """Hand on the last, partial buffer."""
        if self._buffer is not None:
            if self._filled:
                self.channel.put(Chunk(self._buffer, self._filled, self.pool))
            else:
                self.pool.release(self._buffer)
            self._buffer = None

    def abandon(self) -> None:
        """Give the current buffer back without handing it on."""
        if self._buffer is not None:
            self.pool.release(self._buffer)
            self._buffer = None

    def _current(self) -> Buffer:
        if self._buffer is None:
            self._buffer, self._filled = self.pool.acquire(), 0
        return self._buffer

    def _push_if_full(self) -> None:
        if self._buffer is not None and self._filled == len(self._buffer):
            chunk = Chunk(self._buffer, self._filled, self.pool)
            self._buffer = None
            self.channel.put(chunk)
