"""Pure HTTP rules: when a bearer token may travel, and which proxy a URL uses."""

from __future__ import annotations

import pytest

from booty.domain.http import HttpResponse, ProxySettings, decide_token_transport, is_loopback_host


@pytest.mark.parametrize(
    ("url", "insecure", "allowed"),
    [
        ("https://controller.example/status/init", False, True),
        ("http://127.0.0.1:8080/status/init", False, True),
        ("http://127.8.9.10/log", False, True),
        ("http://localhost/log", False, True),
        ("http://[::1]:9000/log", False, True),
        ("http://10.100.0.11/status/init", False, False),
        ("http://controller.example/status/init", False, False),
        ("http://10.100.0.11/status/init", True, True),
        ("ftp://127.0.0.1/x", False, False),
    ],
)
def test_token_transport(url: str, insecure: bool, allowed: bool) -> None:
    decision = decide_token_transport(url, insecure_allowed=insecure)
    assert decision.allowed is allowed
    assert decision.reason


def test_a_refusal_says_how_to_fix_it() -> None:
    reason = decide_token_transport("http://10.0.0.1/x", insecure_allowed=False).reason
    assert "https" in reason
    assert "INSECURE_TRANSPORT=true" in reason


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("LOCALHOST", True),
        ("10.0.0.1", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


ENV = {
    "http_proxy": "http://proxy.lab:3128",
    "HTTPS_PROXY": "http://secure-proxy.lab:3128",
    "NO_PROXY": "localhost, .internal.lab,10.0.0.0/8,mirror.lab:8080",
}


@pytest.mark.parametrize(
    ("url", "proxy"),
    [
        ("http://images.example/os.img", "http://proxy.lab:3128"),
        ("https://images.example/os.img", "http://secure-proxy.lab:3128"),
        ("http://localhost:8080/x", ""),
        ("http://a.internal.lab/x", ""),
        ("http://internal.lab/x", ""),
        ("http://10.1.2.3/x", ""),
        ("http://11.1.2.3/x", "http://proxy.lab:3128"),
        ("oci://registry/x", ""),
        ("http://mirror.lab/os.img", ""),
    ],
)
def test_proxy_for(url: str, proxy: str) -> None:
    assert ProxySettings.from_environ(ENV).proxy_for(url) == proxy


def test_lowercase_variables_win_and_star_bypasses_everything() -> None:
    settings = ProxySettings.from_environ({"HTTP_PROXY": "http://upper:1", "http_proxy": "http://lower:1"})
    assert settings.proxy_for("http://x/") == "http://lower:1"
    assert (
        ProxySettings.from_environ({"http_proxy": "http://p:1", "no_proxy": "*"}).proxy_for("http://x/") == ""
    )


def test_response_header_lookup_is_case_insensitive() -> None:
    response = HttpResponse(200, (("Retry-After", "3"),))
    assert response.header("retry-after") == "3"
    assert response.header("missing") is None
    assert response.ok
    assert not HttpResponse(301).ok
