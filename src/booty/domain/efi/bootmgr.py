"""``efibootmgr`` output and commands: the boot entries, which of them an install removes, the argvs.

Rules of this file:

1. ``parse_efibootmgr`` reads the output of ``efibootmgr`` and ``efibootmgr -v`` of efibootmgr 12
   to 18: ``BootNNNN[*] <label><TAB><device path><optional data>``; efibootmgr 18 also prints
   indented ``dp:`` and ``data:`` lines, which are skipped, and some builds print the file of a
   device path as ``/\\EFI\\...`` instead of ``/File(\\EFI\\...)``. Without a tab (a copy from a
   terminal) the device path starts at the first known device-path node after whitespace.
2. ``plan_cleanup`` removes exactly the entries that start an OS loader file from a disk partition
   (an ``HD(...)`` node and a file path). Network boot entries (``MAC``, ``IPv4``, ``IPv6``,
   ``Uri``), the firmware's own applications (setup, UEFI Shell, diagnostics: no ``HD`` node), the
   firmware's whole-disk entries (``HD`` without a file) and the entry the ramdisk was booted from
   (``BootCurrent``) are kept, each with its reason.

Departs from v0.0.1 (spec provisioning.md §2.2 step 10): v0.0.1 deleted every line mentioning
"ubuntu", through a chroot into the empty target root, so it never deleted anything (§3
anomalies); an entry of an earlier Debian, RHEL or Windows install stayed first in BootOrder.
"""

from __future__ import annotations

import re

import attrs

_ENTRY = re.compile(r"^Boot([0-9A-Fa-f]{4})(\*?)\s(.*)$")
_NODE_START = re.compile(
    r"\s+(?=(?:HD|PciRoot|PcieRoot|Acpi|FvVol|FvFile|VenHw|VenMsg|VenMedia|MAC|BBS|Uri|USB|Sata|"
    r"NVMe|Scsi|CDROM|File|MemoryMapped|Ctrl)\()"
)
_FILE = re.compile(r"(?:File\(|\)/?)(\\[^()\s]+)")
_NETWORK_NODES = ("MAC(", "IPv4(", "IPv6(", "Uri(")


@attrs.frozen
class EfiBootEntry:
    """One ``BootNNNN`` variable as efibootmgr shows it."""

    number: str
    """Four upper-case hex digits, e.g. ``0003``."""
    label: str
    active: bool
    path: str = ""
    """The device path text (``-v`` only), e.g. ``HD(1,GPT,...)/File(\\EFI\\ubuntu\\shimx64.efi)``."""

    @property
    def loader_file(self) -> str:
        """The file the entry starts (``\\EFI\\ubuntu\\shimx64.efi``), or ``""`` when it names none."""
        found = _FILE.search(self.path)
        return found[1] if found else ""

    @property
    def network(self) -> bool:
        """True for a PXE or HTTP boot entry."""
        return any(node in self.path for node in _NETWORK_NODES)


@attrs.frozen
class EfiBootState:
    """Everything ``efibootmgr -v`` printed that booty uses."""

    entries: tuple[EfiBootEntry, ...] = ()
    current: str = ""
    """``BootCurrent``: the entry this boot came from, or ``""``."""
    order: tuple[str, ...] = ()


@attrs.frozen
class EfiCleanup:
    """Which entries an install deletes, and why each other one is kept."""

    delete: tuple[EfiBootEntry, ...]
    kept: tuple[tuple[EfiBootEntry, str], ...]


def parse_efibootmgr(text: str) -> EfiBootState:
    """The entries, BootCurrent and BootOrder of efibootmgr's output *text* (lines it does not know
    are skipped: ``Timeout``, ``BootNext``, the ``dp:``/``data:`` lines of efibootmgr 18)."""
    entries: list[EfiBootEntry] = []
    current = ""
    order: tuple[str, ...] = ()
    for line in text.splitlines():
        if line.startswith("BootCurrent:"):
            current = line.partition(":")[2].strip().upper()
        elif line.startswith("BootOrder:"):
            order = tuple(n.strip().upper() for n in line.partition(":")[2].split(",") if n.strip())
        elif matched := _ENTRY.match(line):
            label, path = _split_label(matched[3])
            entries.append(EfiBootEntry(matched[1].upper(), label, matched[2] == "*", path))
    return EfiBootState(tuple(entries), current, order)


def _split_label(rest: str) -> tuple[str, str]:
    if "\t" in rest:
        label, _, path = rest.partition("\t")
        return label.strip(), path.strip()
    node = _NODE_START.search(rest)
    if node is None:
        return rest.strip(), ""
    return rest[: node.start()].strip(), rest[node.end() :].strip()


def plan_cleanup(state: EfiBootState) -> EfiCleanup:
    """The entries that boot an installed OS from a disk, to delete before a new install."""
    delete: list[EfiBootEntry] = []
    kept: list[tuple[EfiBootEntry, str]] = []
    for entry in state.entries:
        reason = _keep_reason(entry, state.current)
        if reason:
            kept.append((entry, reason))
        else:
            delete.append(entry)
    return EfiCleanup(tuple(delete), tuple(kept))


def _keep_reason(entry: EfiBootEntry, current: str) -> str:
    if entry.number == current:
        return "BootCurrent: the ramdisk was booted from it"
    if not entry.path:
        return "no device path shown (efibootmgr without -v)"
    if entry.network:
        return "network boot"
    if "HD(" not in entry.path:
        return "firmware application or device, not a disk partition"
    if not entry.loader_file:
        return "the firmware's entry for a whole disk, no loader file"
    return ""


def delete_entry_argv(number: str) -> tuple[str, ...]:
    """``efibootmgr -b <number> -B``: delete one entry (efibootmgr also drops it from BootOrder)."""
    return ("efibootmgr", "-b", number, "-B")


def create_entry_argv(*, disk: str, partition: int, label: str, loader: str) -> tuple[str, ...]:
    """``efibootmgr -c -d <disk> -p <n> -L <label> -l <loader>``, an argv: the backslashes of
    *loader* reach efibootmgr as written (v0.0.1 ran a bash string, which stripped them)."""
    return ("efibootmgr", "-c", "-d", disk, "-p", str(partition), "-L", label, "-l", loader)
