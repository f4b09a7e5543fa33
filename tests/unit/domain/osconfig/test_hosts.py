"""/etc/hostname and the 127.0.1.1 line of /etc/hosts."""

from __future__ import annotations

import pytest

from booty.domain.osconfig import hostname_file, update_hosts
from booty.domain.osconfig.hosts import hosts_line


@pytest.mark.parametrize(
    ("hostname", "content"),
    [
        ("test-node", "test-node\n"),
        ("node1.example.com", "node1.example.com\n"),
        ("node1.lab.", "node1.lab\n"),
    ],
)
def test_hostname_file_is_the_name_and_a_newline(hostname: str, content: str) -> None:
    assert hostname_file(hostname) == content


@pytest.mark.parametrize(
    ("hostname", "line"),
    [
        ("node1", "127.0.1.1 node1"),
        ("node1.example.com", "127.0.1.1 node1.example.com node1"),
        ("node1.example.com.", "127.0.1.1 node1.example.com node1"),
    ],
)
def test_hosts_line_names_the_full_then_the_short_name(hostname: str, line: str) -> None:
    assert hosts_line(hostname) == line


def test_a_missing_hosts_file_gets_localhost_entries_and_the_host() -> None:
    assert update_hosts(None, "node1") == (
        "127.0.0.1 localhost\n127.0.1.1 node1\n::1 localhost ip6-localhost ip6-loopback\n"
    )


def test_an_existing_127_0_1_1_line_is_replaced_in_place_and_duplicates_dropped() -> None:
    existing = "127.0.0.1 localhost\n127.0.1.1 old-name\n# keep me\n10.0.0.5 db\n127.0.1.1 older\n"
    assert update_hosts(existing, "node1") == (
        "127.0.0.1 localhost\n127.0.1.1 node1\n# keep me\n10.0.0.5 db\n"
    )


def test_without_a_127_0_1_1_line_it_goes_after_the_last_localhost_line() -> None:
    existing = "127.0.0.1 localhost\n127.0.0.1 localhost.localdomain\n::1 localhost\n"
    assert update_hosts(existing, "node1") == (
        "127.0.0.1 localhost\n127.0.0.1 localhost.localdomain\n127.0.1.1 node1\n::1 localhost\n"
    )


def test_without_any_localhost_line_it_goes_first() -> None:
    assert update_hosts("10.0.0.5 db", "node1") == "127.0.1.1 node1\n10.0.0.5 db\n"


def test_commented_out_entries_are_kept_as_comments() -> None:
    existing = "# 127.0.1.1 example\n\n127.0.0.1 localhost # loopback\n"
    assert update_hosts(existing, "node1") == (
        "# 127.0.1.1 example\n\n127.0.0.1 localhost # loopback\n127.0.1.1 node1\n"
    )


def test_updating_twice_changes_nothing_the_second_time() -> None:
    once = update_hosts("127.0.0.1 localhost\n", "node1.example.com")
    assert update_hosts(once, "node1.example.com") == once
