"""The kubelet drop-in of the installed OS: provider id and topology labels in one variable.

Rules of this file: pure; a value that would change the meaning of the file or of kubelet's flags
is refused with the key that carried it, never written half-quoted.

Departs from v0.0.1 (spec provisioning.md §2.2 step 23), which wrote two files,
``10-caprf-provider-id.conf`` and ``20-caprf-node-labels.conf``, both setting
``KUBELET_EXTRA_ARGS``: read as environment files the second shadowed the first, so a node with
labels lost its provider id. One file holds both flags, as upstream later did. v0.0.1 also wrote
values unescaped; booty refuses the characters that break the quoting (quotes, backslash, ``$``,
backquote, whitespace, control characters), and holds the zone and region to the Kubernetes
label-value syntax, which kubelet enforces at start-up (a bad label keeps the node from joining).
"""

from __future__ import annotations

import re

from booty.domain.osconfig.errors import UnsafeValue

KUBELET_DROPIN = "/etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf"
"""Where the drop-in goes, inside the installed OS."""

ZONE_LABEL = "topology.kubernetes.io/zone"
REGION_LABEL = "topology.kubernetes.io/region"

_QUOTING_HAZARDS = re.compile(r"[\"'\\$`\s\x00-\x1f\x7f]")
_LABEL_VALUE = re.compile(r"(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?")
LABEL_VALUE_MAX = 63


def kubelet_dropin(*, provider_id: str, zone: str, region: str) -> str | None:
    """The drop-in text, or None when none of PROVIDER_ID, FAILURE_DOMAIN, REGION is set.

    Example::

        KUBELET_EXTRA_ARGS="--provider-id=redfish://h/1 --node-labels=topology.kubernetes.io/zone=z1"

    Raises:
        UnsafeValue: a value cannot be written safely (the message names its /deploy/vars key).
    """
    check_provider_id(provider_id)
    labels = [
        f"{label}={check_label_value(key, value)}"
        for label, key, value in ((ZONE_LABEL, "FAILURE_DOMAIN", zone), (REGION_LABEL, "REGION", region))
        if value
    ]
    flags = ([f"--provider-id={provider_id}"] if provider_id else []) + (
        [f"--node-labels={','.join(labels)}"] if labels else []
    )
    return f'KUBELET_EXTRA_ARGS="{" ".join(flags)}"\n' if flags else None


def check_provider_id(value: str) -> str:
    """*value* when it can stand inside the double quotes of the drop-in unchanged.

    Raises:
        UnsafeValue: it holds a quote, backslash, ``$``, backquote, whitespace or control character.
    """
    hazard = _QUOTING_HAZARDS.search(value)
    if hazard:
        raise UnsafeValue(
            "PROVIDER_ID", value, f"cannot go into the kubelet drop-in: it contains {_describe(hazard[0])}"
        )
    return value


def check_label_value(key: str, value: str) -> str:
    """*value* when it is a valid Kubernetes label value (at most 63 of ``A-Za-z0-9-_.``, alnum ends).

    Raises:
        UnsafeValue: it is not (kubelet would refuse to start with it).
    """
    if len(value) > LABEL_VALUE_MAX or not _LABEL_VALUE.fullmatch(value):
        raise UnsafeValue(
            key,
            value,
            "is not a valid Kubernetes label value (at most 63 letters, digits, '-', '_', '.', "
            "starting and ending with a letter or digit)",
        )
    return value


def _describe(char: str) -> str:
    if char.isspace():
        return "whitespace"
    if char.isprintable():
        return repr(char)
    return f"control character {ord(char):#04x}"
