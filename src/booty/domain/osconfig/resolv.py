"""``/etc/resolv.conf`` of the installed OS: one ``nameserver`` line per resolver.

Rules of this file: pure. The resolvers are IP addresses already (``dns_resolver`` is parsed into
addresses when /deploy/vars is loaded; DHCP-learned ones are checked here), so no line can carry
anything but an address.

Departs from v0.0.1 (spec provisioning.md §2.2 step 7) only in what it refuses: v0.0.1 wrote
``" , "`` as a file holding one empty line; booty has no resolver then and skips the step.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

GLIBC_MAXNS = 3
"""glibc reads at most this many ``nameserver`` lines; later ones are silently ignored."""


def nameservers(resolvers: Iterable[str]) -> tuple[str, ...]:
    """The resolvers as canonical addresses, in order, duplicates dropped.

    Raises:
        ValueError: a resolver is not an IP address (a DHCP lease can carry anything).
    """
    seen: list[str] = []
    for resolver in resolvers:
        try:
            address = str(ipaddress.ip_address(resolver.strip()))
        except ValueError:
            raise ValueError(f"DNS resolver {resolver!r} is not an IP address") from None
        if address not in seen:
            seen.append(address)
    return tuple(seen)


def resolv_conf(addresses: Iterable[str]) -> str:
    """``nameserver <ip>`` lines, one per address of ``nameservers()``."""
    return "".join(f"nameserver {address}\n" for address in addresses)
