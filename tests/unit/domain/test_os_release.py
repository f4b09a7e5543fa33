"""os-release parsing and the BLS order it decides."""

from __future__ import annotations

from booty.domain.boot import BlsOrder
from booty.domain.os_release import OsRelease, bls_order, parse_os_release

ROCKY8 = """NAME="Rocky Linux"
VERSION="8.9 (Green Obsidian)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.9"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Rocky Linux 8.9 (Green Obsidian)"
"""


def test_quoted_values() -> None:
    release = parse_os_release(ROCKY8)
    assert release == OsRelease(
        id="rocky",
        id_like=("rhel", "centos", "fedora"),
        name="Rocky Linux",
        pretty_name="Rocky Linux 8.9 (Green Obsidian)",
        version_id="8.9",
        platform_id="platform:el8",
    )


def test_unquoted_single_quoted_escapes_comments_and_junk() -> None:
    text = (
        "# comment\n\nID=Ubuntu\nNAME='Ubuntu Server'\n"
        'PRETTY_NAME="A \\"quoted\\" name"\nbad line\nlower=x\nVERSION_ID="unbalanced\n'
    )
    release = parse_os_release(text)
    assert (release.id, release.name, release.pretty_name, release.version_id) == (
        "ubuntu",
        "Ubuntu Server",
        'A "quoted" name',
        "",
    )


def test_label_falls_back_to_id_then_linux() -> None:
    assert OsRelease(name="Debian GNU/Linux", id="debian").label == "Debian GNU/Linux"
    assert OsRelease(id="debian").label == "debian"
    assert OsRelease().label == "Linux"


def test_el8_orders_bls_by_version_key_others_by_file_name() -> None:
    assert bls_order(parse_os_release(ROCKY8)) is BlsOrder.VERSION_KEY
    assert bls_order(parse_os_release('PLATFORM_ID="platform:el9"\n')) is BlsOrder.FILE_NAME
    assert bls_order(OsRelease()) is BlsOrder.FILE_NAME
