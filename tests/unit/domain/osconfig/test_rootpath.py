"""Paths of the installed OS resolved inside the target root, never out of it."""

from __future__ import annotations

import pytest

from booty.domain.osconfig import UnsafePath, entry_name_problem, resolve_in_root

LINKS = {
    "/bin": "usr/bin",
    "/var/run": "/run",
    "/etc/resolv.conf": "../run/systemd/resolve/stub-resolv.conf",
    "/escape": "../../../../host",
    "/loop": "/loop",
    "/etc/alt": "./x/../y",
}


def _read_link(path: str) -> str | None:
    return LINKS.get(path)


@pytest.mark.parametrize(
    ("path", "resolved"),
    [
        ("/etc/hostname", "/etc/hostname"),
        ("/bin/sh", "/usr/bin/sh"),
        ("/var/run/x.pid", "/run/x.pid"),
        ("/etc/resolv.conf", "/run/systemd/resolve/stub-resolv.conf"),
        ("/escape/etc", "/host/etc"),
        ("/../../etc/./passwd", "/etc/passwd"),
        ("/etc/alt", "/etc/y"),
        ("/", "/"),
    ],
)
def test_links_are_followed_inside_the_root(path: str, resolved: str) -> None:
    assert resolve_in_root(path, _read_link) == resolved


def test_a_link_at_the_end_is_kept_when_the_caller_replaces_it() -> None:
    assert resolve_in_root("/etc/resolv.conf", _read_link, follow_last=False) == "/etc/resolv.conf"
    assert resolve_in_root("/var/run/x", _read_link, follow_last=False) == "/run/x"


def test_a_link_loop_is_refused() -> None:
    with pytest.raises(UnsafePath, match=r"^/loop/x: too many levels of symbolic links$"):
        resolve_in_root("/loop/x", _read_link)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("hosts", None),
        ("..hidden", None),
        ("..", "the name would leave the target root"),
        (".", "the name would leave the target root"),
        ("", "the name would leave the target root"),
        ("a/../../b", "the name would leave the target root"),
        ("a\x00b", "the name contains a NUL byte"),
    ],
)
def test_entry_names_that_would_leave_the_root_are_refused(name: str, problem: str | None) -> None:
    assert entry_name_problem(name) == problem
