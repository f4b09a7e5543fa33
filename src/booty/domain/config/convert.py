"""Converters from a /deploy/vars value (text) to a typed value.

Each converter takes the unquoted value and returns the typed value, or raises ``ValueError``
whose message is the reason an operator reads (``not a whole number: '12a'``). Messages quote
the offending text, so converters for secret keys must never be given a quoting converter.

Departs from v0.0.1 (spec caprf-and-config.md §1.3 and §8 item 19), which silently ignored
malformed numbers and read anything but ``true``/``1``/``yes`` as false: here both are errors.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TypeVar
from urllib.parse import urlsplit

from booty.domain.config.model import (
    BondMode,
    ChecksumType,
    IPAddress,
    IPInterface,
    IPNetwork,
    Mode,
    NetworkModeRequest,
    PeerMode,
    VlanSpec,
)
from booty.domain.image.ref import parse_image_ref
from booty.domain.secret import Secret, redact_url

UINT32_MAX = 2**32 - 1
INT64_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_IFNAME = re.compile(r"[A-Za-z0-9_.:@-]{1,15}")
TRUE_WORDS = frozenset({"true", "yes", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "0", "off", ""})


def text(value: str) -> str:
    """Any text, kept as written."""
    return value


def secret(value: str) -> Secret:
    """A secret; never quoted back in any message."""
    return Secret(value)


def uint32(value: str) -> int:
    """Decimal 0..4294967295 (ASNs, VNIs, timers)."""
    if not _DIGITS.fullmatch(value):
        raise ValueError(f"not a whole number: {value!r}")
    number = int(value)
    if number > UINT32_MAX:
        raise ValueError(f"{number} is larger than {UINT32_MAX}")
    return number


def count(value: str) -> int:
    """A non-negative decimal count (sizes in GB, CPUs, VFs); empty means 0."""
    if value == "":
        return 0
    if not _DIGITS.fullmatch(value):
        raise ValueError(f"not a whole number of 0 or more: {value!r}")
    number = int(value)
    if number > INT64_MAX:
        raise ValueError(f"{number} is too large")
    return number


def boolean(value: str) -> bool:
    """true/yes/1/on or false/no/0/off (any case); empty means false."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"not a boolean: {value!r} (use true or false)")


def url(value: str) -> str:
    """An http(s) URL with a host, or empty."""
    if value and not _is_web_url(value):
        raise ValueError(f"not an http(s) URL with a host: {redact_url(value)!r}")
    return value


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and " " not in value


def image_urls(value: str) -> tuple[str, ...]:
    """IMAGE: http(s)://, oci:// or file:// references separated by commas and/or spaces.

    The entries are ordered alternatives (mirrors); each must parse (``parse_image_ref``), so a
    malformed one is reported with its file, line and key.
    """
    return tuple(str(parse_image_ref(ref)) for ref in value.replace(",", " ").split())


def hostname(value: str) -> str:
    """An RFC 1123 host name (labels of letters, digits and inner hyphens), or empty."""
    if value and (
        len(value) > 253 or not all(_HOST_LABEL.fullmatch(p) for p in value.rstrip(".").split("."))
    ):
        raise ValueError(f"not a valid host name: {value!r}")
    return value


def device_path(value: str) -> str:
    """An absolute device path such as /dev/nvme0n1, or empty for auto-detection."""
    if value and not value.startswith("/"):
        raise ValueError(f"not an absolute device path: {value!r}")
    return value


def ifname(value: str) -> str:
    """A Linux interface name (at most 15 characters, no spaces or slashes), or empty."""
    if value and not _IFNAME.fullmatch(value):
        raise ValueError(f"not an interface name: {value!r}")
    return value


def ifnames(value: str) -> tuple[str, ...]:
    """Comma-separated interface names."""
    return tuple(ifname(n) for n in _items(value))


def names(value: str) -> tuple[str, ...]:
    """Comma-separated names, trimmed, empties dropped."""
    return _items(value)


def commands(value: str) -> tuple[str, ...]:
    """POST_PROVISION_CMDS: ';'-separated commands; blank entries are dropped (v0.0.1 skipped them)."""
    return tuple(c.strip() for c in value.split(";") if c.strip())


def _items(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


def ip(value: str) -> IPAddress | None:
    """An IPv4 or IPv6 address, or empty."""
    return _address(value) if value else None


def ips(value: str) -> tuple[IPAddress, ...]:
    """Comma-separated IP addresses."""
    return tuple(_address(item) for item in _items(value))


def _address(value: str) -> IPAddress:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        raise ValueError(f"not an IP address: {value!r}") from None


def cidr(value: str) -> IPNetwork | None:
    """A network in CIDR form with no host bits set (``10.0.0.0/24``), or empty."""
    if value == "":
        return None
    if "/" not in value:
        raise ValueError(f"not a CIDR (missing /prefix): {value!r}")
    try:
        return ipaddress.ip_network(value)
    except ValueError as e:
        raise ValueError(f"not a CIDR network: {value!r} ({e})") from None


def ip_with_prefix(value: str) -> IPInterface | None:
    """An address with its prefix length (``10.100.0.20/24``), or empty."""
    if value == "":
        return None
    if "/" not in value:
        raise ValueError(f"missing /prefix in address: {value!r}")
    try:
        return ipaddress.ip_interface(value)
    except ValueError:
        raise ValueError(f"not an address with prefix: {value!r}") from None


_RT = re.compile(r"(?P<admin>[^:]+):(?P<number>[0-9]+)")


def route_target(value: str) -> str:
    """A BGP route target ``ASN:NN`` or ``IPv4:NN``, or empty."""
    match = _RT.fullmatch(value)
    if value and not (match and (_DIGITS.fullmatch(match["admin"]) or _is_ipv4(match["admin"]))):
        raise ValueError(f"not a route target (ASN:NN or IPv4:NN): {value!r}")
    return value


def _is_ipv4(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv4Address)
    except ValueError:
        return False


def mode(value: str) -> Mode:
    """MODE; empty means provision. Unknown words are errors (v0.0.1 provisioned: §8 item 13)."""
    return _choice(Mode, value or "provision", "MODE")


def network_mode(value: str) -> NetworkModeRequest:
    """NETWORK_MODE: empty/auto, or gobgp (any case)."""
    return _choice(NetworkModeRequest, "" if value.lower() == "auto" else value.lower(), "network mode")


def peer_mode(value: str) -> PeerMode:
    """BGP_PEER_MODE, any case; empty means unnumbered."""
    return _choice(PeerMode, value.lower() or "unnumbered", "BGP peer mode")


def bond_mode(value: str) -> BondMode:
    """BOND_MODE, any case; ``lacp`` is 802.3ad; empty means 802.3ad."""
    word = value.lower()
    return _choice(BondMode, "802.3ad" if word in {"", "lacp"} else word, "bond mode")


def checksum_type(value: str) -> ChecksumType | None:
    """IMAGE_CHECKSUM_TYPE: sha256 or sha512 (any case), or empty."""
    return _choice(ChecksumType, value.lower(), "checksum type") if value else None


def hex_digest(value: str) -> str:
    """IMAGE_CHECKSUM: hex digits, stored lowercase (the length is checked against the type)."""
    if value and not re.fullmatch(r"[0-9a-fA-F]+", value):
        raise ValueError(f"not a hex digest: {value!r}")
    return value.lower()


E = TypeVar("E", Mode, BondMode, PeerMode, NetworkModeRequest, ChecksumType)


def _choice(kind: type[E], word: str, what: str) -> E:
    try:
        return kind(word)
    except ValueError:
        allowed = ", ".join(m.value for m in kind if m.value)
        raise ValueError(f"unknown {what} {word!r} (expected one of: {allowed})") from None


def vlans(value: str) -> tuple[VlanSpec, ...]:
    """VLANS: ``ID:parent[:address[:gateway]]`` entries separated by commas."""
    return tuple(_vlan(entry) for entry in _items(value))


def _vlan(entry: str) -> VlanSpec:
    fields = entry.split(":")
    if not 2 <= len(fields) <= 4:
        raise ValueError(f"VLAN entry {entry!r} is not ID:parent[:address[:gateway]]")
    ident, parent, *rest = fields
    if not _DIGITS.fullmatch(ident) or not 1 <= int(ident) <= 4094:
        raise ValueError(f"VLAN entry {entry!r}: ID must be 1 to 4094")
    if not parent or not _IFNAME.fullmatch(parent):
        raise ValueError(f"VLAN entry {entry!r}: {parent!r} is not an interface name")
    try:
        address = ip_with_prefix(rest[0]) if rest else None
        gateway = ip(rest[1]) if len(rest) > 1 else None
    except ValueError as e:
        raise ValueError(f"VLAN entry {entry!r}: {e}") from None
    return VlanSpec(vlan_id=int(ident), parent=parent, address=address, gateway=gateway)
