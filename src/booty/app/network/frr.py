"""Use case: FRR/EVPN mode (spec networking.md §4): derive the addresses, render frr.conf, make
the kernel objects, write the files, start zebra, bgpd (and bfdd with BFD) as daemons booty
supervises, load the configuration, and wait until a BGP session is Established; restart those
daemons when the controller stays unreachable (``restart_frr``, spec §4.8).

Departures from v0.0.1, each noted where it happens: the configuration is rendered (and refused)
before anything is created; the daemons are booty's own children under a private root
(``FrrLayout``) instead of systemd's or frrinit's; FRR mode only counts as up once BGP has an
Established session (v0.0.1 returned at once and let the connectivity wait time out); a failure
dumps FRR's state (§4.10), then removes everything made on the way, daemons included.
"""

from __future__ import annotations

import logging

import attrs

from booty.app.network.common import attempt
from booty.app.network.context import DAEMON_READY_TIMEOUT_S, NetworkOptions, NetworkPorts
from booty.app.network.frr_links import Progress, make_fabric_links, set_frr_sysctls
from booty.app.network.teardown import undo_record
from booty.domain.config.model import NetworkConfig
from booty.domain.errors import BootyError, NetworkSetupFailed
from booty.domain.netdev import physical_nics
from booty.domain.network import (
    AddressDerivationError,
    BgpSummary,
    FrrConfigInvalid,
    FrrLayout,
    IpmiIdentity,
    bgp_summary_command,
    derive_addresses,
    frr_daemon_user,
    parse_bgp_summary,
    plan_frr_daemons,
    render_frr_conf,
)
from booty.domain.network.derive import ipmi_address, may_be_ipmi_nic
from booty.domain.network.frr_daemons import STATE_DUMP_COMMANDS, DaemonUser
from booty.domain.network.frr_files import RUNTIME_DIRS
from booty.domain.network.state import DaemonFailed, DaemonRecord, DaemonSpec, FrrUp, NetworkRecord
from booty.ports.netlink import Netlink

BGP_POLL_S = 1.0
READY_POLL_S = 0.1
VTYSH_TIMEOUT_S = 30.0
LOG_TAIL_BYTES = 64 * 1024
ETC_PASSWD = "/etc/passwd"  # noqa: S105 (a path, not a password)

log = logging.getLogger("booty.network")


def frr_up(ports: NetworkPorts, network: NetworkConfig, *, options: NetworkOptions) -> FrrUp:
    """Bring FRR/EVPN mode up, or fail having removed what it made.

    Raises:
        NetworkSetupFailed: with mode ``frr`` and the reason: no underlay can be derived, FRR
            would refuse the configuration, no fabric NIC, the kernel refused an object, a
            daemon would not start or died, vtysh could not load frr.conf, or no BGP session
            was Established within ``options.bgp_timeout_s``.
    """
    layout = FrrLayout(options.frr_root, options.frr_sbin)
    ipmi = options.ipmi if options.ipmi is not None else detect_ipmi(ports.netlink)
    nics = options.interfaces or physical_nics(ports.netlink.links())
    try:
        addresses = derive_addresses(network, ipmi)
        if not nics:
            raise NetworkSetupFailed("frr", "no fabric NIC (no physical NIC with a MAC address)")
        frr_conf = render_frr_conf(network, addresses, nics)  # refused before anything is made
    except (AddressDerivationError, FrrConfigInvalid) as e:
        raise NetworkSetupFailed("frr", str(e)) from e
    progress = Progress(frr_root=layout.root, netns=options.netns)
    try:
        underlay_link = make_fabric_links(ports.netlink, network, addresses, nics, progress)
        set_frr_sysctls(ports.netlink, progress)
        _write_files(ports, layout, frr_conf)
        user = _daemon_user(ports)
        _prepare_dirs(ports, layout, user, progress)
        mgmtd = ports.host.exists(layout.binary("mgmtd"))
        specs = plan_frr_daemons(network, layout, user=user, netns=options.netns, mgmtd=mgmtd)
        _start_daemons(ports, specs, progress, timeout_s=options.daemon_ready_timeout_s)
        ports.shell.run(layout.vtysh_load(), timeout_s=VTYSH_TIMEOUT_S).check()
        log.info("FRR configuration loaded", extra={"config_dir": layout.config_dir})
        summary = wait_for_bgp(ports, layout, progress.daemons, timeout_s=options.bgp_timeout_s)
    except (BootyError, OSError) as e:  # OSError: a file the Host could not write
        _fail(ports, layout, progress, e)
        raise NetworkSetupFailed("frr", _reason(e)) from e
    return FrrUp(
        addresses=addresses,
        nics=tuple(nics),
        underlay_link=underlay_link,
        loopbacks=tuple(progress.loopbacks),
        bgp=summary,
        dns=network.dns_resolvers,
        warnings=tuple(progress.warnings),
        record=progress.record(mode_up=True),
    )


def wait_for_bgp(
    ports: NetworkPorts, layout: FrrLayout, daemons: list[DaemonRecord], *, timeout_s: float
) -> BgpSummary:
    """Poll ``show bgp summary json`` until a session is Established; the daemons must stay up.

    Raises:
        DaemonFailed: a daemon died meanwhile.
        NetworkSetupFailed: no session Established within *timeout_s* (the states seen are named).
    """
    deadline = ports.clock.monotonic() + timeout_s
    summary, problem = BgpSummary(), ""
    while True:
        for daemon in daemons:
            _check_running(ports, daemon)
        result = ports.shell.run(layout.vtysh(bgp_summary_command()), timeout_s=VTYSH_TIMEOUT_S)
        try:
            summary, problem = parse_bgp_summary(result.check().stdout), ""
        except BootyError as e:  # vtysh failed (bgpd not up yet), or answered something else
            problem = str(e)
        if summary.established:
            log.info("BGP established", extra={"peers": summary.describe()})
            return summary
        if ports.clock.monotonic() >= deadline:
            detail = f"; last answer: {problem}" if problem else ""
            raise NetworkSetupFailed(
                "frr", f"no BGP session Established within {timeout_s:g} s ({summary.describe()}{detail})"
            )
        log.info("Waiting for BGP", extra={"peers": summary.describe(), "problem": problem})
        ports.clock.sleep(BGP_POLL_S)


def restart_frr(
    ports: NetworkPorts,
    record: NetworkRecord,
    *,
    ready_timeout_s: float = DAEMON_READY_TIMEOUT_S,
    load_timeout_s: float = VTYSH_TIMEOUT_S,
) -> NetworkRecord:
    """Stop FRR mode's daemons and start them again as ``frr_up`` did, then reload frr.conf.

    Spec §4.8 restarts FRR with ``systemctl restart frr`` (else ``frrinit.sh restart``); booty's
    daemons are its own children, so it stops them newest first, starts them again from their
    records (same command line, log and namespace), each ready before the next, and loads the
    configuration with ``vtysh -b`` as at setup. The record alone is enough: ``booty net up``'s
    state file would do as well as the agent's memory. On failure, what this call started is
    stopped again, so *record* still serves teardown (stopping a daemon that is gone is success).

    Returns:
        *record* with the new daemons (new pids): what teardown must stop from now on.

    Raises:
        NetworkSetupFailed: *record* holds no FRR daemons.
        DaemonFailed: a daemon would not stop, start or become ready within *ready_timeout_s*.
        CommandFailed: vtysh could not load frr.conf.
    """
    if not record.daemons or not record.frr_root:
        raise NetworkSetupFailed("frr", "nothing to restart: the record holds no FRR daemons")
    layout = FrrLayout(record.frr_root)
    for daemon in reversed(record.daemons):
        ports.processes.stop(daemon)
        _remove_stale(ports, daemon.ready_path)
    progress = Progress(frr_root=record.frr_root, netns=record.netns)
    try:
        specs = tuple(_spec_of(daemon) for daemon in record.daemons)
        _start_daemons(ports, specs, progress, timeout_s=ready_timeout_s)
        ports.shell.run(layout.vtysh_load(), timeout_s=load_timeout_s).check()
    except BootyError:
        for daemon in reversed(progress.daemons):
            attempt(f"stop {daemon.name} (pid {daemon.pid})", ports.processes.stop, daemon)
        raise
    return attrs.evolve(record, daemons=tuple(progress.daemons))


def dump_frr_state(ports: NetworkPorts, layout: FrrLayout) -> None:
    """Log what FRR says about itself, command by command (spec §4.10); failures are logged too."""
    for command in STATE_DUMP_COMMANDS:
        result = ports.shell.run(layout.vtysh(command), timeout_s=VTYSH_TIMEOUT_S)
        if not result.ok:
            log.warning("FRR state unavailable", extra={"command": command, "error": result.stderr.strip()})
            continue
        for line in result.stdout.splitlines():
            if line.strip():
                log.info("FRR state", extra={"command": command, "line": line})


def detect_ipmi(netlink: Netlink) -> IpmiIdentity:
    """The first addressed NIC's MAC and IP, as v0.0.1's "IPMI detection" finds them (spec §3.5).

    Despite the name it asks no BMC: it is the first link, in kernel order, that
    ``may_be_ipmi_nic`` and has an ``ipmi_address``. Nothing found is an empty identity (a warning).
    """
    for link in netlink.links():
        if not may_be_ipmi_nic(link):
            continue
        ip = ipmi_address(netlink.addresses(link.name))
        if ip is not None:
            log.info("IPMI identity detected", extra={"interface": link.name, "ip": str(ip)})
            return IpmiIdentity(ip, link.mac)
    log.warning("IPMI detection found no addressed interface")
    return IpmiIdentity()


def _write_files(ports: NetworkPorts, layout: FrrLayout, frr_conf: str) -> None:
    for file in layout.files(frr_conf):
        ports.host.write_file(file.path, file.content.encode(), mode=file.mode)


def _daemon_user(ports: NetworkPorts) -> DaemonUser:
    try:
        passwd = ports.host.read_file(ETC_PASSWD).decode("utf-8", "replace")
    except OSError:
        passwd = ""
    return frr_daemon_user(passwd)


def _prepare_dirs(ports: NetworkPorts, layout: FrrLayout, user: DaemonUser, progress: Progress) -> None:
    """The private run and log directories (required), and FRR's own dirs (best-effort, §4.5)."""
    ports.processes.prepare_dir(layout.run_dir, user=user.user, group=user.group)
    ports.processes.prepare_dir(layout.log_dir)
    for path in RUNTIME_DIRS:
        try:
            ports.processes.prepare_dir(path, user=user.user, group=user.group)
        except DaemonFailed as e:
            progress.warn(f"create {path}", e)


def _start_daemons(
    ports: NetworkPorts, specs: tuple[DaemonSpec, ...], progress: Progress, *, timeout_s: float
) -> None:
    """Start each daemon and wait until it serves before starting the next (zebra first)."""
    for spec in specs:
        daemon = ports.processes.start(spec)
        progress.daemons.append(daemon)
        log.info("FRR daemon started", extra={"daemon": spec.name, "pid": daemon.pid, "log": spec.log})
        deadline = ports.clock.monotonic() + timeout_s
        while not _check_running(ports, daemon):
            if ports.clock.monotonic() >= deadline:
                raise DaemonFailed(
                    spec.name,
                    f"not ready within {timeout_s:g} s ({spec.ready_path} did not appear)",
                    log_tail=_log_tail(ports, daemon),
                )
            ports.clock.sleep(READY_POLL_S)


def _spec_of(daemon: DaemonRecord) -> DaemonSpec:
    """The spec *daemon* was started from.

    The Processes port records the command line it ran, which for a namespace starts with
    ``ip netns exec NAME``; the spec carries the namespace instead.
    """
    prefix = ("ip", "netns", "exec", daemon.netns) if daemon.netns else ()
    argv = daemon.argv[len(prefix) :] if daemon.argv[: len(prefix)] == prefix else daemon.argv
    return DaemonSpec(daemon.name, argv, daemon.log, ready_path=daemon.ready_path, netns=daemon.netns)


def _remove_stale(ports: NetworkPorts, path: str) -> None:
    """Remove a vty socket a stopped daemon left behind (SIGKILL), lest its successor look ready
    before it serves."""
    try:
        if path and ports.host.exists(path):
            ports.host.remove(path)
    except OSError as e:
        log.warning("Stale FRR socket not removed", extra={"path": path, "reason": str(e)})


def _check_running(ports: NetworkPorts, daemon: DaemonRecord) -> bool:
    """Whether *daemon* is ready.

    Raises:
        DaemonFailed: it is not running any more.
    """
    status = ports.processes.status(daemon)
    if not status.running:
        code = "" if status.returncode is None else f" with status {status.returncode}"
        raise DaemonFailed(daemon.name, f"exited{code}", log_tail=_log_tail(ports, daemon))
    return status.ready


def _log_tail(ports: NetworkPorts, daemon: DaemonRecord) -> str:
    try:
        text = ports.host.read_file(daemon.log).decode("utf-8", "replace")
    except OSError:
        return ""
    return text[-LOG_TAIL_BYTES:]


def _fail(ports: NetworkPorts, layout: FrrLayout, progress: Progress, error: Exception) -> None:
    log.warning("FRR setup failed", extra={"reason": str(error), "daemons": len(progress.daemons)})
    if progress.daemons:
        dump_frr_state(ports, layout)
    problems = undo_record(ports, progress.record())
    if problems:
        log.warning("FRR cleanup incomplete", extra={"problems": "; ".join(problems)})


def _reason(error: Exception) -> str:
    """The reason without a second ``frr network setup failed:`` prefix."""
    if isinstance(error, NetworkSetupFailed) and error.mode == "frr":
        return error.reason
    return str(error)
