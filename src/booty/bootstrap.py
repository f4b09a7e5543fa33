"""The composition root: the only module that sees both the adapters and the app.

It builds the real (Linux) or the fake ports, hands them to the use cases, and wires the CLI.
Nothing else in booty constructs an adapter. Imports of adapters are done inside the functions so
that ``booty --version`` and ``booty vars check`` stay fast and work without pyroute2 or root.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence

import attrs

from booty.adapters.mock_controller import MockController
from booty.app.network import NetworkPorts
from booty.app.services import CliServices, ControllerServeOptions
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.controller import Command
from booty.domain.http import HttpRequest, HttpResponse
from booty.domain.image import ImageRef
from booty.domain.stream.oci import BlobLocation
from booty.ports import Ports
from booty.ports.block import BlockDevices
from booty.ports.http import Http, HttpStream
from booty.ports.lldp import Lldp
from booty.ports.registry import Registry


@attrs.frozen
class LinuxOptions:
    """Where the real adapters look; tests and labs point them at other trees."""

    sysfs_root: str = "/sys"
    dev_root: str = "/dev"
    netns: str | None = None


def build_linux_ports(
    config: MachineConfig,
    *,
    options: LinuxOptions | None = None,
    environ: Mapping[str, str] | None = None,
) -> Ports:
    """The ports of a real machine, configured from *config* and the process environment."""
    from booty.adapters.caprf import CaprfController, ControllerEndpoints
    from booty.adapters.linux.block import SysfsBlockDevices
    from booty.adapters.linux.clock import MonotonicClock
    from booty.adapters.linux.daemons import PopenProcesses
    from booty.adapters.linux.host import LinuxHost
    from booty.adapters.linux.http import HttpOptions, Urllib3Http
    from booty.adapters.linux.lldp import PacketLldp
    from booty.adapters.linux.netlink import PyRoute2Netlink
    from booty.adapters.linux.shell import SubprocessShell
    from booty.domain.http import ProxySettings

    opts = options or LinuxOptions()
    env = os.environ if environ is None else environ
    clock = MonotonicClock()
    http = Urllib3Http(
        HttpOptions(ca_bundle=config.ca_bundle or None, proxies=ProxySettings.from_environ(env))
    )
    return Ports(
        netlink=PyRoute2Netlink(netns=opts.netns),
        block=SysfsBlockDevices(sysfs_root=opts.sysfs_root, dev_root=opts.dev_root),
        http=http,
        shell=SubprocessShell(),
        controller=CaprfController(ControllerEndpoints.from_config(config), http, clock),
        host=LinuxHost(),
        clock=clock,
        lldp=PacketLldp(netns=opts.netns),
        processes=PopenProcesses(),
    )


def build_fake_ports() -> Ports:
    """In-memory ports for BDD scenarios, the demo's simulated parts, and library users' tests."""
    from booty.adapters.fake.block import FakeBlockDevices
    from booty.adapters.fake.clock import FakeClock
    from booty.adapters.fake.controller import FakeController
    from booty.adapters.fake.host import FakeHost
    from booty.adapters.fake.http import FakeHttp
    from booty.adapters.fake.lldp import FakeLldp
    from booty.adapters.fake.netlink import FakeNetlink
    from booty.adapters.fake.processes import FakeProcesses
    from booty.adapters.fake.shell import FakeShell

    return Ports(
        netlink=FakeNetlink(),
        block=FakeBlockDevices(),
        http=FakeHttp(),
        shell=FakeShell(),
        controller=FakeController(),
        host=FakeHost(),
        clock=FakeClock(),
        lldp=FakeLldp(),
        processes=FakeProcesses(),
    )


def serve_mock_controller(options: ControllerServeOptions) -> int:
    """``booty controller``: run the mock controller until interrupted."""
    from booty.adapters.mock_controller import serve

    try:
        serve(options.listen, record_dir=options.record_dir, token=options.token, faults=options.faults)
    except ValueError as e:  # a bad --listen or --fault, refused before anything binds
        print(f"booty controller: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"booty controller: cannot listen on {options.listen}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


def run_demo() -> int:
    """``booty demo``: a mock controller on loopback, the real HTTP client, the embedded config."""
    from booty.adapters.caprf import CaprfController, ControllerEndpoints
    from booty.adapters.linux.clock import MonotonicClock
    from booty.adapters.linux.http import Urllib3Http
    from booty.adapters.mock_controller import MockController
    from booty.app.demo import DEMO_TOKEN
    from booty.app.demo import run_demo as demo
    from booty.app.logs import setup_console_logging

    clock, http = MonotonicClock(), Urllib3Http()
    setup_console_logging(secrets=[DEMO_TOKEN], stream=sys.stdout)  # one stream keeps the order
    with MockController(listen=("127.0.0.1", 0), token=DEMO_TOKEN) as mock:
        return demo(
            lab=_DemoLab(mock),
            make_controller=lambda config: CaprfController(
                ControllerEndpoints.from_config(config), http, clock
            ),
            clock=clock,
            out=sys.stdout,
        )


@attrs.frozen
class _DemoLab:
    """The mock controller seen through the demo's ControllerLab protocol."""

    mock: MockController

    @property
    def url(self) -> str:
        return self.mock.url

    def statuses(self) -> list[tuple[str, str]]:
        return self.mock.statuses()

    def log_lines(self) -> list[str]:
        return self.mock.log_lines()

    def request_count(self, path: str) -> int:
        return sum(1 for e in self.mock.events() if e.path == path)

    def enqueue_commands(self, commands: list[Command]) -> None:
        self.mock.enqueue_commands(commands)


def cli_services() -> CliServices:
    """What the CLI may touch on a real machine."""
    from booty.adapters.linux.host import LinuxHost

    return CliServices(
        host=LinuxHost(),
        serve_controller=serve_mock_controller,
        run_demo=run_demo,
        block_devices=_sysfs_block_devices,
        lldp=_lldp,
        stream_ports=stream_ports,
        network_ports=network_ports,
    )


def network_ports(netns: str | None = None, *, environ: Mapping[str, str] | None = None) -> NetworkPorts:
    """The real ports of ``booty net``, all bound to *netns* (None: booty's own namespace).

    HTTP requests (the connectivity wait) are sent from a thread inside *netns*, so that their
    sockets belong to it; FRR's daemons are started there by the use case (``ip netns exec``).
    """
    from booty.adapters.linux.clock import MonotonicClock
    from booty.adapters.linux.daemons import PopenProcesses
    from booty.adapters.linux.host import LinuxHost
    from booty.adapters.linux.http import HttpOptions, Urllib3Http
    from booty.adapters.linux.netlink import PyRoute2Netlink
    from booty.adapters.linux.shell import SubprocessShell
    from booty.domain.http import ProxySettings

    env = os.environ if environ is None else environ
    http: Http = Urllib3Http(HttpOptions(proxies=ProxySettings.from_environ(env)))
    return NetworkPorts(
        netlink=PyRoute2Netlink(netns=netns),
        clock=MonotonicClock(),
        shell=SubprocessShell(),
        host=LinuxHost(),
        processes=PopenProcesses(),
        http=_NetnsHttp(http, netns) if netns is not None else http,
    )


@attrs.frozen
class _NetnsHttp:
    """An Http whose requests leave from inside a named network namespace."""

    http: Http
    netns: str

    def send(self, request: HttpRequest) -> HttpResponse:
        from booty.adapters.linux.nsthread import call_in_netns

        return call_in_netns(self.netns, lambda: self.http.send(request))

    def open(
        self, request: HttpRequest, *, offset: int = 0, stall_timeout_s: float | None = None
    ) -> HttpStream:
        from booty.adapters.linux.nsthread import call_in_netns

        return call_in_netns(
            self.netns, lambda: self.http.open(request, offset=offset, stall_timeout_s=stall_timeout_s)
        )

    def send_streaming(self, request: HttpRequest, body: Iterable[bytes]) -> HttpResponse:
        from booty.adapters.linux.nsthread import call_in_netns

        return call_in_netns(self.netns, lambda: self.http.send_streaming(request, body))


def stream_ports(ca_bundle: str | None = None, *, environ: Mapping[str, str] | None = None) -> StreamPorts:
    """The real ports of ``booty stream``: urllib3 (proxies from the environment), /dev, oras."""
    from booty.adapters.linux.block import SysfsBlockDevices
    from booty.adapters.linux.clock import MonotonicClock
    from booty.adapters.linux.http import HttpOptions, Urllib3Http
    from booty.domain.http import ProxySettings
    from booty.domain.stream.oci import docker_config_candidates

    env = os.environ if environ is None else environ
    return StreamPorts(
        http=Urllib3Http(HttpOptions(ca_bundle=ca_bundle, proxies=ProxySettings.from_environ(env))),
        block=SysfsBlockDevices(),
        clock=MonotonicClock(),
        registry=_LazyOciRegistry(docker_config_candidates(env), ca_bundle),
    )


@attrs.define
class _LazyOciRegistry:
    """The oras-backed Registry, built on the first ``oci://`` image: importing oras (and requests
    and jsonschema with it) takes 0.16 s, which every http(s) stream would otherwise pay."""

    docker_configs: tuple[str, ...]
    ca_bundle: str | None
    _registry: Registry | None = None

    def resolve(self, ref: ImageRef) -> BlobLocation:
        if self._registry is None:
            from booty.adapters.oci import OciOptions, OrasRegistry

            options = OciOptions(docker_configs=self.docker_configs, ca_bundle=self.ca_bundle)
            self._registry = OrasRegistry(options)
        return self._registry.resolve(ref)


def _lldp(netns: str | None) -> Lldp:
    from booty.adapters.linux.lldp import PacketLldp

    return PacketLldp(netns=netns)


def _sysfs_block_devices(sysfs_root: str) -> BlockDevices:
    from booty.adapters.linux.block import SysfsBlockDevices

    return SysfsBlockDevices(sysfs_root=sysfs_root)


def run_cli(argv: Sequence[str]) -> int:
    """Entry point of the ``booty`` command."""
    from booty.app.cli import main

    return main(argv, cli_services())
