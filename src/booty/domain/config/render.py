"""From a ``MachineConfig`` back to /deploy/vars text: the normalized form ``booty vars check`` prints.

Rendering is the inverse of loading: ``load_vars(render_vars(c, reveal_secrets=True))`` gives
``c`` again (a hypothesis property checks it). Without ``reveal_secrets`` every secret is ``***``.
"""

from __future__ import annotations

import enum
from typing import Any

from booty.domain.config.fields import FIELDS, Field
from booty.domain.config.model import MachineConfig
from booty.domain.secret import MASK, Secret, redact_url


def field_value(config: MachineConfig, field: Field) -> Any:
    """The typed value of *field* in *config*."""
    holder = config.network if field.network else config
    return getattr(holder, field.attr)


def render_value(value: Any, *, reveal_secrets: bool = False) -> str:  # noqa: PLR0911 - one branch per type
    """The vars text of one typed value (lists comma-joined; enums by their word)."""
    if isinstance(value, Secret):
        return value.reveal() if reveal_secrets else str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return ",".join(render_value(v, reveal_secrets=reveal_secrets) for v in value)
    if hasattr(value, "vlan_id"):
        parts = [str(value.vlan_id), value.parent, render_value(value.address), render_value(value.gateway)]
        return ":".join(parts).rstrip(":")
    return str(value)


def render_vars(config: MachineConfig, *, reveal_secrets: bool = False) -> str:
    """Every key of *config* as ``export KEY="value"`` lines, in the spec's table order."""
    lines = []
    for field in FIELDS:
        value = field_value(config, field)
        text = render_value(value, reveal_secrets=reveal_secrets)
        if field.key == "POST_PROVISION_CMDS":
            text = ";".join(value)
        if not reveal_secrets and field.key == "IMAGE":
            text = ",".join(redact_url(u) for u in value)
        lines.append(f'export {field.key}="{_escape(text)}"')
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


__all__ = ["MASK", "field_value", "render_value", "render_vars"]
