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
    from booty.domain.disk.erase import EraseOutcome
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


class DiskOperationError(BootyError):
    """Base of the errors of the disk operations (RAID, LVM, wipe, erase, partitions, filesystems)."""


class UnapprovedDisk(DiskOperationError, PermissionError):
    """A destructive operation was handed something other than a disk the domain chose.

    Only an ``ApprovedDisk`` built from a ``DiskChoice`` may be written to; a bare path, a forged
    value, or a partition of another disk is refused before any command runs or any byte is written.
    """

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"refusing to write to {target}: {reason}")
        self.target = target
        """What was handed in (a path, or the type of the value)."""
        self.reason = reason


class DiskCommandFailed(CommandFailed, DiskOperationError):
    """A disk tool exited non-zero; ``op`` says what booty was doing, ``result`` holds the rest."""

    def __init__(self, op: str, result: CommandResult) -> None:
        CommandFailed.__init__(self, result)
        self.args = (f"{op}: {self.args[0]}",)
        self.op = op
        """What was being done, e.g. ``stop RAID /dev/md127`` or ``grow partition 2 of /dev/sda``."""

    @property
    def argv(self) -> tuple[str, ...]:
        """The command that failed."""
        return self.result.argv

    @property
    def returncode(self) -> int:
        """Its exit code (127: not installed; -9: killed after a timeout)."""
        return self.result.returncode

    @property
    def stderr(self) -> str:
        """What it wrote to standard error."""
        return self.result.stderr


class RaidSpecInvalid(DiskOperationError, ValueError):
    """A RAID array cannot be built as asked (too few members, unknown level, a duplicate member)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PartitionTableUnreadable(DiskOperationError, ValueError):
    """``sfdisk --json`` printed something that is not a partition table."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(f"parsing sfdisk output for {device}: {reason}")
        self.device = device
        self.reason = reason


class NoRootPartition(DiskOperationError, LookupError):
    """No partition of the table can be the root filesystem."""

    def __init__(self, device: str, detail: str = "") -> None:
        # "no Linux filesystem partition found" is the text of spec disk-and-image.md §2.9.
        suffix = f": {detail}" if detail else ""
        super().__init__(f"no Linux filesystem partition found on {device}{suffix}")
        self.device = device


class FilesystemError(DiskOperationError):
    """A filesystem could not be checked, repaired, grown or mounted."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(f"{device}: {reason}")
        self.device = device
        self.reason = reason


class UnsupportedFilesystem(FilesystemError, ValueError):
    """The filesystem type is one booty does not check or grow (or none was found)."""


class BlockOperationFailed(DiskOperationError, OSError):
    """An ioctl, read or write on a block device failed (BLKRRPART, BLKGETSIZE64, zeroing)."""

    def __init__(self, op: str, *, device: str, errno: int = 0, reason: str = "") -> None:
        DiskOperationError.__init__(self, f"{op} {device}: {reason or f'errno {errno}'}")
        self.op = op
        self.device = device
        self.errno = errno
        self.reason = reason


class WipeFailed(DiskOperationError):
    """Clearing one or more approved disks failed; ``failures`` says which and why."""

    def __init__(self, failures: Sequence[tuple[str, str]], *, wiped: int) -> None:
        listed = "; ".join(f"{path}: {why}" for path, why in failures)
        if wiped:
            head = f"wiped {wiped} disk(s) but {len(failures)} failed"
        else:
            head = "the wipe failed" if len(failures) == 1 else f"all {len(failures)} disk wipes failed"
        super().__init__(f"{head}: {listed}")
        self.failures = tuple(failures)
        self.wiped = wiped


class SecureEraseFailed(DiskOperationError):
    """Secure erase did not erase every approved disk; ``failures`` says which and why."""

    def __init__(self, failures: Sequence[tuple[str, str]], *, outcomes: Sequence[EraseOutcome] = ()) -> None:
        listed = "; ".join(f"{path}: {why}" for path, why in failures)
        super().__init__(f"secure erase failed on {len(failures)} disk(s): {listed}")
        self.failures = tuple(failures)
        self.outcomes = tuple(outcomes)
        """Every disk's outcome, the erased ones too (for the status message)."""


class TeardownFailed(DiskOperationError):
    """Unmounting the target root or one of its binds failed; ``errors`` lists every failure."""

    def __init__(self, errors: Sequence[BootyError]) -> None:
        super().__init__("teardown failed: " + "; ".join(str(e) for e in errors))
        self.errors = tuple(errors)


class ImageStreamError(BootyError):
    """Base of the errors of streaming an image onto a disk (spec disk-and-image.md §3)."""


class SourceFailed(ImageStreamError):
    """One image source could not deliver the image; the next IMAGE alternative may.

    The message is ``streaming <source>: <reason>`` (spec §3.1), with the source already redacted.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"streaming {source}: {reason}")
        self.source = source
        """The IMAGE entry with credentials masked."""
        self.reason = reason


class ImageNotFound(SourceFailed, LookupError):
    """The server answered 404: there is no image at this URL (never retried)."""

    def __init__(self, source: str, *, status: int = 404) -> None:
        super().__init__(source, f"image not found (HTTP {status})")
        self.status = status


class SourceRefused(SourceFailed):
    """The server refused the request for good (a 4xx other than 408/429, a 416 on resume)."""

    def __init__(self, source: str, *, status: int, detail: str = "") -> None:
        super().__init__(source, f"unexpected status {status}" + (f": {detail}" if detail else ""))
        self.status = status


class StreamTruncated(SourceFailed):
    """The source ended before the length it announced (Content-Length or Content-Range)."""

    def __init__(self, source: str, *, received: int, expected: int) -> None:
        super().__init__(source, f"the stream ended after {received} of {expected} bytes")
        self.received = received
        self.expected = expected


class CorruptImage(SourceFailed, ValueError):
    """The compressed stream cannot be decoded, or it ends before its end marker."""

    def __init__(self, source: str, *, image_format: str, detail: str) -> None:
        super().__init__(source, f"{image_format} data: {detail}")
        self.image_format = image_format
        self.detail = detail


class UnsupportedImage(SourceFailed, ValueError):
    """The image is a container booty does not write (qcow2), recognised before any byte is written."""

    def __init__(self, source: str, *, image_format: str, hint: str) -> None:
        super().__init__(source, f"{image_format} images cannot be written to a disk: {hint}")
        self.image_format = image_format


class ChecksumMismatch(SourceFailed):
    """The decompressed image does not have the digest IMAGE_CHECKSUM says (spec §3.7)."""

    def __init__(self, source: str, *, algorithm: str, got: str, want: str) -> None:
        super().__init__(source, f"checksum mismatch: {algorithm} got {got}, want {want}")
        self.algorithm = algorithm
        self.got = got
        self.want = want


class BlobDigestMismatch(SourceFailed):
    """An OCI blob or manifest does not hash to the digest that names it."""

    def __init__(self, source: str, *, what: str, got: str, want: str) -> None:
        super().__init__(source, f"{what} digest mismatch: got {got}, want {want}")
        self.got = got
        self.want = want


class OciError(SourceFailed):
    """An OCI reference could not be resolved to exactly one disk-image layer."""


class DeviceWriteFailed(ImageStreamError, OSError):
    """The target could not be opened, written, synced or wiped; another source cannot help."""

    def __init__(self, op: str, *, path: str, errno: int = 0, reason: str = "") -> None:
        cause = reason or f"errno {errno}"
        super().__init__(f"{op} {path}: {cause}")
        self.op = op
        """``opening device``, ``writing to device``, ``fsync``, ``zeroing``."""
        self.path = path
        self.errno = errno
        self.reason = reason


class StreamFailed(ImageStreamError):
    """Every IMAGE alternative failed (or the target did); ``failures`` says why, source by source.

    When writing had begun, the partition table signatures of the target were destroyed (the first
    and last MiB zeroed, then synced) so the machine can never boot a half-written disk; ``wiped``
    says so, and so does the message. ``wipe_error`` is set when even that failed.
    """

    def __init__(
        self,
        target: str,
        failures: Sequence[ImageStreamError],
        *,
        wiped: bool,
        wipe_error: str = "",
    ) -> None:
        self.target = target
        self.failures = tuple(failures)
        self.wiped = wiped
        self.wipe_error = wipe_error
        why = "; ".join(str(f) for f in self.failures) or "no image source"
        if wipe_error:
            tail = f"; destroying the partition table signatures of {target} ALSO FAILED: {wipe_error}"
        elif wiped:
            tail = (
                f"; the partition table signatures of {target} were destroyed "
                "(first and last MiB zeroed) so the half-written disk cannot boot"
            )
        else:
            tail = f"; {target} was not written"
        super().__init__(f"image streaming to {target} failed: {why}{tail}")


class LvmReportUnreadable(DiskOperationError, ValueError):
    """An LVM ``--reportformat json`` output could not be read."""


class NvmeOutputUnreadable(DiskOperationError, ValueError):
    """nvme-cli printed neither its JSON nor its ``name : value`` listing."""
