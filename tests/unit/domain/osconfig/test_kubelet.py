"""The one kubelet drop-in (spec provisioning.md §2.2 step 23, §12.1 P3-P5)."""

from __future__ import annotations

import pytest

from booty.domain.osconfig import UnsafeValue, kubelet_dropin


@pytest.mark.parametrize(
    ("provider_id", "zone", "region", "text"),
    [
        (
            "redfish://host/sys/1",
            "",
            "",
            'KUBELET_EXTRA_ARGS="--provider-id=redfish://host/sys/1"\n',
        ),
        (
            "",
            "dc1-az1",
            "eu-central",
            'KUBELET_EXTRA_ARGS="--node-labels=topology.kubernetes.io/zone=dc1-az1,'
            'topology.kubernetes.io/region=eu-central"\n',
        ),
        (
            "redfish://host/sys/1",
            "",
            "eu-central",
            'KUBELET_EXTRA_ARGS="--provider-id=redfish://host/sys/1 '
            '--node-labels=topology.kubernetes.io/region=eu-central"\n',
        ),
        ("", "dc1_az.1", "", 'KUBELET_EXTRA_ARGS="--node-labels=topology.kubernetes.io/zone=dc1_az.1"\n'),
    ],
)
def test_the_dropin_holds_only_the_flags_that_are_set(
    provider_id: str, zone: str, region: str, text: str
) -> None:
    assert kubelet_dropin(provider_id=provider_id, zone=zone, region=region) == text


def test_nothing_set_means_no_dropin() -> None:
    assert kubelet_dropin(provider_id="", zone="", region="") is None


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ('a"b', "'\"'"),
        ("a'b", '"\'"'),
        ("a\\b", repr("\\")),
        ("a$HOME", "'$'"),
        ("a`id`", "'`'"),
        ("a b", "whitespace"),
        ("a\tb", "whitespace"),
        ("a\x00b", "control character 0x00"),
        ("a\x7fb", "control character 0x7f"),
    ],
)
def test_a_provider_id_that_breaks_the_quoting_is_refused(value: str, what: str) -> None:
    with pytest.raises(UnsafeValue) as caught:
        kubelet_dropin(provider_id=value, zone="", region="")
    assert caught.value.key == "PROVIDER_ID"
    assert str(caught.value).startswith(f"PROVIDER_ID {value!r} cannot go into the kubelet drop-in")
    assert str(caught.value).endswith(f"contains {what}")


@pytest.mark.parametrize("value", ["dc1,dc2", "-dc1", "dc1-", "dc 1", "a" * 64, "dc=1", 'dc"1'])
def test_a_zone_that_is_no_label_value_is_refused(value: str) -> None:
    with pytest.raises(UnsafeValue, match=r"FAILURE_DOMAIN .* is not a valid Kubernetes label value"):
        kubelet_dropin(provider_id="", zone=value, region="")


def test_a_bad_region_is_named_as_region() -> None:
    with pytest.raises(UnsafeValue, match=r"^REGION 'eu central' is not a valid Kubernetes label value"):
        kubelet_dropin(provider_id="", zone="", region="eu central")


def test_a_63_character_label_value_is_accepted() -> None:
    assert kubelet_dropin(provider_id="", zone="a" * 63, region="") is not None
