"""/proc/self/mounts parsing and which mounts sit on a disk."""

from __future__ import annotations

from booty.domain.disk import kernel_name, mounts_of, parse_proc_mounts
from booty.domain.system import Mount

MOUNTS = r"""rootfs / rootfs rw 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/mapper/vg0-home /home\040dir xfs rw 0 0
tmpfs /run tmpfs rw,nosuid
/dev/sda1 /mnt\011tab\012nl\134bs vfat ro

short line
/dev/disk/by-uuid/1234 /data ext4
"""


def test_every_mount_in_order_with_escapes_undone() -> None:
    assert parse_proc_mounts(MOUNTS) == (
        Mount("rootfs", "/", "rootfs", ("rw",)),
        Mount("/dev/nvme0n1p2", "/", "ext4", ("rw", "relatime")),
        Mount("/dev/mapper/vg0-home", "/home dir", "xfs", ("rw",)),
        Mount("tmpfs", "/run", "tmpfs", ("rw", "nosuid")),
        Mount("/dev/sda1", "/mnt\ttab\nnl\\bs", "vfat", ("ro",)),
        Mount("/dev/disk/by-uuid/1234", "/data", "ext4"),
    )


def test_an_empty_table() -> None:
    assert parse_proc_mounts("") == ()


def test_kernel_names() -> None:
    dm = {"vg0-home": "dm-1"}
    assert kernel_name("/dev/sda1", dm) == "sda1"
    assert kernel_name("/dev/mapper/vg0-home", dm) == "dm-1"
    assert kernel_name("/dev/mapper/unknown", dm) == ""
    assert kernel_name("/dev/disk/by-uuid/1234", dm) == "1234"
    assert kernel_name("tmpfs", dm) == ""
    assert kernel_name("/devices", dm) == ""


def test_mounts_of_a_disk_its_partitions_and_what_is_stacked_on_them() -> None:
    mounts = parse_proc_mounts(MOUNTS)
    dm = {"vg0-home": "dm-1"}
    assert [m.target for m in mounts_of(("nvme0n1", "nvme0n1p2", "dm-1"), mounts, dm)] == ["/", "/home dir"]
    assert mounts_of(("sdb",), mounts, dm) == ()
    assert mounts_of(("",), (Mount("/dev/mapper/x", "/x"),), {}) == ()
