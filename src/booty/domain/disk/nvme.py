"""NVMe controller capabilities and sanitize progress, read from nvme-cli output, pure.

``nvme id-ctrl <dev> -o json`` prints the Identify Controller structure; three fields decide how a
namespace can be erased (NVM Express Base Specification, Identify Controller):

* OACS (Optional Admin Command Support) bit 1: the Format NVM command is supported.
* FNA (Format NVM Attributes) bit 0: a format applies to every namespace of the controller;
  bit 1: a secure erase (SES 1 or 2) applies to every namespace; bit 2: cryptographic erase is
  supported as a secure erase setting of Format NVM.
* SANICAP (Sanitize Capabilities) bit 0: crypto erase, bit 1: block erase, bit 2: overwrite.

The plain text output (``nvme id-ctrl <dev>``, with or without ``-H``) has the same fields as
``name : value`` lines and is read too, so operators can paste what they have.
"""

from __future__ import annotations

import enum
import json
import re
from typing import Any

import attrs

from booty.domain.errors import NvmeOutputUnreadable

_LINE = re.compile(r"^(?P<key>[a-z][a-z0-9_]*)\s*:\s*(?P<value>.*)$")
_NAMESPACE = re.compile(r"^(?P<ctrl>nvme\d+)n\d+$")


@attrs.frozen
class NvmeController:
    """What an NVMe controller says it can do, from Identify Controller."""

    model: str = ""
    serial: str = ""
    oacs: int = 0
    fna: int = 0
    sanicap: int = 0
    nn: int = 0
    """The most namespaces the controller supports (not how many exist)."""

    @property
    def format_supported(self) -> bool:
        """OACS bit 1: Format NVM is supported."""
        return bool(self.oacs & 0b10)

    @property
    def crypto_format(self) -> bool:
        """FNA bit 2: Format NVM can do a cryptographic erase (SES=2)."""
        return bool(self.fna & 0b100)

    @property
    def format_spans_namespaces(self) -> bool:
        """FNA bits 0 or 1: a (secure) format erases every namespace of the controller."""
        return bool(self.fna & 0b11)

    @property
    def sanitize_crypto(self) -> bool:
        """SANICAP bit 0: sanitize with crypto erase."""
        return bool(self.sanicap & 0b1)

    @property
    def sanitize_block(self) -> bool:
        """SANICAP bit 1: sanitize with block erase."""
        return bool(self.sanicap & 0b10)


def parse_nvme_id_ctrl(text: str) -> NvmeController:
    """The capabilities in ``nvme id-ctrl`` output (JSON, plain or ``-H``).

    Raises:
        NvmeOutputUnreadable: none of the fields can be found.
    """
    fields = _json_fields(text) if text.lstrip().startswith("{") else _text_fields(text)
    if not {"oacs", "fna", "sanicap"} & fields.keys():
        raise NvmeOutputUnreadable("no oacs, fna or sanicap field in nvme id-ctrl output")
    return NvmeController(
        model=str(fields.get("mn", "")).strip(),
        serial=str(fields.get("sn", "")).strip(),
        oacs=_number(fields.get("oacs", 0)),
        fna=_number(fields.get("fna", 0)),
        sanicap=_number(fields.get("sanicap", 0)),
        nn=_number(fields.get("nn", 0)),
    )


def _json_fields(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as e:
        raise NvmeOutputUnreadable(f"invalid JSON: {e}") from e
    if not isinstance(data, dict):
        raise NvmeOutputUnreadable("JSON output is not an object")
    return data


def _text_fields(text: str) -> dict[str, Any]:
    """``name : value`` lines; the ``-H`` bit explanations are indented and skipped."""
    fields: dict[str, Any] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is not None:
            fields.setdefault(match["key"], match["value"].strip())
    return fields


def _number(value: Any) -> int:
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip(), 0)
    except ValueError as e:
        raise NvmeOutputUnreadable(f"not a number: {value!r}") from e


def controller_of(namespace: str) -> str:
    """The controller node of a namespace: ``nvme0n1`` -> ``/dev/nvme0``.

    Raises:
        ValueError: *namespace* is not an NVMe namespace name.
    """
    match = _NAMESPACE.match(namespace.removeprefix("/dev/"))
    if match is None:
        raise ValueError(f"{namespace} is not an NVMe namespace")
    return f"/dev/{match['ctrl']}"


class SanitizeState(enum.Enum):
    """SSTAT bits 2:0 of the Sanitize Status log page."""

    NEVER = 0
    DONE = 1
    IN_PROGRESS = 2
    FAILED = 3
    DONE_NO_DEALLOCATE = 4


@attrs.frozen
class SanitizeStatus:
    """Where the last sanitize stands."""

    state: SanitizeState
    progress: int = 65535
    """SPROG: 0..65535 (65535 once finished)."""

    @property
    def finished(self) -> bool:
        """The operation is over, one way or the other."""
        return self.state is not SanitizeState.IN_PROGRESS

    @property
    def succeeded(self) -> bool:
        """The last sanitize completed successfully."""
        return self.state in {SanitizeState.DONE, SanitizeState.DONE_NO_DEALLOCATE}


def parse_sanitize_log(text: str) -> SanitizeStatus:
    """The status in ``nvme sanitize-log <dev> -o json`` output.

    nvme-cli 1.x prints the fields at the top level, 2.x under the device name.

    Raises:
        NvmeOutputUnreadable: no ``sstat`` field, or an unknown state.
    """
    data = _json_fields(text)
    if "sstat" not in data:
        data = next((v for v in data.values() if isinstance(v, dict) and "sstat" in v), {})
    if "sstat" not in data:
        raise NvmeOutputUnreadable("no sstat field in nvme sanitize-log output")
    code = _number(data["sstat"]) & 0b111
    try:
        state = SanitizeState(code)
    except ValueError as e:
        raise NvmeOutputUnreadable(f"unknown sanitize state {code}") from e
    return SanitizeStatus(state, _number(data.get("sprog", 65535)))
