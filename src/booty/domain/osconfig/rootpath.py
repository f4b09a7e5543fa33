"""Paths inside the installed OS, resolved the way the installed OS itself would resolve them.

booty writes into the target root from the ramdisk, so a symlink inside the root that points to
an absolute path (``/var/run -> /run``, ``/etc/resolv.conf -> /run/systemd/...``) would, if the
kernel followed it, lead out of the root and into the ramdisk. ``resolve_in_root`` follows such
links itself, treating an absolute target as relative to the root (as ``chroot`` does) and never
climbing above it, so what the installed OS sees at a path is what booty writes there.

Rules of this file: pure; the caller hands in a function that tells whether a path (inside the
root) is a symlink and what it points to.

Departs from v0.0.1 (spec provisioning.md §2.3), whose tree copy followed symlinks on the host.
"""

from __future__ import annotations

from collections.abc import Callable

from booty.domain.osconfig.errors import UnsafePath

MAX_LINKS = 40
"""Symlinks followed while resolving one path before giving up (Linux's MAXSYMLINKS)."""

ReadLink = Callable[[str], "str | None"]
"""The target of the symlink at a path inside the root, or None when it is not a symlink."""


def entry_name_problem(name: str) -> str | None:
    """Why directory entry *name* cannot be copied into the root, or None when it can."""
    if name in {"", ".", ".."} or "/" in name:
        return "the name would leave the target root"
    if "\x00" in name:
        return "the name contains a NUL byte"
    return None


def resolve_in_root(path: str, read_link: ReadLink, *, follow_last: bool = True) -> str:
    """*path* (inside the root) with every symlink on the way followed within the root.

    Args:
        path: an absolute path of the installed OS, such as ``/var/run/x``.
        read_link: tells which paths are symlinks (parts that do not exist yet are not).
        follow_last: also follow a symlink at the end (off when the caller replaces it).

    Returns:
        The resolved absolute path inside the root, e.g. ``/run/x``; ``..`` stops at ``/``.

    Raises:
        UnsafePath: more than ``MAX_LINKS`` symlinks (a loop).
    """
    pending = _parts(path)
    resolved: list[str] = []
    links = 0
    while pending:
        name = pending.pop(0)
        if name == "..":
            del resolved[-1:]
            continue
        here = _join([*resolved, name])
        target = read_link(here) if pending or follow_last else None
        if target is None:
            resolved.append(name)
            continue
        links += 1
        if links > MAX_LINKS:
            raise UnsafePath(path, "too many levels of symbolic links")
        if target.startswith("/"):
            resolved = []
        pending[:0] = _parts(target)
    return _join(resolved)


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p not in {"", "."}]


def _join(parts: list[str]) -> str:
    return "/" + "/".join(parts)
