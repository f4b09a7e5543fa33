"""Server lifecycle and robustness: concurrency, clean stop, malformed input, ``serve``."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from booty.adapters.mock_controller import MAX_BODY, EventKind, MockController, parse_listen, serve


def test_twenty_concurrent_clients_are_all_recorded(controller: MockController, send) -> None:
    barrier = threading.Barrier(20)
    codes: list[int] = []

    def client(i: int) -> None:
        barrier.wait()
        codes.append(send("POST", "/log", f"line {i}").status)
        codes.append(send("POST", "/status/init", f"init {i}").status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert codes == [200] * 40
    assert sorted(controller.log_lines()) == sorted(f"line {i}" for i in range(20))
    assert sorted(body for _, body in controller.statuses()) == sorted(f"init {i}" for i in range(20))


def test_keep_alive_connection_serves_several_requests(controller: MockController) -> None:
    conn = http.client.HTTPConnection(*controller.address, timeout=10)
    try:
        for i in range(3):
            conn.request("POST", "/log", body=f"line {i}".encode())
            response = conn.getresponse()
            assert (response.status, response.read()) == (200, b'{"status":"ok"}')
        conn.request("HEAD", "/status/init")
        assert conn.getresponse().status == 405
    finally:
        conn.close()

    assert controller.log_lines() == ["line 0", "line 1", "line 2"]


def test_stop_leaves_no_thread_and_closes_the_port(no_new_threads) -> None:
    mc = MockController().start()
    address = mc.address
    idle = http.client.HTTPConnection(*address, timeout=10)
    idle.request("GET", "/health")
    assert idle.getresponse().read() == b"ok"  # the connection stays open, its worker waiting

    mc.stop()
    mc.stop()  # idempotent

    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(address, timeout=2).close()
    idle.close()
    with pytest.raises(RuntimeError, match="not running"):
        _ = mc.url


def test_start_twice_is_refused(no_new_threads) -> None:
    with MockController() as mc, pytest.raises(RuntimeError, match="already started"):
        mc.start()


def test_url_names_the_bound_port(controller: MockController) -> None:
    host, port = controller.address

    assert port > 0
    assert controller.url == f"http://127.0.0.1:{port}"
    assert host == "127.0.0.1"


def test_wait_for_returns_once_the_event_arrives(controller: MockController, send) -> None:
    later = threading.Timer(0.2, lambda: send("POST", "/status/success", "done"))
    later.start()
    try:
        controller.wait_for(lambda: controller.statuses() == [("success", "done")], timeout=5)
    finally:
        later.join()


def test_wait_for_times_out_with_the_events_seen(controller: MockController, send) -> None:
    send("POST", "/log", "only this")

    with pytest.raises(TimeoutError, match=r"log /log -> 200"):
        controller.wait_for(lambda: bool(controller.statuses()), timeout=0.2)


@pytest.mark.parametrize(
    ("request_head", "status"),
    [
        (b"POST /log HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n", 400),
        (b"POST /log HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n", 400),
        (b"POST /log HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n", 400),
        (f"POST /log HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY + 1}\r\n".encode(), 413),
        (b"POST /log HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n", 411),
        (b"POST /log HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        (b"POST /_booty/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n", 413),
    ],
)
def test_bad_framing_is_answered_and_the_server_lives_on(
    controller: MockController, raw, send, request_head: bytes, status: int
) -> None:
    answer = raw(request_head + b"Connection: close\r\n\r\n")

    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert send("POST", "/log", "still alive").status == 200
    assert controller.log_lines() == ["still alive"]


def test_body_over_the_cap_is_refused_and_recorded(controller: MockController, raw) -> None:
    head = f"POST /inventory HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n".encode()

    answer = raw(head + b"{}")

    assert answer.startswith(b"HTTP/1.1 413 ")
    [event] = controller.events()
    assert (event.kind, event.path, event.response_status) == (EventKind.REJECTED, "/inventory", 413)


def test_client_uploading_too_much_still_reads_the_413(controller: MockController) -> None:
    conn = http.client.HTTPConnection(*controller.address, timeout=10)
    try:
        conn.request("POST", "/inventory", body=b"x" * (MAX_BODY + 1))
        response = conn.getresponse()
        assert response.status == 413
        assert b"larger than" in response.read()
    finally:
        conn.close()
    assert [e.response_status for e in controller.events()] == [413]


@pytest.mark.parametrize("line", [b"this is not http", b"GET /log HTTP/1.1 extra", b"\xff\xfe\x00"])
def test_garbage_request_line_gets_400(controller: MockController, raw, send, line: bytes) -> None:
    # Without a valid version http.server answers as to HTTP/0.9: an error page, no status line.
    assert b"Error code: 400" in raw(line + b"\r\n\r\n")
    assert send("GET", "/health").status == 200


def test_body_without_length_is_empty(controller: MockController, raw) -> None:
    answer = raw(b"POST /status/init HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")

    assert answer.startswith(b"HTTP/1.1 200 ")
    assert controller.statuses() == [("init", "")]


def test_chunked_body_is_read(controller: MockController, raw) -> None:
    body = b"5\r\nhello\r\n7;ext=1\r\n world\n\r\n0\r\nX-Trailer: 1\r\n\r\n"
    head = b"POST /log HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"

    assert raw(head + body).startswith(b"HTTP/1.1 200 ")
    assert controller.log_lines() == ["hello world"]


def test_invalid_utf8_body_is_recorded_with_replacements(controller: MockController, send) -> None:
    assert send("POST", "/debug", b"ok \xff\xfe end").status == 200
    assert controller.events()[0].body == "ok \ufffd\ufffd end"


def test_serve_runs_until_stopped(capsys: pytest.CaptureFixture[str], tmp_path: Path, no_new_threads) -> None:
    stop = threading.Event()
    runner = threading.Thread(
        target=serve,
        args=("127.0.0.1:0",),
        kwargs={
            "record_dir": str(tmp_path / "rec"),
            "token": "tok-123",
            "faults": ["/log=500x1"],
            "stop_event": stop,
        },
    )
    runner.start()
    try:
        url, stderr = _wait_for_url(capsys)
        host, port = parse_listen(url.removeprefix("http://"))
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("POST", "/log", body=b"first", headers={"Authorization": "Bearer tok-123"})
        assert conn.getresponse().status == 500
        conn.close()
    finally:
        stop.set()
        runner.join(10)

    assert not runner.is_alive()
    assert f"recording to {tmp_path / 'rec'}" in stderr
    records = (tmp_path / "rec" / "events.jsonl").read_text()
    assert '"fault":"/log=500x1"' in records
    assert "tok-123" not in records
    access = capsys.readouterr().err
    assert re.search(r'127\.0\.0\.1 "POST /log HTTP/1\.1" 500', stderr + access)


def _wait_for_url(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    seen = ""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        seen += capsys.readouterr().err
        match = re.search(r"listening on (http://\S+?)(,|\s|$)", seen)
        if match:
            return match[1], seen
        time.sleep(0.01)
    raise AssertionError(f"no startup line on stderr: {seen!r}")


def test_serve_refuses_a_bad_fault_spec() -> None:
    with pytest.raises(ValueError, match="bad fault spec '/log=nope'"):
        serve("127.0.0.1:0", faults=["/log=nope"], stop_event=threading.Event())


@pytest.mark.parametrize(
    ("text", "address"),
    [("127.0.0.1:8080", ("127.0.0.1", 8080)), ("localhost:0", ("localhost", 0)), ("[::1]:80", ("::1", 80))],
)
def test_parse_listen(text: str, address: tuple[str, int]) -> None:
    assert parse_listen(text) == address


@pytest.mark.parametrize("text", ["8080", ":8080", "host:", "host:http", "host:70000", "[::1]"])
def test_parse_listen_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="expected HOST:PORT"):
        parse_listen(text)
