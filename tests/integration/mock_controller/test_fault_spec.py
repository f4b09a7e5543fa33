"""The ``--fault`` spec grammar, its JSON twin, and prefix matching."""

from __future__ import annotations

import pytest

from booty.adapters.mock_controller import FaultAction, FaultRule, parse_fault_spec
from booty.adapters.mock_controller.faults import fault_from_json

STATUS, DELAY, DROP = FaultAction.STATUS, FaultAction.DELAY, FaultAction.DROP


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("/status/init=500x2", FaultRule("/status/init", STATUS, status=500, count=2)),
        ("/log=drop", FaultRule("/log", DROP)),
        ("/log=DROPx1", FaultRule("/log", DROP, count=1)),
        ("/commands=delay:3", FaultRule("/commands", DELAY, seconds=3.0)),
        ("/commands=delay:0.25x4", FaultRule("/commands", DELAY, seconds=0.25, count=4)),
        ("/status=503x1:retry-after=2", FaultRule("/status", STATUS, status=503, retry_after=2, count=1)),
        ("/=429:retry-after=0", FaultRule("/", STATUS, status=429, retry_after=0)),
        ("/inventory=202x*", FaultRule("/inventory", STATUS, status=202)),
        ("  /health=404  ", FaultRule("/health", STATUS, status=404)),
    ],
)
def test_good_specs(text: str, rule: FaultRule) -> None:
    assert parse_fault_spec(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "/status/init=500x2",
        "/log=drop",
        "/commands=delay:3",
        "/commands=delay:0.5x2",
        "/status=503x1:retry-after=2",
        "/=204",
    ],
)
def test_spec_round_trips(text: str) -> None:
    assert parse_fault_spec(text).spec() == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected PATH=ACTION"),
        ("/log", "expected PATH=ACTION"),
        ("log=500", "the path must start with '/'"),
        ("/my log=500", "the path must start with '/'"),
        ("/log=boom", "the action must be a status code, 'drop' or 'delay:SECONDS', got 'boom'"),
        ("/log=50", "the action must be"),
        ("/log=delay", "the action must be"),
        ("/log=delay:-1", "the action must be"),
        ("/log=delay:soon", "the action must be"),
        ("/log=500x", "expected a count like x2 or x*"),
        ("/log=500y2", "expected a count like x2 or x*"),
        ("/log=500x0", "fault count must be at least 1"),
        ("/log=099", "between 200 and 599"),
        ("/log=600", "between 200 and 599"),
        ("/log=500:colour=red", "bad option 'colour=red'"),
        ("/log=500:retry-after=soon", "bad option 'retry-after=soon'"),
        ("/log=drop:retry-after=2", "only go with a status fault"),
        ("/log=delay:1:retry-after=2", "only go with a status fault"),
    ],
)
def test_bad_specs_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="bad fault spec") as caught:
        parse_fault_spec(text)
    assert repr(text) in str(caught.value)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ("/log=drop", FaultRule("/log", DROP)),
        ({"path": "/log", "action": "drop", "count": 2}, FaultRule("/log", DROP, count=2)),
        (
            {"path": "/status", "action": "status", "status": 503, "retry_after": 1},
            FaultRule("/status", STATUS, status=503, retry_after=1),
        ),
        ({"path": "/commands", "action": "delay", "seconds": 2}, FaultRule("/commands", DELAY, seconds=2.0)),
    ],
)
def test_fault_from_json(data: object, rule: FaultRule) -> None:
    assert fault_from_json(data) == rule


@pytest.mark.parametrize(
    "data",
    [
        42,
        ["/log=drop"],
        {"path": "/log"},
        {"path": "log", "action": "drop"},
        {"path": "/log", "action": "status", "status": True},
        {"path": "/log", "action": "drop", "count": 0},
        {"path": "/log", "action": "delay", "seconds": -1},
        {"path": "/log", "action": "status", "status": 500, "seconds": 1},
    ],
)
def test_fault_from_json_refuses_nonsense(data: object) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        fault_from_json(data)


@pytest.mark.parametrize(
    ("prefix", "path", "matches"),
    [
        ("/status", "/status", True),
        ("/status", "/status/init", True),
        ("/status/", "/status/init", True),
        ("/status", "/statusx", False),
        ("/status/init", "/status", False),
        ("/", "/log", True),
        ("/", "/_booty/events", False),
        ("/_booty", "/_booty/reset", False),
    ],
)
def test_prefix_matching(prefix: str, path: str, matches: bool) -> None:
    assert FaultRule(prefix, DROP).matches(path) is matches
