"""The OCI registry adapter: oras-py for credentials, the token handshake and manifests."""

from booty.adapters.oci.registry import OciOptions, OrasRegistry

__all__ = ["OciOptions", "OrasRegistry"]
