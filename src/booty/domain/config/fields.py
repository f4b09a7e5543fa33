"""The /deploy/vars key table: every key, the attribute it fills, and how its text is read.

One row per key of spec caprf-and-config.md §1.4 (all 62), plus the keys booty adds. The table is
data on purpose: the loader, the renderer and the JSON codec all read it, so a key cannot be known
to one and forgotten by another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from booty.domain.config import convert as c


@attrs.frozen
class Field:
    """One /deploy/vars key."""

    key: str
    """The key exactly as written in the file (case-sensitive)."""
    attr: str
    """Attribute name on MachineConfig, or on NetworkConfig when ``network`` is set."""
    convert: Callable[[str], Any]
    network: bool = False
    secret: bool = False
    booty_only: bool = False
    """A key booty adds; the original agent does not know it."""


def _m(key: str, attr: str, convert: Callable[[str], Any], **kw: bool) -> Field:
    return Field(key=key, attr=attr, convert=convert, **kw)


def _n(key: str, attr: str, convert: Callable[[str], Any]) -> Field:
    return Field(key=key, attr=attr, convert=convert, network=True)


FIELDS: tuple[Field, ...] = (
    # identity, OS configuration, mode and feature gates
    _m("HOSTNAME", "hostname", c.hostname),
    _m("TOKEN", "token", c.secret, secret=True),
    _m("MACHINE_EXTRA_KERNEL_PARAMS", "extra_kernel_params", c.text),
    _m("FAILURE_DOMAIN", "failure_domain", c.text),
    _m("REGION", "region", c.text),
    _m("PROVIDER_ID", "provider_id", c.text),
    _m("MODE", "mode", c.mode),
    _m("MIN_DISK_SIZE_GB", "min_disk_size_gb", c.count),
    _m("DISK_DEVICE", "disk_device", c.device_path),
    _m("NUM_VFS", "num_vfs", c.count),
    _m("DISABLE_KEXEC", "disable_kexec", c.boolean),
    _m("SECURE_ERASE", "secure_erase", c.boolean),
    _m("POST_PROVISION_CMDS", "post_provision_cmds", c.commands),
    # CAPRF endpoints
    _m("INIT_URL", "init_url", c.url),
    _m("SUCCESS_URL", "success_url", c.url),
    _m("ERROR_URL", "error_url", c.url),
    _m("LOG_URL", "log_url", c.url),
    _m("DEBUG_URL", "debug_url", c.url),
    _m("HEARTBEAT_URL", "heartbeat_url", c.url),
    _m("COMMANDS_URL", "commands_url", c.url),
    _m("INVENTORY_URL", "inventory_url", c.url),
    _m("FIRMWARE_URL", "firmware_url", c.url),
    _m("HEALTH_CHECK_URL", "health_check_url", c.url),
    # image
    _m("IMAGE", "image_urls", c.image_urls),
    _m("IMAGE_CHECKSUM", "image_checksum", c.hex_digest),
    _m("IMAGE_CHECKSUM_TYPE", "image_checksum_type", c.checksum_type),
    # underlay/overlay networking (lowercase keys, as the original spells them)
    _n("underlay_subnet", "underlay_subnet", c.cidr),
    _n("underlay_ip", "underlay_ip", c.ip),
    _n("overlay_subnet", "overlay_subnet", c.cidr),
    _n("ipmi_subnet", "ipmi_subnet", c.cidr),
    _n("asn_server", "asn", c.uint32),
    _n("provision_vni", "provision_vni", c.uint32),
    _n("provision_ip", "provision_ip", c.ip_with_prefix),
    _n("dns_resolver", "dns_resolvers", c.ips),
    _n("dcgw_ips", "dcgw_ips", c.ips),
    _n("leaf_asn", "leaf_asn", c.uint32),
    _n("local_asn", "local_asn", c.uint32),
    _n("overlay_aggregate", "overlay_aggregate", c.cidr),
    _n("vpn_rt", "vpn_rt", c.route_target),
    _n("vrf_table_id", "vrf_table_id", c.uint32),
    _n("bgp_keepalive", "bgp_keepalive_s", c.uint32),
    _n("bgp_hold", "bgp_hold_s", c.uint32),
    _n("bfd_transmit_ms", "bfd_transmit_ms", c.uint32),
    _n("bfd_receive_ms", "bfd_receive_ms", c.uint32),
    _n("bgp_remote_asn", "bgp_remote_asn", c.uint32),
    # network mode, static, bond, VLAN, BGP peering
    _n("NETWORK_MODE", "network_mode", c.network_mode),
    _n("BGP_PEER_MODE", "bgp_peer_mode", c.peer_mode),
    _n("BGP_NEIGHBORS", "bgp_neighbors", c.ips),
    _n("STATIC_IP", "static_ip", c.ip_with_prefix),
    _n("STATIC_GATEWAY", "static_gateway", c.ip),
    _n("STATIC_IFACE", "static_iface", c.ifname),
    _n("BOND_INTERFACES", "bond_interfaces", c.ifnames),
    _n("BOND_MODE", "bond_mode", c.bond_mode),
    _n("VLANS", "vlans", c.vlans),
    # inventory, firmware, health
    _m("INVENTORY_ENABLED", "inventory_enabled", c.boolean),
    _m("FIRMWARE_REPORT", "firmware_enabled", c.boolean),
    _m("FIRMWARE_MIN_BIOS", "firmware_min_bios", c.text),
    _m("FIRMWARE_MIN_BMC", "firmware_min_bmc", c.text),
    _m("HEALTH_CHECKS_ENABLED", "health_checks_enabled", c.boolean),
    _m("HEALTH_MIN_MEMORY_GB", "health_min_memory_gb", c.count),
    _m("HEALTH_MIN_CPUS", "health_min_cpus", c.count),
    _m("HEALTH_SKIP_CHECKS", "health_skip_checks", c.names),
    # booty's own additions
    _m("INSECURE_TRANSPORT", "insecure_transport", c.boolean, booty_only=True),
    _m("CA_BUNDLE", "ca_bundle", c.device_path, booty_only=True),
    _m("SECURE_ERASE_FALLBACK", "secure_erase_fallback", c.boolean, booty_only=True),
    _m("LLDP_TIMEOUT", "lldp_timeout_s", c.count, booty_only=True),
)

FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
SECRET_KEY_WORDS = ("TOKEN", "PASSWORD", "PASSWD", "SECRET", "KEY", "CREDENTIAL", "AUTH")


def looks_secret(key: str) -> bool:
    """True for keys whose values must never be echoed, known or not (``BGP_AUTH_PASSWORD``)."""
    upper = key.upper()
    return any(word in upper for word in SECRET_KEY_WORDS)
