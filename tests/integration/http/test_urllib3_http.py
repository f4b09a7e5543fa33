"""Urllib3Http against real servers on 127.0.0.1: TLS, proxies, limits, timeouts, redirects, faults.

All traffic stays on loopback, to servers the fixtures in ``conftest.py`` start and always stop.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from booty.adapters.linux.http import HttpOptions, Urllib3Http
from booty.domain.errors import ConfigError, HttpRequestInvalid, HttpTransportError, ResponseTooLarge
from booty.domain.http import HttpRequest, ProxySettings

if TYPE_CHECKING:  # conftest is not importable as a module at run time; its types are for readers
    from conftest import Handler, Server, TlsFiles

MakeHttp = Callable[..., Urllib3Http]
MIB = 1 << 20
TOKEN = "s3cr3t-bearer-token"


def get(http: Urllib3Http, url: str, **kwargs: Any) -> Any:
    return http.send(HttpRequest("GET", url, **kwargs))


def echoed(http: Urllib3Http, url: str, **kwargs: Any) -> dict[str, Any]:
    """Send to an echo route and return what the server received."""
    response = http.send(HttpRequest(kwargs.pop("method", "GET"), url, **kwargs))
    assert response.status == 200, response
    doc: dict[str, Any] = json.loads(response.body)
    doc["headers"] = {k.lower(): v for k, v in doc["headers"].items()}
    return doc


def redirect_to(location: str, status: int = 302) -> Callable[[Handler], None]:
    return lambda h: h.reply(status, b"", (("Location", location),))


def stream(*, total: int | None, chunked: bool) -> Callable[[Handler], None]:
    """A route sending *total* bytes (None: until the client goes away), with or without Content-Length."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Connection", "close")
        h.send_header(*(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(total))))
        h.end_headers()
        block, sent = b"x" * 65536, 0
        while (total is None or sent < total) and not h.server.release.is_set():
            h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            sent += len(block)
        if chunked:
            h.wfile.write(b"0\r\n\r\n")

    return route


def stall(h: Handler) -> None:
    """Read the request, never answer (until the fixture releases it)."""
    h.server.release.wait(30)
    h.close_connection = True


def error_chain(e: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = e
    while current is not None:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


# ---------------------------------------------------------------------------- TLS


def test_tls_with_the_ca_bundle_succeeds(
    make_http: MakeHttp, tls_origin: Server, tls_files: TlsFiles
) -> None:
    tls_origin.routes["/x"] = lambda h: h.reply(200, b"secure")

    response = get(make_http(ca_bundle=tls_files.ca_cert), tls_origin.url("/x"))

    assert (response.status, response.body) == (200, b"secure")


def test_tls_without_the_ca_bundle_fails_verification(make_http: MakeHttp, tls_origin: Server) -> None:
    url = tls_origin.url("/x")

    with pytest.raises(HttpTransportError, match="certificate verify failed") as caught:
        get(make_http(), url)

    assert str(caught.value).startswith(f"GET {url}: TLS certificate verify failed: ")
    assert tls_origin.seen == []


def test_tls_checks_the_host_name(make_http: MakeHttp, tls_origin: Server, tls_files: TlsFiles) -> None:
    # The certificate names IP:127.0.0.1 only; "localhost" reaches the same server but must not match.
    with pytest.raises(HttpTransportError, match=r"certificate verify failed: .*[Hh]ostname mismatch"):
        get(make_http(ca_bundle=tls_files.ca_cert), tls_origin.url("/x", host="localhost"))


@pytest.mark.parametrize("content", [None, "not a certificate\n"])
def test_an_unreadable_ca_bundle_is_a_config_error(tmp_path: Path, content: str | None) -> None:
    bundle = tmp_path / "ca.pem"
    if content is not None:
        bundle.write_text(content)

    with pytest.raises(ConfigError, match=r"ca\.pem:0: cannot load the CA bundle"):
        Urllib3Http(HttpOptions(ca_bundle=str(bundle)))


# ---------------------------------------------------------------------------- proxies


def test_http_goes_through_the_proxy(make_http: MakeHttp, origin: Server, proxy: Server) -> None:
    origin.routes["/x"] = lambda h: h.reply(200, b"via proxy")

    response = get(make_http(proxies=ProxySettings(http=proxy.url())), origin.url("/x"))

    assert response.body == b"via proxy"
    assert [(s.method, s.target) for s in proxy.seen] == [("GET", origin.url("/x"))]
    assert len(origin.seen) == 1


def test_no_proxy_bypasses_the_proxy(make_http: MakeHttp, origin: Server, proxy: Server) -> None:
    origin.routes["/x"] = lambda h: h.reply(200, b"direct")
    proxies = ProxySettings(http=proxy.url(), no_proxy=("127.0.0.1",))

    assert get(make_http(proxies=proxies), origin.url("/x")).body == b"direct"
    assert proxy.seen == []
    assert [s.target for s in origin.seen] == ["/x"]


def test_https_tunnels_through_the_proxy_with_connect(
    make_http: MakeHttp, tls_origin: Server, proxy: Server, tls_files: TlsFiles
) -> None:
    tls_origin.routes["/x"] = lambda h: h.reply(200, b"tunnelled")
    http = make_http(ca_bundle=tls_files.ca_cert, proxies=ProxySettings(https=proxy.url()))

    assert get(http, tls_origin.url("/x")).body == b"tunnelled"
    assert [(s.method, s.target) for s in proxy.seen] == [("CONNECT", f"127.0.0.1:{tls_origin.port}")]


def test_proxy_credentials_in_the_proxy_url_are_sent_to_the_proxy(
    make_http: MakeHttp, origin: Server, proxy: Server
) -> None:
    origin.routes["/x"] = lambda h: h.echo()
    proxy_url = f"http://agent:pw%21@127.0.0.1:{proxy.port}"

    echoed(make_http(proxies=ProxySettings(http=proxy_url)), origin.url("/x"))

    assert proxy.seen[0].headers["Proxy-Authorization"] == "Basic YWdlbnQ6cHch"  # agent:pw!


@pytest.mark.parametrize("scheme", ["http://", ""], ids=["with-scheme", "host-port-only"])
def test_an_unreachable_proxy_is_named_without_its_password(
    make_http: MakeHttp, refused_port: int, scheme: str
) -> None:
    proxies = ProxySettings(http=f"{scheme}agent:hunter2@127.0.0.1:{refused_port}")

    with pytest.raises(HttpTransportError) as caught:
        get(make_http(proxies=proxies), "http://127.0.0.1:9/x")

    message = str(caught.value)
    assert f"proxy http://***@127.0.0.1:{refused_port}: connection refused" in message
    assert "hunter2" not in message


def test_each_redirect_hop_picks_its_own_proxy(make_http: MakeHttp, origin: Server, proxy: Server) -> None:
    origin.routes["/start"] = redirect_to(origin.url("/end", host="localhost"))
    origin.routes["/end"] = lambda h: h.reply(200, b"end")
    proxies = ProxySettings(http=proxy.url(), no_proxy=("localhost",))

    assert get(make_http(proxies=proxies), origin.url("/start")).body == b"end"
    assert [s.target for s in proxy.seen] == [origin.url("/start")]
    assert [s.target for s in origin.seen] == ["/start", "/end"]


# ---------------------------------------------------------------------------- body limit


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(stream(total=10 * MIB, chunked=False), id="content-length"),
        pytest.param(stream(total=10 * MIB, chunked=True), id="chunked"),
        pytest.param(stream(total=None, chunked=True), id="endless"),
    ],
)
def test_a_body_over_the_limit_stops_the_download_early(
    make_http: MakeHttp, origin: Server, route: Callable[[Handler], None]
) -> None:
    origin.routes["/big"] = route
    origin.routes["/small"] = lambda h: h.reply(200, b"still works")
    http = make_http()
    started = time.monotonic()

    with pytest.raises(ResponseTooLarge) as caught:
        get(http, origin.url("/big"), max_body=MIB)

    assert time.monotonic() - started < 2
    assert (caught.value.limit, caught.value.url) == (MIB, origin.url("/big"))
    assert get(http, origin.url("/small")).body == b"still works"  # the abandoned connection left no mess


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    make_http: MakeHttp, origin: Server
) -> None:
    def announce_then_stall(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(10 * MIB))
        h.end_headers()
        h.wfile.flush()
        stall(h)

    origin.routes["/announced"] = announce_then_stall
    started = time.monotonic()

    # Reading the body would time out after 5 s; the Content-Length check answers at once.
    with pytest.raises(ResponseTooLarge):
        get(make_http(), origin.url("/announced"), max_body=MIB, timeout_s=5)

    assert time.monotonic() - started < 1


def test_head_is_not_refused_for_the_length_it_announces(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/image"] = lambda h: h.reply(200, b"x" * (2 * MIB))

    response = make_http().send(HttpRequest("HEAD", origin.url("/image"), max_body=1024))

    assert (response.status, response.body, response.header("Content-Length")) == (200, b"", str(2 * MIB))


# ---------------------------------------------------------------------------- timeouts and faults


def test_a_server_that_never_answers_times_out(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/stall"] = stall
    started = time.monotonic()

    with pytest.raises(HttpTransportError, match="timed out") as caught:
        get(make_http(), origin.url("/stall"), timeout_s=0.5)

    assert 0.4 < time.monotonic() - started < 3
    assert caught.value.url == origin.url("/stall")


def test_a_body_that_stalls_times_out(make_http: MakeHttp, origin: Server) -> None:
    def trickle(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100")
        h.end_headers()
        h.wfile.write(b"x" * 10)
        h.wfile.flush()
        stall(h)

    origin.routes["/trickle"] = trickle

    with pytest.raises(HttpTransportError, match="timed out waiting for the server"):
        get(make_http(), origin.url("/trickle"), timeout_s=0.5)


def _close_mid_body(*, chunked: bool) -> Callable[[Handler], None]:
    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header(*(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", "1000")))
        h.end_headers()
        h.wfile.write(b"64\r\n" + b"x" * 50 if chunked else b"x" * 100)
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)
        h.close_connection = True

    return route


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_connection_closed_mid_body_is_a_transport_error(
    make_http: MakeHttp, origin: Server, chunked: bool
) -> None:
    origin.routes["/cut"] = _close_mid_body(chunked=chunked)

    with pytest.raises(HttpTransportError, match="connection closed before the body was complete"):
        get(make_http(), origin.url("/cut"))


def test_a_connection_closed_before_any_answer_is_a_transport_error(
    make_http: MakeHttp, origin: Server
) -> None:
    def hang_up(h: Handler) -> None:
        h.close_connection = True

    origin.routes["/hang-up"] = hang_up

    with pytest.raises(HttpTransportError, match="closed the connection without a response"):
        get(make_http(), origin.url("/hang-up"))


# ---------------------------------------------------------------------------- redirects


def test_a_redirect_to_another_host_drops_authorization(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/start"] = redirect_to(origin.url("/echo", host="localhost"))
    origin.routes["/echo"] = lambda h: h.echo()
    headers = (("Authorization", f"Bearer {TOKEN}"), ("Cookie", "session=1"), ("X-Keep", "yes"))

    seen = echoed(make_http(), origin.url("/start"), headers=headers)

    assert "authorization" not in seen["headers"]
    assert "cookie" not in seen["headers"]
    assert seen["headers"]["x-keep"] == "yes"
    assert seen["headers"]["host"] == f"localhost:{origin.port}"


def test_a_redirect_on_the_same_host_keeps_authorization(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/start"] = redirect_to("/echo")
    origin.routes["/echo"] = lambda h: h.echo()

    seen = echoed(make_http(), origin.url("/start"), headers=(("Authorization", f"Bearer {TOKEN}"),))

    assert seen["headers"]["authorization"] == f"Bearer {TOKEN}"


def test_303_turns_a_post_into_a_get_and_307_keeps_it(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/see-other"] = redirect_to("/echo", 303)
    origin.routes["/temporary"] = redirect_to("/echo", 307)
    origin.routes["/echo"] = lambda h: h.echo()
    http = make_http()
    post: dict[str, Any] = {
        "method": "POST",
        "body": b"payload",
        "headers": (("Content-Type", "text/plain"),),
    }

    after_303 = echoed(http, origin.url("/see-other"), **post)
    after_307 = echoed(http, origin.url("/temporary"), **post)

    assert (after_303["method"], after_303["body"], "content-type" in after_303["headers"]) == (
        "GET",
        "",
        False,
    )
    assert (after_307["method"], after_307["body"]) == ("POST", "payload")


def test_more_than_five_redirects_is_an_invalid_request(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/loop"] = redirect_to("/loop")

    with pytest.raises(HttpRequestInvalid, match="stopped after 5 redirects"):
        get(make_http(), origin.url("/loop"))

    assert len(origin.seen) == 6


# ---------------------------------------------------------------------------- headers, credentials, secrets


def test_user_agent_basic_auth_and_repeated_headers(make_http: MakeHttp, origin: Server) -> None:
    origin.routes["/echo"] = lambda h: h.echo()
    origin.routes["/cookies"] = lambda h: h.reply(200, b"", (("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")))
    http = make_http()

    seen = echoed(http, origin.url("/echo").replace("://", "://agent:p%40ss@"))
    cookies = [v for k, v in get(http, origin.url("/cookies")).headers if k.lower() == "set-cookie"]

    assert seen["headers"]["user-agent"].startswith("booty/")
    assert seen["headers"]["authorization"] == "Basic YWdlbnQ6cEBzcw=="  # agent:p@ss
    assert cookies == ["a=1", "b=2"]


def test_errors_never_show_the_token_or_url_credentials(make_http: MakeHttp, refused_port: int) -> None:
    url = f"http://agent:hunter2@127.0.0.1:{refused_port}/status?token=abc123"

    with pytest.raises(HttpTransportError) as caught:
        get(make_http(), url, headers=(("Authorization", f"Bearer {TOKEN}"),))

    shown = f"http://***@127.0.0.1:{refused_port}/status?token=***"
    assert str(caught.value) == f"GET {shown}: connection refused"
    assert caught.value.url == shown
    for text in [str(e) for e in error_chain(caught.value)] + [repr(caught.value)]:
        assert TOKEN not in text
        assert "hunter2" not in text
        assert "abc123" not in text


def test_a_token_in_a_malformed_header_does_not_leak(make_http: MakeHttp, origin: Server) -> None:
    with pytest.raises(HttpTransportError) as caught:
        get(make_http(), origin.url("/x"), headers=(("Authorization", f"Bearer {TOKEN}\r\nX-Evil: 1"),))

    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "error", "cause"),
    [
        ("http://[::1/x", HttpRequestInvalid, "invalid URL"),
        ("ftp://127.0.0.1/x", HttpTransportError, "Not supported URL scheme ftp"),
    ],
)
def test_an_unusable_url_is_refused(
    make_http: MakeHttp, url: str, error: type[Exception], cause: str
) -> None:
    with pytest.raises(error, match=cause):
        get(make_http(), url)


# ---------------------------------------------------------------------------- threads


def test_one_client_serves_many_threads(make_http: MakeHttp, origin: Server, proxy: Server) -> None:
    origin.routes["/n"] = lambda h: h.reply(200, h.path.encode())
    http = make_http(proxies=ProxySettings(http=proxy.url(), no_proxy=("localhost",)))
    # Even numbers go through the proxy (127.0.0.1), odd ones directly (localhost is in no_proxy).
    urls = [origin.url(f"/n?{i}", host=("127.0.0.1", "localhost")[i % 2]) for i in range(40)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        bodies = list(pool.map(lambda url: get(http, url).body, urls))

    assert bodies == [f"/n?{i}".encode() for i in range(40)]
    assert len(proxy.seen) == 20
