"""Target disk selection: the spec's size arithmetic, the safety checks, and properties that hold
for every machine (the chosen disk is eligible, every disk is accounted for once, order is moot)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booty.domain.disk import (
    GIB,
    NO_HINTS,
    DiskChoice,
    RootDeviceHints,
    SizeHint,
    choose_target_disk,
    is_nvme,
    rejection_reason,
    size_gib,
    virtual_kind,
)
from booty.domain.errors import DiskSelectionError
from booty.domain.system import BlockDevice, Mount


@pytest.mark.parametrize(
    ("size_bytes", "gib"),
    [
        (2_097_152 * 512, 1),  # a 1 GiB loop file
        (209_715_200 * 512, 100),
        (1_000_204_886_016, 931),  # a "1 TB" drive
        (50_000_000_000, 46),  # a "50 GB" drive: MIN_DISK_SIZE_GB=50 rejects it
        (4 * 2**20, 0),  # a 4 MiB eMMC boot area
    ],
)
def test_sizes_are_whole_gib_truncated(size_bytes: int, gib: int) -> None:
    """spec §1.3."""
    assert size_gib(BlockDevice("sda", size_bytes)) == gib


@pytest.mark.parametrize(
    ("name", "virtual"),
    [
        *((n, True) for n in ("loop0", "sr0", "ram0", "dm-0", "zram0", "md0", "md127", "zd0", "nbd0")),
        *((n, False) for n in ("sda", "nvme0n1", "vda", "xvda", "mmcblk0", "sdaa", "dm")),
    ],
)
def test_virtual_names(name: str, virtual: bool) -> None:
    """spec §6.1 virtual-name filter, later-upstream column (booty excludes all eight prefixes)."""
    assert bool(virtual_kind(BlockDevice(name, GIB))) is virtual


def test_nvme_is_by_name() -> None:
    assert is_nvme(BlockDevice("nvme0n1", 1))
    assert not is_nvme(BlockDevice("sda", 1, transport="nvme"))


def test_a_50_gb_drive_is_too_small_for_50() -> None:
    disk = BlockDevice("sda", 50_000_000_000)
    assert rejection_reason(disk, min_size_gb=50) == "too small: 46 GiB < 50 GiB"
    assert rejection_reason(disk, min_size_gb=46) == ""
    assert rejection_reason(disk) == ""


def test_removable_is_eligible_only_when_allowed() -> None:
    stick = BlockDevice("sdb", 64 * GIB, removable=True)
    assert rejection_reason(stick) == "removable"
    assert rejection_reason(stick, allow_removable=True) == ""


def test_every_mount_is_named() -> None:
    disk = BlockDevice("sda", GIB, mounts=(Mount("/dev/sda1", "/boot"), Mount("/dev/sda2", "/")))
    assert rejection_reason(disk) == "mounted: /dev/sda1 on /boot, /dev/sda2 on /"


def test_a_disk_listed_twice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="disk sda is listed twice"):
        choose_target_disk([BlockDevice("sda", GIB), BlockDevice("sda", 2 * GIB)])


def test_no_disks_at_all() -> None:
    with pytest.raises(DiskSelectionError, match=r"no suitable disk found \(min 0 GB\)") as e:
        choose_target_disk([])
    assert e.value.rejected == ()


def test_the_choice_is_a_value_with_its_reasons() -> None:
    sda, nvme = BlockDevice("sda", 500 * GIB), BlockDevice("nvme0n1", 100 * GIB)
    choice = choose_target_disk([sda, nvme])
    assert choice == DiskChoice(
        chosen=nvme,
        rejected=((sda, "not preferred: /dev/nvme0n1 is NVMe"),),
        candidates=(nvme, sda),
    )


## Properties

NAMES = ("sda", "sdb", "sdc", "nvme0n1", "nvme1n1", "vda", "mmcblk0", "loop0", "md0", "sr0", "dm-0", "zram0")
SERIALS = ("", "A1", "B2", "C3")


@st.composite
def machines(draw: st.DrawFn) -> list[BlockDevice]:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=8))
    return [
        BlockDevice(
            name=name,
            size_bytes=draw(st.sampled_from((0, 1, 40, 100, 500)).map(lambda g: g * GIB))
            + draw(st.sampled_from((0, 0, 1))),
            removable=draw(st.booleans()),
            read_only=draw(st.booleans()),
            holders=draw(st.sampled_from(((), (), ("md0",)))),
            partition_holders=draw(st.sampled_from(((), (), ("dm-0",)))),
            mounts=draw(st.sampled_from(((), (), (Mount(f"/dev/{name}1", "/x"),)))),
            serial=draw(st.sampled_from(SERIALS)),
            by_path=draw(st.sampled_from(("", f"/dev/disk/by-path/slot-{name}"))),
        )
        for name in names
    ]


@st.composite
def settings_(draw: st.DrawFn) -> dict[str, object]:
    hints = draw(
        st.sampled_from(
            (NO_HINTS, NO_HINTS, RootDeviceHints(serial="A1"), RootDeviceHints(size=SizeHint(100, ">=")))
        )
    )
    override = draw(
        st.sampled_from(("", "", "", *(f"/dev/{n}" for n in NAMES[:4]), "/dev/disk/by-path/slot-sda"))
    )
    return {
        "min_size_gb": draw(st.sampled_from((0, 0, 50, 100))),
        "allow_removable": draw(st.booleans()),
        "force": draw(st.booleans()),
        "hints": hints,
        "override": override,
    }


def _outcome(disks: Sequence[BlockDevice], options: dict[str, object]) -> DiskChoice | DiskSelectionError:
    try:
        return choose_target_disk(disks, **options)  # type: ignore[arg-type]
    except DiskSelectionError as e:
        return e


@settings(max_examples=400)
@given(machines(), settings_())
def test_every_disk_is_chosen_or_rejected_exactly_once(
    disks: list[BlockDevice], options: dict[str, object]
) -> None:
    outcome = _outcome(disks, options)
    chosen = [outcome.chosen] if isinstance(outcome, DiskChoice) else []
    accounted = [*chosen, *(d for d, _ in outcome.rejected)]
    assert sorted(d.name for d in accounted) == sorted(d.name for d in disks)
    assert all(why for _, why in outcome.rejected)


@settings(max_examples=400)
@given(machines(), settings_())
def test_the_chosen_disk_is_eligible_unless_forced(
    disks: list[BlockDevice], options: dict[str, object]
) -> None:
    outcome = _outcome(disks, options)
    if isinstance(outcome, DiskChoice):
        reason = rejection_reason(
            outcome.chosen,
            min_size_gb=options["min_size_gb"],  # type: ignore[arg-type]
            allow_removable=options["allow_removable"],  # type: ignore[arg-type]
        )
        assert reason == outcome.forced_past
        assert not reason or options["force"]
        assert outcome.chosen not in [d for d, _ in outcome.rejected]
        assert (outcome.chosen in outcome.candidates) is not bool(reason)


@settings(max_examples=400)
@given(machines(), settings_(), st.randoms(use_true_random=False))
def test_the_choice_does_not_depend_on_input_order(
    disks: list[BlockDevice], options: dict[str, object], random: object
) -> None:
    shuffled = list(disks)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = _outcome(disks, options), _outcome(shuffled, options)
    if isinstance(first, DiskChoice):
        assert first == second
    else:
        assert type(first) is type(second)
        assert str(first) == str(second)
        assert first.rejected == second.rejected  # type: ignore[union-attr]


@settings(max_examples=300)
@given(machines())
def test_auto_detection_picks_nvme_then_the_largest(disks: list[BlockDevice]) -> None:
    outcome = _outcome(disks, {})
    eligible = [d for d in disks if not rejection_reason(d)]
    if isinstance(outcome, DiskChoice):
        best = max((is_nvme(d), d.size_bytes) for d in eligible)
        assert (is_nvme(outcome.chosen), outcome.chosen.size_bytes) == best
        assert [d for d in eligible if (is_nvme(d), d.size_bytes) == best] == [outcome.chosen]
    else:
        ranks = [(is_nvme(d), d.size_bytes) for d in eligible]
        assert not eligible or ranks.count(max(ranks)) > 1
