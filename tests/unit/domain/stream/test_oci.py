"""OCI as disk images: manifests, the platform of an index, the disk layer, transport, credentials."""

from __future__ import annotations

import json

import pytest

from booty.domain.stream.oci import (
    TITLE_ANNOTATION,
    Layer,
    Manifest,
    choose_disk_layer,
    choose_platform,
    docker_config_candidates,
    is_disk_title,
    parse_manifest,
    registry_scheme,
)

D1, D2, D3 = (f"sha256:{c * 64}" for c in "123")


def _layer(media_type: str, digest: str = D1, title: str | None = None, size: int = 10) -> dict[str, object]:
    layer: dict[str, object] = {"mediaType": media_type, "digest": digest, "size": size}
    if title is not None:
        layer["annotations"] = {TITLE_ANNOTATION: title}
    return layer


def test_an_oras_push_manifest() -> None:
    doc = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": D3, "size": 2},
        "layers": [_layer("application/vnd.oci.image.layer.v1.tar", D1, "disk.img.zst", 1234)],
    }
    manifest = parse_manifest(json.dumps(doc).encode())

    assert not manifest.is_index
    assert manifest.layers == (Layer("application/vnd.oci.image.layer.v1.tar", D1, 1234, "disk.img.zst"),)


def test_the_media_type_may_come_from_the_content_type_and_odd_fields_are_tolerated() -> None:
    doc = {"layers": [{"digest": D1, "size": "big", "annotations": "none"}]}
    manifest = parse_manifest(
        json.dumps(doc).encode(), content_type="application/vnd.docker.distribution.manifest.v2+json; x=1"
    )

    assert manifest.media_type == "application/vnd.docker.distribution.manifest.v2+json"
    assert manifest.layers == (Layer("", D1, -1, ""),)
    assert parse_manifest(b"{}").media_type == "application/vnd.oci.image.manifest.v1+json"


def test_an_index_and_its_platforms() -> None:
    doc = {
        "manifests": [
            {"digest": D1, "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
            {"digest": D2, "platform": {"os": "linux", "architecture": "amd64"}},
            {"digest": D3, "platform": "junk"},
        ]
    }
    index = parse_manifest(json.dumps(doc).encode())

    assert index.is_index
    assert choose_platform(index) == D2
    assert choose_platform(index, "linux/arm64") == D1
    with pytest.raises(
        LookupError, match=r"no linux/s390x manifest \(platforms: linux/arm64/v8, linux/amd64, unknown\)"
    ):
        choose_platform(index, "linux/s390x")
    with pytest.raises(LookupError, match=r"platforms: none"):
        choose_platform(Manifest("application/vnd.oci.image.index.v1+json"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "the manifest is not JSON"),
        (b"\xff", "the manifest is not JSON"),
        (b"[]", "the manifest is not a JSON object"),
        (b'{"schemaVersion": 1, "fsLayers": []}', "Docker schema 1 manifests are not supported"),
        (b'{"layers": {"a": 1}}', "the manifest's layers is not a list of descriptors"),
        (b'{"layers": [1]}', "the manifest's layers is not a list of descriptors"),
        (b'{"layers": [{"size": 1}]}', "a descriptor has no digest"),
        (b'{"manifests": [{"digest": "nocolon"}]}', "a descriptor has no digest"),
    ],
)
def test_malformed_manifests(body: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_manifest(body)


def test_the_disk_layer_by_media_type_wins_over_titles() -> None:
    layers = [
        Layer("application/vnd.oci.image.layer.v1.tar", D1, 5, "disk.img"),
        Layer("application/vnd.booty.disk.image.v1+zstd", D2, 6, "whatever"),
    ]
    choice = choose_disk_layer(layers)

    assert (choice.layer.digest, choice.by) == (D2, "media type")


def test_the_disk_layer_by_title() -> None:
    layers = [
        Layer("text/plain", D1, 5, "README.md"),
        Layer("application/vnd.oci.image.layer.v1.tar", D2, 6, "node.raw.xz"),
    ]

    assert choose_disk_layer(layers).by == "title"
    assert choose_disk_layer(layers).layer.digest == D2


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        ([], r"no layer is a disk image: .* \(layers: none\)"),
        (
            [Layer("text/plain", D1, 5, "README.md")],
            r"no layer is a disk image: .*README.md \(text/plain; 5 bytes",
        ),
        ([Layer("text/plain", D1, 5)], r"untitled \(text/plain"),
        (
            [
                Layer("application/vnd.booty.disk.image.v1", D1, 5),
                Layer("application/vnd.booty.disk.image.v1", D2, 5),
            ],
            r"2 layers are disk images by media type, booty will not guess",
        ),
        ([Layer("x", D1, 5, "a.img"), Layer("x", D2, 5, "b.img.gz")], r"2 layers are disk images by title"),
    ],
)
def test_zero_or_several_candidates_are_errors(layers: list[Layer], message: str) -> None:
    with pytest.raises(LookupError, match=message):
        choose_disk_layer(layers)


@pytest.mark.parametrize(
    ("title", "disk"),
    [
        ("disk.img", True),
        ("Disk.RAW.ZST", True),
        ("x.image.bz2", True),
        ("disk.tar", False),
        (".img", False),
        ("img", False),
    ],
)
def test_disk_titles(title: str, disk: bool) -> None:
    assert is_disk_title(title) is disk


@pytest.mark.parametrize(
    ("registry", "scheme"),
    [
        ("localhost:5000", "http"),
        ("localhost", "http"),
        ("reg.localhost:5000", "http"),
        ("127.0.0.1:5000", "http"),
        ("[::1]:5000", "http"),
        ("10.1.2.3", "http"),
        ("192.168.1.10:443", "http"),
        ("ghcr.io", "https"),
        ("8.8.8.8:5000", "https"),
        ("[2606:4700::1111]:5000", "https"),
    ],
)
def test_registry_transport(registry: str, scheme: str) -> None:
    assert registry_scheme(registry) == scheme


def test_credential_files_in_the_documented_order() -> None:
    env = {"HOME": "/root/", "DOCKER_CONFIG": "/etc/docker", "XDG_RUNTIME_DIR": "/run/user/0"}

    assert docker_config_candidates(env) == (
        "/root/.docker/config.json",
        "/etc/docker/config.json",
        "/run/user/0/containers/auth.json",
    )
    assert docker_config_candidates({}) == ()
