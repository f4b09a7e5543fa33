"""Each CAPRF endpoint answers like the nginx mock and records what it was sent."""

from __future__ import annotations

import json
import time

import pytest

from booty.adapters.mock_controller import Ack, EventKind, MockController

OK_JSON = {"status": "ok"}


def test_status_reports_are_recorded_in_order(controller: MockController, send) -> None:
    before = time.time()
    answers = [
        send("POST", "/status/init", "provisioning started"),
        send("POST", "/status/error", "step wipe-disks failed: boom"),
        send("POST", "/status/success", "provisioning complete"),
    ]
    after = time.time()

    assert [(a.status, json.loads(a.body)) for a in answers] == [(200, OK_JSON)] * 3
    assert all(a.headers["content-type"] == "application/json" for a in answers)
    assert controller.statuses() == [
        ("init", "provisioning started"),
        ("error", "step wipe-disks failed: boom"),
        ("success", "provisioning complete"),
    ]
    events = controller.events()
    assert [(e.kind, e.method, e.path) for e in events] == [
        (EventKind.STATUS, "POST", "/status/init"),
        (EventKind.STATUS, "POST", "/status/error"),
        (EventKind.STATUS, "POST", "/status/success"),
    ]
    assert all(before <= e.time <= after for e in events)
    assert [e.time for e in events] == sorted(e.time for e in events)


def test_query_string_does_not_change_the_route(controller: MockController, send) -> None:
    assert send("POST", "/status/init?attempt=1", "hello").status == 200
    assert controller.statuses() == [("init", "hello")]
    assert controller.events()[0].path == "/status/init"


def test_heartbeat_is_recorded_apart_from_statuses(controller: MockController, send) -> None:
    answer = send("POST", "/status/heartbeat", "heartbeat")

    assert answer.status == 200
    assert [e.body for e in controller.heartbeats()] == ["heartbeat"]
    assert controller.statuses() == []


def test_batched_log_body_is_split_into_lines_in_order(controller: MockController, send) -> None:
    assert send("POST", "/log", "[INFO] first\n[WARN] second key=v\r\n\n").status == 200
    assert send("POST", "/log", "[INFO] third").status == 200

    assert controller.log_lines() == ["[INFO] first", "[WARN] second key=v", "[INFO] third"]
    assert [len(e.lines) for e in controller.events(EventKind.LOG)] == [2, 1]


def test_debug_report_is_recorded_verbatim(controller: MockController, send) -> None:
    assert send("POST", "/debug", "debug payload\nline two").status == 200

    [event] = controller.events(EventKind.DEBUG)
    assert event.body == "debug payload\nline two"


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/inventory", EventKind.INVENTORY), ("/firmware", EventKind.FIRMWARE), ("/health", EventKind.HEALTH)],
)
def test_json_reports_are_parsed(controller: MockController, send, path: str, kind: EventKind) -> None:
    document = {"system": {"vendor": "Dell"}, "checks": [1, 2]}
    answer = send("POST", path, json.dumps(document), headers={"Content-Type": "application/json"})

    assert (answer.status, json.loads(answer.body)) == (200, OK_JSON)
    [event] = controller.events(kind)
    assert (event.document, event.json_valid) == (document, True)


@pytest.mark.parametrize("path", ["/inventory", "/firmware", "/health"])
def test_invalid_json_report_is_kept_as_text_and_noted(controller: MockController, send, path: str) -> None:
    answer = send("POST", path, "{not json")

    assert answer.status == 200
    [event] = [e for e in controller.events() if e.path == path]
    assert (event.document, event.json_valid, event.body) == ("{not json", False, "{not json")


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_health_answers_ok_to_any_other_method(controller: MockController, send, method: str) -> None:
    answer = send(method, "/health")

    assert answer.status == 200
    assert answer.body == (b"" if method == "HEAD" else b"ok")
    assert [e.kind for e in controller.events()] == [EventKind.PROBE]
    assert controller.events(EventKind.HEALTH) == []


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("HEAD", "/status/init", "POST"),
        ("GET", "/status/success", "POST"),
        ("PUT", "/status/error", "POST"),
        ("HEAD", "/status/heartbeat", "POST"),
        ("GET", "/log", "POST"),
        ("GET", "/debug", "POST"),
        ("DELETE", "/inventory", "POST"),
        ("PATCH", "/firmware", "POST"),
        ("POST", "/commands", "GET"),
        ("HEAD", "/commands", "GET"),
        ("GET", "/commands/ack", "POST"),
    ],
)
def test_wrong_method_is_405(controller: MockController, send, method: str, path: str, allow: str) -> None:
    answer = send(method, path, "" if method in ("GET", "HEAD") else "x")

    assert answer.status == 405
    assert answer.headers["allow"] == allow
    [event] = controller.events()
    assert (event.kind, event.method, event.response_status) == (EventKind.REJECTED, method, 405)
    assert controller.statuses() == []
    assert controller.log_lines() == []


@pytest.mark.parametrize("path", ["/", "/status", "/logs", "/status/init/extra", "/statuses/init"])
def test_unknown_path_is_404(controller: MockController, send, path: str) -> None:
    answer = send("POST", path, "x")

    assert answer.status == 404
    [event] = controller.events()
    assert (event.kind, event.path, event.response_status) == (EventKind.REJECTED, path, 404)


def test_command_ack_is_recorded(controller: MockController, send) -> None:
    first = send("POST", "/commands/ack", json.dumps({"id": "cmd-1", "status": "done"}))
    second = send("POST", "/commands/ack", json.dumps({"id": "cmd-2", "status": "failed", "message": "x"}))

    assert (first.status, second.status) == (200, 200)
    assert controller.acks() == [Ack("cmd-1", "done", ""), Ack("cmd-2", "failed", "x")]


@pytest.mark.parametrize("body", ["not json", "[]", '{"id": 1, "status": "done"}', '{"id": "c"}'])
def test_malformed_ack_is_refused_but_recorded(controller: MockController, send, body: str) -> None:
    answer = send("POST", "/commands/ack", body)

    assert answer.status == 400
    assert controller.acks() == []
    [event] = controller.events(EventKind.ACK)
    assert (event.body, event.response_status) == (body, 400)
