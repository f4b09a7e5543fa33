"""The CAPRF client against the real mock controller over loopback (spec caprf-and-config.md §7.2)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable

import pytest

from booty.adapters.caprf import CaprfController, ControllerEndpoints
from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.http import Urllib3Http
from booty.adapters.mock_controller import EventKind, MockController
from booty.domain.controller import Command, Status
from booty.domain.errors import ControllerError

MakeClient = Callable[..., CaprfController]


def test_statuses_logs_and_debug_arrive_in_order_with_the_token(
    mock: MockController, make_client: MakeClient, token: str
) -> None:
    client = make_client()
    client.report_status(Status.INIT, "provisioning started")
    client.ship_log("step 1: detecting disk")
    client.ship_log("step 2: streaming image")
    client.ship_debug("debug payload")
    client.report_status(Status.SUCCESS, "provisioning complete")

    assert mock.statuses() == [("init", "provisioning started"), ("success", "provisioning complete")]
    assert mock.log_lines() == ["step 1: detecting disk", "step 2: streaming image"]
    assert [e.body for e in mock.events(EventKind.DEBUG)] == ["debug payload"]
    assert all(e.token_matched and e.bearer_token == token for e in mock.events())


def test_error_status_carries_the_message(mock: MockController, make_client: MakeClient) -> None:
    make_client().report_status(Status.ERROR, "disk not found")
    assert mock.statuses() == [("error", "disk not found")]


def test_heartbeat_is_a_post_of_the_word_heartbeat(mock: MockController, make_client: MakeClient) -> None:
    make_client().heartbeat()
    [beat] = mock.heartbeats()
    assert (beat.method, beat.body) == ("POST", "heartbeat")


def test_reports_are_sent_byte_for_byte_as_json(mock: MockController, make_client: MakeClient) -> None:
    client = make_client()
    inventory = b'{"system":{"vendor":"Dell"}}'
    firmware = b'{"bios":{"version":"U50"}}'
    health = json.dumps([{"name": "disk-presence", "status": "pass", "severity": "critical"}]).encode()
    client.report_inventory(inventory)
    client.report_firmware(firmware)
    client.report_health(health)

    sent = {
        e.kind: e
        for e in mock.events()
        if e.kind in {EventKind.INVENTORY, EventKind.FIRMWARE, EventKind.HEALTH}
    }
    assert sent[EventKind.INVENTORY].body == inventory.decode()
    assert sent[EventKind.FIRMWARE].body == firmware.decode()
    assert sent[EventKind.HEALTH].body == health.decode()
    assert all(e.json_valid for e in sent.values())


def test_commands_are_handed_out_once(mock: MockController, make_client: MakeClient) -> None:
    mock.enqueue_commands([Command("cmd-reboot", "reboot"), Command("cmd-status", "status-check")])
    client = make_client()

    assert client.fetch_commands() == (Command("cmd-reboot", "reboot"), Command("cmd-status", "status-check"))
    assert client.fetch_commands() == ()  # 204 once the queue is empty


def test_a_server_error_is_retried_with_backoff(
    mock: MockController, make_client: MakeClient, clock: FakeClock
) -> None:
    mock.set_faults(["/status/init=500x2"])
    make_client().report_status(Status.INIT, "provisioning started")

    assert len(mock.events(EventKind.STATUS)) == 3
    assert mock.statuses() == [("init", "provisioning started")]
    assert clock.sleeps == [1.0, 2.0]


def test_a_lasting_server_error_fails_after_three_attempts(
    mock: MockController, make_client: MakeClient
) -> None:
    mock.set_faults(["/status/init=500"])
    with pytest.raises(ControllerError, match="status 500"):
        make_client().report_status(Status.INIT, "provisioning started")
    assert len(mock.events(EventKind.STATUS)) == 3


def test_not_found_is_not_retried(mock: MockController, make_client: MakeClient, clock: FakeClock) -> None:
    client = make_client(init_url=mock.url + "/no/such/endpoint")
    with pytest.raises(ControllerError, match="status 404"):
        client.report_status(Status.INIT, "provisioning started")
    assert len(mock.events()) == 1
    assert clock.sleeps == []


def test_a_dropped_connection_is_retried(mock: MockController, make_client: MakeClient) -> None:
    mock.set_faults(["/log=dropx1"])
    make_client().ship_log("survives a reset")
    assert mock.log_lines() == ["survives a reset"]


def test_retry_after_is_honoured(mock: MockController, make_client: MakeClient, clock: FakeClock) -> None:
    mock.set_faults(["/status/heartbeat=429x1:retry-after=4"])
    make_client().heartbeat()
    assert clock.sleeps == [4.0]
    assert len(mock.heartbeats()) == 1


def test_a_slow_controller_times_out_and_is_retried(mock: MockController, make_client: MakeClient) -> None:
    mock.set_faults(["/status/init=delay:2x1"])
    make_client(timeout_s=0.5).report_status(Status.INIT, "provisioning started")
    assert mock.statuses()[-1] == ("init", "provisioning started")


def test_connection_refused_fails_after_the_retries(make_client: MakeClient, clock: FakeClock) -> None:
    with socket.socket() as sock:  # bound but never listening: the kernel refuses connections
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with pytest.raises(ControllerError, match="connection refused"):
            make_client(base).report_status(Status.INIT, "provisioning started")
    assert clock.sleeps == [1.0, 2.0]


def test_a_failed_poll_is_not_retried(
    mock: MockController, make_client: MakeClient, clock: FakeClock
) -> None:
    mock.set_faults(["/commands=500x1"])
    with pytest.raises(ControllerError, match="fetch commands: status 500"):
        make_client().fetch_commands()
    assert clock.sleeps == []


def test_concurrent_calls_are_all_delivered(mock: MockController, make_client: MakeClient) -> None:
    client = make_client()

    def work(n: int) -> None:
        client.ship_log(f"line {n}")
        client.report_status(Status.INIT, f"init {n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(mock.statuses()) == 20
    assert sorted(mock.log_lines()) == sorted(f"line {n}" for n in range(20))


def test_no_urls_means_no_requests(mock: MockController, http: Urllib3Http, clock: FakeClock) -> None:
    client = CaprfController(ControllerEndpoints(), http, clock)
    client.report_status(Status.INIT, "x")
    client.ship_log("x")
    client.ship_debug("x")
    client.heartbeat()
    client.report_inventory(b"{}")
    assert client.fetch_commands() == ()
    assert mock.events() == []


def test_errors_never_contain_the_token(mock: MockController, make_client: MakeClient, token: str) -> None:
    mock.set_faults(["/status/error=403"])
    with pytest.raises(ControllerError) as caught:
        make_client().report_status(Status.ERROR, "step x failed")
    assert token not in str(caught.value)
    assert "403" in str(caught.value)
