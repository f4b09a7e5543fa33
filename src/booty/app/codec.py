"""JSON at the edges: the one cattrs converter that turns domain values into wire shapes.

Domain classes carry no serialization settings (STYLE rule 10). Here the /deploy/vars key names
are mapped onto attribute names from the domain's key table, so ``booty vars check --json`` prints
one object keyed exactly as the spec writes the keys (``IMAGE``, ``MIN_DISK_SIZE_GB``,
``underlay_subnet``, ...) with typed JSON values. Secrets come out as ``***``.
"""

from __future__ import annotations

import enum
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Interface, IPv6Network
from typing import Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter

from booty.domain.config import MachineConfig, NetworkConfig, VlanSpec
from booty.domain.config.fields import FIELDS
from booty.domain.secret import Secret, redact_url

_IP_TYPES = (IPv4Address, IPv6Address, IPv4Network, IPv6Network, IPv4Interface, IPv6Interface)


def make_converter() -> cattrs.Converter:
    """The converter for every JSON booty prints or sends."""
    conv = make_json_converter()
    conv.register_unstructure_hook(Secret, str)
    for ip_type in _IP_TYPES:
        conv.register_unstructure_hook(ip_type, str)
    conv.register_unstructure_hook(enum.Enum, lambda e: e.value)
    conv.register_unstructure_hook(
        VlanSpec,
        make_dict_unstructure_fn(VlanSpec, conv, vlan_id=override(rename="id")),
    )
    renames: dict[str, Any] = {f.attr: override(rename=f.key) for f in FIELDS if f.network}
    conv.register_unstructure_hook(NetworkConfig, make_dict_unstructure_fn(NetworkConfig, conv, **renames))
    machine: dict[str, Any] = {f.attr: override(rename=f.key) for f in FIELDS if not f.network}
    conv.register_unstructure_hook(
        MachineConfig, make_dict_unstructure_fn(MachineConfig, conv, network=override(omit=True), **machine)
    )
    return conv


def config_to_wire(config: MachineConfig, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """One flat object keyed by /deploy/vars names, in the spec's order, secrets masked."""
    conv = converter or make_converter()
    flat: dict[str, Any] = {**conv.unstructure(config), **conv.unstructure(config.network)}
    flat["IMAGE"] = [redact_url(u) for u in config.image_urls]
    return {f.key: flat[f.key] for f in FIELDS}
