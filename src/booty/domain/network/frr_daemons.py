"""How booty runs FRR itself: a private file layout, the daemons and their command lines, and the
vtysh commands it sends (spec networking.md §4.5, §4.6, §4.10).

An initramfs has no systemd and no frrinit, so booty starts the daemons as children it
supervises, in the foreground. Everything an FRR instance touches is under one root directory
(``FrrLayout``), so that booty's FRR never collides with a system FRR or with another instance
in another network namespace: config files, the zserv socket, vty sockets, pid files, bfdd's
control socket, and the daemons' output.

Rules of this file:

1. Pure: the command lines are values; the app runs them through the Processes and Shell ports.
2. Departures from v0.0.1 (§4.5, §4.6), all because booty owns these daemons:
   - files go to ``<root>/etc`` instead of /etc/frr;
   - daemons start with ``-f /dev/null`` and the integrated frr.conf is loaded afterwards with
     ``vtysh -b``, as FRR's own frrinit does. v0.0.1's ``bgpd -f /etc/frr/frr.conf`` makes FRR 8
     ignore every ``router bgp`` line ("No such command") in integrated-config mode;
   - no vty TCP port (``-P 0``): vtysh talks over the unix sockets under ``<root>/run``;
   - the daemons run as the ``frr`` user when it exists: Debian's FRR refuses to start as a user
     outside its ``frrvty`` group. Without it they run as root.
"""

from __future__ import annotations

import posixpath

import attrs

from booty.domain.config.model import NetworkConfig
from booty.domain.network.frr_checks import bfd_on
from booty.domain.network.frr_files import FileToWrite, plan_frr_files
from booty.domain.network.state import DaemonSpec

FRR_SBIN = "/usr/lib/frr"
"""Where Debian's frr package installs the daemons."""
DEFAULT_FRR_ROOT = "/run/booty/frr"
ZEBRA_NETLINK_BUFFER = 90_000_000
"""zebra's netlink receive buffer (``-s``), as v0.0.1 set it."""
STATE_DUMP_COMMANDS = (
    "show bgp summary",
    "show bgp ipv4 unicast",
    "show bgp ipv6 unicast",
    "show bgp l2vpn evpn",
    "show bfd peers",
    "show interface brief",
)
"""What the state dump shows after a failure, in this order (spec §4.10)."""
FRR_SYSCTLS = (
    ("net/ipv4/ip_forward", "1"),
    ("net/ipv6/conf/all/forwarding", "2"),
    ("net/ipv4/conf/all/rp_filter", "0"),
    ("net/ipv4/conf/default/rp_filter", "0"),
    ("net/ipv6/conf/all/accept_ra", "2"),
    ("net/ipv6/conf/all/accept_ra_defrtr", "1"),
    ("net/ipv6/conf/default/accept_ra", "2"),
    ("net/ipv6/conf/default/accept_ra_defrtr", "1"),
)
"""The sysctls FRR mode sets, in order, best-effort (spec §4.1 step 10)."""


@attrs.frozen
class DaemonUser:
    """The user and group the FRR daemons drop to once they have their sockets."""

    user: str = "root"
    group: str = "root"


def frr_daemon_user(passwd: str) -> DaemonUser:
    """``frr:frr`` when /etc/passwd (*passwd*, its text) has an ``frr`` user, else ``root:root``."""
    users = {line.split(":", 1)[0] for line in passwd.splitlines() if ":" in line}
    return DaemonUser("frr", "frr") if "frr" in users else DaemonUser()


@attrs.frozen
class FrrLayout:
    """Where one FRR instance keeps everything, under *root*."""

    root: str = DEFAULT_FRR_ROOT
    sbin: str = FRR_SBIN
    """Directory of the daemon binaries."""

    @property
    def config_dir(self) -> str:
        """frr.conf, vtysh.conf and daemons (``vtysh --config_dir``)."""
        return f"{self.root}/etc"

    @property
    def run_dir(self) -> str:
        """Sockets and pid files; owned by the daemon user."""
        return f"{self.root}/run"

    @property
    def log_dir(self) -> str:
        return f"{self.root}/log"

    @property
    def zserv(self) -> str:
        """zebra's API socket, which bgpd and bfdd connect to (``-z``)."""
        return f"{self.run_dir}/zserv.api"

    def binary(self, daemon: str) -> str:
        return f"{self.sbin}/{daemon}"

    def vty_socket(self, daemon: str) -> str:
        """The socket vtysh talks to *daemon* over; it exists once the daemon serves."""
        return f"{self.run_dir}/{daemon}.vty"

    def log(self, daemon: str) -> str:
        return f"{self.log_dir}/{daemon}.log"

    def files(self, frr_conf: str) -> tuple[FileToWrite, ...]:
        """The files of spec §4.5 (same names, modes and contents), in ``config_dir``."""
        return tuple(
            attrs.evolve(f, path=f"{self.config_dir}/{posixpath.basename(f.path)}")
            for f in plan_frr_files(frr_conf)
        )

    def vtysh(self, command: str) -> tuple[str, ...]:
        """Run one vtysh *command* against this instance's daemons."""
        return ("vtysh", "--vty_socket", self.run_dir, "-c", command)

    def vtysh_load(self) -> tuple[str, ...]:
        """Load ``config_dir``/frr.conf into the running daemons (``vtysh -b``, as frrinit does)."""
        return ("vtysh", "--vty_socket", self.run_dir, "--config_dir", self.config_dir, "-b")


def frr_daemon_names(network: NetworkConfig, *, mgmtd: bool = False) -> tuple[str, ...]:
    """The daemons FRR mode runs, in start order.

    Args:
        network: bfdd runs only when BFD is configured (both intervals set).
        mgmtd: whether this FRR has mgmtd (FRR 9 and later), which starts first.
    """
    return (
        *(("mgmtd",) if mgmtd else ()),
        "zebra",
        "bgpd",
        *(("bfdd",) if bfd_on(network) else ()),
    )


def plan_frr_daemons(
    network: NetworkConfig,
    layout: FrrLayout,
    *,
    user: DaemonUser,
    netns: str | None = None,
    mgmtd: bool = False,
) -> tuple[DaemonSpec, ...]:
    """The daemons of FRR mode with their command lines, in start order.

    Each runs in the foreground with its output on stdout (captured by booty to
    ``layout.log(name)``), reads no configuration of its own, and is ready once its vty socket
    exists.
    """
    return tuple(
        DaemonSpec(
            name,
            _argv(name, layout, user),
            layout.log(name),
            ready_path=layout.vty_socket(name),
            netns=netns,
        )
        for name in frr_daemon_names(network, mgmtd=mgmtd)
    )


def _argv(name: str, layout: FrrLayout, user: DaemonUser) -> tuple[str, ...]:
    common = (
        layout.binary(name),
        "-f", "/dev/null",
        "-i", f"{layout.run_dir}/{name}.pid",
        "--vty_socket", layout.run_dir,
        "-P", "0",
        "-u", user.user,
        "-g", user.group,
        "--log", "stdout",
    )  # fmt: skip
    zclient = () if name == "mgmtd" else ("-z", layout.zserv)
    extra = {
        "zebra": ("-s", str(ZEBRA_NETLINK_BUFFER)),
        "bfdd": ("--bfdctl", f"{layout.run_dir}/bfdd.sock"),
    }.get(name, ())
    return (*common, *zclient, *extra)


def bgp_summary_command(vrf: str = "") -> str:
    """The vtysh command whose JSON ``parse_bgp_summary`` reads, for the BGP instance of *vrf*."""
    return f"show bgp vrf {vrf} summary json" if vrf else "show bgp summary json"
