"""Console log lines: the original's key=value text, with secrets scrubbed."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from booty.app.logs import KeyValueFormatter, record_fields, setup_console_logging


def _record(msg: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("booty.test", logging.WARNING, __file__, 1, msg, None, None)
    record.__dict__.update(extra)
    return record


def test_a_line_has_time_level_message_and_fields() -> None:
    line = KeyValueFormatter().format(_record("Provisioning step", step="report-init", index=1))
    assert line.startswith("time=")
    assert line.endswith(' level=WARN msg="Provisioning step" step=report-init index=1')


def test_values_with_spaces_or_quotes_are_quoted() -> None:
    line = KeyValueFormatter().format(_record("m", error='POST x: "bad" thing', empty=""))
    assert 'error="POST x: \\"bad\\" thing"' in line
    assert 'empty=""' in line


def test_secrets_are_scrubbed_from_message_and_fields() -> None:
    line = KeyValueFormatter(secrets=["t0ps3cret"]).format(
        _record("token t0ps3cret", header="Bearer t0ps3cret")
    )
    assert "t0ps3cret" not in line
    assert line.count("***") == 2


def test_only_caller_fields_are_listed() -> None:
    assert list(record_fields(_record("m", a=1, b="x"))) == [("a", 1), ("b", "x")]


@pytest.fixture
def booty_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("booty")
    saved = (list(logger.handlers), logger.level)
    yield logger
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])


def test_setup_replaces_its_own_handler_instead_of_stacking(booty_logger: logging.Logger) -> None:
    first, second = io.StringIO(), io.StringIO()
    setup_console_logging(stream=first)
    setup_console_logging(stream=second, secrets=["hunter22"])
    logging.getLogger("booty.x").info("password hunter22")
    assert first.getvalue() == ""
    assert 'msg="password ***"' in second.getvalue()
