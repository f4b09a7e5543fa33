"""Walk the frame and block headers of a zstd stream to tell a complete stream from a truncated one.

python-zstandard's streaming reader returns end-of-file when its input ends, also in the middle of a
frame: a truncated download would decompress "successfully". This walker reads only the headers
(RFC 8878 §3.1: frame header, 3-byte block headers, optional 4-byte checksum; skippable frames) and
jumps over block contents, so it costs a few operations per 128 KiB block. The stream is complete
when it ends exactly at a frame boundary after at least one frame.
"""

from __future__ import annotations

import enum

import attrs

ZSTD_MAGIC = 0xFD2FB528
SKIPPABLE_MASK, SKIPPABLE_MAGIC = 0xFFFFFFF0, 0x184D2A50
_DICT_ID_BYTES = (0, 1, 2, 4)
_CONTENT_SIZE_BYTES = (0, 2, 4, 8)
_RESERVED_BLOCK_TYPE = 3
_RLE_BLOCK_TYPE = 1


class _Phase(enum.Enum):
    MAGIC = 4
    DESCRIPTOR = 1
    HEADER_REST = 0
    BLOCK = 3
    SKIPPABLE_SIZE = 5


class ZstdFormatError(ValueError):
    """The bytes are not a sequence of zstd frames."""


@attrs.define
class ZstdFrameWalker:
    """Feed it the compressed bytes in order; ask ``complete`` at the end."""

    frames: int = 0
    """Frames (skippable ones included) whose last byte has been seen."""
    _phase: _Phase = _Phase.MAGIC
    _need: int = 4
    _header: bytearray = attrs.field(factory=bytearray)
    _skip: int = 0
    _checksum: bool = False
    _frame_ends: bool = False
    """The bytes being skipped end a frame."""

    @property
    def complete(self) -> bool:
        """True when the bytes so far end exactly after a whole frame."""
        return self.frames > 0 and self._phase is _Phase.MAGIC and not self._header and not self._skip

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Walk *data*, the next compressed bytes.

        Raises:
            ZstdFormatError: a frame magic or a block type is invalid.
        """
        view = memoryview(data)
        pos, size = 0, len(view)
        while pos < size:
            if self._skip:
                take = min(self._skip, size - pos)
                self._skip -= take
                pos += take
                if not self._skip and self._frame_ends:
                    self._frame_ends = False
                    self.frames += 1
                continue
            take = min(self._need - len(self._header), size - pos)
            self._header += view[pos : pos + take]
            pos += take
            if len(self._header) == self._need:
                header = bytes(self._header)
                self._header.clear()
                self._on_header(header)

    def _on_header(self, header: bytes) -> None:
        value = int.from_bytes(header, "little")
        if self._phase is _Phase.MAGIC:
            self._on_magic(value)
        elif self._phase is _Phase.DESCRIPTOR:
            self._on_descriptor(value)
        elif self._phase is _Phase.HEADER_REST:
            self._expect(_Phase.BLOCK, 3)
        elif self._phase is _Phase.BLOCK:
            self._on_block(value)
        else:  # _Phase.SKIPPABLE_SIZE
            self._expect(_Phase.MAGIC, 4)
            self._skip_then(value, frame_ends=True)

    def _on_magic(self, magic: int) -> None:
        if magic == ZSTD_MAGIC:
            self._expect(_Phase.DESCRIPTOR, 1)
        elif magic & SKIPPABLE_MASK == SKIPPABLE_MAGIC:
            self._expect(_Phase.SKIPPABLE_SIZE, 4)
        else:
            raise ZstdFormatError(f"unknown frame magic 0x{magic:08x} after {self.frames} frames")

    def _on_descriptor(self, descriptor: int) -> None:
        if descriptor & 0x08:
            raise ZstdFormatError("reserved bit set in a frame header descriptor")
        single_segment = bool(descriptor & 0x20)
        size_flag = descriptor >> 6
        content_size = _CONTENT_SIZE_BYTES[size_flag] or (1 if single_segment else 0)
        # Never 0: a single-segment frame has a content size byte, any other a window byte.
        rest = (0 if single_segment else 1) + _DICT_ID_BYTES[descriptor & 0x03] + content_size
        self._checksum = bool(descriptor & 0x04)
        self._expect(_Phase.HEADER_REST, rest)

    def _on_block(self, header: int) -> None:
        last, block_type, block_size = header & 1, (header >> 1) & 3, header >> 3
        if block_type == _RESERVED_BLOCK_TYPE:
            raise ZstdFormatError("reserved block type")
        content = 1 if block_type == _RLE_BLOCK_TYPE else block_size
        if not last:
            self._expect(_Phase.BLOCK, 3)
            self._skip_then(content, frame_ends=False)
            return
        self._expect(_Phase.MAGIC, 4)
        self._skip_then(content + (4 if self._checksum else 0), frame_ends=True)

    def _expect(self, phase: _Phase, need: int) -> None:
        self._phase, self._need = phase, need

    def _skip_then(self, count: int, *, frame_ends: bool) -> None:
        if count:
            self._skip, self._frame_ends = count, frame_ends
        elif frame_ends:
            self.frames += 1
