"""Remote log shipping through the real client to the real mock controller, which goes down and comes back."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from booty.adapters.caprf import CaprfController
from booty.adapters.fake.clock import FakeClock
from booty.adapters.mock_controller import EventKind, MockController
from booty.app.logship import RemoteLogHandler, ShipperSettings

MakeClient = Callable[..., CaprfController]


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("booty.test.integration.logship")
    log.propagate = False
    log.setLevel(logging.INFO)
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def _ship(make_client: MakeClient, logger: logging.Logger, capacity: int, token: str) -> RemoteLogHandler:
    settings = ShipperSettings(capacity=capacity, batch_lines=50, flush_timeout_s=10.0)
    handler = RemoteLogHandler(make_client(), FakeClock(), settings=settings, secrets=[token])
    logger.addHandler(handler)
    return handler


def test_lines_arrive_in_order_in_few_posts(
    mock: MockController, make_client: MakeClient, logger: logging.Logger, token: str
) -> None:
    handler = _ship(make_client, logger, 1000, token)
    for n in range(300):
        logger.info("line %d", n, extra={"step": "stream-image"})
    handler.close()

    assert mock.log_lines() == [f"[INFO] line {n} step=stream-image" for n in range(300)]
    assert len(mock.events(EventKind.LOG)) < 30


def test_controller_down_then_back_delivers_and_counts_drops(
    mock: MockController, make_client: MakeClient, logger: logging.Logger, token: str
) -> None:
    mock.set_faults(["/log=503"])
    handler = _ship(make_client, logger, 100, token)
    for n in range(400):
        logger.info("line %d", n)
    mock.wait_for(lambda: len(mock.events(EventKind.LOG)) >= 3)  # the shipper kept trying
    mock.clear_faults()
    handler.close()

    stats = handler.stats()
    delivered = [line for line in mock.log_lines() if "log shipping dropped" not in line]
    assert stats.dropped > 0
    assert stats.lost == 0
    assert stats.delivered == len(delivered)
    assert stats.delivered + stats.dropped == 400
    assert delivered[0] == "[INFO] line 0"  # the oldest lines are kept, the overflow is dropped
    assert f"[WARN] log shipping dropped {stats.dropped} lines: the queue was full" in mock.log_lines()


def test_the_token_is_never_shipped(
    mock: MockController, make_client: MakeClient, logger: logging.Logger, token: str
) -> None:
    handler = _ship(make_client, logger, 100, token)
    logger.warning("controller said no to %s", token)
    handler.close()
    assert mock.log_lines() == ["[WARN] controller said no to ***"]
