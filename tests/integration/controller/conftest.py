"""Fixtures for the CAPRF client tests: the real mock controller on loopback and a client for it.

The client uses the real urllib3 adapter and a FakeClock, so retries happen over real HTTP while
their backoff waits are recorded instead of slept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from booty.adapters.caprf import CaprfController, ControllerEndpoints
from booty.adapters.fake.clock import FakeClock
from booty.adapters.linux.http import Urllib3Http
from booty.adapters.mock_controller import MockController
from booty.domain.secret import Secret

TOKEN = "e2e-t0ken-value"
PATHS = {
    "init_url": "/status/init",
    "success_url": "/status/success",
    "error_url": "/status/error",
    "log_url": "/log",
    "debug_url": "/debug",
    "heartbeat_url": "/status/heartbeat",
    "commands_url": "/commands",
    "inventory_url": "/inventory",
    "firmware_url": "/firmware",
    "health_check_url": "/health",
}

MakeClient = Callable[..., CaprfController]


@pytest.fixture
def token() -> str:
    """The bearer token the client sends and the mock controller expects."""
    return TOKEN


@pytest.fixture
def mock() -> Iterator[MockController]:
    """A running mock controller that expects TOKEN."""
    with MockController(listen=("127.0.0.1", 0), token=TOKEN) as controller:
        yield controller


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def http() -> Iterator[Urllib3Http]:
    client = Urllib3Http()
    try:
        yield client
    finally:
        client.close()


def endpoints_for(base: str, *, token: str = TOKEN, **overrides: Any) -> ControllerEndpoints:
    """Every endpoint of the spec under *base*; *overrides* replace single URLs."""
    urls: dict[str, Any] = {name: base + path for name, path in PATHS.items()}
    urls.update(overrides)
    return ControllerEndpoints(token=Secret(token), **urls)


@pytest.fixture
def make_client(mock: MockController, http: Urllib3Http, clock: FakeClock) -> MakeClient:
    """Build a client for the mock controller (or for *base*), with the fake clock."""

    def make(base: str | None = None, *, timeout_s: float = 5.0, **kwargs: Any) -> CaprfController:
        return CaprfController(endpoints_for(base or mock.url, **kwargs), http, clock, timeout_s=timeout_s)

    return make
