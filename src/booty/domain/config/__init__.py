"""The /deploy/vars machine configuration: line syntax, typed values, validation, rendering.

``load_vars(text, source=...)`` turns the file's text into a frozen ``MachineConfig`` or raises a
``ConfigError`` listing every problem with its line and key. Everything here is pure: the file is
read at the edge and its text handed in.
"""

from booty.domain.config.load import LoadedConfig, load_vars
from booty.domain.config.model import (
    BondMode,
    ChecksumType,
    MachineConfig,
    Mode,
    NetworkConfig,
    NetworkModeRequest,
    PeerMode,
    VlanSpec,
)
from booty.domain.config.render import render_value, render_vars

__all__ = [
    "BondMode",
    "ChecksumType",
    "LoadedConfig",
    "MachineConfig",
    "Mode",
    "NetworkConfig",
    "NetworkModeRequest",
    "PeerMode",
    "VlanSpec",
    "load_vars",
    "render_value",
    "render_vars",
]
