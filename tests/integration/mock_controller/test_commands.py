"""The standby command queue: 204 when empty, each command handed out once, order kept."""

from __future__ import annotations

import json
import threading
from collections import Counter

from booty.adapters.mock_controller import EventKind, MockController
from booty.domain.controller import Command, parse_commands


def test_empty_queue_answers_204_without_body(controller: MockController, send) -> None:
    answer = send("GET", "/commands")

    assert (answer.status, answer.body) == (204, b"")
    [event] = controller.events(EventKind.COMMANDS)
    assert (event.method, event.response_status, event.commands) == ("GET", 204, ())


def test_queued_commands_are_handed_out_once_in_order(controller: MockController, send) -> None:
    controller.enqueue_commands([Command("cmd-1", "provision"), Command("cmd-2", "reboot", b"\x00hi")])

    first = send("GET", "/commands")
    second = send("GET", "/commands")

    assert first.status == 200
    assert first.headers["content-type"] == "application/json"
    assert json.loads(first.body) == [
        {"ID": "cmd-1", "Type": "provision", "Payload": None},
        {"ID": "cmd-2", "Type": "reboot", "Payload": "AGhp"},
    ]
    # The agent's own parser reads back exactly what was queued.
    assert parse_commands(first.body) == (
        Command("cmd-1", "provision"),
        Command("cmd-2", "reboot", b"\x00hi"),
    )
    assert second.status == 204
    assert [e.commands for e in controller.events(EventKind.COMMANDS)] == [("cmd-1", "cmd-2"), ()]
    assert controller.pending_commands() == ()


def test_commands_queued_later_follow_on_the_next_poll(controller: MockController, send) -> None:
    controller.enqueue_commands([Command("a", "reboot")])
    assert [c["ID"] for c in json.loads(send("GET", "/commands").body)] == ["a"]

    controller.enqueue_commands([Command("b", "provision")])
    controller.enqueue_commands([Command("c", "deprovision")])

    assert [c["ID"] for c in json.loads(send("GET", "/commands").body)] == ["b", "c"]


def test_admin_api_queues_commands(controller: MockController, send) -> None:
    body = json.dumps([{"id": "x1", "type": "provision"}, {"ID": "x2", "Type": "reboot", "Payload": "aGk="}])

    queued = send("POST", "/_booty/commands", body)
    pending = send("GET", "/_booty/commands")
    polled = send("GET", "/commands")

    assert (queued.status, json.loads(queued.body)) == (200, {"status": "ok", "queued": 2})
    assert [c["ID"] for c in json.loads(pending.body)] == ["x1", "x2"]
    assert json.loads(polled.body) == [
        {"ID": "x1", "Type": "provision", "Payload": None},
        {"ID": "x2", "Type": "reboot", "Payload": "aGk="},
    ]


def test_admin_api_refuses_malformed_commands(controller: MockController, send) -> None:
    for body in ["{}", "not json", '[{"ID": 5, "Type": "reboot"}]', '[{"ID": "a", "Payload": "!!"}]']:
        answer = send("POST", "/_booty/commands", body)
        assert answer.status == 400, body
        assert "decode commands" in json.loads(answer.body)["error"]
    assert controller.pending_commands() == ()


def test_concurrent_polls_never_hand_out_a_command_twice(controller: MockController, send) -> None:
    ids = [f"cmd-{i:03d}" for i in range(60)]
    seen: list[list[str]] = []
    lock = threading.Lock()
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            answer = send("GET", "/commands")
            if answer.status == 200:
                with lock:
                    seen.append([c["ID"] for c in json.loads(answer.body)])

    pollers = [threading.Thread(target=poll) for _ in range(6)]
    for t in pollers:
        t.start()
    try:
        for ident in ids:
            controller.enqueue_commands([Command(ident, "reboot")])
        controller.wait_for(lambda: sum(len(batch) for batch in seen) >= len(ids), timeout=10)
    finally:
        done.set()
        for t in pollers:
            t.join()

    handed_out = [ident for batch in seen for ident in batch]
    assert Counter(handed_out) == Counter(ids)
    assert all(batch == sorted(batch) for batch in seen)


def test_faulted_poll_leaves_the_queue_alone(controller: MockController, send) -> None:
    controller.enqueue_commands([Command("keep", "reboot")])
    controller.set_faults(["/commands=503x1"])

    assert send("GET", "/commands").status == 503
    assert controller.pending_commands() == (Command("keep", "reboot"),)
    assert [c["ID"] for c in json.loads(send("GET", "/commands").body)] == ["keep"]
