"""Secrets stay hidden in every textual form."""

from __future__ import annotations

from booty.domain.secret import Secret, redact, redact_url, url_host_port


def test_secret_never_prints_its_value() -> None:
    token = Secret("hunter2-token")
    assert "hunter2" not in repr(token)
    assert "hunter2" not in str(token)
    assert "hunter2" not in f"{token} {token!r}"
    assert token.reveal() == "hunter2-token"
    assert token
    assert not Secret("")


def test_redact_url_masks_credentials_and_secret_query_values() -> None:
    assert redact_url("https://u:p@host/x") == "https://***@host/x"
    assert redact_url("https://host/x?token=abc&size=1") == "https://host/x?token=***&size=1"
    assert redact_url("https://host/x?X-Amz-Signature=abc") == "https://host/x?X-Amz-Signature=***"


def test_redact_replaces_known_values_longest_first() -> None:
    text = "Authorization: Bearer abc123 and abc123xyz"
    assert redact(text, ["abc123", "abc123xyz"]) == "Authorization: Bearer *** and ***"


def test_url_host_port_drops_path_and_query() -> None:
    assert url_host_port("http://10.0.0.1:8080/status/init?x=1") == "http://10.0.0.1:8080"
