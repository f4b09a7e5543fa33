"""``read_os_release`` reads the installed tree's os-release, following its usual symlink inside
the tree (never onto the ramdisk)."""

from __future__ import annotations

import pytest

from booty.adapters.fake.host import FakeHost
from booty.app.boot import read_os_release

ROOT = "/newroot"


@pytest.mark.parametrize("link", ["../usr/lib/os-release", "/usr/lib/os-release"])
def test_the_etc_symlink_is_followed_inside_the_root(link: str) -> None:
    host = FakeHost()
    host.write_file("/usr/lib/os-release", b"ID=ramdisk\n")  # the ramdisk's own: never read
    host.write_file(f"{ROOT}/usr/lib/os-release", b'ID=rocky\nPLATFORM_ID="platform:el8"\n')
    host.add_link(f"{ROOT}/etc/os-release", link)
    assert read_os_release(host, ROOT).id == "rocky"


def test_usr_lib_is_the_fallback_and_nothing_is_empty() -> None:
    host = FakeHost()
    assert read_os_release(host, ROOT).id == ""
    host.write_file(f"{ROOT}/usr/lib/os-release", b"ID=debian\n")
    assert read_os_release(host, ROOT).id == "debian"


def test_a_link_to_a_link_is_not_followed_further() -> None:
    host = FakeHost()
    host.add_link(f"{ROOT}/etc/os-release", "../usr/lib/os-release")
    host.add_link(f"{ROOT}/usr/lib/os-release", "elsewhere")
    assert read_os_release(host, ROOT).id == ""
