"""``booty demo``: booty's main job on embedded defaults, with no outside service.

Today the demo covers what booty can already do for real: it loads an embedded /deploy/vars,
talks to a mock CAPRF controller on loopback through the real HTTP client (status, shipped log
lines, heartbeat, a standby command, an inventory report, success), and prints what the controller
recorded. The provisioning pipeline (network, disk, image, OS configuration, kexec) joins it as it
is built.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Protocol, TextIO

from booty import __version__
from booty.app.logship import RemoteLogHandler
from booty.domain.config import MachineConfig, load_vars
from booty.domain.controller import Command, Status
from booty.domain.plan import PROVISION
from booty.ports.clock import Clock
from booty.ports.controller import Controller

DEMO_TOKEN = "demo-token-0123"  # noqa: S105 - a throwaway token for the loopback mock
DEMO_VARS = """\
# The example /deploy/vars of the original agent's e2e suite, pointed at the local mock controller.
export IMAGE="http://127.0.0.1:9/images/demo.img.zst"
export HOSTNAME="booty-demo-01"
export TOKEN="{token}"
export MODE="provision"
export MIN_DISK_SIZE_GB="1"
export LOG_URL="{base}/log"
export INIT_URL="{base}/status/init"
export ERROR_URL="{base}/status/error"
export SUCCESS_URL="{base}/status/success"
export DEBUG_URL="{base}/debug"
export HEARTBEAT_URL="{base}/status/heartbeat"
export COMMANDS_URL="{base}/commands"
export INVENTORY_ENABLED="true"
export INVENTORY_URL="{base}/inventory"
export underlay_ip="10.0.0.20"
export asn_server="65020"
export overlay_subnet="2a01:598:40a:5481::/64"
export provision_vni="100"
export provision_ip="10.100.0.20/24"
export dns_resolver="8.8.8.8,1.1.1.1"
export PROVIDER_ID="redfish://demo/host-01"
export REGION="eu-central-1"
export FAILURE_DOMAIN="rack-a"
"""


class ControllerLab(Protocol):
    """The mock controller as the demo sees it."""

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``."""
        ...

    def statuses(self) -> list[tuple[str, str]]:
        """Accepted statuses, in order."""
        ...

    def log_lines(self) -> list[str]:
        """Accepted log lines, in order."""
        ...

    def request_count(self, path: str) -> int:
        """How many requests reached *path*."""
        ...

    def enqueue_commands(self, commands: list[Command]) -> None:
        """Queue standby commands."""
        ...


def run_demo(
    *,
    lab: ControllerLab,
    make_controller: Callable[[MachineConfig], Controller],
    clock: Clock,
    out: TextIO,
) -> int:
    """Run the demo against *lab*; returns the exit code."""
    say = _Printer(out)
    say.title(f"booty {__version__} demo: configuration and controller reporting")
    say.line("The provisioning pipeline (network, disk, image, OS) is not built yet; this shows the rest.")
    say.step(f"Mock CAPRF controller listening on {lab.url}")
    config = _load_config(lab.url, say)
    controller = make_controller(config)
    shipper = RemoteLogHandler(controller, clock, secrets=config.secrets())
    log = logging.getLogger("booty.demo")
    log.addHandler(shipper)
    try:
        _session(controller, lab, config, log, say)
    finally:
        log.removeHandler(shipper)
        shipper.close()  # flush before "reboot": nothing queued is lost
    _show_record(lab, shipper, say)
    return 0


def _load_config(base: str, say: _Printer) -> MachineConfig:
    loaded = load_vars(DEMO_VARS.format(base=base, token=DEMO_TOKEN), source="demo.vars")
    config = loaded.config
    net = config.network
    say.step("Loaded the embedded /deploy/vars (booty vars check prints the whole normalized file)")
    say.kv("hostname", config.hostname)
    say.kv("mode", config.mode.value)
    say.kv("image", ", ".join(config.image_urls))
    say.kv("token", str(config.token))
    say.kv(
        "network",
        f"underlay {net.underlay_ip}, AS {net.asn}, VNI {net.provision_vni}, provision {net.provision_ip}",
    )
    say.kv("dns", ", ".join(str(r) for r in net.dns_resolvers))
    for warning in loaded.warnings:
        say.kv("warning", str(warning))
    return config


def _session(
    controller: Controller, lab: ControllerLab, config: MachineConfig, log: logging.Logger, say: _Printer
) -> None:
    say.step("Controller session through the real HTTP client")
    controller.report_status(Status.INIT, "provisioning started")
    say.kv("status", "init: provisioning started")
    log.info("CAPRF mode active", extra={"hostname": config.hostname, "mode": config.mode.value})
    log.info("Provisioning step", extra={"step": "report-init", "index": 1, "total": len(PROVISION)})
    log.warning(
        "Pipeline not built yet, skipping disk and image steps", extra={"images": len(config.image_urls)}
    )
    controller.heartbeat()
    say.kv("heartbeat", "sent")
    lab.enqueue_commands([Command("cmd-demo-1", "status-check")])
    for command in controller.fetch_commands():
        say.kv("command", f"{command.id} ({command.type}) received")
        log.info("Received command", extra={"id": command.id, "type": command.type})
    inventory = {"system": {"vendor": "booty", "product": "demo"}, "cpus": [], "disks": [], "nics": []}
    controller.report_inventory(json.dumps(inventory).encode())
    say.kv("inventory", "reported")
    controller.report_status(Status.SUCCESS, "provisioning complete")
    say.kv("status", "success: provisioning complete")


def _show_record(lab: ControllerLab, shipper: RemoteLogHandler, say: _Printer) -> None:
    stats = shipper.stats()
    say.step("What the controller recorded")
    for status, body in lab.statuses():
        say.kv("status", f"{status}: {body}")
    say.kv("log", f"{stats.delivered} lines in {stats.posts} POST(s), {stats.dropped} dropped")
    for line in lab.log_lines():
        say.line(" " * 15 + line)
    say.kv("heartbeats", str(lab.request_count("/status/heartbeat")))
    say.kv("inventory", f"{lab.request_count('/inventory')} report(s)")


class _Printer:
    """Plain, aligned output for people."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.steps = 0

    def title(self, text: str) -> None:
        print(text, file=self.out)

    def line(self, text: str) -> None:
        print(text, file=self.out)

    def step(self, text: str) -> None:
        self.steps += 1
        print(f"\n{self.steps}. {text}", file=self.out)

    def kv(self, key: str, value: str) -> None:
        print(f"   {key:<11} {value}", file=self.out)
