"""The one exception hierarchy of booty, rooted at ``BootyError``.

Every error booty raises on purpose lives here, with the structured fields a caller needs to act
on it (which file and line, which URL and status, which command and exit code). Adapters translate
foreign exceptions into these with ``raise ... from``. Messages never contain secrets: fields that
might hold one are redacted before the message is built.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from errno import ENODEV
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from booty.domain.shell import CommandResult
    from booty.domain.system import BlockDevice


class BootyError(Exception):
    """Root of every error booty raises on purpose."""


@attrs.frozen
class ConfigProblem:
    """One thing wrong with a configuration file, located precisely."""

    source: str
    """The file the problem is in (a path, or ``<text>`` for in-memory input)."""
    line: int
    """1-based line number; 0 when the problem concerns the file as a whole."""
    key: str
    """The /deploy/vars key, or ``""`` when the line has no usable key."""
    reason: str
    """What is wrong, in words an operator can act on. Never contains a secret value."""

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.source}:{self.line}:{key} {self.reason}"


class ConfigError(BootyError, ValueError):
    """A configuration could not be accepted; ``problems`` lists every reason at once."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in configuration"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class HttpError(BootyError):
    """Base of the errors of one HTTP exchange; ``url`` is already redacted."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class HttpTransportError(HttpError, ConnectionError):
    """No HTTP response arrived: refused, reset, timed out, TLS failure, proxy failure."""


class HttpRequestInvalid(HttpError, ValueError):
    """The exchange can never succeed as written (invalid URL, redirect loop): retrying is pointless."""


class ResponseTooLarge(HttpError):
    """The response body exceeded the limit the caller set; the rest was not read."""

    def __init__(self, *, url: str, limit: int) -> None:
        super().__init__(f"response from {url} is larger than {limit} bytes", url=url)
        self.limit = limit


class InsecureTransportRefused(HttpError):
    """A bearer token would have been sent over plain http to a non-loopback host."""


class ControllerError(BootyError):
    """A controller exchange failed after its retries, or its answer made no sense."""


class CommandFailed(BootyError):
    """An external command exited non-zero; the whole result is kept for the report."""

    def __init__(self, result: CommandResult) -> None:
        super().__init__(
            f"{shlex.join(result.argv)} exited {result.returncode}: {result.stderr.strip()[-400:]}"
        )
        self.result = result


class NetlinkOperationFailed(BootyError):
    """The kernel refused a netlink request (or the network namespace could not be entered)."""

    def __init__(self, op: str, *, errno: int, reason: str = "") -> None:
        super().__init__(f"netlink {op} failed: {reason or f'errno {errno}'}")
        self.op = op
        """What was asked, e.g. ``addr add`` or ``route replace``."""
        self.errno = errno
        """The kernel's errno (``ENETUNREACH`` for an off-link gateway, ...)."""
        self.reason = reason


class LinkNotFound(NetlinkOperationFailed, LookupError):
    """No link has the name the caller gave."""

    def __init__(self, name: str, *, op: str) -> None:
        super().__init__(op, errno=ENODEV, reason=f"no link named {name!r}")
        self.name = name


class HostOperationFailed(BootyError):
    """A system call on the running machine failed (mount, module load, kexec, reboot)."""

    def __init__(self, op: str, *, target: str, errno: int = 0, reason: str = "") -> None:
        super().__init__(f"{op} {target}: {reason or f'errno {errno}'}")
        self.op = op
        """The operation, e.g. ``mount``, ``umount``, ``finit_module``, ``kexec_file_load``."""
        self.target = target
        """The path (mount point, module file, kernel) the operation was about."""
        self.errno = errno
        """The kernel's errno; 0 when booty refused before asking the kernel."""
        self.reason = reason


class MountFailed(HostOperationFailed):
    """mount(2) or umount2(2) failed."""


class NotMounted(MountFailed):
    """The target of an unmount is not a mount point (EINVAL) or does not exist (ENOENT)."""


class ModuleLoadFailed(HostOperationFailed):
    """finit_module(2) refused a kernel module (EEXIST is not a failure)."""


class KexecFailed(HostOperationFailed):
    """kexec_file_load(2) refused the kernel, initrd or command line."""


class RebootFailed(HostOperationFailed):
    """reboot(2) returned, which it only does on error."""


class UnsupportedOnHost(HostOperationFailed):
    """booty cannot do this here: no syscall number for the architecture, several initrds for kexec."""


class DiskSelectionError(BootyError):
    """No target disk could be chosen; ``rejected`` says, for every disk, why it was not taken."""

    def __init__(
        self,
        message: str,
        *,
        rejected: Sequence[tuple[BlockDevice, str]],
        candidates: Sequence[BlockDevice] = (),
    ) -> None:
        super().__init__(message)
        self.rejected = tuple(rejected)
        """Every disk with the reason it was not chosen, in name order."""
        self.candidates = tuple(candidates)
        """The disks that passed every safety check."""


class NoEligibleDisk(DiskSelectionError, LookupError):
    """Every disk failed a safety check (the original's ``no suitable disk found``)."""

    def __init__(self, *, min_size_gb: int, rejected: Sequence[tuple[BlockDevice, str]]) -> None:
        super().__init__(f"no suitable disk found (min {min_size_gb} GB)", rejected=rejected)
        self.min_size_gb = min_size_gb


class AmbiguousDisk(DiskSelectionError):
    """Two or more disks are equally good by the preference rules; booty does not guess."""

    def __init__(
        self,
        disks: Sequence[BlockDevice],
        *,
        rejected: Sequence[tuple[BlockDevice, str]],
        candidates: Sequence[BlockDevice],
    ) -> None:
        self.disks = tuple(disks)
        """The tied disks, in name order."""
        paths = [d.path for d in self.disks]
        named = f"{', '.join(paths[:-1])} and {paths[-1]}"
        super().__init__(
            f"{named} are equally good targets (same kind and size); "
            "choose one with DISK_DEVICE or a root device hint",
            rejected=rejected,
            candidates=candidates,
        )


class UnknownDisk(DiskSelectionError, LookupError):
    """DISK_DEVICE names no whole disk of this machine (a partition, a typo, a missing device)."""

    def __init__(
        self,
        device: str,
        *,
        rejected: Sequence[tuple[BlockDevice, str]],
        candidates: Sequence[BlockDevice],
    ) -> None:
        known = ", ".join(d.path for d, _ in rejected) or "none"
        super().__init__(
            f"DISK_DEVICE {device} is not a whole disk of this machine (disks: {known})",
            rejected=rejected,
            candidates=candidates,
        )
        self.device = device


class DiskNotEligible(DiskSelectionError):
    """The disk named by DISK_DEVICE or by the root device hints fails a safety check."""

    def __init__(
        self,
        disk: BlockDevice,
        reason: str,
        *,
        named_by: str,
        rejected: Sequence[tuple[BlockDevice, str]],
        candidates: Sequence[BlockDevice],
    ) -> None:
        super().__init__(
            f"{disk.path}, chosen by {named_by}, cannot be used: {reason} (only when forced)",
            rejected=rejected,
            candidates=candidates,
        )
        self.disk = disk
        self.reason = reason
        self.named_by = named_by
        """``DISK_DEVICE`` or ``root device hints <hints>``."""


class DiskHintMismatch(DiskSelectionError, LookupError):
    """The root device hints match no disk, several disks, or not the disk DISK_DEVICE names."""

    def __init__(
        self,
        hints: str,
        matches: Sequence[BlockDevice],
        *,
        rejected: Sequence[tuple[BlockDevice, str]],
        candidates: Sequence[BlockDevice],
        device: str = "",
    ) -> None:
        self.hints = hints
        self.matches = tuple(matches)
        """Every disk the hints match, in name order."""
        self.device = device
        """DISK_DEVICE, when it was given too."""
        if device:
            message = f"DISK_DEVICE {device} does not match the root device hints {hints}"
        elif not self.matches:
            message = f"no disk matches the root device hints {hints}"
        else:
            paths = ", ".join(d.path for d in self.matches)
            message = (
                f"the root device hints {hints} match {len(self.matches)} disks ({paths}); "
                "they must match exactly one"
            )
        super().__init__(message, rejected=rejected, candidates=candidates)


class EmptyImage(BootyError, ValueError):
    """The image has no bytes at all, so there is no format to detect and nothing to write."""

    def __init__(self) -> None:
        super().__init__("detect format: the image is empty")


class NetworkSetupFailed(BootyError):
    """A network mode (DHCP, static, bond, VLAN) could not be brought up."""

    def __init__(self, mode: str, reason: str) -> None:
        super().__init__(f"{mode} network setup failed: {reason}")
        self.mode = mode
        """``dhcp``, ``static``, ``bond`` or ``vlan``."""
        self.reason = reason


class NoLeaseReceived(NetworkSetupFailed, TimeoutError):
    """No DHCP server answered on any of the interfaces asked, within the time allowed."""

    def __init__(self, interfaces: Sequence[str], *, timeout_s: float) -> None:
        self.interfaces = tuple(interfaces)
        self.timeout_s = timeout_s
        names = ", ".join(self.interfaces) or "no interface"
        super().__init__("dhcp", f"no DHCP lease on {names} within {timeout_s:g} s")


class ControllerUnreachable(BootyError, TimeoutError):
    """The controller gave no HTTP response at all before the connectivity deadline."""

    def __init__(self, url: str, *, elapsed_s: float, attempts: int, last_error: str = "") -> None:
        cause = f": {last_error}" if last_error else ""
        super().__init__(
            f"controller {url} unreachable after {elapsed_s:.1f} s and {attempts} attempts{cause}"
        )
        self.url = url
        """The URL tried, already redacted."""
        self.elapsed_s = elapsed_s
        self.attempts = attempts


class LldpError(BootyError):
    """Base of the LLDP errors: a frame that cannot be decoded, a listener that cannot listen."""


class MalformedLldpFrame(LldpError, ValueError):
    """A frame is not a well-formed LLDP frame (802.1AB); listeners skip it and keep the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"malformed LLDP frame: {reason}")
        self.reason = reason
        """What is wrong, e.g. ``missing End of LLDPDU TLV`` or ``missing Port ID TLV``."""


class LldpListenFailed(LldpError):
    """An LLDP listener could not be set up on an interface (no such link, no privilege, no netns)."""

    def __init__(self, interface: str, *, errno: int, reason: str = "") -> None:
        super().__init__(f"LLDP listen on {interface}: {reason or f'errno {errno}'}")
        self.interface = interface
        self.errno = errno
        """The kernel's errno: ENODEV for a missing link, EPERM without CAP_NET_RAW, ENOENT netns."""
        self.reason = reason


class BootEntryError(BootyError):
    """Base of the errors about what the installed system would boot (GRUB, BLS, kexec)."""


class NoBootEntries(BootEntryError, LookupError):
    """The installed system offers nothing to boot: no GRUB configuration, or an empty menu."""

    def __init__(self, detail: str = "") -> None:
        # "no boot entries found" is the text spec provisioning.md §6.1 pins; the detail says where.
        super().__init__("no boot entries found" + (f": {detail}" if detail else ""))
        self.detail = detail


class EntryNotBootable(BootEntryError, ValueError):
    """The chosen boot entry cannot be started with kexec (no Linux kernel, a path outside the root)."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(f"boot entry {title!r} cannot be started with kexec: {reason}")
        self.title = title
        self.reason = reason


class InvalidGrubEnv(BootEntryError, ValueError):
    """A grubenv file is not a GRUB environment block, so GRUB's load_env ignores it."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid environment block: {reason}")
        self.reason = reason
