"""Fixtures for the LLDP integration tests: the namespace lab (see ``lab.py``) and a peer lldpd."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def load_lab() -> ModuleType:
    """``lab.py`` next to this file, imported by path (the tests folders are not packages)."""
    if "booty_lldp_lab" not in sys.modules:
        spec = importlib.util.spec_from_file_location("booty_lldp_lab", Path(__file__).with_name("lab.py"))
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["booty_lldp_lab"] = module
        spec.loader.exec_module(module)
    return sys.modules["booty_lldp_lab"]


lab_module = load_lab()


@pytest.fixture
def lab() -> Iterator[Any]:
    lab_module.require_root_and_tools("lldpd", "lldpcli")
    with lab_module.lldp_lab() as made:
        yield made
