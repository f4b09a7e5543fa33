"""The command lines of the disk operations, as argv tuples (never shell strings), pure.

Every builder that writes to a disk takes an ``ApprovedDisk``; what only reads (sfdisk --json,
blkid, hdparm -I, nvme id-ctrl, the LVM reports) or acts on kernel state takes a path.
Options are spelled out in full where the tool allows it, so a log line reads without a man page.
"""

from __future__ import annotations

from booty.domain.disk.mdadm import RaidSpec
from booty.domain.disk.nvme import controller_of
from booty.domain.disk.targets import ApprovedDisk
from booty.domain.errors import UnapprovedDisk

LVM_REPORT = ("--reportformat", "json", "--units", "b", "--nosuffix")

# -- RAID ------------------------------------------------------------------------------------------


def mdadm_stop(array: str) -> tuple[str, ...]:
    """Stop one md array, e.g. ``/dev/md127``."""
    return ("mdadm", "--stop", array)


def mdadm_create(spec: RaidSpec, members: tuple[ApprovedDisk, ...]) -> tuple[str, ...]:
    """Create *spec* over *members*, which must be exactly the approved disks it names.

    Raises:
        UnapprovedDisk: a member of *spec* is not one of *members*.
    """
    approved = {m.path for m in members}
    for member in spec.members:
        if member not in approved:
            raise UnapprovedDisk(member, "a RAID member must be an approved disk")
    return (
        "mdadm",
        "--create",
        spec.path,
        "--level",
        str(spec.level),
        "--raid-devices",
        str(len(spec.members)),
        "--metadata",
        "1.2",
        "--run",
        "--force",
        *spec.members,
    )


# -- LVM -------------------------------------------------------------------------------------------


def lvm_pvs() -> tuple[str, ...]:
    """Every PV with its VG, as JSON."""
    return ("lvm", "pvs", *LVM_REPORT, "--options", "pv_name,vg_name,vg_uuid,pv_uuid,pv_size")


def lvm_vgchange(vg_uuid: str, *, activate: bool) -> tuple[str, ...]:
    """Activate or deactivate one VG, named by UUID (two disks may hold VGs of the same name)."""
    return ("lvm", "vgchange", "--activate", "y" if activate else "n", "--select", f"vg_uuid={vg_uuid}")


# -- wipe ------------------------------------------------------------------------------------------


def wipefs_all(disk: ApprovedDisk, node: str) -> tuple[str, ...]:
    """Erase every signature wipefs finds on *node*: the disk or one of its partitions.

    No ``--force`` (v0.0.1 passed ``-f``): a disk that is still in use, by an array or a mount
    nobody released, must fail the wipe rather than lose its signatures underneath a user.

    Raises:
        UnapprovedDisk: *node* is neither *disk* nor one of its partitions.
    """
    target = node if node == disk.path else disk.partition(node)
    return ("wipefs", "--all", target)


def sgdisk_zap(disk: ApprovedDisk) -> tuple[str, ...]:
    """Destroy the GPT (primary and backup) and the MBR of *disk*."""
    return ("sgdisk", "--zap-all", disk.path)


# -- partitions ------------------------------------------------------------------------------------


def sfdisk_json(device: str) -> tuple[str, ...]:
    """Print the partition table of *device* as JSON (read-only)."""
    return ("sfdisk", "--json", device)


def partprobe(device: str) -> tuple[str, ...]:
    """Tell the kernel the partitions of *device* (BLKPG per partition: works while one is in use)."""
    return ("partprobe", device)


def blockdev_rereadpt(device: str) -> tuple[str, ...]:
    """Ask the kernel to re-read the whole table of *device* (BLKRRPART)."""
    return ("blockdev", "--rereadpt", device)


def sgdisk_relocate_backup(disk: ApprovedDisk) -> tuple[str, ...]:
    """Move the backup GPT header and entries to the end of *disk* (after the disk grew)."""
    return ("sgdisk", "--move-second-header", disk.path)


def growpart(disk: ApprovedDisk, number: int) -> tuple[str, ...]:
    """Grow partition *number* of *disk* into the free space after it (cloud-utils)."""
    return ("growpart", disk.path, str(number))


def sfdisk_grow(disk: ApprovedDisk, number: int) -> tuple[str, ...]:
    """Grow partition *number* with sfdisk (fed ``", +"`` on stdin): the fallback without growpart."""
    return ("sfdisk", "--no-reread", "--no-tell-kernel", "-N", str(number), disk.path)


SFDISK_GROW_STDIN = b", +\n"
"""Keep the start, take every free sector after it (sfdisk's ``+`` size)."""

# -- filesystems, secure erase ---------------------------------------------------------------------


def blkid_probe(device: str) -> tuple[str, ...]:
    """Probe *device* directly (no cache) and print ``KEY=value`` lines (``TYPE``, ``UUID``)."""
    return ("blkid", "--probe", "--output", "export", device)


def hdparm_identify(device: str) -> tuple[str, ...]:
    """The drive's ATA identify data, including its security state (read-only)."""
    return ("hdparm", "-I", device)


def hdparm_set_password(disk: ApprovedDisk, password: str) -> tuple[str, ...]:
    """Set a user password, which ATA requires before a security erase."""
    return ("hdparm", "--user-master", "u", "--security-set-pass", password, disk.path)


def hdparm_erase(disk: ApprovedDisk, password: str, *, enhanced: bool) -> tuple[str, ...]:
    """Run SECURITY ERASE UNIT (normal or enhanced); the drive clears the password when done."""
    option = "--security-erase-enhanced" if enhanced else "--security-erase"
    return ("hdparm", "--user-master", "u", option, password, disk.path)


def hdparm_disable_password(disk: ApprovedDisk, password: str) -> tuple[str, ...]:
    """Remove the user password again (after a failed erase, so the drive is not left locked)."""
    return ("hdparm", "--user-master", "u", "--security-disable", password, disk.path)


def nvme_id_ctrl(device: str) -> tuple[str, ...]:
    """The controller's Identify data as JSON (read-only)."""
    return ("nvme", "id-ctrl", device, "--output-format=json")


def nvme_format(disk: ApprovedDisk, *, ses: int) -> tuple[str, ...]:
    """Format the namespace with Secure Erase Setting *ses* (1 user data, 2 crypto)."""
    return ("nvme", "format", disk.path, f"--ses={ses}", "--force")


def nvme_sanitize(disk: ApprovedDisk, controller: str, *, action: int) -> tuple[str, ...]:
    """Start a sanitize on *controller* (the one of approved *disk*): action 2 block, 4 crypto erase.

    Raises:
        UnapprovedDisk: *controller* is not the controller of *disk*.
        ValueError: *disk* is not an NVMe namespace.
    """
    if controller != controller_of(disk.name):
        raise UnapprovedDisk(controller, f"not the controller of the approved disk {disk.path}")
    return ("nvme", "sanitize", controller, f"--sanact={action}")


def nvme_sanitize_log(controller: str) -> tuple[str, ...]:
    """The Sanitize Status log page of *controller* as JSON (read-only)."""
    return ("nvme", "sanitize-log", controller, "--output-format=json")
