"""IMAGE_CHECKSUM: the expected digest of the decompressed image, and the verdict on the digest got.

The digest is computed by the app over the decompressed bytes as they stream (spec §3.7); here it is
only named, parsed and compared. Departs from v0.0.1, which compared case-sensitively (an upper-case
IMAGE_CHECKSUM never matched): hex digits are compared without regard to case, in constant time.
"""

from __future__ import annotations

import hmac
import string

import attrs

from booty.domain.config.model import ChecksumType


@attrs.frozen
class ExpectedDigest:
    """An algorithm and the lower-case hex digest the image must have."""

    algorithm: ChecksumType
    hex: str

    def __str__(self) -> str:
        return f"{self.algorithm.value}:{self.hex}"


def parse_expected_digest(text: str) -> ExpectedDigest:
    """Parse ``ALGO:HEX`` as given to ``booty stream --checksum`` (sha256 or sha512).

    Raises:
        ValueError: unknown algorithm, or not the right number of hex digits.
    """
    name, sep, digits = text.strip().partition(":")
    try:
        algorithm = ChecksumType(name.lower())
    except ValueError:
        known = ", ".join(t.value for t in ChecksumType)
        raise ValueError(
            f"unsupported checksum type {name!r} (expected ALGO:HEX with ALGO one of {known})"
        ) from None
    if not sep:
        raise ValueError("expected ALGO:HEX, e.g. sha256:<64 hex digits>")
    return _checked(algorithm, digits)


def expected_from_config(checksum: str, checksum_type: ChecksumType | None) -> ExpectedDigest | None:
    """IMAGE_CHECKSUM and IMAGE_CHECKSUM_TYPE as one value; None when either is unset (no check).

    Raises:
        ValueError: the digest is not hex of the length the type needs (config loading refuses
            that earlier; this is the backstop for library callers).
    """
    if not checksum or checksum_type is None:
        return None
    return _checked(checksum_type, checksum)


def _checked(algorithm: ChecksumType, digits: str) -> ExpectedDigest:
    digits = digits.strip().lower()
    if len(digits) != algorithm.hex_length or not set(digits) <= set(string.hexdigits.lower()):
        raise ValueError(
            f"a {algorithm.value} digest is {algorithm.hex_length} hex digits, got {digits[:16]!r}"
            + ("..." if len(digits) > 16 else "")
        )
    return ExpectedDigest(algorithm, digits)


@attrs.frozen
class DigestCheck:
    """The verdict: ``ok``, and the digest that was computed (lower-case hex)."""

    ok: bool
    got: str
    want: str


def check_digest(expected: ExpectedDigest, got_hex: str) -> DigestCheck:
    """Compare *got_hex* with *expected* in constant time, case-insensitively."""
    got = got_hex.lower()
    return DigestCheck(ok=hmac.compare_digest(got, expected.hex), got=got, want=expected.hex)
