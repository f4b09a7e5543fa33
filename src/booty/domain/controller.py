"""The CAPRF controller protocol as values: statuses, standby commands, log lines.

Pinned by spec caprf-and-config.md §2: status names, the command JSON shape, and the text of a
shipped log line (``[LEVEL] message key=value ...``).
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from booty.domain.errors import ControllerError

MAX_COMMANDS_BODY = 1 << 20
"""Largest command poll answer read (1 MiB): a hostile controller cannot exhaust memory."""


class Status(enum.Enum):
    """The three statuses a controller understands; each has its own URL."""

    INIT = "init"
    SUCCESS = "success"
    ERROR = "error"


@attrs.frozen
class Command:
    """One standby command from the controller (``ID``, ``Type``, optional base64 ``Payload``)."""

    id: str
    type: str
    payload: bytes = b""


def parse_commands(body: bytes) -> tuple[Command, ...]:
    """Decode a command poll answer: a JSON array of objects, or ``null`` for none.

    Keys match case-insensitively as in the Go decoder; unknown keys are ignored.

    Raises:
        ControllerError: the body is not such an array, or an entry has the wrong types.
    """
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ControllerError(f"decode commands: {e}") from e
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ControllerError(f"decode commands: expected a JSON array, got {type(data).__name__}")
    return tuple(_command(i, entry) for i, entry in enumerate(data))


def _command(index: int, entry: object) -> Command:
    if not isinstance(entry, dict):
        raise ControllerError(f"decode commands: entry {index} is not an object")
    fields = {str(k).lower(): v for k, v in entry.items()}
    ident, kind = fields.get("id", ""), fields.get("type", "")
    if not isinstance(ident, str) or not isinstance(kind, str):
        raise ControllerError(f"decode commands: entry {index}: ID and Type must be strings")
    return Command(id=ident, type=kind, payload=_payload(index, fields.get("payload")))


def _payload(index: int, value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as e:
            raise ControllerError(f"decode commands: entry {index}: Payload is not base64") from e
    if isinstance(value, list) and all(isinstance(b, int) and 0 <= b <= 255 for b in value):
        return bytes(value)
    raise ControllerError(f"decode commands: entry {index}: Payload must be base64 text or null")


LEVEL_NAMES: Mapping[int, str] = {10: "DEBUG", 20: "INFO", 30: "WARN", 40: "ERROR", 50: "ERROR"}


def level_name(levelno: int) -> str:
    """The Go slog level name for a Python level number (WARNING is ``WARN``, CRITICAL ``ERROR``)."""
    for threshold in (50, 40, 30, 20):
        if levelno >= threshold:
            return LEVEL_NAMES[threshold]
    return "DEBUG"


def format_log_line(levelno: int, message: str, fields: Iterable[tuple[str, Any]]) -> str:
    """One shipped log line: ``[INFO] test message key=value`` (spec caprf §3)."""
    parts = [f"[{level_name(levelno)}] {message}"]
    parts.extend(f"{key}={_render(value)}" for key, value in fields)
    return " ".join(parts)


def _render(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + " ".join(_render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "[" + " ".join(f"{k}={_render(v)}" for k, v in value.items()) + "]"
    return str(value)
