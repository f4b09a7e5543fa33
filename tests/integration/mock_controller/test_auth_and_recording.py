"""Bearer token checks, and the record directory that must never contain the token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from booty.adapters.mock_controller import MockController


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bearer s3cret-T0ken-value", (True, True, "s3cret-T0ken-value")),
        ("bearer s3cret-T0ken-value", (True, True, "s3cret-T0ken-value")),
        ("Bearer wrong-token", (True, False, "wrong-token")),
        ("Bearer s3cret-T0ken-value-and-more", (True, False, "s3cret-T0ken-value-and-more")),
        ("Basic dXNlcjpwYXNz", (False, False, None)),
        (None, (False, False, None)),
    ],
)
def test_bearer_token_is_checked_and_kept_in_memory(
    controller: MockController, send, header: str | None, expected: tuple[bool, bool, str | None]
) -> None:
    headers = {"Authorization": header} if header is not None else {}

    # The controller records a wrong token; it never refuses the request because of it.
    assert send("POST", "/status/init", "x", headers=headers, token=None).status == 200

    [event] = controller.events()
    assert (event.bearer_present, event.token_matched, event.bearer_token) == expected
    assert event.authorization == header


def test_without_a_configured_token_nothing_is_matched(send_to, no_new_threads) -> None:
    with MockController() as mc:
        send_to(mc, "POST", "/log", "line", token="anything")
        send_to(mc, "POST", "/log", "line", token=None)

        assert [(e.bearer_present, e.token_matched) for e in mc.events()] == [(True, None), (False, None)]


def test_repr_of_an_event_hides_the_header(controller: MockController, send, token: str) -> None:
    send("POST", "/debug", "report")

    assert token not in repr(controller.events())


def test_record_files_are_written_per_event(controller: MockController, send, record_dir: Path) -> None:
    send("POST", "/status/init", "provisioning started")
    send("POST", "/log", "[INFO] one\n[INFO] two")
    send("POST", "/status/error", "step x failed:\nboom")

    # No stop() yet: each event is on disk as soon as its answer arrived.
    statuses = (record_dir / "statuses.txt").read_text()
    assert statuses == "init: provisioning started\nerror: step x failed:\\nboom\n"
    assert (record_dir / "log.txt").read_text() == "[INFO] one\n[INFO] two\n"
    lines = (record_dir / "events.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["kind"], r["path"], r["body"]) for r in records] == [
        ("status", "/status/init", "provisioning started"),
        ("log", "/log", "[INFO] one\n[INFO] two"),
        ("status", "/status/error", "step x failed:\nboom"),
    ]
    assert all(r["authorization"] == "Bearer ***" and r["token_matched"] is True for r in records)


def test_faulted_requests_go_to_events_only(controller: MockController, send, record_dir: Path) -> None:
    controller.set_faults(["/status/init=500x1", "/log=dropx1"])
    send("POST", "/status/init", "first try")
    with pytest.raises(ConnectionError):
        send("POST", "/log", "lost")
    send("POST", "/status/init", "second try")

    assert (record_dir / "statuses.txt").read_text() == "init: second try\n"
    assert not (record_dir / "log.txt").exists()
    records = [json.loads(line) for line in (record_dir / "events.jsonl").read_text().splitlines()]
    assert [(r["response_status"], r["fault"]) for r in records] == [
        (500, "/status/init=500x1"),
        (0, "/log=dropx1"),
        (200, ""),
    ]


def test_token_never_reaches_files_or_served_json(
    controller: MockController, send, record_dir: Path, token: str
) -> None:
    leaky = f"token is {token}"
    send("POST", "/status/init", leaky)
    send("POST", "/log", f"[INFO] {leaky}\n[INFO] again {token}")
    send("POST", "/inventory", json.dumps({"note": leaky, token: [token]}))
    send("POST", "/status/error", "wrong token here: other-Secret-9", token="other-Secret-9")
    send("GET", "/commands")
    served = send("GET", "/_booty/events").body.decode()

    written = {p.name: p.read_text() for p in record_dir.iterdir()}
    assert set(written) == {"events.jsonl", "statuses.txt", "log.txt"}
    for name, text in [*written.items(), ("/_booty/events", served)]:
        assert token not in text, name
        assert "other-Secret-9" not in text, name
    assert "Bearer ***" in served
    assert "token is ***" in written["statuses.txt"]
    assert written["log.txt"] == "[INFO] token is ***\n[INFO] again ***\n"
    # In memory the real values are still there for assertions.
    assert controller.statuses()[0] == ("init", leaky)
    assert controller.events()[-1].bearer_token == token


def test_served_events_mask_the_header(controller: MockController, send) -> None:
    send("POST", "/status/heartbeat", "heartbeat")
    send("POST", "/status/heartbeat", "heartbeat", token=None)

    served = json.loads(send("GET", "/_booty/events").body)

    assert [(e["kind"], e["authorization"], e["bearer_present"]) for e in served] == [
        ("heartbeat", "Bearer ***", True),
        ("heartbeat", None, False),
    ]


def test_reset_forgets_memory_but_keeps_files(controller: MockController, send, record_dir: Path) -> None:
    send("POST", "/status/init", "before")
    controller.set_faults(["/log=500"])

    assert send("POST", "/_booty/reset").status == 200

    assert controller.events() == []
    assert controller.armed_faults() == []
    assert send("POST", "/log", "after").status == 200
    assert (record_dir / "statuses.txt").read_text() == "init: before\n"
