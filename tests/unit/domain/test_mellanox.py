"""Which PCI functions are Mellanox NICs, the mstconfig argvs, and the query check."""

from __future__ import annotations

import pytest

from booty.domain.mellanox import already_configured, is_mellanox_nic, query_argv, set_argv


@pytest.mark.parametrize(
    ("vendor", "pci_class", "vf", "expected"),
    [
        ("0x15b3\n", "0x020000\n", False, True),
        ("0x15b3", "0x020700", False, True),
        ("0x15B3", "", False, True),
        ("0x15b3", "0x020000", True, False),
        ("0x15b3", "0x060400", False, False),
        ("0x8086", "0x020000", False, False),
    ],
)
def test_mellanox_nics(vendor: str, pci_class: str, vf: bool, expected: bool) -> None:
    assert is_mellanox_nic(vendor, pci_class, virtual_function=vf) is expected


def test_argvs() -> None:
    assert set_argv("0000:3b:00.0", 8) == (
        "mstconfig", "-y", "-d", "0000:3b:00.0", "set", "SRIOV_EN=1", "NUM_OF_VFS=8",
    )  # fmt: skip
    assert query_argv("0000:3b:00.0") == (
        "mstconfig",
        "-d",
        "0000:3b:00.0",
        "query",
        "SRIOV_EN",
        "NUM_OF_VFS",
    )


QUERY = """
Device #1:
----------

Device type:        ConnectX5
PCI device:         0000:3b:00.0

Configurations:                                      Next Boot
         SRIOV_EN                                    True(1)
         NUM_OF_VFS                                  8
"""


@pytest.mark.parametrize(
    ("text", "wanted", "expected"),
    [
        (QUERY, 8, True),
        (QUERY, 16, False),
        (QUERY.replace("True(1)", "False(0)"), 8, False),
        ("", 8, False),
    ],
)
def test_already_configured(text: str, wanted: int, expected: bool) -> None:
    assert already_configured(text, wanted) is expected
