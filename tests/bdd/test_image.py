"""Steps for features/image: IMAGE references and format detection from the first bytes."""

from __future__ import annotations

import bz2
import gzip
import lzma
from collections.abc import Callable

import lz4.frame
import pytest
import zstandard
from pytest_bdd import given, parsers, scenarios, then, when

from booty.domain.config import LoadedConfig, load_vars
from booty.domain.errors import ConfigError, EmptyImage
from booty.domain.image import (
    MAGIC_BYTES_NEEDED,
    ImageFormat,
    ImageRef,
    ImageScheme,
    detect_format,
    parse_image_ref,
)

scenarios("image")

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "zstd": zstandard.ZstdCompressor().compress,
    "lz4": lz4.frame.compress,
    "xz": lzma.compress,
    "bzip2": bz2.compress,
}


class ImageWorld:
    """What an image scenario parsed or detected."""

    def __init__(self) -> None:
        self.text = ""
        self.ref: ImageRef | None = None
        self.error: ValueError | None = None
        self.image = b""
        self.format: ImageFormat | None = None
        self.loaded: LoadedConfig | None = None
        self.config_error: ConfigError | None = None

    def parse(self, text: str) -> None:
        self.text = text
        try:
            self.ref = parse_image_ref(text)
        except ValueError as e:
            self.error = e

    def detect(self, data: bytes) -> None:
        try:
            self.format = detect_format(data[:MAGIC_BYTES_NEEDED])
        except EmptyImage as e:
            self.error = e


@pytest.fixture
def world() -> ImageWorld:
    return ImageWorld()


## Given


@given(parsers.parse('an image "{name}" holding "{payload}" compressed with {fmt}'))
def compressed_image(world: ImageWorld, name: str, payload: str, fmt: str) -> None:
    del name  # the name is there to show it is never consulted
    world.image = COMPRESSORS[fmt](payload.encode())


## When


@when(parsers.parse('booty parses the image reference "{text}"'))
def parse_ref(world: ImageWorld, text: str) -> None:
    world.parse(text)


@when(parsers.parse("booty parses an OCI reference whose name is {length:d} characters long"))
def long_name(world: ImageWorld, length: int) -> None:
    registry = "r.io/"
    world.parse("oci://" + registry + "a" * (length - len(registry)) + ":1")


@when(parsers.parse("booty parses an OCI reference whose tag is {length:d} characters long"))
def long_tag(world: ImageWorld, length: int) -> None:
    world.parse("oci://r.io/a:" + "t" * length)


@when(parsers.re(r'booty detects the format of an image starting with bytes "(?P<hex_bytes>[0-9a-f ]*)"'))
def detect_bytes(world: ImageWorld, hex_bytes: str) -> None:
    world.detect(bytes.fromhex(hex_bytes))


@when(parsers.parse('booty detects the format of an image starting with the text "{text}"'))
def detect_text(world: ImageWorld, text: str) -> None:
    world.detect(text.encode())


@when("booty detects the format of the image")
def detect_image(world: ImageWorld) -> None:
    world.detect(world.image)


@when(parsers.parse("booty loads a vars file whose line {line:d} is {assignment}"))
def load_line(world: ImageWorld, line: int, assignment: str) -> None:
    text = "# a comment\n" * (line - 1) + assignment + "\n"
    try:
        world.loaded = load_vars(text, source="vars")
    except ConfigError as e:
        world.config_error = e


## Then


@then(parsers.re(r'it is a "(?P<scheme>\w+)" reference to host "(?P<host>[^"]*)" and path "(?P<path>[^"]*)"'))
def web_parts(world: ImageWorld, scheme: str, host: str, path: str) -> None:
    assert world.ref is not None, world.error
    assert (world.ref.scheme.value, world.ref.host, world.ref.path) == (scheme, host, path)
    assert (world.ref.repository, world.ref.tag, world.ref.digest, world.ref.oci_reference) == ("",) * 4


@then(
    parsers.re(
        r'it is an OCI reference to registry "(?P<registry>[^"]*)", repository "(?P<repository>[^"]*)", '
        r'tag "(?P<tag>[^"]*)" and digest "(?P<digest>[^"]*)"'
    )
)
def oci_parts(world: ImageWorld, registry: str, repository: str, tag: str, digest: str) -> None:
    assert world.ref is not None, world.error
    assert world.ref.scheme is ImageScheme.OCI
    assert (world.ref.host, world.ref.repository, world.ref.tag, world.ref.digest) == (
        registry,
        repository,
        tag,
        digest,
    )
    assert world.ref.path == ""


@then(parsers.parse('the registry client is given "{reference}"'))
def client_reference(world: ImageWorld, reference: str) -> None:
    assert world.ref is not None
    assert world.ref.oci_reference == reference


@then("it reads back exactly as written")
def reads_back(world: ImageWorld) -> None:
    assert world.ref is not None
    assert str(world.ref) == world.text
    assert parse_image_ref(str(world.ref)) == world.ref


@then(parsers.parse('parsing fails with "{message}"'))
def parse_fails(world: ImageWorld, message: str) -> None:
    assert world.error is not None, f"parsed: {world.ref!r}"
    assert str(world.error) == message


@then(parsers.parse('parsing fails with a message ending "{tail}"'))
def parse_fails_ending(world: ImageWorld, tail: str) -> None:
    assert world.error is not None, f"parsed: {world.ref!r}"
    assert str(world.error).endswith(tail)


@then(parsers.parse('the text "{secret}" appears in neither the repr nor the redacted form'))
def no_credentials(world: ImageWorld, secret: str) -> None:
    assert world.ref is not None
    assert secret not in repr(world.ref)
    assert secret not in world.ref.redacted
    assert secret in str(world.ref)  # kept for the one place that sends it


@then(parsers.parse("IMAGE is the list {items}"))
def image_list(world: ImageWorld, items: str) -> None:
    assert world.loaded is not None, world.config_error
    assert list(world.loaded.config.image_urls) == [item.strip().strip('"') for item in items.split(",")]


@then(parsers.parse('loading fails with the problem "{text}"'))
def load_fails(world: ImageWorld, text: str) -> None:
    assert world.config_error is not None, "loading succeeded"
    assert text in [str(p) for p in world.config_error.problems]


@then(parsers.parse('the format is "{name}"'))
def format_is(world: ImageWorld, name: str) -> None:
    assert world.format is not None, world.error
    assert world.format.value == name


@then(parsers.parse('detection fails with "{message}"'))
def detection_fails(world: ImageWorld, message: str) -> None:
    assert isinstance(world.error, EmptyImage)
    assert str(world.error) == message


@then(parsers.parse("detection needs {count:d} bytes"))
def bytes_needed(count: int) -> None:
    assert count == MAGIC_BYTES_NEEDED
