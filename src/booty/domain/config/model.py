"""The typed machine configuration: frozen attrs values and the enums of its closed vocabularies.

Attribute names say what a value means (``image_urls``, ``min_disk_size_gb``); the mapping to the
/deploy/vars key names lives in ``booty.domain.config.fields``. Defaults are those of spec
caprf-and-config.md §1.4 (the parsed value when a key is absent).
"""

from __future__ import annotations

import enum
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Interface, IPv6Network

import attrs

from booty.domain.secret import EMPTY_SECRET, Secret

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network
IPInterface = IPv4Interface | IPv6Interface


class Mode(enum.Enum):
    """What the agent does with the machine (MODE)."""

    PROVISION = "provision"
    DEPROVISION = "deprovision"
    SOFT_DEPROVISION = "soft-deprovision"
    STANDBY = "standby"
    DRY_RUN = "dry-run"


class BondMode(enum.Enum):
    """Kernel bonding modes booty configures (BOND_MODE); ``lacp`` is an alias of 802.3ad."""

    LACP = "802.3ad"
    BALANCE_RR = "balance-rr"
    ACTIVE_BACKUP = "active-backup"
    BALANCE_XOR = "balance-xor"


class PeerMode(enum.Enum):
    """How BGP sessions are formed (BGP_PEER_MODE)."""

    UNNUMBERED = "unnumbered"
    DUAL = "dual"
    NUMBERED = "numbered"


class NetworkModeRequest(enum.Enum):
    """An explicit network mode request (NETWORK_MODE); AUTO lets the priority rules decide."""

    AUTO = ""
    GOBGP = "gobgp"


class ChecksumType(enum.Enum):
    """Digest algorithms for IMAGE_CHECKSUM, with their hex lengths."""

    SHA256 = "sha256"
    SHA512 = "sha512"

    @property
    def hex_length(self) -> int:
        """Number of hex digits of a digest of this type."""
        return 64 if self is ChecksumType.SHA256 else 128


@attrs.frozen
class VlanSpec:
    """One VLANS entry: ``ID:parent[:address[:gateway]]``."""

    vlan_id: int
    parent: str
    address: IPInterface | None = None
    gateway: IPAddress | None = None

    @property
    def name(self) -> str:
        """The sub-interface name the kernel will show, e.g. ``eno1.200``."""
        return f"{self.parent}.{self.vlan_id}"


@attrs.frozen
class NetworkConfig:
    """Everything that decides how the agent reaches its controller."""

    network_mode: NetworkModeRequest = NetworkModeRequest.AUTO
    underlay_subnet: IPNetwork | None = None
    underlay_ip: IPAddress | None = None
    overlay_subnet: IPNetwork | None = None
    ipmi_subnet: IPNetwork | None = None
    asn: int = 0
    provision_vni: int = 0
    provision_ip: IPInterface | None = None
    dns_resolvers: tuple[IPAddress, ...] = ()
    dcgw_ips: tuple[IPAddress, ...] = ()
    leaf_asn: int = 0
    local_asn: int = 0
    overlay_aggregate: IPNetwork | None = None
    vpn_rt: str = ""
    vrf_table_id: int = 0
    bgp_keepalive_s: int = 0
    bgp_hold_s: int = 0
    bfd_transmit_ms: int = 0
    bfd_receive_ms: int = 0
    bgp_remote_asn: int = 0
    bgp_peer_mode: PeerMode = PeerMode.UNNUMBERED
    bgp_neighbors: tuple[IPAddress, ...] = ()
    static_ip: IPInterface | None = None
    static_gateway: IPAddress | None = None
    static_iface: str = ""
    bond_interfaces: tuple[str, ...] = ()
    bond_mode: BondMode = BondMode.LACP
    vlans: tuple[VlanSpec, ...] = ()


@attrs.frozen
class MachineConfig:
    """The whole /deploy/vars configuration of one machine, typed and validated."""

    hostname: str = ""
    token: Secret = EMPTY_SECRET
    extra_kernel_params: str = ""
    failure_domain: str = ""
    region: str = ""
    provider_id: str = ""
    mode: Mode = Mode.PROVISION
    min_disk_size_gb: int = 0
    disk_device: str = ""
    num_vfs: int = 0
    disable_kexec: bool = False
    secure_erase: bool = False
    secure_erase_fallback: bool = False
    """When a disk has no usable hardware erase, or it fails, wipe its metadata instead of failing
    the step (not in v0.0.1, which always fell back silently: spec disk-and-image.md §2.6)."""
    post_provision_cmds: tuple[str, ...] = ()
    init_url: str = ""
    success_url: str = ""
    error_url: str = ""
    log_url: str = ""
    debug_url: str = ""
    heartbeat_url: str = ""
    commands_url: str = ""
    inventory_url: str = ""
    firmware_url: str = ""
    health_check_url: str = ""
    image_urls: tuple[str, ...] = ()
    image_checksum: str = ""
    image_checksum_type: ChecksumType | None = None
    inventory_enabled: bool = False
    firmware_enabled: bool = False
    firmware_min_bios: str = ""
    firmware_min_bmc: str = ""
    health_checks_enabled: bool = False
    health_min_memory_gb: int = 0
    health_min_cpus: int = 0
    health_skip_checks: tuple[str, ...] = ()
    lldp_timeout_s: int = 35
    """With the inventory on, how long to listen for the switches' LLDP frames on the NICs; the
    listening starts with the network and ends early once every NIC heard one; 0 turns it off
    (not in v0.0.1, whose LLDP code was never called)."""
    insecure_transport: bool = False
    """Allow the bearer token over plain http to non-loopback hosts (not in v0.0.1)."""
    ca_bundle: str = ""
    """PEM file of extra CAs trusted for https to the controller and image servers (not in v0.0.1)."""
    network: NetworkConfig = attrs.field(factory=NetworkConfig)

    def secrets(self) -> tuple[str, ...]:
        """Every secret value in this config, for scrubbing free text."""
        return (self.token.reveal(),) if self.token else ()
