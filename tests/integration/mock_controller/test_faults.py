"""Fault injection over real HTTP: error statuses, dropped connections, delays, the admin API."""

from __future__ import annotations

import json
import threading
import time

import pytest

from booty.adapters.mock_controller import EventKind, FaultAction, FaultRule, MockController


def test_status_fault_twice_then_success(controller: MockController, send) -> None:
    controller.set_faults(["/status/init=500x2"])

    codes = [send("POST", "/status/init", "provisioning started").status for _ in range(3)]

    assert codes == [500, 500, 200]
    events = controller.events(EventKind.STATUS)
    assert [(e.response_status, e.fault) for e in events] == [
        (500, "/status/init=500x2"),
        (500, "/status/init=500x2"),
        (200, ""),
    ]
    # Every attempt carried the body; only the accepted one counts as reported.
    assert all(e.body == "provisioning started" for e in events)
    assert controller.statuses() == [("init", "provisioning started")]
    assert controller.armed_faults() == []


def test_status_fault_body_and_retry_after(controller: MockController, send) -> None:
    controller.set_faults(["/status=503x1:retry-after=2"])

    faulted = send("POST", "/status/success", "done")
    after = send("POST", "/status/success", "done")

    assert faulted.status == 503
    assert faulted.headers["retry-after"] == "2"
    assert json.loads(faulted.body) == {"error": "injected fault", "fault": "/status=503x1:retry-after=2"}
    assert after.status == 200
    assert "retry-after" not in after.headers


def test_prefix_covers_children_but_not_siblings(controller: MockController, send) -> None:
    controller.set_faults(["/status=429"])

    assert send("POST", "/status/heartbeat", "heartbeat").status == 429
    assert send("POST", "/status/init", "x").status == 429
    assert send("POST", "/log", "line").status == 200
    assert send("GET", "/commands").status == 204
    assert controller.armed_faults() == [(FaultRule("/status", FaultAction.STATUS, status=429), None)]


def test_first_matching_rule_wins_and_counts_down(controller: MockController, send) -> None:
    controller.set_faults(["/log=500x1", "/=502x1"])

    codes = [send("POST", "/log", "x").status for _ in range(3)]

    assert codes == [500, 502, 200]


def test_drop_closes_the_connection_without_response(controller: MockController, send) -> None:
    controller.set_faults(["/log=dropx1"])

    with pytest.raises(ConnectionError):
        send("POST", "/log", "lost line")
    assert send("POST", "/log", "kept line").status == 200

    assert controller.log_lines() == ["kept line"]
    dropped = controller.events(EventKind.LOG)[0]
    assert (dropped.response_status, dropped.fault, dropped.body) == (0, "/log=dropx1", "lost line")
    assert not dropped.accepted


def test_delay_holds_the_answer_then_answers_normally(controller: MockController, send) -> None:
    controller.set_faults(["/commands=delay:0.4x1"])

    started = time.monotonic()
    answer = send("GET", "/commands")
    elapsed = time.monotonic() - started

    assert answer.status == 204
    assert elapsed >= 0.4
    assert send("GET", "/commands").status == 204
    assert [e.fault for e in controller.events(EventKind.COMMANDS)] == ["/commands=delay:0.4x1", ""]


def test_faults_given_at_construction_are_armed(send_to, no_new_threads) -> None:
    with MockController(faults=["/status/init=500x1"]) as mc:
        assert send_to(mc, "POST", "/status/init", "x").status == 500
        assert send_to(mc, "POST", "/status/init", "x").status == 200


def test_admin_api_is_never_faulted(controller: MockController, send) -> None:
    controller.set_faults(["/=500"])

    assert send("POST", "/health", "{}").status == 500
    assert send("GET", "/_booty/events").status == 200
    assert send("DELETE", "/_booty/faults").status == 200
    assert send("POST", "/health", "{}").status == 200


def test_admin_api_sets_lists_and_clears_faults(controller: MockController, send) -> None:
    rules = ["/log=500x2", {"path": "/commands", "action": "delay", "seconds": 0.25}]

    armed = send("POST", "/_booty/faults", json.dumps(rules))
    assert (armed.status, json.loads(armed.body)["armed"]) == (200, 2)
    assert send("POST", "/log", "x").status == 500
    listed = json.loads(send("GET", "/_booty/faults").body)
    assert listed == [
        {"spec": "/log=500x2", "remaining": 1},
        {"spec": "/commands=delay:0.25", "remaining": None},
    ]

    assert send("DELETE", "/_booty/faults").status == 200
    assert json.loads(send("GET", "/_booty/faults").body) == []
    assert send("POST", "/log", "x").status == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not JSON"),
        ('{"path": "/log"}', "JSON array"),
        ('["/log=boom"]', "bad fault spec '/log=boom'"),
        ('[{"path": "/log", "action": "explode"}]', "explode"),
        ('[{"path": "/log", "action": "status", "status": "500"}]', "wrong type"),
        ('[{"path": "/log", "action": "drop", "colour": "red"}]', "unknown fault keys: colour"),
        ("[42]", "spec string or an object"),
    ],
)
def test_admin_api_refuses_bad_faults(controller: MockController, send, body: str, message: str) -> None:
    controller.set_faults(["/log=500"])

    answer = send("POST", "/_booty/faults", body)

    assert answer.status == 400
    assert message in json.loads(answer.body)["error"]
    # The old set is left in place when the new one is refused.
    assert [rule.spec() for rule, _ in controller.armed_faults()] == ["/log=500"]


def test_stop_cuts_a_long_delay_short(send_to, no_new_threads) -> None:
    mc = MockController(faults=["/log=delay:30x1"]).start()
    outcome: list[object] = []

    def client() -> None:
        try:
            outcome.append(send_to(mc, "POST", "/log", "slow", timeout=20).status)
        except OSError as e:
            outcome.append(e)

    worker = threading.Thread(target=client)
    worker.start()
    _wait_until_taken(mc)
    started = time.monotonic()
    mc.stop()
    worker.join(10)

    assert time.monotonic() - started < 5
    assert len(outcome) == 1
    assert isinstance(outcome[0], ConnectionError)


def _wait_until_taken(mc: MockController) -> None:
    """Wait until the fault was taken by the in-flight request (no event exists yet)."""
    deadline = time.monotonic() + 5
    while mc.armed_faults():
        assert time.monotonic() < deadline, "the request never reached the controller"
        time.sleep(0.01)
