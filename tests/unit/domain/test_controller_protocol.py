"""The controller protocol values: command decoding and the shipped log line."""

from __future__ import annotations

import pytest

from booty.domain.controller import Command, format_log_line, level_name, parse_commands
from booty.domain.errors import ControllerError


def test_commands_as_the_spec_writes_them() -> None:
    body = b'[{"ID":"cmd-reboot","Type":"reboot"},{"ID":"cmd-status","Type":"status-check"}]'
    assert parse_commands(body) == (Command("cmd-reboot", "reboot"), Command("cmd-status", "status-check"))


def test_keys_match_in_any_case_and_payload_is_base64() -> None:
    body = b'[{"id":"c1","TYPE":"provision","payload":"aGVsbG8=","extra":1}]'
    assert parse_commands(body) == (Command("c1", "provision", b"hello"),)


def test_payload_as_byte_array_is_tolerated() -> None:
    assert parse_commands(b'[{"ID":"c","Type":"t","Payload":[104,105]}]')[0].payload == b"hi"


@pytest.mark.parametrize("body", [b"null", b"", b"[]", b"  "])
def test_no_commands(body: bytes) -> None:
    assert parse_commands(body) == ()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "decode commands"),
        (b'{"ID":"x"}', "expected a JSON array"),
        (b"[1]", "entry 0 is not an object"),
        (b'[{"ID":5,"Type":"reboot"}]', "must be strings"),
        (b'[{"ID":"a","Type":"t","Payload":{}}]', "Payload must be base64"),
        (b'[{"ID":"a","Type":"t","Payload":"!!!"}]', "not base64"),
        (b"\xff\xfe", "decode commands"),
    ],
)
def test_bad_polls_fail_as_a_whole(body: bytes, reason: str) -> None:
    with pytest.raises(ControllerError, match=reason):
        parse_commands(body)


def test_log_line_matches_the_original_format() -> None:
    assert format_log_line(20, "test message", [("key", "value")]) == "[INFO] test message key=value"
    assert (
        format_log_line(30, "w", [("disks", ["sda", "sdb"]), ("m", {"a": 1})])
        == "[WARN] w disks=[sda sdb] m=[a=1]"
    )


@pytest.mark.parametrize(
    ("levelno", "name"),
    [(5, "DEBUG"), (10, "DEBUG"), (20, "INFO"), (30, "WARN"), (40, "ERROR"), (50, "ERROR")],
)
def test_level_names(levelno: int, name: str) -> None:
    assert level_name(levelno) == name
