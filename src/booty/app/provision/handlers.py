"""The handler table: every step name of every pipeline, mapped to the code that does it.

The plan (``booty.domain.plan``) names the steps; this table is the only place that ties a name
to code, so a step cannot be run by accident under another name, and a unit test proves that
every step of every pipeline has a handler.
"""

from __future__ import annotations

from collections.abc import Mapping

from booty.app.provision.boot_handlers import BOOT_HANDLERS
from booty.app.provision.disk_handlers import DISK_HANDLERS
from booty.app.provision.os_config import OS_HANDLERS
from booty.app.provision.preflight import PREFLIGHT_HANDLERS
from booty.app.provision.runner import StepHandler


def _merge(*tables: Mapping[str, StepHandler]) -> dict[str, StepHandler]:
    merged: dict[str, StepHandler] = {}
    for table in tables:
        for name, handler in table.items():
            if name in merged:
                raise ValueError(f"step {name} has two handlers")
            merged[name] = handler
    return merged


HANDLERS: Mapping[str, StepHandler] = _merge(PREFLIGHT_HANDLERS, DISK_HANDLERS, OS_HANDLERS, BOOT_HANDLERS)
