"""Port: an OCI registry, asked only where the disk-image blob of a reference is.

The blob itself is then streamed through the ``Http`` port (with the Authorization header the
registry's token handshake produced), so that resume, stall detection, proxies and the CA bundle
work for OCI images exactly as for http(s) ones.
"""

from __future__ import annotations

from typing import Protocol

from booty.domain.image import ImageRef
from booty.domain.stream.oci import BlobLocation


class Registry(Protocol):
    """Resolves ``oci://`` references."""

    def resolve(self, ref: ImageRef) -> BlobLocation:
        """Fetch the manifest of *ref* (following an index to its linux/amd64 entry), verify it
        against the reference's digest when there is one, and choose the disk-image layer.

        Raises:
            OciError: the reference cannot be resolved (not found, unauthorised, no or several
                disk-image layers, a malformed manifest).
            BlobDigestMismatch: the manifest does not hash to the digest of the reference.
            HttpTransportError: the registry could not be reached (worth retrying).
        """
        ...
