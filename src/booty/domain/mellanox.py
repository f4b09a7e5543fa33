"""Mellanox (NVIDIA) NIC firmware settings for SR-IOV, pure: which PCI functions to configure and
the ``mstconfig`` argvs, and whether a query shows the settings already in place.

Departs from v0.0.1 (spec provisioning.md §2.2 step 11): v0.0.1 listed ``/dev/mst/*pciconf*``
(which needs the ``mst start`` driver) through a chroot into the empty target root, and ran
``mstconfig`` without ``-y``, which waits for an answer on stdin. booty names each physical
function by its PCI address (mstconfig accepts it without the mst driver), passes ``-y``, also
sets ``SRIOV_EN=1`` (NUM_OF_VFS has no effect without it), skips virtual functions, and leaves a
NIC alone whose firmware already has the settings: every changed NIC costs the run its kexec.
"""

from __future__ import annotations

import re

MELLANOX_VENDOR = "0x15b3"
NETWORK_CLASS_PREFIX = "0x02"
"""PCI class 0x02xxxx: network controllers (Ethernet 0x0200, InfiniBand 0x0207)."""
_SETTING = re.compile(r"^\s*(SRIOV_EN|NUM_OF_VFS)\s+(\S+)", re.MULTILINE)


def is_mellanox_nic(vendor: str, pci_class: str, *, virtual_function: bool) -> bool:
    """True for a Mellanox network physical function (sysfs ``vendor`` and ``class`` text)."""
    if virtual_function or vendor.strip().lower() != MELLANOX_VENDOR:
        return False
    return not pci_class.strip() or pci_class.strip().lower().startswith(NETWORK_CLASS_PREFIX)


def query_argv(address: str) -> tuple[str, ...]:
    """``mstconfig -d <pci-address> query SRIOV_EN NUM_OF_VFS``."""
    return ("mstconfig", "-d", address, "query", "SRIOV_EN", "NUM_OF_VFS")


def set_argv(address: str, num_vfs: int) -> tuple[str, ...]:
    """``mstconfig -y -d <pci-address> set SRIOV_EN=1 NUM_OF_VFS=<n>``."""
    return ("mstconfig", "-y", "-d", address, "set", "SRIOV_EN=1", f"NUM_OF_VFS={num_vfs}")


def already_configured(query_output: str, num_vfs: int) -> bool:
    """True when ``mstconfig query`` shows SR-IOV on with *num_vfs* VFs for the next boot.

    The query prints one line per setting under ``Next Boot``: ``NUM_OF_VFS   8`` and
    ``SRIOV_EN   True(1)``; anything else (a setting missing, another value) means not configured.
    """
    found = dict(_SETTING.findall(query_output))
    sriov = found.get("SRIOV_EN", "").lower()
    return sriov in ("true(1)", "1", "true") and found.get("NUM_OF_VFS") == str(num_vfs)
