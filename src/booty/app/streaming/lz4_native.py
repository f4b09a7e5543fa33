"""lz4 frames decoded by the system's liblz4 (``LZ4F_decompress``) straight into the output buffers.

Why: python-lz4 returns every decoded piece as a new bytes object, which the pipeline then copies
into its pooled buffer; on a 1 GiB image that allocation and copy cost a third of the decoding time,
and lz4 is the one format where booty must keep up with a decoder that runs at gigabytes per second.
liblz4's frame API decodes into a caller's buffer, so here it writes straight into the pooled,
page-aligned buffer that the writer then hands to the disk. ctypes releases the GIL during the call.

When ``liblz4.so.1`` cannot be loaded (a minimal initramfs), ``load()`` returns None and the decoder
falls back to python-lz4. Both paths are tested against each other.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable

from booty.app.streaming.buffers import OutputFiller

_LZ4F_VERSION = 100
_SIZE = ctypes.c_size_t
_SIZE_P = ctypes.POINTER(ctypes.c_size_t)


class NativeLz4Error(RuntimeError):
    """liblz4 refused the data (its error name is the message)."""


class Lz4Frames:
    """The four liblz4 functions the decoder needs, typed."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self._create = library.LZ4F_createDecompressionContext
        self._create.argtypes, self._create.restype = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_uint], _SIZE
        self._free = library.LZ4F_freeDecompressionContext
        self._free.argtypes, self._free.restype = [ctypes.c_void_p], _SIZE
        self._decompress = library.LZ4F_decompress
        self._decompress.argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            _SIZE_P,
            ctypes.c_void_p,
            _SIZE_P,
            ctypes.c_void_p,
        ]
        self._decompress.restype = _SIZE
        self._is_error = library.LZ4F_isError
        self._is_error.argtypes, self._is_error.restype = [_SIZE], ctypes.c_uint
        self._error_name = library.LZ4F_getErrorName
        self._error_name.argtypes, self._error_name.restype = [_SIZE], ctypes.c_char_p

    def decode(self, views: Iterable[memoryview], out: OutputFiller) -> bool:
        """Decode every frame in *views* (writable memoryviews, in order) into *out*.

        Returns:
            True when the data ended exactly after a whole frame (zero padding after it allowed).

        Raises:
            NativeLz4Error: the data is not a valid lz4 frame sequence.
        """
        context = ctypes.c_void_p()
        self._check(self._create(ctypes.byref(context), _LZ4F_VERSION))
        try:
            return self._frames(context, views, out)
        finally:
            self._free(context)

    def _frames(self, context: ctypes.c_void_p, views: Iterable[memoryview], out: OutputFiller) -> bool:
        in_frame = started = False
        for view in views:
            base, size, pos = _address(view), len(view), 0
            while True:
                if not in_frame and started:
                    pos += _zeros_at(view, pos)  # padding between or after frames
                if pos >= size and not in_frame:
                    break
                dst = out.space()
                dst_size, src_size = _SIZE(len(dst)), _SIZE(size - pos)
                hint = self._decompress(
                    context, _address(dst), ctypes.byref(dst_size), base + pos, ctypes.byref(src_size), None
                )
                self._check(hint)
                pos += src_size.value
                out.advance(dst_size.value)
                started, in_frame = True, hint != 0
                if pos >= size and dst_size.value < len(dst):
                    break  # all input used and the output has room: the next piece is needed
        return started and not in_frame

    def _check(self, code: int) -> None:
        if self._is_error(code):
            raise NativeLz4Error((self._error_name(code) or b"lz4 error").decode(errors="replace"))


def load() -> Lz4Frames | None:
    """liblz4's frame API, or None when the library is not installed."""
    try:
        return Lz4Frames(ctypes.CDLL("liblz4.so.1"))
    except (OSError, AttributeError):
        return None


def _address(view: memoryview) -> int:
    if not len(view):
        return 0
    return ctypes.addressof(ctypes.c_char.from_buffer(view))


def _zeros_at(view: memoryview, pos: int) -> int:
    """How many zero bytes start at *pos* (a copy, but only between frames)."""
    rest = view[pos:].tobytes()
    return len(rest) - len(rest.lstrip(b"\0"))
