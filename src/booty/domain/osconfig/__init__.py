"""Configuring the installed OS, as pure rules: the text of every file booty writes into it
(hostname, hosts, resolv.conf, the kubelet drop-in, the GRUB kernel parameters), the checks that
keep /deploy/vars values from breaking those files, how commands run inside it, and how paths
inside it resolve. The app (``booty.app.provision.os_config``) reads and writes through the ports.
"""

from booty.domain.osconfig.commands import (
    CHROOT_ENV,
    output_lines,
    output_tail,
    script_of,
    shell_argv,
)
from booty.domain.osconfig.errors import (
    ChrootCommandFailed,
    NoGrubTool,
    OsConfigError,
    TreeCopyFailed,
    UnsafePath,
    UnsafeValue,
)
from booty.domain.osconfig.grub import (
    DEFAULT_GRUB,
    GRUB_DROPIN,
    GRUB_TOOLS,
    SYS_VENDOR,
    TOOL_DIRS,
    CmdlineEdit,
    ConsoleChoice,
    GrubFamily,
    GrubPlan,
    add_to_default_grub,
    choose_console,
    grub_dropin,
    kernel_params,
    plan_grub,
)
from booty.domain.osconfig.hosts import hostname_file, update_hosts
from booty.domain.osconfig.kubelet import KUBELET_DROPIN, kubelet_dropin
from booty.domain.osconfig.resolv import GLIBC_MAXNS, nameservers, resolv_conf
from booty.domain.osconfig.rootpath import entry_name_problem, resolve_in_root

__all__ = [
    "CHROOT_ENV",
    "DEFAULT_GRUB",
    "GLIBC_MAXNS",
    "GRUB_DROPIN",
    "GRUB_TOOLS",
    "KUBELET_DROPIN",
    "SYS_VENDOR",
    "TOOL_DIRS",
    "ChrootCommandFailed",
    "CmdlineEdit",
    "ConsoleChoice",
    "GrubFamily",
    "GrubPlan",
    "NoGrubTool",
    "OsConfigError",
    "TreeCopyFailed",
    "UnsafePath",
    "UnsafeValue",
    "add_to_default_grub",
    "choose_console",
    "entry_name_problem",
    "grub_dropin",
    "hostname_file",
    "kernel_params",
    "kubelet_dropin",
    "nameservers",
    "output_lines",
    "output_tail",
    "plan_grub",
    "resolv_conf",
    "resolve_in_root",
    "script_of",
    "shell_argv",
    "update_hosts",
]
