"""From /deploy/vars text to a validated ``MachineConfig``, with every problem reported at once.

Steps: read the lines (``lines``), convert each known key (``fields``), then check the rules that
tie keys together (``_cross_checks``). Unknown keys and repeated keys are warnings on the result;
everything else that is wrong is a ``ConfigError`` naming file, line, key and reason.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import attrs

from booty.domain.config.fields import FIELDS, FIELDS_BY_KEY
from booty.domain.config.lines import VarLine, parse_lines
from booty.domain.config.model import MachineConfig, NetworkConfig, PeerMode
from booty.domain.errors import ConfigError, ConfigProblem
from booty.domain.http import decide_token_transport

TOKEN_URL_KEYS = (
    "INIT_URL", "SUCCESS_URL", "ERROR_URL", "LOG_URL", "DEBUG_URL", "HEARTBEAT_URL",
    "COMMANDS_URL", "INVENTORY_URL", "FIRMWARE_URL", "HEALTH_CHECK_URL",
)  # fmt: skip


@attrs.frozen
class LoadedConfig:
    """A configuration that was accepted, and what was odd about it."""

    config: MachineConfig
    warnings: tuple[ConfigProblem, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    """(key, line) of every key that was set, for messages about the result."""


def load_vars(text: str, *, source: str = "<text>") -> LoadedConfig:
    """Parse and validate /deploy/vars *text*.

    Args:
        text: the whole file, decoded.
        source: the file name used in every problem (``/deploy/vars:12: ...``).

    Raises:
        ConfigError: with every problem of the file, in line order.
    """
    assignments, line_problems = parse_lines(text)
    problems = [ConfigProblem(source, p.line, p.key, p.reason) for p in line_problems]
    warnings: list[ConfigProblem] = []
    latest = _latest_assignments(assignments, source, warnings)
    values: dict[str, Any] = {}
    for key, assignment in latest.items():
        field = FIELDS_BY_KEY.get(key)
        if field is None:
            warnings.append(ConfigProblem(source, assignment.line, key, _unknown_key_reason(key)))
            continue
        try:
            values[key] = field.convert(assignment.value)
        except ValueError as e:
            problems.append(ConfigProblem(source, assignment.line, key, str(e)))
    config = _build(values)
    where = {key: a.line for key, a in latest.items()}
    for key, reason in _cross_checks(config):
        problems.append(ConfigProblem(source, where.get(key, 0), key, reason))
    warnings.extend(ConfigProblem(source, where.get(k, 0), k, r) for k, r in _advice(config))
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.line, p.key)))
    return LoadedConfig(config, tuple(sorted(warnings, key=lambda p: p.line)), tuple(where.items()))


def _latest_assignments(
    assignments: tuple[VarLine, ...], source: str, warnings: list[ConfigProblem]
) -> dict[str, VarLine]:
    latest: dict[str, VarLine] = {}
    for assignment in assignments:
        earlier = latest.get(assignment.key)
        if earlier is not None:
            warnings.append(
                ConfigProblem(
                    source, assignment.line, assignment.key, f"set again; line {earlier.line} is ignored"
                )
            )
        latest[assignment.key] = assignment
    return latest


def _unknown_key_reason(key: str) -> str:
    close = difflib.get_close_matches(key, FIELDS_BY_KEY, n=1, cutoff=0.75)
    hint = next((f for f in FIELDS_BY_KEY if f.lower() == key.lower()), close[0] if close else "")
    return f"unknown key, ignored (did you mean {hint}?)" if hint else "unknown key, ignored"


def _build(values: dict[str, Any]) -> MachineConfig:
    def pick(*, network: bool) -> dict[str, Any]:
        return {f.attr: values[f.key] for f in FIELDS if f.network == network and f.key in values}

    return MachineConfig(network=NetworkConfig(**pick(network=True)), **pick(network=False))


def _cross_checks(config: MachineConfig) -> Iterator[tuple[str, str]]:
    """Rules that involve more than one key: (key to blame, reason)."""
    net = config.network
    if config.image_checksum and config.image_checksum_type is None:
        yield "IMAGE_CHECKSUM", "IMAGE_CHECKSUM_TYPE must be set (sha256 or sha512)"
    kind = config.image_checksum_type
    if kind is not None and config.image_checksum and len(config.image_checksum) != kind.hex_length:
        yield (
            "IMAGE_CHECKSUM",
            f"a {kind.value} digest has {kind.hex_length} hex digits, not {len(config.image_checksum)}",
        )
    if net.bgp_peer_mode is not PeerMode.UNNUMBERED and not net.bgp_neighbors:
        yield "BGP_PEER_MODE", f"{net.bgp_peer_mode.value} peering needs BGP_NEIGHBORS"
    if net.static_gateway is not None and net.static_ip is None:
        yield "STATIC_GATEWAY", "is set but STATIC_IP is not"
    if net.static_ip and net.static_gateway and net.static_ip.version != net.static_gateway.version:
        yield "STATIC_GATEWAY", "is not the same IP version as STATIC_IP"


def _advice(config: MachineConfig) -> Iterator[tuple[str, str]]:
    """Things that are allowed but probably not meant: warnings, never errors."""
    if config.token:
        refused = [key for key in TOKEN_URL_KEYS if _token_refused(config, key)]
        if refused:
            yield (
                "TOKEN",
                (
                    f"is set but plain http to a non-loopback host is used by {', '.join(refused)}: "
                    "the token will not be sent there and those requests will be refused; "
                    "use https or set INSECURE_TRANSPORT=true"
                ),
            )
    if config.image_checksum_type is not None and not config.image_checksum:
        yield "IMAGE_CHECKSUM_TYPE", "is set but IMAGE_CHECKSUM is empty; the image is not verified"


def _token_refused(config: MachineConfig, key: str) -> bool:
    url: str = getattr(config, FIELDS_BY_KEY[key].attr)
    return bool(url) and not decide_token_transport(url, insecure_allowed=config.insecure_transport).allowed
