"""Steps for features/controller/log_shipping.feature: the remote log handler over fakes."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.app.logship import RemoteLogHandler, ShipperSettings

scenarios("controller/log_shipping.feature")

TOKEN = "s3cr3t-token"
FLUSH_TIMEOUT_S = 5.0


class Shipping:
    """A handler wired to a fake controller and clock, on a logger of its own."""

    def __init__(self, capacity: int) -> None:
        self.controller = FakeController()
        self.clock = FakeClock()
        self.settings = ShipperSettings(capacity=capacity, batch_lines=25, flush_timeout_s=FLUSH_TIMEOUT_S)
        self.handler = RemoteLogHandler(self.controller, self.clock, settings=self.settings, secrets=[TOKEN])
        self.logger = logging.getLogger(f"booty.test.shipping.{id(self)}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)
        self.closed_at: tuple[float, float] | None = None

    def close(self) -> None:
        start = self.clock.monotonic()
        self.handler.close()
        self.closed_at = (start, self.clock.monotonic())


@pytest.fixture
def shipping() -> Iterator[list[Shipping]]:
    holder: list[Shipping] = []
    yield holder
    for item in holder:
        item.handler.close()
        item.logger.removeHandler(item.handler)


def _one(holder: list[Shipping]) -> Shipping:
    return holder[0]


## Given


@given(parsers.parse("a log shipper to the controller with a queue of {capacity:d} lines"))
def a_shipper(shipping: list[Shipping], capacity: int) -> None:
    shipping.append(Shipping(capacity))


@given("the controller is down")
def controller_down(shipping: list[Shipping]) -> None:
    _one(shipping).controller.down = True


## When


@when(parsers.parse("the agent logs {count:d} lines at INFO"))
def log_many(shipping: list[Shipping], count: int) -> None:
    for n in range(count):
        _one(shipping).logger.info("line %d", n)


@when(parsers.re(r'the agent logs "(?P<message>[^"]*)" at (?P<level>DEBUG|INFO|WARNING|ERROR)$'))
def log_one(shipping: list[Shipping], message: str, level: str) -> None:
    _one(shipping).logger.log(logging.getLevelName(level), message)


@when(parsers.parse('the agent logs "{message}" at INFO with step "{step}" and index {index:d}'))
def log_with_fields(shipping: list[Shipping], message: str, step: str, index: int) -> None:
    _one(shipping).logger.info(message, extra={"step": step, "index": index})


@when(parsers.parse('the controller client logs "{message}" at WARNING'))
def client_logs(shipping: list[Shipping], message: str) -> None:
    client_logger = logging.getLogger("booty.controller")
    client_logger.addHandler(_one(shipping).handler)
    try:
        client_logger.warning(message)
    finally:
        client_logger.removeHandler(_one(shipping).handler)


@when("the controller comes back")
def controller_back(shipping: list[Shipping]) -> None:
    _one(shipping).controller.down = False


@when("the log shipper is closed")
def close(shipping: list[Shipping]) -> None:
    _one(shipping).close()


## Then


def _lines(shipping: list[Shipping]) -> list[str]:
    return _one(shipping).controller.log_lines


def _agent_lines(shipping: list[Shipping]) -> list[str]:
    return [line for line in _lines(shipping) if "log shipping dropped" not in line]


@then(parsers.parse("the controller received all {count:d} lines in order"))
def all_in_order(shipping: list[Shipping], count: int) -> None:
    assert _agent_lines(shipping) == [f"[INFO] line {n}" for n in range(count)]


@then(parsers.parse("they came in fewer than {count:d} requests"))
def batched(shipping: list[Shipping], count: int) -> None:
    assert 0 < len(_one(shipping).controller.log_posts) < count


@then(parsers.parse('the controller received the line "{line}"'))
def received_line(shipping: list[Shipping], line: str) -> None:
    assert line in _lines(shipping)


@then("the controller received exactly the lines:")
def exactly(shipping: list[Shipping], datatable: list[list[str]]) -> None:
    assert _lines(shipping) == [row[0] for row in datatable[1:]]


@then("the controller received no lines")
def no_lines(shipping: list[Shipping]) -> None:
    assert _lines(shipping) == []


@then("the first delivered lines are the earliest ones")
def earliest_first(shipping: list[Shipping]) -> None:
    delivered = _agent_lines(shipping)
    assert delivered, "nothing was delivered"
    numbers = [int(line.rsplit(" ", 1)[1]) for line in delivered]
    assert numbers == sorted(numbers)
    assert numbers[0] == 0


@then("the controller was told how many lines were dropped")
def told_drops(shipping: list[Shipping]) -> None:
    dropped = _one(shipping).handler.stats().dropped
    assert dropped > 0
    assert f"[WARN] log shipping dropped {dropped} lines: the queue was full" in _lines(shipping)


@then(parsers.parse("the shipper counts delivered and dropped lines that add up to {count:d}"))
def counts_add_up(shipping: list[Shipping], count: int) -> None:
    stats = _one(shipping).handler.stats()
    assert stats.lost == 0
    assert stats.delivered == len(_agent_lines(shipping))
    assert stats.delivered + stats.dropped == count


@then(parsers.parse("the shipper reports {count:d} lines lost"))
def lost(shipping: list[Shipping], count: int) -> None:
    assert _one(shipping).handler.stats().lost == count


@then("closing took at most the flush timeout on the clock")
def close_bounded(shipping: list[Shipping]) -> None:
    item = _one(shipping)
    assert item.closed_at is not None
    start, end = item.closed_at
    assert end - start <= FLUSH_TIMEOUT_S
