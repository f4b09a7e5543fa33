"""resolv.conf text (spec provisioning.md §12.1 P6)."""

from __future__ import annotations

import pytest

from booty.domain.osconfig import nameservers, resolv_conf


def test_one_nameserver_line_per_resolver_in_order() -> None:
    assert resolv_conf(nameservers(["8.8.8.8", "1.1.1.1"])) == "nameserver 8.8.8.8\nnameserver 1.1.1.1\n"


def test_addresses_are_canonical_and_duplicates_dropped() -> None:
    assert nameservers([" 2001:DB8::1 ", "10.0.0.1", "2001:db8:0::1"]) == ("2001:db8::1", "10.0.0.1")


def test_no_resolvers_no_lines() -> None:
    assert resolv_conf(nameservers([])) == ""


def test_a_resolver_that_is_not_an_address_is_refused() -> None:
    with pytest.raises(ValueError, match=r"DNS resolver 'dns\.example' is not an IP address"):
        nameservers(["10.0.0.1", "dns.example"])
