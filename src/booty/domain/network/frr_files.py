"""The files FRR/EVPN mode writes and the directories it creates (spec networking.md §4.5).

The contents are fixed text except frr.conf, which ``render_frr_conf`` produces. The app writes
them through the Host port in the order given; runtime directories are created best-effort.
"""

from __future__ import annotations

import attrs

FRR_DIR = "/etc/frr"
FRR_CONF = f"{FRR_DIR}/frr.conf"
VTYSH_CONF = "service integrated-vtysh-config\n"
RUNTIME_DIRS = ("/var/run/frr", "/var/tmp/frr", "/var/lib/frr")  # noqa: S108 (FRR's own dir, not a temp file)
"""Created with mode 0755; a failure is only a warning (spec §4.5)."""

DAEMONS = """\
# FRR daemons configuration - managed by BOOTy
zebra=yes
bgpd=yes
ospfd=no
ospf6d=no
ripd=no
ripngd=no
isisd=no
pimd=no
ldpd=no
nhrpd=no
eigrpd=no
babeld=no
sharpd=no
pbrd=no
bfdd=yes
fabricd=no
vrrpd=no
pathd=no

vtysh_enable=yes
zebra_options="  -A 127.0.0.1 -s 90000000"
bgpd_options="   -A 127.0.0.1"
bfdd_options="   -A 127.0.0.1"
"""
"""``/etc/frr/daemons`` exactly as v0.0.1 writes it: zebra, bgpd and bfdd, bound to loopback."""


@attrs.frozen
class FileToWrite:
    """One file of the FRR setup: where, with which permissions, what."""

    path: str
    mode: int
    content: str


def plan_frr_files(frr_conf: str) -> tuple[FileToWrite, ...]:
    """The three files of spec §4.5, frr.conf holding *frr_conf*; ``/etc/frr`` is mode 0755."""
    return (
        FileToWrite(FRR_CONF, 0o644, frr_conf),
        FileToWrite(f"{FRR_DIR}/vtysh.conf", 0o644, VTYSH_CONF),
        FileToWrite(f"{FRR_DIR}/daemons", 0o640, DAEMONS),
    )
