"""IMAGE reference parsing: properties over arbitrary text and over generated valid references."""

from __future__ import annotations

import contextlib
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booty.domain.image import ImageRef, ImageScheme, parse_image_ref

SCHEMES = st.sampled_from(["http://", "https://", "oci://", "file://", "OCI://", "ftp://", ""])
URLISH = st.text(alphabet=string.printable + "é[]@:/", max_size=60)


@settings(max_examples=1000)
@given(SCHEMES, URLISH)
def test_parsing_never_fails_but_with_value_error(scheme: str, rest: str) -> None:
    try:
        ref = parse_image_ref(scheme + rest)
    except ValueError as e:
        assert str(e)
    else:
        assert str(ref) == scheme + rest
        assert parse_image_ref(str(ref)) == ref


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_image_ref(text)


label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
component = st.from_regex(r"[a-z0-9]{1,5}((\.|_|__|-{1,3})[a-z0-9]{1,5}){0,2}", fullmatch=True)
tag = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)
digest = st.from_regex(r"sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}", fullmatch=True)


@st.composite
def oci_references(draw: st.DrawFn) -> tuple[str, str, str, str, str]:
    domain = ".".join(draw(st.lists(label, min_size=2, max_size=3)))
    port = draw(st.none() | st.integers(1, 65535))
    registry = draw(st.sampled_from([domain, "localhost"])) + (f":{port}" if port else "")
    repository = "/".join(draw(st.lists(component, min_size=1, max_size=3)))
    the_tag = draw(st.none() | tag) or ""
    the_digest = draw(st.none() | digest) or ""
    return (
        registry,
        repository,
        the_tag,
        the_digest,
        (
            f"oci://{registry}/{repository}"
            + (f":{the_tag}" if the_tag else "")
            + (f"@{the_digest}" if the_digest else "")
        ),
    )


@settings(max_examples=500)
@given(oci_references())
def test_valid_oci_references_parse_into_their_parts(parts: tuple[str, str, str, str, str]) -> None:
    registry, repository, tag_, digest_, text = parts
    ref = parse_image_ref(text)
    assert ref == ImageRef(
        ImageScheme.OCI, text, host=registry, repository=repository, tag=tag_, digest=digest_
    )
    assert ref.oci_reference == text.removeprefix("oci://")
    assert str(ref) == text


@pytest.mark.parametrize(
    "text",
    ["oci://localhost/a", "oci://a.b/c", "http://h/", "https://h", "file:///a", "file://localhost/a/b"],
)
def test_minimal_references(text: str) -> None:
    assert str(parse_image_ref(text)) == text


def test_the_scheme_is_case_insensitive() -> None:
    assert parse_image_ref("OCI://ghcr.io/a:1").oci_reference == "ghcr.io/a:1"
    assert parse_image_ref("File:///x.img").path == "/x.img"


def test_redacted_form_masks_credentials_only() -> None:
    ref = parse_image_ref("https://u:p@h.local/os.img?token=s3cret")
    assert ref.redacted == "https://***@h.local/os.img?token=***"
    assert ref.host == "h.local"
    assert "s3cret" not in repr(ref)
