"""Step handlers that configure the installed OS: set-hostname to run-post-provision-cmds.

Every handler writes only inside the mounted target root (through ``osconf_files``, which keeps
symlinks of the image from leading out of it), records each file it writes, and runs commands
only inside the chroot (``osconf_commands``). The plan decides whether a step runs; a handler
that finds nothing to do returns a detail saying so.

Departs from v0.0.1 (spec provisioning.md §2.2 steps 5-7, 23-27, §3 anomalies): these steps run
after mount-root, so their files reach the installed OS instead of a ramdisk directory the mount
hides; set-hostname also keeps ``/etc/hosts``; configure-dns falls back to the resolvers learned by
DHCP and replaces a systemd-resolved symlink; configure-kubelet writes one drop-in, not two that
shadow each other. Smaller departures are told in the modules that make them.
"""

from __future__ import annotations

from booty.app.provision.context import RunContext, log
from booty.app.provision.osconf_commands import run_machine_commands, run_post_provision_cmds
from booty.app.provision.osconf_files import copy_tree, read_in_root, write_in_root
from booty.app.provision.osconf_grub import configure_grub
from booty.app.provision.runner import StepHandler
from booty.domain.osconfig import (
    GLIBC_MAXNS,
    KUBELET_DROPIN,
    hostname_file,
    kubelet_dropin,
    nameservers,
    resolv_conf,
    update_hosts,
)

PROVISIONER_FILES = "file-system"
MACHINE_FILES = "machine-files"


def set_hostname(ctx: RunContext) -> str:
    """``/etc/hostname`` = HOSTNAME, and the ``127.0.1.1`` line of ``/etc/hosts`` names it."""
    name = ctx.config.hostname
    if not name:
        return "HOSTNAME is empty: nothing to write"
    write_in_root(ctx, "/etc/hostname", hostname_file(name))
    existing = read_in_root(ctx, "/etc/hosts")
    hosts = update_hosts(existing.decode(errors="replace") if existing is not None else None, name)
    write_in_root(ctx, "/etc/hosts", hosts)
    return f"{name} written to /etc/hostname and /etc/hosts"


def configure_dns(ctx: RunContext) -> str:
    """``/etc/resolv.conf`` lists dns_resolver, or else the resolvers DHCP gave the ramdisk."""
    configured = tuple(str(address) for address in ctx.config.network.dns_resolvers)
    resolvers, source = (configured, "dns_resolver") if configured else (ctx.state.learned_resolvers, "DHCP")
    if not resolvers:
        return "no dns_resolver and none learned by DHCP: resolv.conf left as the image has it"
    addresses = nameservers(resolvers)
    if len(addresses) > GLIBC_MAXNS:
        log.warning(
            "More DNS resolvers than glibc uses: only the first three will be asked",
            extra={"ignored": ",".join(addresses[GLIBC_MAXNS:])},
        )
    write_in_root(ctx, "/etc/resolv.conf", resolv_conf(addresses))
    return f"{len(addresses)} nameserver(s) from {source}"


def configure_kubelet(ctx: RunContext) -> str:
    """One drop-in with ``--provider-id`` and ``--node-labels`` (only the flags that are set)."""
    config = ctx.config
    text = kubelet_dropin(provider_id=config.provider_id, zone=config.failure_domain, region=config.region)
    if text is None:
        return "PROVIDER_ID, FAILURE_DOMAIN and REGION are empty: no kubelet drop-in"
    write_in_root(ctx, KUBELET_DROPIN, text)
    return f"{KUBELET_DROPIN} written"


def _copier(folder: str) -> StepHandler:
    def copy(ctx: RunContext) -> str:
        source = f"{ctx.options.deploy_dir.rstrip('/')}/{folder}"
        outcome = copy_tree(ctx, source)
        return f"no {source}: nothing to copy" if outcome is None else outcome.summary(source)

    return StepHandler(copy)


OS_HANDLERS: dict[str, StepHandler] = {
    "set-hostname": StepHandler(set_hostname),
    "copy-provisioner-files": _copier(PROVISIONER_FILES),
    "configure-dns": StepHandler(configure_dns),
    "configure-kubelet": StepHandler(configure_kubelet),
    "configure-grub": StepHandler(configure_grub),
    "copy-machine-files": _copier(MACHINE_FILES),
    "run-machine-commands": StepHandler(run_machine_commands),
    "run-post-provision-cmds": StepHandler(run_post_provision_cmds),
}
