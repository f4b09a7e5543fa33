"""Steps for features/controller (except log shipping): the CAPRF client over the fake Http port."""

from __future__ import annotations

import json
import logging

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.caprf import CaprfController, ControllerEndpoints
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.http import FakeHttp
from booty.domain.config import load_vars
from booty.domain.controller import Command, Status
from booty.domain.errors import BootyError, HttpTransportError
from booty.domain.http import HttpResponse

scenarios("controller/status.feature")
scenarios("controller/retries.feature")
scenarios("controller/transport.feature")
scenarios("controller/commands.feature")
scenarios("controller/reports.feature")


class CaptureHandler(logging.Handler):
    """Keeps every record the client logs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class ControllerWorld:
    """The client under test, its fake transport and clock, and what happened."""

    def __init__(self) -> None:
        self.http = FakeHttp(default=HttpResponse(200))
        self.clock = FakeClock()
        self.capture = CaptureHandler()
        self.logger = logging.getLogger(f"booty.controller.test.{id(self)}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.capture)
        self.endpoints = ControllerEndpoints()
        self.error: BootyError | None = None
        self.commands: tuple[Command, ...] | None = None

    @property
    def client(self) -> CaprfController:
        return CaprfController(self.endpoints, self.http, self.clock, logger=self.logger)

    def url(self, key: str) -> str:
        return str(getattr(self.endpoints, key.lower()))

    def attempt(self, action: str, *args: object) -> None:
        try:
            result = getattr(self.client, action)(*args)
        except BootyError as e:
            self.error = e
        else:
            if action == "fetch_commands":
                self.commands = result


@pytest.fixture
def world() -> ControllerWorld:
    return ControllerWorld()


## Given


@given("the controller endpoints:")
def endpoints(world: ControllerWorld, datatable: list[list[str]]) -> None:
    text = "".join(f'{key}="{value}"\n' for key, value in datatable[1:])
    world.endpoints = ControllerEndpoints.from_config(load_vars(text).config)


@given(parsers.re(r"the controller answers (?P<key>\w+) with (?P<statuses>[\d, ]+)$"))
def answers(world: ControllerWorld, key: str, statuses: str) -> None:
    method = "GET" if key == "COMMANDS_URL" else "POST"
    world.http.add(method, world.url(key), *(HttpResponse(int(s)) for s in statuses.split(",")))


@given(parsers.parse("the controller answers {key} with {status:d} and body:"))
def answers_body(world: ControllerWorld, key: str, status: int, docstring: str) -> None:
    world.http.add("GET", world.url(key), HttpResponse(status, body=docstring.encode()))


@given(parsers.parse("the controller answers {key} with 429 and Retry-After {seconds:d}, then 200"))
def answers_429(world: ControllerWorld, key: str, seconds: int) -> None:
    busy = HttpResponse(429, (("Retry-After", str(seconds)),))
    world.http.add("POST", world.url(key), busy, HttpResponse(200))


@given(parsers.parse("the controller cannot be reached at {key} for {count:d} attempts"))
def unreachable(world: ControllerWorld, key: str, count: int) -> None:
    refused = [HttpTransportError("POST: connection refused", url=world.url(key)) for _ in range(count)]
    world.http.add("POST", world.url(key), *refused, HttpResponse(200))


## When


@when(parsers.parse('the agent reports {status} "{message}"'))
def report(world: ControllerWorld, status: str, message: str) -> None:
    world.attempt("report_status", Status(status), message)


@when(parsers.parse('the agent ships the log text "{text}"'))
def ship_log(world: ControllerWorld, text: str) -> None:
    world.attempt("ship_log", text)


@when(parsers.parse('the agent ships the debug report "{text}"'))
def ship_debug(world: ControllerWorld, text: str) -> None:
    world.attempt("ship_debug", text)


@when("the agent sends a heartbeat")
def heartbeat(world: ControllerWorld) -> None:
    world.attempt("heartbeat")


@when(parsers.re(r"the agent reports (?P<kind>inventory|firmware|health) (?P<document>[\[{].*)$"))
def report_document(world: ControllerWorld, kind: str, document: str) -> None:
    world.attempt(f"report_{kind}", document.encode())


@when("the agent polls for commands")
def poll(world: ControllerWorld) -> None:
    world.attempt("fetch_commands")


## Then


@then("the controller received these requests:")
def received(world: ControllerWorld, datatable: list[list[str]]) -> None:
    seen = [
        [r.method, r.url, dict(r.headers).get("Content-Type", ""), r.body.decode()]
        for r in world.http.requests
    ]
    assert seen == datatable[1:]


@then(parsers.parse('every request carried "Authorization: {value}"'))
def every_auth(world: ControllerWorld, value: str) -> None:
    assert world.http.requests
    assert all(dict(r.headers).get("Authorization") == value for r in world.http.requests)


@then("no request carried an Authorization header")
def no_auth(world: ControllerWorld) -> None:
    assert world.http.requests
    assert all("Authorization" not in dict(r.headers) for r in world.http.requests)


@then("no request was sent")
def none_sent(world: ControllerWorld) -> None:
    assert world.http.requests == []


@then(parsers.re(r"(?P<count>\d+) requests? (was|were) sent"))
def count_sent(world: ControllerWorld, count: str) -> None:
    assert len(world.http.requests) == int(count)


@then(parsers.parse('the controller client warned "{message}"'))
def warned(world: ControllerWorld, message: str) -> None:
    assert message in [r.getMessage() for r in world.capture.records if r.levelno == logging.WARNING]


@then("the report succeeded")
def succeeded(world: ControllerWorld) -> None:
    assert world.error is None


@then(parsers.parse('the report failed with "{text}"'))
def report_failed(world: ControllerWorld, text: str) -> None:
    assert world.error is not None, "the report succeeded"
    assert text in str(world.error)


@then(parsers.parse('the poll failed with "{text}"'))
def poll_failed(world: ControllerWorld, text: str) -> None:
    report_failed(world, text)


@then(parsers.re(r"the client waited (?P<waits>[\d.]+ s( then [\d.]+ s)*)$"))
def waited(world: ControllerWorld, waits: str) -> None:
    assert world.clock.sleeps == [float(w.removesuffix(" s")) for w in waits.split(" then ")]


@then("the client did not wait")
def did_not_wait(world: ControllerWorld) -> None:
    assert world.clock.sleeps == []


@then(parsers.parse('neither the error nor the client\'s log contains "{secret}"'))
def no_secret(world: ControllerWorld, secret: str) -> None:
    texts = [str(world.error)] + [
        r.getMessage() + json.dumps({k: str(v) for k, v in r.__dict__.items()}) for r in world.capture.records
    ]
    assert all(secret not in t for t in texts)


@then("the commands are:")
def commands_are(world: ControllerWorld, datatable: list[list[str]]) -> None:
    assert world.error is None, world.error
    assert world.commands is not None
    assert [[c.id, c.type] for c in world.commands] == datatable[1:]


@then("there are no commands")
def no_commands(world: ControllerWorld) -> None:
    assert world.error is None, world.error
    assert world.commands == ()


@then(parsers.parse("the request allowed at most {limit:d} bytes of answer"))
def body_limit(world: ControllerWorld, limit: int) -> None:
    assert [r.max_body for r in world.http.requests] == [limit]
