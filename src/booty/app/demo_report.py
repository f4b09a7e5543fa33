"""What the demo prints: plain aligned text for people, and a log watcher that follows the run.

The watcher is a logging handler on ``booty``: it prints each step as it starts and every warning
or error as it happens (the full key=value log goes to the mock controller's LOG_URL, as on a
real machine), and it remembers the files the steps wrote into the target root.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TextIO

from booty.app.provision import RunReport
from booty.domain.secret import redact

WIDTH = 100
"""Long details are cut to keep one line per step."""


class Printer:
    """Numbered sections with aligned key/value lines."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.sections = 0

    def title(self, text: str) -> None:
        print(text, file=self.out)
        print("=" * min(len(text), WIDTH), file=self.out)

    def line(self, text: str = "") -> None:
        print(text, file=self.out)

    def section(self, text: str) -> None:
        self.sections += 1
        print(f"\n{self.sections}. {text}", file=self.out)

    def kv(self, key: str, value: str) -> None:
        print(f"   {key:<12} {value}", file=self.out)

    def block(self, lines: Iterable[str], *, indent: int = 6) -> None:
        for text in lines:
            print(" " * indent + text, file=self.out)

    def flush(self) -> None:
        self.out.flush()


class RunWatcher(logging.Handler):
    """Follows a pipeline run through its log records."""

    def __init__(self, say: Printer, *, secrets: Iterable[str] = ()) -> None:
        super().__init__(logging.INFO)
        self.say = say
        self.secrets = tuple(secrets)
        self.written: list[str] = []
        """Paths inside the installed system, in the order the steps wrote them."""
        self.kexec: dict[str, str] = {}
        """Title, kernel, initrd and cmdline of the kexec kernel load-kexec loaded or would load."""
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        fields = record.__dict__
        message = record.getMessage()
        if message == "Wrote file in target root" and "path" in fields:
            self.written.append(str(fields["path"]))
        elif "kexec kernel" in message and "kernel" in fields:
            keys = ("title", "kernel", "initrd", "cmdline")
            self.kexec = {key: str(fields.get(key, "")) for key in keys}
        elif message.endswith("ing step") and {"step", "index", "total"} <= fields.keys():
            self.say.line(f"   [{fields['index']:>2}/{fields['total']}] {fields['step']}")
        elif record.levelno >= logging.WARNING:
            detail = fields.get("error") or fields.get("reason") or ""
            text = redact(f"{message}{': ' if detail else ''}{detail}", self.secrets)
            self.say.line(f"           {record.levelname.lower()}: {cut(text, WIDTH - 20)}")
        self.say.flush()


def timeline(report: RunReport, secrets: Iterable[str]) -> list[str]:
    """One line per step the run reached: number, name, result, seconds, detail."""
    reached = [o for o in report.outcomes if o.result != "skipped"]
    width = max((len(o.name) for o in reached), default=4)
    lines = []
    for number, o in enumerate(reached, start=1):
        detail = cut(redact(o.detail, tuple(secrets)), WIDTH - width - 24)
        lines.append(f"{number:>2}  {o.name:<{width}}  {o.result:<7} {o.seconds:6.2f}s  {detail}")
    skipped = [o.name for o in report.outcomes if o.result == "skipped"]
    if skipped:
        lines.append(f"    skipped by the plan: {', '.join(skipped)}")
    return lines


def cut(text: str, width: int) -> str:
    """*text* on one line, at most *width* characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 10)] + "…"
