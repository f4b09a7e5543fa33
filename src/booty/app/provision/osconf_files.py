"""Files of the installed OS: reading, writing and tree-copying them through the Host port.

Every path is an absolute path of the installed OS (``/etc/hosts``) and is resolved with
``booty.domain.osconfig.resolve_in_root`` before it is touched, so a symlink in the image that
points to an absolute path is followed inside the target root, never into the ramdisk. A file
booty writes replaces a symlink standing at its own path (the systemd-resolved
``/etc/resolv.conf`` link, say): the link's target may be a tmpfs of the running OS, where a file
written now would be hidden at boot.

Tree copy (``/deploy/file-system``, ``/deploy/machine-files``; spec provisioning.md §2.3) departs
from v0.0.1: symlinks in the source are skipped with a warning (v0.0.1 followed them and so copied
files of the ramdisk by accident), as are device nodes and FIFOs (reading a FIFO would hang);
names that would leave the root are refused; files are replaced atomically, so they always get the
source's permission bits (v0.0.1 applied them only to files it created).
"""

from __future__ import annotations

import posixpath

import attrs

from booty.app.provision.context import RunContext, log
from booty.domain.osconfig import TreeCopyFailed, entry_name_problem, resolve_in_root
from booty.domain.system import FileKind


def _read_link(ctx: RunContext, path: str) -> str | None:
    """The symlink target at *path* inside the root, or None (not a link, or not there)."""
    host = ctx.ports.host
    where = ctx.in_root(path)
    try:
        if host.stat(where).kind is not FileKind.SYMLINK:
            return None
    except (FileNotFoundError, NotADirectoryError):
        return None
    return host.read_link(where)


def resolve(ctx: RunContext, path: str, *, follow_last: bool = True) -> str:
    """*path* of the installed OS with its symlinks followed inside the root."""
    return resolve_in_root(path, lambda p: _read_link(ctx, p), follow_last=follow_last)


def exists_in_root(ctx: RunContext, path: str) -> bool:
    """True when *path* exists in the installed OS (symlinks followed as it would)."""
    return ctx.ports.host.exists(ctx.in_root(resolve(ctx, path)))


def read_in_root(ctx: RunContext, path: str) -> bytes | None:
    """The content of *path* in the installed OS, or None when there is no such file."""
    try:
        return ctx.ports.host.read_file(ctx.in_root(resolve(ctx, path)))
    except FileNotFoundError:
        return None


def write_in_root(ctx: RunContext, path: str, content: str | bytes, *, mode: int = 0o644) -> str:
    """Write *path* of the installed OS (parents made 0755), replacing a symlink there; record it.

    Returns:
        The path written, inside the root (differs from *path* when a parent was a symlink).
    """
    target = resolve(ctx, path, follow_last=False)
    link = _read_link(ctx, target)
    if link is not None:
        log.info("Replacing symlink with a file", extra={"path": target, "link_target": link})
    data = content.encode() if isinstance(content, str) else content
    ctx.ports.host.make_dirs(ctx.in_root(posixpath.dirname(target)), mode=0o755)
    ctx.ports.host.write_file(ctx.in_root(target), data, mode=mode)
    ctx.record_write(target)
    return target


@attrs.frozen
class CopyOutcome:
    """What a tree copy did."""

    copied: tuple[str, ...]
    """Files written, as paths inside the root."""
    skipped: tuple[str, ...]
    """Entries left out (symlinks, device nodes, FIFOs), relative to the source."""

    def summary(self, source: str) -> str:
        """One line for the step's detail."""
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return f"{len(self.copied)} file(s) copied from {source}{skipped}"


def copy_tree(ctx: RunContext, source: str) -> CopyOutcome | None:
    """Copy directory *source* (on the host) into the root, in lexical order.

    Returns:
        What was copied, or None when *source* does not exist (nothing to do).

    Raises:
        TreeCopyFailed: ``copy tree from <source>: <entry>: <reason>`` for the first entry that
            could not be copied (or whose name would leave the root).
    """
    if not ctx.ports.host.exists(source):
        return None
    copied: list[str] = []
    skipped: list[str] = []
    _copy_dir(ctx, source, "", copied, skipped)
    return CopyOutcome(tuple(copied), tuple(skipped))


def _copy_dir(ctx: RunContext, source: str, rel: str, copied: list[str], skipped: list[str]) -> None:
    try:
        names = sorted(ctx.ports.host.list_dir(posixpath.join(source, rel)))
    except OSError as e:
        raise TreeCopyFailed(source, rel or ".", _why(e)) from e
    for name in names:
        entry = posixpath.join(rel, name)
        problem = entry_name_problem(name)
        if problem:
            raise TreeCopyFailed(source, entry, problem)
        try:
            kind = _copy_entry(ctx, source, entry, copied)
        except OSError as e:
            raise TreeCopyFailed(source, entry, _why(e)) from e
        if kind is FileKind.DIRECTORY:
            _copy_dir(ctx, source, entry, copied, skipped)
        elif kind is not FileKind.FILE:
            skipped.append(entry)
            _warn_skipped(ctx, source, entry, kind)


def _copy_entry(ctx: RunContext, source: str, entry: str, copied: list[str]) -> FileKind:
    """Make the directory or write the file *entry*; return its kind (others are left alone)."""
    host = ctx.ports.host
    origin = posixpath.join(source, entry)
    info = host.stat(origin)
    if info.kind is FileKind.DIRECTORY:
        # Existing directories keep their permissions; missing ones are made 0755 (spec §2.3).
        host.make_dirs(ctx.in_root(resolve(ctx, "/" + entry)), mode=0o755)
    elif info.kind is FileKind.FILE:
        copied.append(write_in_root(ctx, "/" + entry, host.read_file(origin), mode=info.mode))
    return info.kind


def _warn_skipped(ctx: RunContext, source: str, entry: str, kind: FileKind) -> None:
    extra = {"source": source, "entry": entry, "kind": kind.value}
    if kind is FileKind.SYMLINK:
        # Following it would copy whatever it points to on the ramdisk (v0.0.1 did).
        link = ctx.ports.host.read_link(posixpath.join(source, entry))
        log.warning("Tree copy skipped a symlink", extra={**extra, "link_target": link})
    else:
        log.warning("Tree copy skipped an entry that is not a file or directory", extra=extra)


def _why(error: OSError) -> str:
    return error.strerror or str(error)
