"""Disks as booty reasons about them: facts, safety rules, the target-disk choice with reasons,
and the pure half of every disk operation (command lines, tool-output parsers, decisions).

``choose_target_disk`` takes ``BlockDevice`` values (read by the ``BlockDevices`` port) and returns a
``DiskChoice`` that names the chosen disk and says, for every other disk, why it lost. Nothing here
reads sysfs: the adapter does, and hands the facts in.
"""

from booty.domain.disk.erase import (
    EraseDecision,
    EraseMethod,
    EraseOutcome,
    decide_ata_erase,
    decide_nvme_erase,
    erase_summary,
)
from booty.domain.disk.facts import GIB, VIRTUAL_PREFIXES, is_nvme, size_gib, virtual_kind
from booty.domain.disk.filesystem import (
    CHROOT_BINDS,
    MOUNT_ORDER,
    NEW_ROOT,
    FsckVerdict,
    FsType,
    ResizeCommand,
    chroot_binds,
    filesystem_type,
    fsck_argv,
    fsck_verdict,
    parse_blkid_export,
    resize_command,
)
from booty.domain.disk.hdparm import AtaSecurity, parse_hdparm_identify
from booty.domain.disk.hints import HINT_KEYS, NO_HINTS, RootDeviceHints, SizeHint, parse_root_device_hints
from booty.domain.disk.layout import GrowPlan, partition_number, partition_path, plan_root_growth
from booty.domain.disk.lvm import (
    LogicalVolume,
    PhysicalVolume,
    VgRef,
    VolumeGroup,
    parse_lvs,
    parse_pvs,
    parse_vgs,
)
from booty.domain.disk.mdadm import MdArray, MdMember, RaidSpec, arrays_on, parse_mdstat, plan_raid
from booty.domain.disk.mounts import kernel_name, mounts_of, parse_proc_mounts
from booty.domain.disk.nvme import NvmeController, SanitizeStatus, parse_nvme_id_ctrl, parse_sanitize_log
from booty.domain.disk.select import Basis, DiskChoice, choose_target_disk, rejection_reason
from booty.domain.disk.sfdisk import (
    Partition,
    PartitionRoles,
    PartitionTable,
    find_partition_roles,
    parse_sfdisk_json,
    read_sfdisk,
)
from booty.domain.disk.targets import (
    ApprovedDisk,
    ApprovedTargets,
    ImageFile,
    Scope,
    WriteTarget,
    approve,
    require_approved,
    require_write_target,
)
from booty.domain.system import BlockDevice

__all__ = [
    "CHROOT_BINDS",
    "GIB",
    "HINT_KEYS",
    "MOUNT_ORDER",
    "NEW_ROOT",
    "NO_HINTS",
    "VIRTUAL_PREFIXES",
    "ApprovedDisk",
    "ApprovedTargets",
    "AtaSecurity",
    "Basis",
    "BlockDevice",
    "DiskChoice",
    "EraseDecision",
    "EraseMethod",
    "EraseOutcome",
    "FsType",
    "FsckVerdict",
    "GrowPlan",
    "ImageFile",
    "LogicalVolume",
    "MdArray",
    "MdMember",
    "NvmeController",
    "Partition",
    "PartitionRoles",
    "PartitionTable",
    "PhysicalVolume",
    "RaidSpec",
    "ResizeCommand",
    "RootDeviceHints",
    "SanitizeStatus",
    "Scope",
    "SizeHint",
    "VgRef",
    "VolumeGroup",
    "WriteTarget",
    "approve",
    "arrays_on",
    "choose_target_disk",
    "chroot_binds",
    "decide_ata_erase",
    "decide_nvme_erase",
    "erase_summary",
    "filesystem_type",
    "find_partition_roles",
    "fsck_argv",
    "fsck_verdict",
    "is_nvme",
    "kernel_name",
    "mounts_of",
    "parse_blkid_export",
    "parse_hdparm_identify",
    "parse_lvs",
    "parse_mdstat",
    "parse_nvme_id_ctrl",
    "parse_proc_mounts",
    "parse_pvs",
    "parse_root_device_hints",
    "parse_sanitize_log",
    "parse_sfdisk_json",
    "parse_vgs",
    "partition_number",
    "partition_path",
    "plan_raid",
    "plan_root_growth",
    "read_sfdisk",
    "rejection_reason",
    "require_approved",
    "require_write_target",
    "resize_command",
    "size_gib",
    "virtual_kind",
]
