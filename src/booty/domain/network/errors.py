"""Errors of the network domain: address derivation and FRR configuration.

They extend the one hierarchy rooted at ``booty.domain.errors.BootyError`` (STYLE rule 12) and
also subclass ``ValueError``, because each says that an input value cannot be used. Texts the
spec pins (``derive underlay IP``, ``derive overlay IP``, ``underlay IP or``, ``IPv4/IPv6
mismatch``) are kept verbatim inside the messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from booty.domain.errors import BootyError

_IPAddress = IPv4Address | IPv6Address
_IPNetwork = IPv4Network | IPv6Network


class AddressDerivationError(BootyError, ValueError):
    """An underlay, overlay or bridge address could not be derived from the configuration."""


class SourceOutsideSubnet(AddressDerivationError):
    """The IPMI address does not lie inside ``ipmi_subnet``, so it has no offset to carry over.

    Departs from v0.0.1 (spec networking.md §3.2), which computed a negative offset and wrapped
    it modulo 2**32 into an unrelated address.
    """

    def __init__(self, source: _IPAddress, source_net: _IPNetwork) -> None:
        super().__init__(f"{source} is not inside {source_net}, so it has no offset to carry over")
        self.source = source
        self.source_net = source_net


class OffsetDoesNotFit(AddressDerivationError):
    """The offset of the IPMI address in its subnet is beyond the end of the target subnet.

    Departs from v0.0.1 (spec networking.md §3.2 and §10.1 item 3), which wrapped the result
    around modulo 2**32 or let it fall outside the target subnet without a word.
    """

    def __init__(self, source: _IPAddress, source_net: _IPNetwork, target_net: _IPNetwork) -> None:
        self.offset = int(source) - int(source_net.network_address)
        """How far *source* is from the start of *source_net*."""
        size = target_net.num_addresses
        super().__init__(
            f"offset {self.offset} of {source} in {source_net} does not fit {target_net} "
            f"({size} address{'es' if size != 1 else ''}, offsets 0 to {size - 1})"
        )
        self.source = source
        self.source_net = source_net
        self.target_net = target_net


class FrrConfigInvalid(BootyError, ValueError):
    """The configuration cannot be rendered into an frr.conf that FRR would accept.

    ``problems`` lists every reason at once, each naming the /deploy/vars key to fix.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("cannot render frr.conf: " + "; ".join(self.problems))
