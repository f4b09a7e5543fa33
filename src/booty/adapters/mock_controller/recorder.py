"""Recording events to a directory that a test or an operator can tail.

Three files, appended and flushed (opened, written, closed) once per event, so a reader never
sees half a line and nothing is lost when the process is killed:

* ``events.jsonl``: every event, one JSON object per line, secrets masked (``event_to_json``);
* ``statuses.txt``: one ``<status>: <body>`` line per accepted status report;
* ``log.txt``: one line per accepted log line.

The bearer token is never written: the header is masked and token values are scrubbed from
bodies. Newlines (and carriage returns) inside a status body or a log line are written as ``\\n``
(``\\r``) to keep one record per line.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from booty.adapters.mock_controller.events import Event, EventKind, event_to_json, known_secrets, scrub

EVENTS_FILE = "events.jsonl"
STATUSES_FILE = "statuses.txt"
LOG_FILE = "log.txt"


@attrs.define
class Recorder:
    """Appends events to the files of one directory (created on first use)."""

    directory: Path
    secrets: tuple[str, ...] = ()
    """Values to scrub besides the token a request presented (the configured token)."""

    def write(self, event: Event) -> None:
        """Append *event* to ``events.jsonl`` and, when accepted, to the convenience files."""
        self.directory.mkdir(parents=True, exist_ok=True)
        line = json.dumps(event_to_json(event, secrets=self.secrets), separators=(",", ":"))
        self._append(EVENTS_FILE, [line])
        if not event.accepted:
            return
        known = known_secrets(event, self.secrets)
        if event.kind is EventKind.STATUS:
            self._append(STATUSES_FILE, [f"{event.status}: {_one_line(scrub(event.body, known))}"])
        elif event.kind is EventKind.LOG:
            self._append(LOG_FILE, [_one_line(scrub(line, known)) for line in event.lines])

    def _append(self, name: str, lines: list[str]) -> None:
        if not lines:
            return
        with (self.directory / name).open("a", encoding="utf-8") as f:
            f.write("".join(f"{line}\n" for line in lines))


def _one_line(text: str) -> str:
    # Readers with universal newlines split on a bare \r too, so both are escaped.
    return text.replace("\r", "\\r").replace("\n", "\\n")
