"""The composition root: the only module that sees both the adapters and the app.

It builds the real (Linux) or the fake ports, hands them to the use cases, and wires the CLI.
Nothing else in booty constructs an adapter. Imports of adapters are done inside the functions so
that ``booty --version`` and ``booty vars check`` stay fast and work without pyroute2 or root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from booty.adapters.mock_controller import MockController
from booty.app.network import NetworkPorts
from booty.app.services import AgentWiring, CliServices, ControllerServeOptions
from booty.app.streaming import StreamPorts
from booty.domain.config import MachineConfig
from booty.domain.http import HttpRequest, HttpResponse
from booty.domain.image import ImageRef
from booty.domain.stream.oci import BlobLocation
from booty.ports import Ports
from booty.ports.block import BlockDevices
from booty.ports.http import Http, HttpStream
from booty.ports.lldp import Lldp
from booty.ports.registry import Registry

if TYPE_CHECKING:
    from booty.app.demo_lab import DemoRig


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
    """``booty demo``: the real pipeline on a loop disk (as root), with the mock controller and an
    image server on loopback; without root, over fakes. See ``booty.app.demo``."""
    from booty.adapters.image_server import ImageServer
    from booty.adapters.linux.host import LinuxHost
    from booty.adapters.linux.shell import SubprocessShell
    from booty.app.demo import run_demo as demo
    from booty.app.demo_lab import DemoLab
    from booty.app.demo_setup import DEMO_TOKEN

    workdir = tempfile.mkdtemp(prefix="booty-demo-")
    try:
        with MockController(listen=("127.0.0.1", 0), token=DEMO_TOKEN) as mock, _sigterm_interrupts():
            lab = DemoLab(
                workdir=workdir,
                is_root=os.geteuid() == 0,
                shell=SubprocessShell(),
                host=LinuxHost(),
                controller=_DemoController(mock),
                serve_images=lambda directory: ImageServer(directory).start(),
                rig=_demo_rig,
                simulated=_demo_simulated_rig,
                stream_ports=stream_ports,
            )
            return demo(lab, sys.stdout)
    except KeyboardInterrupt:
        print("\nbooty demo: interrupted; cleaned up", file=sys.stderr)
        return 130
    finally:
        _remove_workdir(workdir)


def _demo_rig(config: MachineConfig, disk: str) -> DemoRig:
    from booty.adapters.lab_ports import fenced_linux_ports
    from booty.app.demo_lab import DemoRig

    lab = fenced_linux_ports(config, disk)
    stream = StreamPorts(http=lab.ports.http, block=lab.ports.block, clock=lab.ports.clock)
    return DemoRig(lab.ports, stream, lab.host, lab.notes, lab.shell.postponed)


def _demo_simulated_rig(config: MachineConfig, root_tree: str, target_root: str, disk_bytes: int) -> DemoRig:
    from booty.adapters.lab_ports import simulated_ports
    from booty.app.demo_lab import DemoRig

    lab = simulated_ports(config, disk_bytes=disk_bytes, root_tree=root_tree, target_root=target_root)
    stream = StreamPorts(http=lab.ports.http, block=lab.ports.block, clock=lab.ports.clock)
    return DemoRig(lab.ports, stream, lab.host, lab.notes)


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt like Ctrl-C, so the demo's clean-up runs for both."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _remove_workdir(workdir: str) -> None:
    """Delete the demo's directory, unless something is still mounted below it: removing files
    through a leftover bind mount of /dev or /sys would delete this machine's own."""
    from booty.domain.disk.mounts import parse_proc_mounts

    table = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    mounted = [m.target for m in parse_proc_mounts(table) if m.target.startswith(workdir + "/")]
    if mounted:
        print(f"booty demo: left {workdir} in place: still mounted: {', '.join(mounted)}", file=sys.stderr)
        return
    shutil.rmtree(workdir, ignore_errors=True)


@attrs.frozen
class _DemoController:
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
        agent_wiring=agent_wiring,
        environ=os.environ,
    )


def agent_wiring(config: MachineConfig, *, environ: Mapping[str, str] | None = None) -> AgentWiring:
    """The real ports of ``booty provision`` and ``booty agent``: one clock, HTTP client and
    shell shared by the pipeline, the image stream and the network bring-up."""
    from booty.domain.stream.oci import docker_config_candidates

    env = os.environ if environ is None else environ
    ports = build_linux_ports(config, environ=env)
    registry = _LazyOciRegistry(docker_config_candidates(env), config.ca_bundle or None)
    return AgentWiring(
        ports=ports,
        stream=StreamPorts(http=ports.http, block=ports.block, clock=ports.clock, registry=registry),
        network=NetworkPorts.from_ports(ports),
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
