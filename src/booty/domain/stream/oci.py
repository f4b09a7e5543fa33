"""OCI images as disk images: which manifest, which layer, which transport, which credentials file.

Rules of this file: pure JSON and string work; the OCI adapter fetches, this module decides.

Departs from v0.0.1 (spec disk-and-image.md §4), which wrote the *last* layer whatever it was: the
disk image is the one layer whose media type says so (``application/vnd.booty.disk.image.v1``, with
any suffix such as ``+zstd``) or, when no layer has such a media type, the one layer whose title
annotation (``org.opencontainers.image.title``, set by ``oras push``) names a disk image file
(``disk.img``, ``disk.raw.zst``...). Zero or several candidates is an error that lists the layers,
never a guess.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

TITLE_ANNOTATION = "org.opencontainers.image.title"
INDEX_MEDIA_TYPES = frozenset(
    {
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    }
)
MANIFEST_MEDIA_TYPES = frozenset(
    {
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    }
)
ACCEPTED_MEDIA_TYPES = (*sorted(MANIFEST_MEDIA_TYPES), *sorted(INDEX_MEDIA_TYPES))
"""What the manifest request accepts, manifests first."""

DISK_IMAGE_MEDIA_TYPE_PREFIXES = ("application/vnd.booty.disk.image",)
"""Layer media types that name a disk image (any suffix: ``.v1``, ``+zstd``...)."""

_DISK_TITLE = re.compile(r".+\.(img|raw|disk|image)(\.(gz|gzip|zst|zstd|lz4|xz|bz2|bzip2))?", re.IGNORECASE)
DEFAULT_PLATFORM = "linux/amd64"
"""The index entry used when a reference names an index (spec §4: a fixed default)."""


@attrs.frozen
class Layer:
    """One layer descriptor of a manifest."""

    media_type: str
    digest: str
    size: int
    title: str = ""

    def describe(self) -> str:
        """``disk.img (application/...; 1234 bytes; sha256:abcd...)``, for error messages."""
        name = self.title or "untitled"
        return f"{name} ({self.media_type}; {self.size} bytes; {self.digest[:19]})"


@attrs.frozen
class Manifest:
    """An image manifest or an index, reduced to what choosing a disk layer needs."""

    media_type: str
    layers: tuple[Layer, ...] = ()
    platforms: tuple[tuple[str, str], ...] = ()
    """Index only: (``os/architecture[/variant]``, digest) of each entry."""

    @property
    def is_index(self) -> bool:
        """True for an OCI index or a Docker manifest list."""
        return self.media_type in INDEX_MEDIA_TYPES


def parse_manifest(body: bytes, *, content_type: str = "") -> Manifest:
    """Read a manifest or index document.

    Raises:
        ValueError: not JSON, not an object, a Docker schema 1 manifest, or a descriptor without
            digest.
    """
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"the manifest is not JSON: {e}") from None
    if not isinstance(doc, dict):
        raise ValueError("the manifest is not a JSON object")
    media_type = str(doc.get("mediaType") or content_type.partition(";")[0].strip())
    if doc.get("schemaVersion") == 1:
        raise ValueError("Docker schema 1 manifests are not supported")
    if "manifests" in doc:
        entries = tuple((_platform(m), _digest(m)) for m in _list(doc, "manifests"))
        return Manifest(media_type or "application/vnd.oci.image.index.v1+json", platforms=entries)
    layers = tuple(_layer(item) for item in _list(doc, "layers"))
    return Manifest(media_type or "application/vnd.oci.image.manifest.v1+json", layers=layers)


def _list(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = doc.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError(f"the manifest's {key} is not a list of descriptors")
    return items


def _digest(item: Mapping[str, Any]) -> str:
    digest = item.get("digest")
    if not isinstance(digest, str) or ":" not in digest:
        raise ValueError("a descriptor has no digest")
    return digest


def _layer(item: Mapping[str, Any]) -> Layer:
    annotations = item.get("annotations") or {}
    title = annotations.get(TITLE_ANNOTATION, "") if isinstance(annotations, dict) else ""
    size = item.get("size")
    return Layer(
        media_type=str(item.get("mediaType", "")),
        digest=_digest(item),
        size=size if isinstance(size, int) and size >= 0 else -1,
        title=str(title),
    )


def _platform(item: Mapping[str, Any]) -> str:
    platform = item.get("platform") or {}
    if not isinstance(platform, dict):
        return ""
    parts = [str(platform.get("os", "")), str(platform.get("architecture", ""))]
    if platform.get("variant"):
        parts.append(str(platform["variant"]))
    return "/".join(parts)


def choose_platform(manifest: Manifest, platform: str = DEFAULT_PLATFORM) -> str:
    """The digest of the index entry for *platform* (``os/arch`` matches any variant).

    Raises:
        LookupError: no entry is for *platform*; the message lists the platforms there are.
    """
    for entry, digest in manifest.platforms:
        if entry == platform or entry.startswith(platform + "/"):
            return digest
    there = ", ".join(p or "unknown" for p, _ in manifest.platforms) or "none"
    raise LookupError(f"the index has no {platform} manifest (platforms: {there})")


def is_disk_media_type(media_type: str) -> bool:
    """True for a layer media type that names a disk image."""
    return media_type.lower().startswith(DISK_IMAGE_MEDIA_TYPE_PREFIXES)


def is_disk_title(title: str) -> bool:
    """True for a file name that names a disk image (``disk.img``, ``node.raw.zst``)."""
    return bool(_DISK_TITLE.fullmatch(title))


@attrs.frozen
class LayerChoice:
    """The chosen layer and how it was recognised (``media type`` or ``title``)."""

    layer: Layer
    by: str


def choose_disk_layer(layers: Sequence[Layer]) -> LayerChoice:
    """The one disk-image layer of a manifest.

    Raises:
        LookupError: no layer, or several layers, look like a disk image; the message lists them.
    """
    by_type = [layer for layer in layers if is_disk_media_type(layer.media_type)]
    if len(by_type) == 1:
        return LayerChoice(by_type[0], "media type")
    if len(by_type) > 1:
        raise LookupError(_several("media type", by_type))
    by_title = [layer for layer in layers if is_disk_title(layer.title)]
    if len(by_title) == 1:
        return LayerChoice(by_title[0], "title")
    if len(by_title) > 1:
        raise LookupError(_several("title", by_title))
    listed = "; ".join(layer.describe() for layer in layers) or "none"
    raise LookupError(
        "no layer is a disk image: give it a disk-image media type "
        f"({DISK_IMAGE_MEDIA_TYPE_PREFIXES[0]}.v1) or a title like disk.img (layers: {listed})"
    )


def _several(how: str, layers: Sequence[Layer]) -> str:
    listed = "; ".join(layer.describe() for layer in layers)
    return f"{len(layers)} layers are disk images by {how}, booty will not guess: {listed}"


def registry_scheme(registry: str) -> str:
    """``http`` for loopback, ``*.localhost`` and RFC 1918 registries, ``https`` for all others (spec §4).

    *registry* is ``host[:port]`` or ``[ipv6][:port]``, as ``ImageRef.host`` holds it.
    """
    host = registry[1:].partition("]")[0] if registry.startswith("[") else registry.partition(":")[0]
    host = host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return "http"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "https"
    return "http" if address.is_loopback or address.is_private else "https"


def docker_config_candidates(environ: Mapping[str, str]) -> tuple[str, ...]:
    """Where credentials are looked for, in order (spec §4): the first file that exists is used.

    ``$HOME/.docker/config.json``, then ``$DOCKER_CONFIG/config.json``, then (podman's)
    ``$XDG_RUNTIME_DIR/containers/auth.json``.
    """
    found = []
    if environ.get("HOME"):
        found.append(f"{environ['HOME'].rstrip('/')}/.docker/config.json")
    if environ.get("DOCKER_CONFIG"):
        found.append(f"{environ['DOCKER_CONFIG'].rstrip('/')}/config.json")
    if environ.get("XDG_RUNTIME_DIR"):
        found.append(f"{environ['XDG_RUNTIME_DIR'].rstrip('/')}/containers/auth.json")
    return tuple(found)


@attrs.frozen
class BlobLocation:
    """Where the disk-image blob of an OCI reference is, and how to ask for it."""

    url: str
    """``<scheme>://<registry>/v2/<repository>/blobs/<digest>``."""
    digest: str
    """``sha256:<hex>``: what the received bytes must hash to."""
    size: int
    """Bytes, from the manifest (-1 when it did not say)."""
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False)
    """The Authorization header the registry's token handshake produced (secret: never logged)."""
    layer: Layer | None = None
    chosen_by: str = ""
