"""The Controller port's contract: FakeController behaves as the CAPRF client talking to a controller.

The "caprf" variant runs the real client over the real urllib3 adapter against the real mock
controller on loopback; the "fake" variant is the in-memory FakeController. Both must record the
same things for the same calls, so BDD scenarios over the fake mean what they say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
import pytest

from booty.adapters.caprf import CaprfController, ControllerEndpoints
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.controller import FakeController
from booty.adapters.linux.http import Urllib3Http
from booty.adapters.mock_controller import MockController
from booty.domain.controller import Command, Status
from booty.domain.errors import ControllerError
from booty.domain.secret import Secret
from booty.ports.controller import Controller


@attrs.frozen
class Rig:
    """A controller port and a way to see what reached the other side."""

    port: Controller
    statuses: Callable[[], list[tuple[str, str]]]
    log_lines: Callable[[], list[str]]
    heartbeats: Callable[[], int]
    enqueue: Callable[[list[Command]], None]
    break_next: Callable[[int], None]
    """The next N calls fail as a controller answering 503 would."""


def _fake_rig() -> Rig:
    fake = FakeController()

    def enqueue(commands: list[Command]) -> None:
        fake.pending_commands.extend(commands)

    def break_next(count: int) -> None:
        fake.failures_left = count

    return Rig(
        fake,
        lambda: [(s.value, m) for s, m in fake.statuses],
        lambda: fake.log_lines,
        lambda: fake.heartbeats,
        enqueue,
        break_next,
    )


def _caprf_rig(mock: MockController, http: Urllib3Http) -> Rig:
    base = mock.url
    endpoints = ControllerEndpoints(
        token=Secret("contract-token"),
        init_url=f"{base}/status/init",
        success_url=f"{base}/status/success",
        error_url=f"{base}/status/error",
        log_url=f"{base}/log",
        heartbeat_url=f"{base}/status/heartbeat",
        commands_url=f"{base}/commands",
    )
    client = CaprfController(endpoints, http, FakeClock())

    def break_next(count: int) -> None:  # count whole calls: each call makes 3 attempts
        mock.set_faults([f"/=503x{3 * count}"])

    return Rig(
        client,
        mock.statuses,
        mock.log_lines,
        lambda: len(mock.heartbeats()),
        mock.enqueue_commands,
        break_next,
    )


@pytest.fixture(params=["fake", "caprf"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    if request.param == "fake":
        yield _fake_rig()
        return
    http = Urllib3Http()
    with MockController(listen=("127.0.0.1", 0), token="contract-token") as mock:
        yield _caprf_rig(mock, http)
    http.close()


def test_statuses_are_recorded_in_order(rig: Rig) -> None:
    rig.port.report_status(Status.INIT, "provisioning started")
    rig.port.report_status(Status.ERROR, "step x failed: y")
    rig.port.report_status(Status.SUCCESS, "provisioning complete")
    assert rig.statuses() == [
        ("init", "provisioning started"),
        ("error", "step x failed: y"),
        ("success", "provisioning complete"),
    ]


def test_a_log_post_with_several_lines_is_several_lines(rig: Rig) -> None:
    rig.port.ship_log("[INFO] one\n[INFO] two")
    rig.port.ship_log("[WARN] three")
    assert rig.log_lines() == ["[INFO] one", "[INFO] two", "[WARN] three"]


def test_heartbeats_are_counted(rig: Rig) -> None:
    rig.port.heartbeat()
    rig.port.heartbeat()
    assert rig.heartbeats() == 2


def test_commands_are_handed_out_once_in_order(rig: Rig) -> None:
    rig.enqueue([Command("a", "reboot"), Command("b", "provision")])
    assert rig.port.fetch_commands() == (Command("a", "reboot"), Command("b", "provision"))
    assert rig.port.fetch_commands() == ()


def test_a_failing_controller_raises_controller_error_then_recovers(rig: Rig) -> None:
    rig.break_next(1)
    with pytest.raises(ControllerError):
        rig.port.report_status(Status.INIT, "first")
    rig.port.report_status(Status.INIT, "second")
    assert rig.statuses() == [("init", "second")]
