"""The CAPRF client over real https with a CA made by the test, and against hostile answers.

The servers come from this folder's conftest (``origin``, ``tls_origin``, ``tls_files``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from booty.adapters.caprf import CaprfController, ControllerEndpoints
from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.http import Urllib3Http
from booty.domain.controller import Status
from booty.domain.errors import ControllerError
from booty.domain.secret import Secret

TOKEN = "tls-t0ken-value"


def _client(http: Urllib3Http, server: Any, clock: FakeClock) -> CaprfController:
    endpoints = ControllerEndpoints(
        token=Secret(TOKEN), init_url=server.url("/status/init"), commands_url=server.url("/commands")
    )
    return CaprfController(endpoints, http, clock)


def test_status_over_https_with_the_operator_ca(
    make_http: Callable[..., Urllib3Http], tls_origin: Any, tls_files: Any
) -> None:
    tls_origin.routes["/status/init"] = lambda h: h.reply(200, b'{"status":"ok"}')
    client = _client(make_http(ca_bundle=tls_files.ca_cert), tls_origin, FakeClock())

    client.report_status(Status.INIT, "provisioning started")

    [seen] = tls_origin.seen
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.body == b"provisioning started"


def test_an_untrusted_certificate_fails_and_sends_nothing_readable(
    make_http: Callable[..., Urllib3Http], tls_origin: Any
) -> None:
    client = _client(make_http(), tls_origin, FakeClock())

    with pytest.raises(ControllerError, match="certificate") as caught:
        client.report_status(Status.INIT, "provisioning started")

    assert tls_origin.seen == []  # the handshake failed before any request was read
    assert TOKEN not in str(caught.value)


def _huge(handler: Any, size: int = 8 << 20) -> None:
    handler.reply(200, b"[" + b" " * size + b"]")


@pytest.mark.parametrize("path", ["/status/init", "/commands"])
def test_a_hostile_controller_cannot_make_the_agent_read_a_huge_answer(
    make_http: Callable[..., Urllib3Http], origin: Any, path: str
) -> None:
    origin.routes[path] = _huge
    endpoints: dict[str, Any] = {
        "init_url": origin.url("/status/init"),
        "commands_url": origin.url("/commands"),
    }
    client = CaprfController(ControllerEndpoints(**endpoints), make_http(), FakeClock())

    call = client.fetch_commands if path == "/commands" else lambda: client.report_status(Status.INIT, "x")
    with pytest.raises(ControllerError, match="larger than"):
        call()
    assert len(origin.seen) == 1  # not retried: a bigger answer will not get smaller
