"""The agent's log plumbing: the ring buffer of recent lines and the shipper's flush."""

from __future__ import annotations

import logging
import time

from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.app.agent_logs import AgentLogs, RecentLines
from booty.app.logship import RemoteLogHandler, ShipperSettings


def _logger(name: str, handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"booty.test.agentlogs.{name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger


def test_recent_lines_keep_the_last_lines_in_shipped_format_without_secrets() -> None:
    recent = RecentLines(3, secrets=["hunter22"])
    logger = _logger("ring", recent)
    for n in range(5):
        logger.info("line %d", n, extra={"token": "hunter22"})
    logger.removeHandler(recent)
    assert recent.lines() == ["[INFO] line 2 token=***", "[INFO] line 3 token=***", "[INFO] line 4 token=***"]


def test_flush_returns_once_the_queued_lines_are_delivered_and_shipping_goes_on() -> None:
    controller = FakeController()
    shipper = RemoteLogHandler(controller, FakeClock(), settings=ShipperSettings(linger_s=0.2))
    logger = _logger("flush", shipper)
    try:
        logger.info("before the flush")
        shipper.flush()
        assert controller.log_lines == ["[INFO] before the flush"]
        logger.info("after the flush")
    finally:
        logger.removeHandler(shipper)
        shipper.close()
    assert controller.log_lines == ["[INFO] before the flush", "[INFO] after the flush"]


def test_flush_gives_up_after_its_timeout_when_the_controller_is_down() -> None:
    controller = FakeController(down=True)
    settings = ShipperSettings(flush_timeout_s=0.3)
    shipper = RemoteLogHandler(controller, FakeClock(), settings=settings)
    logger = _logger("down", shipper)
    try:
        logger.info("nobody hears this")
        started = time.monotonic()
        shipper.flush()
        assert 0.25 <= time.monotonic() - started < 2.0
    finally:
        logger.removeHandler(shipper)
        shipper.close()


def test_agent_logs_do_not_ship_when_told_not_to_and_restore_the_level() -> None:
    controller = FakeController()
    booty = logging.getLogger("booty")
    previous = booty.level
    booty.setLevel(logging.WARNING)
    try:
        logs = AgentLogs(controller, FakeClock(), ship=False)
        logs.attach()
        assert booty.getEffectiveLevel() == logging.INFO
        logging.getLogger("booty.test.agentlogs.noship").info("kept, not shipped")
        logs.flush()
        logs.detach()
        assert booty.level == logging.WARNING
    finally:
        booty.setLevel(previous)
    assert logs.shipper is None
    assert logs.recent.lines()[-1] == "[INFO] kept, not shipped"
    assert controller.log_posts == []
