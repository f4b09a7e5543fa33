"""Root-device hints: what an operator knows about the target disk (serial, WWN, model, size, slot).

Modelled on ironic-python-agent's root device hints, without their logging: a hint set is a value,
``mismatch(disk)`` says which hint a disk fails, and ``choose_target_disk`` requires the hints to
match exactly one disk. Text is compared ignoring case and runs of white space, because sysfs pads
models and serials; WWNs may be written with or without their ``0x``/``naa.``/``eui.`` prefix; the
by-path hint may be the full ``/dev/disk/by-path/...`` link or its last component.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable

import attrs

from booty.domain.disk.facts import size_gib
from booty.domain.system import BlockDevice

HINT_KEYS: tuple[str, ...] = ("serial", "wwn", "model", "size", "by_path")
"""Every hint booty understands, in the order they are checked and printed."""

BY_PATH_DIR = "/dev/disk/by-path/"
_WWN_PREFIXES = ("0x", "naa.", "eui.")
_HINT = re.compile(r"(?P<key>[A-Za-z_-]+)\s*(?P<op>==|>=|<=|=|>|<)\s*(?P<value>.*)", re.DOTALL)

SIZE_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "=": operator.eq,
    "==": operator.eq,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
"""How the ``size`` hint compares the disk's whole GiB with its number."""


@attrs.frozen
class SizeHint:
    """``size=480`` (exactly 480 GiB, truncated) or ``size>=400`` and the like."""

    gib: int
    op: str = attrs.field(default="=", validator=attrs.validators.in_(SIZE_OPERATORS))
    """One of ``=``, ``==``, ``>=``, ``<=``, ``>``, ``<``."""

    def matches(self, disk: BlockDevice) -> bool:
        """True when the disk's whole GiB satisfy the comparison."""
        return SIZE_OPERATORS[self.op](size_gib(disk), self.gib)

    def __str__(self) -> str:
        return f"size{self.op}{self.gib}"


@attrs.frozen
class RootDeviceHints:
    """Facts the target disk must have; empty fields are not checked."""

    serial: str = ""
    wwn: str = ""
    model: str = ""
    size: SizeHint | None = None
    by_path: str = ""
    """``/dev/disk/by-path/pci-0000:00:1f.2-ata-1`` or just ``pci-0000:00:1f.2-ata-1``."""

    def __bool__(self) -> bool:
        return any((self.serial, self.wwn, self.model, self.size, self.by_path))

    def mismatch(self, disk: BlockDevice) -> str:
        """The first hint *disk* fails, as written (``serial=ZBS0XYZ1``), or ``""`` when all match."""
        if self.serial and _text(self.serial) != _text(disk.serial):
            return f"serial={self.serial}"
        if self.wwn and _wwn(self.wwn) != _wwn(disk.wwn):
            return f"wwn={self.wwn}"
        if self.model and _text(self.model) != _text(disk.model):
            return f"model={self.model}"
        if self.size is not None and not self.size.matches(disk):
            return str(self.size)
        if self.by_path and _slot(self.by_path) != _slot(disk.by_path):
            return f"by_path={self.by_path}"
        return ""

    def matches(self, disk: BlockDevice) -> bool:
        """True when *disk* has every fact the hints name (empty hints match every disk)."""
        return not self.mismatch(disk)

    def __str__(self) -> str:
        shown = (
            f"serial={self.serial}" if self.serial else "",
            f"wwn={self.wwn}" if self.wwn else "",
            f"model={self.model}" if self.model else "",
            str(self.size) if self.size else "",
            f"by_path={self.by_path}" if self.by_path else "",
        )
        return ", ".join(s for s in shown if s)


NO_HINTS = RootDeviceHints()


def parse_root_device_hints(items: Iterable[str]) -> RootDeviceHints:
    """Hints from ``KEY=VALUE`` items (``serial=ZBS0XYZ1``, ``size>=400``), as given on a command line.

    Raises:
        ValueError: an item is not ``KEY=VALUE``, names an unknown key, repeats a key, has an empty
            value, compares text with anything but ``=``, or gives a size that is not whole GiB.
    """
    texts: dict[str, str] = {}
    size: SizeHint | None = None
    for item in items:
        match = _HINT.fullmatch(item.strip())
        if match is None:
            raise ValueError(f"not a root device hint (KEY=VALUE): {item!r}")
        key, op, value = match["key"].replace("-", "_").lower(), match["op"], match["value"].strip()
        if key not in HINT_KEYS:
            raise ValueError(f"unknown root device hint {key!r} (expected one of: {', '.join(HINT_KEYS)})")
        if key in texts or (key == "size" and size is not None):
            raise ValueError(f"root device hint {key} is given twice")
        if not value:
            raise ValueError(f"root device hint {key} needs a value")
        if key == "size":
            size = _size(op, value)
        else:
            texts[key] = _text_hint(key, op, value)
    return RootDeviceHints(
        serial=texts.get("serial", ""),
        wwn=texts.get("wwn", ""),
        model=texts.get("model", ""),
        size=size,
        by_path=texts.get("by_path", ""),
    )


def _size(op: str, value: str) -> SizeHint:
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"root device hint size needs a whole number of GiB: {value!r}")
    return SizeHint(gib=int(value), op=op)


def _text_hint(key: str, op: str, value: str) -> str:
    if op not in {"=", "=="}:
        raise ValueError(f"root device hint {key} compares text: use {key}=VALUE, not {op}")
    return value


def _text(value: str) -> str:
    return " ".join(value.split()).casefold()


def _wwn(value: str) -> str:
    text = _text(value)
    return next((text[len(p) :] for p in _WWN_PREFIXES if text.startswith(p)), text)


def _slot(value: str) -> str:
    return value.removeprefix(BY_PATH_DIR)
