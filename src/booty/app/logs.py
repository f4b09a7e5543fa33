"""Console logging for the agent and the CLI: one ``key=value`` line per record, secrets scrubbed.

The format follows the original's slog text handler (spec caprf-and-config.md §4.1):
``time=2026-11-25T19:50:26Z level=INFO msg="Starting booty" version=0.1.0``. Structured fields
are passed with ``extra={...}``; they are found by comparing the record with a plain LogRecord.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from booty.domain.controller import level_name
from booty.domain.secret import redact

_STANDARD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def record_fields(record: logging.LogRecord) -> Iterator[tuple[str, Any]]:
    """The structured fields a caller attached to *record* with ``extra``, in the order given."""
    for key, value in record.__dict__.items():
        if key not in _STANDARD_ATTRS and not key.startswith("_"):
            yield key, value


def _quote(value: Any) -> str:
    text = str(value)
    if text == "" or any(ch in text for ch in ' "=\n\t'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


class KeyValueFormatter(logging.Formatter):
    """``time=... level=... msg="..." k=v`` with every known secret replaced by ``***``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def format(self, record: logging.LogRecord) -> str:
        """One line for *record*; an exception's traceback follows on the next lines."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))
        parts = [f"time={stamp}", f"level={level_name(record.levelno)}", f"msg={_quote(record.getMessage())}"]
        parts.extend(f"{key}={_quote(value)}" for key, value in record_fields(record))
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return redact(line, self.secrets)


def setup_console_logging(
    *, level: int = logging.INFO, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Send booty's records to stderr (or *stream*) as key=value lines; returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(KeyValueFormatter(secrets))
    root = logging.getLogger("booty")
    root.setLevel(min(level, root.level) if root.level else level)
    for old in [h for h in root.handlers if getattr(h, "_booty_console", False)]:
        root.removeHandler(old)
    handler._booty_console = True  # type: ignore[attr-defined]  # marks ours for replacement
    root.addHandler(handler)
    return handler
