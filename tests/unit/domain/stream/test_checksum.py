"""IMAGE_CHECKSUM: parsing ``ALGO:HEX``, the config pair, and the constant-time verdict."""

from __future__ import annotations

import hashlib

import pytest

from booty.domain.config.model import ChecksumType
from booty.domain.stream.checksum import (
    ExpectedDigest,
    check_digest,
    expected_from_config,
    parse_expected_digest,
)

SHA256 = hashlib.sha256(b"image").hexdigest()
SHA512 = hashlib.sha512(b"image").hexdigest()


def test_algo_colon_hex() -> None:
    assert parse_expected_digest(f"sha256:{SHA256}") == ExpectedDigest(ChecksumType.SHA256, SHA256)
    assert parse_expected_digest(f" SHA512:{SHA512.upper()} ") == ExpectedDigest(ChecksumType.SHA512, SHA512)
    assert str(ExpectedDigest(ChecksumType.SHA256, SHA256)) == f"sha256:{SHA256}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("md5:abc", "unsupported checksum type 'md5'"),
        ("sha256", "expected ALGO:HEX"),
        ("sha256:abc", "a sha256 digest is 64 hex digits, got 'abc'"),
        (f"sha256:{'g' * 64}", "a sha256 digest is 64 hex digits, got 'gggggggggggggggg'..."),
    ],
)
def test_malformed_checksums_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(".", r"\.")):
        parse_expected_digest(text)


def test_the_config_pair() -> None:
    assert expected_from_config(SHA256, ChecksumType.SHA256) == ExpectedDigest(ChecksumType.SHA256, SHA256)
    assert expected_from_config("", ChecksumType.SHA256) is None
    assert expected_from_config(SHA256, None) is None


def test_a_digest_matches_whatever_its_case() -> None:
    expected = ExpectedDigest(ChecksumType.SHA256, SHA256)

    assert check_digest(expected, SHA256.upper()).ok
    mismatch = check_digest(expected, "0" * 64)
    assert not mismatch.ok
    assert (mismatch.got, mismatch.want) == ("0" * 64, SHA256)
