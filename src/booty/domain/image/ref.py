"""IMAGE references: ``http(s)://`` URLs, ``oci://`` registry references and ``file://`` paths.

``parse_image_ref(text)`` accepts one IMAGE entry or raises ``ValueError`` saying what is wrong, so a
malformed entry is a configuration error (with file, line and key) long before a disk is touched.
The IMAGE list itself is ordered alternatives (mirrors); splitting it is the config's job.

OCI references follow the distribution reference grammar with one restriction: the registry is
always written. ``oci://registry[:port]/repository[/more]...[:tag][@sha256:<64 hex>]``, where the
registry is a host with a dot or a port, or ``localhost``. v0.0.1 (spec disk-and-image.md §4) read
``oci://org/image`` as Docker Hub's ``docker.io/org/image``; booty refuses it instead of guessing,
because a bare-metal image pulled from an unintended registry is a security problem. A missing tag
means the registry's default (``latest``), as in v0.0.1.

Messages quote the reference with any ``user:password@`` replaced by ``***``.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from urllib.parse import urlsplit

import attrs

from booty.domain.secret import redact_url

_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)", re.DOTALL)
_UNSAFE = re.compile(r"[\x00-\x20\x7f]")
_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)
_WEB_HOST = re.compile(
    r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?"
)
_REGISTRY = re.compile(r"(?:(?P<name>[^\[\]:]+)|\[(?P<v6>[0-9A-Fa-f:.]+)\])(?::(?P<port>[0-9]+))?")
_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_DIGESTS = {"sha256": re.compile(r"[a-f0-9]{64}"), "sha512": re.compile(r"[a-f0-9]{128}")}
NAME_MAX = 255
"""Longest registry/repository name the distribution grammar allows."""


class ImageScheme(enum.Enum):
    """Where an image comes from."""

    HTTP = "http"
    HTTPS = "https"
    OCI = "oci"
    FILE = "file"


@attrs.frozen
class ImageRef:
    """One IMAGE entry, parsed. ``str(ref)`` is the entry exactly as written."""

    scheme: ImageScheme
    text: str = attrs.field(repr=False)
    """The entry as written; may carry ``user:password@`` for HTTP Basic auth, so never logged."""
    host: str = ""
    """http(s): ``host[:port]`` without credentials; oci: ``registry[:port]``; file: empty."""
    path: str = ""
    """http(s): the URL path; file: the absolute local path; oci: empty."""
    repository: str = ""
    """oci: ``org/image``."""
    tag: str = ""
    """oci: the tag, or empty for the registry's default (``latest``)."""
    digest: str = ""
    """oci: ``sha256:<64 hex>`` when the reference pins the content."""

    def __str__(self) -> str:
        return self.text

    @property
    def redacted(self) -> str:
        """The entry with credentials masked, for logs and messages."""
        return redact_url(self.text)

    @property
    def oci_reference(self) -> str:
        """oci: ``registry/repository[:tag][@digest]``, the form registry clients take; else empty."""
        if self.scheme is not ImageScheme.OCI:
            return ""
        tag = f":{self.tag}" if self.tag else ""
        digest = f"@{self.digest}" if self.digest else ""
        return f"{self.host}/{self.repository}{tag}{digest}"


def parse_image_ref(text: str) -> ImageRef:
    """Parse one IMAGE entry.

    Raises:
        ValueError: the entry is not an http(s), oci or file reference, or is malformed; the
            message says why and quotes the entry with credentials masked.
    """
    shown = repr(redact_url(text))
    match = _SCHEME.fullmatch(text)
    scheme = match["scheme"].lower() if match else ""
    if match is None or scheme not in {s.value for s in ImageScheme}:
        raise ValueError(f"not an image reference (http, https, oci or file URL): {shown}")
    if _UNSAFE.search(text):
        raise ValueError(f"white space or control characters in image reference: {shown}")
    kind = ImageScheme(scheme)
    if kind is ImageScheme.OCI:
        return _oci(text, match["rest"], shown)
    if kind is ImageScheme.FILE:
        return _file(text, match["rest"], shown)
    return _web(text, kind, shown)


def _web(text: str, kind: ImageScheme, shown: str) -> ImageRef:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # unbalanced [IPv6] brackets, a port that is not a number in 0-65535
        raise ValueError(f"not an http(s) URL with a host: {shown}") from None
    if not parts.hostname or port == 0:
        raise ValueError(f"not an http(s) URL with a host: {shown}")
    host = parts.netloc.rpartition("@")[2]
    name = parts.hostname
    if not (_WEB_HOST.fullmatch(name) or _is_ip(name)):
        raise ValueError(f"not a valid host name {name!r} in {shown}")
    return ImageRef(kind, text, host=host, path=parts.path)


def _file(text: str, rest: str, shown: str) -> ImageRef:
    host, slash, path = rest.partition("/")
    if host not in {"", "localhost"} or not slash or not path.strip("/"):
        raise ValueError(f"not a local file URL (file:///absolute/path/to/image): {shown}")
    return ImageRef(ImageScheme.FILE, text, path=f"/{path}")


def _oci(text: str, rest: str, shown: str) -> ImageRef:
    def bad(reason: str) -> ValueError:
        return ValueError(f"bad OCI reference {shown}: {reason}")

    name_tag, at, digest = rest.partition("@")
    if at:
        algorithm, _, hex_digits = digest.partition(":")
        pattern = _DIGESTS.get(algorithm)
        if pattern is None or not pattern.fullmatch(hex_digits):
            raise bad("the digest must be sha256:<64 hex digits> or sha512:<128 hex digits>, lower case")
    name, tag = name_tag, ""
    if name_tag.rfind(":") > name_tag.rfind("/"):
        name, _, tag = name_tag.rpartition(":")
        if not _TAG.fullmatch(tag):
            raise bad(f"{tag!r} is not a tag (letters, digits, _ . -; at most 128; no leading . or -)")
    registry, slash, repository = name.partition("/")
    if not slash or not repository:
        raise bad("it needs a registry and a repository, as in oci://ghcr.io/org/image:tag")
    problem = _registry_problem(registry)
    if problem:
        raise bad(problem)
    for component in repository.split("/"):
        if not _PATH_COMPONENT.fullmatch(component):
            raise bad(
                f"repository component {component!r} must be lower-case letters and digits, "
                "separated by . _ __ or -"
            )
    if len(name) > NAME_MAX:
        raise bad(f"the name is longer than {NAME_MAX} characters")
    return ImageRef(ImageScheme.OCI, text, host=registry, repository=repository, tag=tag, digest=digest)


def _registry_problem(registry: str) -> str:
    """What is wrong with ``host[:port]`` as a registry, or ``""``."""
    match = _REGISTRY.fullmatch(registry)
    if match is None:
        return f"{registry!r} is not a registry host[:port]"
    name, v6, port = match["name"], match["v6"], match["port"]
    if v6 is not None and not _is_ip(v6):
        return f"[{v6}] is not an IPv6 address"
    if name is not None and not _DOMAIN.fullmatch(name):
        return f"{name!r} is not a registry host name"
    if port is not None and not 1 <= int(port) <= 65535:
        return f"port {port} is not 1 to 65535"
    if name is not None and port is None and "." not in name and name != "localhost":
        return (
            f"{registry!r} is not a registry host (it needs a dot or a port, or is localhost); "
            "Docker Hub is not assumed: write oci://docker.io/..."
        )
    return ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
