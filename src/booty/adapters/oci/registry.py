"""The Registry port over oras-py: credentials, the token handshake, manifests, and the layer choice.

Decision (issue 4): oras-py resolves, booty streams. oras-py's own download (``download_blob``)
writes a file through ``requests`` in 8 KiB pieces, with no resume, no stall timeout and a blocking
retry loop of its own, so it is used only for what it does well: reading the docker credential files
(``auths``, ``credsStore``, ``credHelpers``) and answering the registry's ``WWW-Authenticate``
challenge (anonymous or credentialed Bearer tokens, or Basic). The manifest is fetched through oras'
request wrapper; the blob is then streamed by the app through the ``Http`` port with the
Authorization header obtained here, so OCI images get the same resume, stall, proxy and CA rules as
http(s) ones, and the digest is verified as the bytes stream.

Rules of this file:
1. oras' retry decorator (sleeps of 3 s to 83 s, ``time.sleep``) is bypassed: the app retries,
   through the Clock port.
2. Every request has a timeout (requests has none by default).
3. ``requests``/oras exceptions become ``HttpTransportError`` (worth retrying) or ``OciError`` (not).
4. Transport per spec §4: plain http for loopback and RFC 1918 registries, https for the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import oras.container
import oras.provider
import requests

from booty.domain.errors import BlobDigestMismatch, HttpTransportError, OciError
from booty.domain.image import ImageRef
from booty.domain.stream.oci import (
    ACCEPTED_MEDIA_TYPES,
    DEFAULT_PLATFORM,
    BlobLocation,
    Manifest,
    choose_disk_layer,
    choose_platform,
    parse_manifest,
    registry_scheme,
)

_MAX_MANIFEST = 4 << 20
_RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})


@attrs.frozen
class OciOptions:
    """How the registry is reached; built by the composition root."""

    docker_configs: tuple[str, ...] = ()
    """Credential files in the order they are looked for; the first that exists is used."""
    ca_bundle: str | None = None
    """Extra trust for https registries (requests then trusts only this bundle)."""
    platform: str = DEFAULT_PLATFORM
    timeout_s: float = 30.0


class OrasRegistry:
    """Resolves ``oci://`` references to their disk-image blob; see ``booty.ports.registry``."""

    def __init__(self, options: OciOptions = OciOptions()) -> None:
        self.options = options

    def resolve(self, ref: ImageRef) -> BlobLocation:
        """Manifest (through an index when needed), digest check, layer choice, auth header."""
        shown = ref.redacted
        scheme = registry_scheme(ref.host)
        registry = self._registry(ref, scheme, shown)
        base = f"{scheme}://{ref.host}/v2/{ref.repository}"
        manifest = self._manifest(
            registry, f"{base}/manifests/{ref.digest or ref.tag or 'latest'}", ref.digest, shown
        )
        if manifest.is_index:
            try:
                entry = choose_platform(manifest, self.options.platform)
            except LookupError as e:
                raise OciError(shown, str(e)) from None
            manifest = self._manifest(registry, f"{base}/manifests/{entry}", entry, shown)
        try:
            choice = choose_disk_layer(manifest.layers)
        except LookupError as e:
            raise OciError(shown, str(e)) from None
        layer = choice.layer
        return BlobLocation(
            url=f"{base}/blobs/{layer.digest}",
            digest=layer.digest,
            size=layer.size,
            headers=_auth_headers(registry),
            layer=layer,
            chosen_by=choice.by,
        )

    def _registry(self, ref: ImageRef, scheme: str, shown: str) -> Any:
        """An oras Registry for *ref*'s host, with the right auth backend and credentials loaded."""
        verify: bool | str = self.options.ca_bundle or True
        insecure = scheme == "http"
        challenge = self._challenge(f"{scheme}://{ref.host}/v2/", verify, shown)
        backend = "basic" if challenge.lower().startswith("basic") else "token"
        registry = oras.provider.Registry(
            hostname=ref.host, insecure=insecure, tls_verify=verify, auth_backend=backend
        )
        _add_timeout(registry.session, self.options.timeout_s)
        config = next((c for c in self.options.docker_configs if Path(c).is_file()), None)
        container = oras.container.Container(f"{ref.host}/{ref.repository}", registry=ref.host)
        try:
            registry.auth.load_configs(container, configs=[config] if config else None)
        except (OSError, ValueError) as e:
            raise OciError(shown, f"cannot read the credentials in {config}: {e}") from e
        return registry

    def _challenge(self, url: str, verify: bool | str, shown: str) -> str:
        """The WWW-Authenticate scheme of the registry's ``/v2/`` (``""`` when it needs no auth)."""
        with requests.Session() as session:
            _add_timeout(session, self.options.timeout_s)
            response = _call(shown, lambda: session.get(url, verify=verify))
        return response.headers.get("WWW-Authenticate", "") if response.status_code == 401 else ""

    def _manifest(self, registry: Any, url: str, digest: str, shown: str) -> Manifest:
        request = oras.provider.Registry.do_request.__wrapped__  # oras' retry loop sleeps: bypass it
        headers = {"Accept": ", ".join(ACCEPTED_MEDIA_TYPES)}
        response = _call(shown, lambda: request(registry, url, "GET", headers=headers))
        _check_status(response, shown, what=f"manifest {url.rsplit('/', 1)[-1]}")
        body = response.content[: _MAX_MANIFEST + 1]
        if len(body) > _MAX_MANIFEST:
            raise OciError(shown, f"the manifest is larger than {_MAX_MANIFEST} bytes")
        if digest:
            _verify(body, digest, shown)
        try:
            return parse_manifest(body, content_type=response.headers.get("Content-Type", ""))
        except ValueError as e:
            raise OciError(shown, str(e)) from None


def _call(shown: str, send: Callable[[], Any]) -> Any:
    try:
        return send()
    except requests.RequestException as e:
        raise HttpTransportError(f"registry of {shown}: {type(e).__name__}: {e}", url=shown) from e
    except ValueError as e:  # oras: "Cannot respond to request for authentication."
        raise OciError(shown, f"authentication failed: {e}") from e


def _check_status(response: Any, shown: str, *, what: str) -> None:
    status = int(response.status_code)
    if status == 200:
        return
    if status in _RETRYABLE:
        raise HttpTransportError(f"registry of {shown}: {what}: HTTP {status}", url=shown)
    reasons = {401: "unauthorised (check the docker credentials)", 403: "forbidden", 404: "not found"}
    raise OciError(shown, f"{what}: {reasons.get(status, f'HTTP {status}')}")


def _verify(body: bytes, digest: str, shown: str) -> None:
    algorithm, _, want = digest.partition(":")
    got = hashlib.new(algorithm, body).hexdigest()
    if got != want:
        raise BlobDigestMismatch(shown, what="manifest", got=f"{algorithm}:{got}", want=digest)


def _auth_headers(registry: Any) -> tuple[tuple[str, str], ...]:
    """The Authorization header oras' handshake left, for the blob request."""
    token = getattr(registry.auth, "token", None)
    if token:
        return (("Authorization", f"Bearer {token}"),)
    basic = getattr(registry.auth, "_basic_auth", None)
    if basic and type(registry.auth).__name__ == "BasicAuth":
        return (("Authorization", f"Basic {basic}"),)
    return ()


def _add_timeout(session: requests.Session, seconds: float) -> None:
    """Give every request of *session* a timeout unless the caller set one."""
    send = session.request

    def request(*args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", seconds)
        return send(*args, **kwargs)

    session.request = request  # type: ignore[method-assign]
