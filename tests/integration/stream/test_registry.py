"""``oci://`` images from a real registry on 127.0.0.1 (Debian's docker-registry), pushed with oras-py.

The registry runs from the ``registry`` fixture (config listening on 127.0.0.1 only, storage under
tmp_path) and is terminated after each test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import attrs
import oras.client
import pytest
import zstandard

from booty.app.streaming import StreamPorts, stream_image
from booty.domain.disk.targets import ImageFile
from booty.domain.errors import BlobDigestMismatch, OciError, StreamFailed
from booty.domain.stream import StreamResult, StreamTuning, parse_expected_digest, plan_stream

DISK_MEDIA_TYPE = "application/vnd.booty.disk.image.v1"
SMALL = StreamTuning(buffer_bytes=1 << 20, buffers=2)


@attrs.frozen
class OciLab:
    """The registry, a scratch directory, the real ports, the target file and the image."""

    registry: Any
    scratch: Path
    ports: StreamPorts
    target: Path
    image: bytes

    def push(self, reference: str, *files: tuple[str, bytes, str]) -> str:
        """Push *files* (name, content, media type or "") as one artifact; the manifest digest."""
        paths = []
        for name, content, media_type in files:
            path = self.scratch / name
            path.write_bytes(content)
            paths.append(f"{path}:{media_type}" if media_type else str(path))
        client = oras.client.OrasClient(hostname=self.registry.host, insecure=True)
        target = f"{self.registry.host}/{reference}"
        response = client.push(target=target, files=paths, disable_path_validation=True, quiet=True)
        return str(response.headers["Docker-Content-Digest"])

    def stream(self, reference: str) -> StreamResult:
        expected = parse_expected_digest("sha256:" + hashlib.sha256(self.image).hexdigest())
        url = f"oci://{self.registry.host}/{reference}"
        return stream_image(
            plan_stream([url], ImageFile(str(self.target)), expected=expected, tuning=SMALL), self.ports
        )

    def blob_file(self, digest: str) -> Path:
        """Where the registry keeps the blob (or manifest) *digest* (``sha256:<hex>``)."""
        hex_digest = digest.removeprefix("sha256:")
        return (
            self.registry.storage / "docker/registry/v2/blobs/sha256" / hex_digest[:2] / hex_digest / "data"
        )

    def written(self) -> bytes:
        return self.target.read_bytes()[: len(self.image)]


@pytest.fixture
def lab(registry: Any, tmp_path: Path, real_ports: StreamPorts, target_file: Path, image: bytes) -> OciLab:
    scratch = tmp_path / "push"
    scratch.mkdir()
    return OciLab(registry, scratch, real_ports, target_file, image)


@pytest.mark.parametrize("compressed", [False, True])
def test_pull_by_tag(lab: OciLab, compressed: bool) -> None:
    content = zstandard.ZstdCompressor().compress(lab.image) if compressed else lab.image
    name = "disk.img.zst" if compressed else "disk.img"
    lab.push("booty/node:v1", (name, content, ""))  # oras' default media type, a title annotation

    result = lab.stream("booty/node:v1")

    assert result.image_format.value == ("zstd" if compressed else "raw")
    assert result.blob_digest == "sha256:" + hashlib.sha256(content).hexdigest()
    assert lab.written() == lab.image


def test_pull_by_digest_with_a_disk_media_type(lab: OciLab) -> None:
    content = zstandard.ZstdCompressor().compress(lab.image)
    digest = lab.push(
        "booty/node:v2", ("README.md", b"notes", "text/markdown"), ("x.bin", content, DISK_MEDIA_TYPE)
    )

    result = lab.stream(f"booty/node@{digest}")

    assert result.written == len(lab.image)
    assert lab.written() == lab.image


def test_several_disk_layers_are_refused(lab: OciLab) -> None:
    lab.push("booty/node:two", ("a.img", lab.image[:4096], ""), ("b.img", lab.image[4096:8192], ""))

    with pytest.raises(
        StreamFailed, match="2 layers are disk images by title, booty will not guess"
    ) as caught:
        lab.stream("booty/node:two")

    assert isinstance(caught.value.failures[0], OciError)
    assert not caught.value.wiped


def test_a_layer_that_is_not_a_disk_image_is_refused(lab: OciLab) -> None:
    lab.push("booty/node:docs", ("README.md", b"notes", "text/markdown"))

    with pytest.raises(StreamFailed, match=r"no layer is a disk image: .*README.md \(text/markdown"):
        lab.stream("booty/node:docs")


def test_a_missing_tag_is_an_oci_error(lab: OciLab) -> None:
    with pytest.raises(StreamFailed, match="manifest nope: not found"):
        lab.stream("booty/node:nope")


def test_a_tampered_blob_fails_its_digest_and_the_disk_cannot_boot(lab: OciLab) -> None:
    lab.push("booty/node:v3", ("disk.img", lab.image, ""))
    blob = lab.blob_file("sha256:" + hashlib.sha256(lab.image).hexdigest())
    tampered = bytearray(blob.read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF
    blob.write_bytes(bytes(tampered))

    with pytest.raises(StreamFailed) as caught:
        lab.stream("booty/node:v3")

    assert isinstance(caught.value.failures[0], BlobDigestMismatch)
    assert f"blob digest mismatch: got sha256:{hashlib.sha256(tampered).hexdigest()}" in str(caught.value)
    assert caught.value.wiped


def test_a_manifest_that_does_not_match_the_pinned_digest_is_refused(lab: OciLab) -> None:
    digest = lab.push("booty/node:v4", ("disk.img", lab.image[:8192], ""))
    manifest = lab.blob_file(digest)
    manifest.write_bytes(manifest.read_bytes().replace(b'"schemaVersion": 2', b'"schemaVersion":2 '))

    with pytest.raises(StreamFailed, match="manifest digest mismatch"):
        lab.stream(f"booty/node@{digest}")
