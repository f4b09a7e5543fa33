"""Health results, the check table, the skip list, the JSON document and the critical error."""

from __future__ import annotations

import json

import pytest

from booty.domain.hardware import (
    HEALTH_CHECKS,
    CheckSpec,
    CheckStatus,
    CriticalHealthCheckFailed,
    HealthResult,
    Severity,
    critical_failures,
    health_document,
    parse_skip_list,
    skipped,
)


def test_the_seven_checks_in_their_order_with_their_severities() -> None:
    assert [(c.name, c.severity.value) for c in HEALTH_CHECKS] == [
        ("disk-presence", "critical"),
        ("disk-ioerr", "warning"),
        ("memory-ecc", "critical"),
        ("minimum-memory", "critical"),
        ("minimum-cpu", "critical"),
        ("nic-link-state", "warning"),
        ("thermal-state", "warning"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [("", set()), ("a,b", {"a", "b"}), (" a , b , c ", {"a", "b", "c"}), ("disk-ioerr", {"disk-ioerr"})],
)
def test_skip_list(text: str, names: set[str]) -> None:
    assert parse_skip_list(text) == names


def test_a_skipped_check_keeps_its_severity() -> None:
    result = skipped(CheckSpec("memory-ecc", Severity.CRITICAL))
    assert result == HealthResult(
        "memory-ecc", CheckStatus.SKIP, Severity.CRITICAL, "skipped by configuration"
    )
    assert not result.critical_failure


def test_only_failed_critical_checks_are_critical_failures() -> None:
    results = [
        CheckSpec("a", Severity.CRITICAL).result(CheckStatus.FAIL),
        CheckSpec("b", Severity.WARNING).result(CheckStatus.FAIL),
        CheckSpec("c", Severity.CRITICAL).result(CheckStatus.PASS),
        CheckSpec("d", Severity.CRITICAL).result(CheckStatus.FAIL),
    ]
    assert critical_failures(results) == ("a", "d")


def test_document_leaves_out_empty_message_and_details() -> None:
    results = [
        CheckSpec("a", Severity.INFO).result(CheckStatus.PASS),
        CheckSpec("b", Severity.WARNING).result(CheckStatus.FAIL, "1 bad", "x: 1"),
    ]
    assert json.loads(health_document(results)) == [
        {"name": "a", "status": "pass", "severity": "info"},
        {"name": "b", "status": "fail", "severity": "warning", "message": "1 bad", "details": "x: 1"},
    ]


def test_document_of_no_results_is_an_empty_array() -> None:
    assert health_document([]) == b"[]"


def test_critical_error_names_the_checks_and_is_permanent() -> None:
    error = CriticalHealthCheckFailed(["disk-presence", "minimum-memory"])
    assert str(error) == "critical health check(s) failed: disk-presence, minimum-memory"
    assert error.names == ("disk-presence", "minimum-memory")
    assert error.permanent
