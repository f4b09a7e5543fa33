"""What ``booty agent`` does around a run: read /deploy/vars, dump diagnostics when it is missing
or broken, and leave the ramdisk afterwards.

Spec caprf-and-config.md §4.5 step 2 and provisioning.md §5.2 (last paragraph): when the vars
file cannot be used, v0.0.1 logged it, ran its debug dump (pseudo step ``caprf-init``) and
rebooted at once, reporting nothing (without a config there is no controller to report to).
booty does the same, with two changes: the dump is the few facts that explain a missing or
broken file (every problem with its line, the deploy directory, the links, the disks, the BOOTY_
environment) rather than 25 shell commands; and the reboot waits ``BROKEN_CONFIG_DELAY_S`` so
that a console shows the dump and a machine booted with a broken ISO does not reboot in a tight
loop. A missing file does not fall back to legacy (PXE) mode, which booty does not implement.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Mapping, Sequence

from booty.domain.config import LoadedConfig, load_vars
from booty.domain.errors import BootyError, ConfigError
from booty.ports import Ports
from booty.ports.host import Host

DEFAULT_VARS = "/deploy/vars"
BROKEN_CONFIG_DELAY_S = 30.0
"""Wait between the dump of an unusable /deploy/vars and the reboot."""
REBOOT_DELAY_S = 2.0
"""Wait before the reboot after a run that did not leave the ramdisk itself (v0.0.1's 2 s)."""

log = logging.getLogger("booty.agent")


def read_vars(host: Host, path: str) -> LoadedConfig | list[str]:
    """The loaded configuration of *path*, or every reason it cannot be used (one line each)."""
    try:
        text = host.read_file(path).decode("utf-8")
    except FileNotFoundError:
        return [f"{path}: does not exist (booty has no legacy mode to fall back to)"]
    except OSError as e:
        return [f"{path}: cannot read: {e.strerror or e}"]
    except UnicodeDecodeError as e:
        return [f"{path}: not UTF-8 text ({e.reason} at byte {e.start})"]
    try:
        loaded = load_vars(text, source=path)
    except ConfigError as e:
        return [str(problem) for problem in e.problems]
    for warning in loaded.warnings:
        log.warning("Configuration warning", extra={"problem": str(warning)})
    return loaded


def dump_unusable_config(
    ports: Ports, path: str, problems: Sequence[str], environ: Mapping[str, str]
) -> None:
    """Log why *path* cannot be used and what the machine looks like, at ERROR, between markers."""
    log.error("=== DEBUG DUMP START ===", extra={"step": "caprf-init"})
    for problem in problems:
        log.error("DEBUG", extra={"label": "vars", "data": problem})
    directory = posixpath.dirname(path) or "/"
    try:
        entries = ", ".join(ports.host.list_dir(directory)) or "(empty)"
    except OSError as e:
        entries = f"cannot list: {e.strerror or e}"
    log.error("DEBUG", extra={"label": "deploy directory", "data": f"{directory}: {entries}"})
    for label, lines in (("network interfaces", _links(ports)), ("block devices", _disks(ports))):
        for line in lines:
            log.error("DEBUG", extra={"label": label, "data": line})
    for key in sorted(environ):
        # BOOTY_ and MODE only, as v0.0.1: nothing else of the environment belongs in a log.
        if key.startswith("BOOTY_") or key == "MODE":
            log.error("DEBUG env", extra={"var": f"{key}={environ[key]}"})
    log.error("=== DEBUG DUMP END ===", extra={"step": "caprf-init"})


def _links(ports: Ports) -> list[str]:
    try:
        links = ports.netlink.links()
    except Exception as e:  # a dump about a broken machine must not break
        return [f"cannot list links: {e}"]
    return [f"{k.name} mac={k.mac or '-'} up={k.up} carrier={k.carrier}" for k in links] or ["none"]


def _disks(ports: Ports) -> list[str]:
    try:
        disks = ports.block.list_disks()
    except Exception as e:  # as above
        return [f"cannot list disks: {e}"]
    return [f"{d.name} size={d.size_bytes} model={d.model or '-'}" for d in disks] or ["none"]


def leave_ramdisk(ports: Ports, *, reason: str, delay_s: float) -> bool:
    """Reboot after *delay_s* (on the Clock port); returns False when the reboot failed (logged).

    A real reboot never returns; a fake one does, and then this returns True.
    """
    log.info("Rebooting", extra={"reason": reason, "in_s": delay_s})
    ports.clock.sleep(delay_s)
    try:
        ports.host.reboot()
    except BootyError as e:
        log.error("Reboot failed", extra={"error": str(e)})
        return False
    return True
