"""Small behaviours of the configuration values."""

from __future__ import annotations

from booty.domain.config import ChecksumType, MachineConfig, VlanSpec
from booty.domain.secret import Secret


def test_vlan_interface_name_is_parent_dot_id() -> None:
    assert VlanSpec(vlan_id=200, parent="eno1").name == "eno1.200"


def test_secrets_lists_the_token_only_when_set() -> None:
    assert MachineConfig().secrets() == ()
    assert MachineConfig(token=Secret("abc-token")).secrets() == ("abc-token",)


def test_digest_lengths() -> None:
    assert ChecksumType.SHA256.hex_length == 64
    assert ChecksumType.SHA512.hex_length == 128
