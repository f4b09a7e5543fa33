"""Fault injection: rules, their text and JSON forms, and the book that counts them down.

A rule applies to every request whose path lies under its prefix (``/status`` covers
``/status/init`` but not ``/statusx``; ``/`` covers everything), except the admin API under
``/_booty/``, which is never faulted so a test can always repair the controller. The first
armed rule that matches wins and uses up one of its ``count`` applications.

Fault spec grammar (the ``--fault`` text of ``booty controller``)::

    SPEC    := PATH "=" ACTION [ "x" COUNT ] { ":" OPTION }
    PATH    := "/" followed by any characters except "=" and whitespace
    ACTION  := STATUS            answer this status (200-599) instead of the real answer
             | "drop"            close the connection without any response
             | "delay:" SECONDS  wait, then answer normally
    COUNT   := a positive integer, or "*"; omitted means unlimited
    OPTION  := "retry-after=" INTEGER      (status actions only) send a Retry-After header
    SECONDS := digits with an optional fraction, e.g. 3 or 0.25

Examples: ``/status/init=500x2``, ``/log=drop``, ``/commands=delay:3``,
``/status=503x1:retry-after=2``, ``/=429:retry-after=1``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

ADMIN_PREFIX = "/_booty/"


class FaultAction(enum.Enum):
    """What a fault does to a request."""

    STATUS = "status"
    DELAY = "delay"
    DROP = "drop"


def _check_path(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not value.startswith("/") or "=" in value or any(c.isspace() for c in value):
        raise ValueError(f"fault path must start with '/' and hold no '=' or spaces, got {value!r}")


def _check_count(_: object, __: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value < 1:
        raise ValueError(f"fault count must be at least 1 (or unlimited), got {value}")


@attrs.frozen
class FaultRule:
    """One fault: which requests, what happens to them, how many times."""

    path: str = attrs.field(validator=_check_path)
    """Path prefix, matched segment by segment."""
    action: FaultAction
    status: int = 0
    """The status to answer, for ``STATUS``."""
    seconds: float = 0.0
    """The delay, for ``DELAY``."""
    retry_after: int | None = None
    """Seconds for a ``Retry-After`` header, for ``STATUS``."""
    count: int | None = attrs.field(default=None, validator=_check_count)
    """How many requests this rule affects; None is unlimited."""

    def __attrs_post_init__(self) -> None:
        # Cross-field invariants; a rule that cannot be written as a spec is a bug upstream.
        if self.action is FaultAction.STATUS and not 200 <= self.status <= 599:
            raise ValueError(f"fault status must be between 200 and 599, got {self.status}")
        if self.action is not FaultAction.STATUS and (self.status or self.retry_after is not None):
            raise ValueError("status and retry-after only go with a status fault")
        if self.seconds < 0 or (self.action is not FaultAction.DELAY and self.seconds):
            raise ValueError("a non-negative delay only goes with a delay fault")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError(f"retry-after must not be negative, got {self.retry_after}")

    def matches(self, path: str) -> bool:
        """True when *path* lies under this rule's prefix and is not an admin path."""
        if path.startswith(ADMIN_PREFIX):
            return False
        prefix = self.path.rstrip("/")
        return path in (self.path, prefix) or path.startswith(prefix + "/")

    def spec(self) -> str:
        """This rule in spec syntax; ``parse_fault_spec(rule.spec()) == rule``."""
        if self.action is FaultAction.STATUS:
            action = str(self.status)
        elif self.action is FaultAction.DELAY:
            action = f"delay:{_seconds(self.seconds)}"
        else:
            action = "drop"
        count = f"x{self.count}" if self.count is not None else ""
        option = f":retry-after={self.retry_after}" if self.retry_after is not None else ""
        return f"{self.path}={action}{count}{option}"


def _seconds(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


_SPEC = re.compile(
    r"(?P<path>/[^=\s]*)="
    r"(?:(?P<status>\d{3})|(?P<drop>drop)|delay:(?P<delay>\d+(?:\.\d+)?))"
    r"(?:x(?P<count>\d+|\*))?"
    r"(?P<options>(?::[^:]*)*)",
    re.IGNORECASE,
)


def parse_fault_spec(text: str) -> FaultRule:
    """Read one fault rule from spec text (grammar in the module docstring).

    Raises:
        ValueError: the text does not follow the grammar; the message quotes it and says why.
    """
    spec = text.strip()
    match = _SPEC.fullmatch(spec)
    if match is None:
        raise ValueError(f"bad fault spec {text!r}: {_diagnose(spec)}")
    try:
        return FaultRule(
            path=match["path"],
            action=_action(match),
            status=int(match["status"] or 0),
            seconds=float(match["delay"] or 0),
            retry_after=_retry_after(match["options"]),
            count=None if match["count"] in (None, "*") else int(match["count"]),
        )
    except ValueError as e:
        raise ValueError(f"bad fault spec {text!r}: {e}") from e


def _action(match: re.Match[str]) -> FaultAction:
    if match["status"]:
        return FaultAction.STATUS
    return FaultAction.DROP if match["drop"] else FaultAction.DELAY


def _retry_after(options: str) -> int | None:
    retry_after = None
    for option in filter(None, options.split(":")):
        key, _, value = option.partition("=")
        if key.lower() != "retry-after" or not value.isdigit():
            raise ValueError(f"bad option {option!r}; the only option is retry-after=SECONDS (whole seconds)")
        retry_after = int(value)
    return retry_after


def _diagnose(spec: str) -> str:
    """The most useful reason a spec failed the grammar."""
    path, sep, rest = spec.partition("=")
    if not sep:
        return "expected PATH=ACTION, e.g. /status/init=500x2"
    if not path.startswith("/") or any(c.isspace() for c in path):
        return f"the path must start with '/' and hold no spaces, got {path!r}"
    action = re.match(r"\d{3}|drop|delay:\d+(?:\.\d+)?", rest, re.IGNORECASE)
    if action is None:
        return f"the action must be a status code, 'drop' or 'delay:SECONDS', got {rest!r}"
    return f"expected a count like x2 or x*, then options like :retry-after=2, got {rest[action.end() :]!r}"


def fault_from_json(data: object) -> FaultRule:
    """Read one fault rule from the admin API: a spec string, or an object.

    The object form is ``{"path": "/log", "action": "status"|"delay"|"drop", "status": 503,
    "seconds": 1.5, "retry_after": 2, "count": 2}`` with only the keys the action needs.

    Raises:
        ValueError: the value is neither form, or describes an impossible rule.
    """
    if isinstance(data, str):
        return parse_fault_spec(data)
    if not isinstance(data, Mapping):
        raise ValueError(f"a fault must be a spec string or an object, got {type(data).__name__}")
    unknown = set(data) - {"path", "action", "status", "seconds", "retry_after", "count"}
    if unknown:
        raise ValueError(f"unknown fault keys: {', '.join(sorted(map(str, unknown)))}")
    try:
        return FaultRule(
            path=_typed(data, "path", str, ""),
            action=FaultAction(_typed(data, "action", str, "")),
            status=_typed(data, "status", int, 0),
            seconds=float(_typed(data, "seconds", (int, float), 0.0)),
            retry_after=_typed(data, "retry_after", int, None),
            count=_typed(data, "count", int, None),
        )
    except TypeError as e:
        raise ValueError(str(e)) from e


def _typed(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], default: Any) -> Any:
    value = data.get(key, default)
    if value is default or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    raise ValueError(f"fault key {key!r} has the wrong type: {value!r}")


def fault_to_json(rule: FaultRule, *, remaining: int | None) -> dict[str, Any]:
    """A rule and how many applications it has left, for ``GET /_booty/faults``."""
    return {"spec": rule.spec(), "remaining": remaining}


@attrs.frozen
class _Armed:
    rule: FaultRule
    remaining: int | None


@attrs.define
class FaultBook:
    """The armed rules and their remaining counts. Not thread-safe: the owner holds a lock."""

    _armed: list[_Armed] = attrs.field(factory=list)

    def replace(self, rules: Iterable[FaultRule]) -> None:
        """Arm exactly *rules*, in order, with their full counts."""
        self._armed = [_Armed(rule, rule.count) for rule in rules]

    def take(self, path: str) -> FaultRule | None:
        """The first armed rule for *path*, using up one of its applications; None if none."""
        for index, armed in enumerate(self._armed):
            if armed.rule.matches(path):
                if armed.remaining is None:
                    return armed.rule
                if armed.remaining <= 1:
                    del self._armed[index]
                else:
                    self._armed[index] = _Armed(armed.rule, armed.remaining - 1)
                return armed.rule
        return None

    def armed(self) -> list[tuple[FaultRule, int | None]]:
        """Every rule still armed, with its remaining count (None = unlimited)."""
        return [(armed.rule, armed.remaining) for armed in self._armed]
