"""The pipelines as data: the tables against the spec, plan_for per MODE, and every rule of check_plan."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from booty.domain.config import MachineConfig, Mode
from booty.domain.plan import (
    ALWAYS,
    DEPROVISION_HARD,
    DEPROVISION_SOFT,
    PIPELINES,
    PROVISION,
    STEP_CONSTRAINTS,
    Constraint,
    OnError,
    Phase,
    Resource,
    Step,
    Violation,
    check_plan,
    plan_for,
)
from booty.domain.plan import disk_steps as d
from booty.domain.plan import os_steps as o
from booty.domain.plan.planner import STANDBY_NOTE

FEATURES = Path(__file__).resolve().parents[3] / "features" / "plan"
IMAGE = ("https://images.example/os.img.gz",)
ALL_PIPELINES = {"provision": PROVISION, "hard": DEPROVISION_HARD, "soft": DEPROVISION_SOFT}

# spec provisioning.md §2, the 30 steps of v0.0.1 in order
V001_PROVISION = [
    "report-init",
    "collect-inventory",
    "collect-firmware",
    "health-checks",
    "set-hostname",
    "copy-provisioner-files",
    "configure-dns",
    "stop-raid",
    "disable-lvm",
    "remove-efi-entries",
    "setup-mellanox",
    "wipe-disks",
    "detect-disk",
    "stream-image",
    "partprobe",
    "parse-partitions",
    "check-filesystem",
    "enable-lvm",
    "mount-root",
    "setup-chroot-binds",
    "grow-partition",
    "resize-filesystem",
    "configure-kubelet",
    "configure-grub",
    "copy-machine-files",
    "run-machine-commands",
    "run-post-provision-cmds",
    "create-efi-boot-entry",
    "teardown-chroot",
    "report-success",
]
# spec §4
V001_HARD = [
    "report-init",
    "copy-provisioner-files",
    "configure-dns",
    "stop-raid",
    "disable-lvm",
    "wipe-disks",
    "secure-erase-disks",
    "remove-efi-entries",
    "report-success",
]


def names(steps: tuple[Step, ...] | list[Step]) -> list[str]:
    return [step.name for step in steps]


# -- the tables against the spec -------------------------------------------------------------------


def test_provision_keeps_every_step_of_v001_and_adds_only_these() -> None:
    assert len(V001_PROVISION) == 30
    assert set(V001_PROVISION) <= set(names(PROVISION))
    assert set(names(PROVISION)) - set(V001_PROVISION) == {
        "mount-efivarfs",
        "load-kexec",
        "flush-logs",
        "kexec",
        "reboot",
    }


def test_provision_moves_exactly_the_defective_steps_of_v001() -> None:
    """Apart from the moved steps, booty keeps v0.0.1's relative order."""
    moved = {"set-hostname", "copy-provisioner-files", "configure-dns", "detect-disk"}
    booty = [n for n in names(PROVISION) if n in V001_PROVISION and n not in moved]
    assert booty == [n for n in V001_PROVISION if n not in moved]


def test_hard_deprovision_drops_only_the_steps_that_wrote_into_an_unmounted_root() -> None:
    dropped = {"copy-provisioner-files", "configure-dns"}
    kept = [n for n in names(DEPROVISION_HARD) if n in V001_HARD]
    assert set(V001_HARD) - set(kept) == dropped
    assert set(names(DEPROVISION_HARD)) - set(V001_HARD) == {"mount-efivarfs", "flush-logs", "reboot"}


def test_soft_deprovision_splits_the_one_v001_step() -> None:
    assert names(DEPROVISION_SOFT) == [
        "report-init",
        "detect-disk",
        "partprobe",
        "parse-partitions",
        "mount-root",
        "disable-grub-config",
        "unmount-root",
        "report-success",
        "flush-logs",
        "reboot",
    ]


@pytest.mark.parametrize("pipeline", ALL_PIPELINES.values(), ids=ALL_PIPELINES.keys())
def test_every_pipeline_is_sound_with_every_step_running(pipeline: tuple[Step, ...]) -> None:
    assert check_plan(pipeline) == ()


@pytest.mark.parametrize("pipeline", ALL_PIPELINES.values(), ids=ALL_PIPELINES.keys())
def test_every_pipeline_starts_with_report_init_and_ends_by_leaving_the_ramdisk(
    pipeline: tuple[Step, ...],
) -> None:
    assert pipeline[0] is d.REPORT_INIT
    order = names(pipeline)
    assert order.index("report-success") < order.index("flush-logs") < order.index("reboot")
    assert order[-1] == "reboot"
    assert len(set(names(pipeline))) == len(pipeline)


def test_step_names_are_kebab_case_and_each_name_means_one_step() -> None:
    by_name: dict[str, set[Step]] = {}
    for step in (*PROVISION, *DEPROVISION_HARD, *DEPROVISION_SOFT):
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", step.name), step.name
        by_name.setdefault(step.name, set()).add(attrs.evolve(step, when=ALWAYS))
    assert all(len(variants) == 1 for variants in by_name.values()), "same name, different step"


def test_every_resource_is_provided_by_some_step() -> None:
    provided = {r for step in (*PROVISION, *DEPROVISION_SOFT) for r in step.provides}
    assert provided == set(Resource)


def test_every_constraint_names_known_steps_and_is_written_in_a_feature() -> None:
    known = set(names(PROVISION)) | set(names(DEPROVISION_HARD)) | set(names(DEPROVISION_SOFT))
    features = "\n".join(f.read_text() for f in sorted(FEATURES.glob("*.feature")))
    rows = {tuple(c.strip() for c in line.strip().strip("|").split("|")) for line in features.splitlines()}
    for rule in STEP_CONSTRAINTS:
        assert {rule.before, rule.after} <= known, rule
        assert rule.why
        in_table = (rule.before, rule.after) in rows
        in_words = f'"{rule.before}" runs before "{rule.after}"' in features
        assert in_table or in_words, rule


def test_destructive_steps_are_exactly_those_that_destroy_what_was_there() -> None:
    destructive = {s.name for s in (*PROVISION, *DEPROVISION_HARD, *DEPROVISION_SOFT) if s.destructive}
    assert destructive == {
        "remove-efi-entries",
        "setup-mellanox",
        "wipe-disks",
        "secure-erase-disks",
        "stream-image",
        "disable-grub-config",
    }


def test_phases_are_ranked_in_declaration_order() -> None:
    assert [p.rank for p in Phase] == list(range(len(Phase)))
    assert Phase.PREFLIGHT.rank < Phase.BOOT.rank


# -- plan_for --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "pipeline", "steps"),
    [
        (Mode.PROVISION, "provision", PROVISION),
        (Mode.DRY_RUN, "provision", PROVISION),
        (Mode.DEPROVISION, "hard deprovision", DEPROVISION_HARD),
        (Mode.SOFT_DEPROVISION, "soft deprovision", DEPROVISION_SOFT),
    ],
)
def test_each_mode_plans_its_pipeline_with_every_step_listed(
    mode: Mode, pipeline: str, steps: tuple[Step, ...]
) -> None:
    plan = plan_for(MachineConfig(mode=mode, image_urls=IMAGE))
    assert plan.pipeline == pipeline
    assert [p.step for p in plan.steps] == list(steps)
    assert plan.dry_run is (mode is Mode.DRY_RUN)
    assert all(p.dry_run is plan.dry_run for p in plan.steps)
    assert check_plan(plan.running) == ()


def test_every_mode_but_standby_has_a_pipeline() -> None:
    assert set(PIPELINES) == set(Mode) - {Mode.STANDBY}


def test_standby_has_no_pipeline_and_says_so() -> None:
    plan = plan_for(MachineConfig(mode=Mode.STANDBY))
    assert (plan.pipeline, plan.steps, plan.note, plan.blockers) == ("standby", (), STANDBY_NOTE, ())
    assert plan.running == ()


def test_the_default_config_plans_a_provision_that_is_blocked_without_an_image() -> None:
    plan = plan_for(MachineConfig())
    assert plan.mode is Mode.PROVISION
    assert plan.blockers == ("IMAGE is empty: there is no image to write",)


@pytest.mark.parametrize("mode", [Mode.DEPROVISION, Mode.SOFT_DEPROVISION])
def test_deprovision_needs_no_image(mode: Mode) -> None:
    assert plan_for(MachineConfig(mode=mode)).blockers == ()


def test_a_planned_step_carries_its_name_run_and_reason() -> None:
    plan = plan_for(MachineConfig(image_urls=IMAGE, hostname="node-1"))
    hostname = next(p for p in plan.steps if p.name == "set-hostname")
    assert (hostname.step, hostname.run, hostname.reason) == (o.SET_HOSTNAME, True, "HOSTNAME is set")


# -- conditions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "config", "decision"),
    [
        (d.REPORT_INIT, MachineConfig(), (True, "always runs")),
        (d.COLLECT_INVENTORY, MachineConfig(inventory_enabled=True), (True, "INVENTORY_ENABLED is true")),
        (d.COLLECT_FIRMWARE, MachineConfig(), (False, "FIRMWARE_REPORT is false")),
        (d.HEALTH_CHECKS, MachineConfig(), (False, "HEALTH_CHECKS_ENABLED is false")),
        (d.SETUP_MELLANOX, MachineConfig(num_vfs=1), (True, "NUM_VFS is set")),
        (d.SECURE_ERASE_DISKS, MachineConfig(secure_erase=True), (True, "SECURE_ERASE is true")),
        (d.QUICK_WIPE_DISKS, MachineConfig(), (True, "SECURE_ERASE is false")),
        (d.WIPE_DISKS, MachineConfig(secure_erase=True), (True, "always runs")),
        (o.SET_HOSTNAME, MachineConfig(), (False, "HOSTNAME is empty")),
        (
            o.CONFIGURE_DNS,
            MachineConfig(),
            (True, "writes dns_resolver, or the resolvers DHCP learned when it is empty"),
        ),
        (
            o.RUN_POST_PROVISION_CMDS,
            MachineConfig(post_provision_cmds=("true",)),
            (True, "POST_PROVISION_CMDS is set"),
        ),
        (o.LOAD_KEXEC, MachineConfig(disable_kexec=True), (False, "DISABLE_KEXEC is true")),
        (o.KEXEC, MachineConfig(), (True, "DISABLE_KEXEC is false")),
    ],
    ids=lambda v: v.name if isinstance(v, Step) else "",
)
def test_conditions_decide_with_their_reason(
    step: Step, config: MachineConfig, decision: tuple[bool, str]
) -> None:
    assert step.when.decide(config) == decision


def test_kexec_and_its_load_share_one_condition() -> None:
    """Otherwise kexec could run with nothing loaded, or a kernel be loaded for nothing."""
    assert o.KEXEC.when is o.LOAD_KEXEC.when


# -- check_plan, one rule at a time ----------------------------------------------------------------


def _step(name: str, *, phase: Phase = Phase.CONFIGURE, **kwargs: Any) -> Step:
    return Step(name, phase=phase, summary=name, **kwargs)


def test_a_step_that_runs_twice_is_reported() -> None:
    assert Violation("report-init", "runs more than once") in check_plan([d.REPORT_INIT, d.REPORT_INIT])


def test_an_unmet_need_is_reported_once_per_resource_in_name_order() -> None:
    violations = check_plan([d.REPORT_INIT, o.CREATE_EFI_BOOT_ENTRY])
    assert [str(v) for v in violations] == [
        "create-efi-boot-entry: needs boot partition, which no earlier step provides",
        "create-efi-boot-entry: needs efivarfs mounted, which no earlier step provides",
        "create-efi-boot-entry: needs root mounted, which no earlier step provides",
        "create-efi-boot-entry: needs target disk, which no earlier step provides",
    ]


def test_a_need_released_earlier_says_which_step_released_it() -> None:
    steps = [d.REPORT_INIT, d.DETECT_DISK, d.PARTPROBE, d.PARSE_PARTITIONS, d.MOUNT_ROOT, o.UNMOUNT_ROOT]
    assert [str(v) for v in check_plan([*steps, o.SET_HOSTNAME])] == [
        "set-hostname: needs root mounted, which unmount-root released earlier",
        "set-hostname: is a configure step but runs after unmount-root, a finish step",
    ]


def test_a_resource_provided_again_after_its_release_is_available() -> None:
    mount = _step("mount", provides={Resource.ROOT_MOUNTED})
    unmount = _step("unmount", needs={Resource.ROOT_MOUNTED}, releases={Resource.ROOT_MOUNTED})
    remount = _step("remount", provides={Resource.ROOT_MOUNTED})
    use = _step("use", needs={Resource.ROOT_MOUNTED}, touches_target_root=True)
    assert check_plan([d.REPORT_INIT, mount, unmount, remount, use]) == ()


def test_a_step_using_the_target_root_must_need_it_mounted() -> None:
    sneaky = _step("write-motd", touches_target_root=True)
    assert check_plan([d.REPORT_INIT, sneaky]) == (
        Violation("write-motd", "uses the target root but does not need root mounted"),
    )


def test_a_step_running_in_the_chroot_must_need_it_ready() -> None:
    sneaky = _step("apt-upgrade", in_chroot=True)
    assert check_plan([d.REPORT_INIT, sneaky]) == (
        Violation("apt-upgrade", "runs inside the chroot but does not need chroot ready"),
    )


def test_a_broken_constraint_names_the_earlier_step_and_the_reason() -> None:
    rule = Constraint("a", "b", "because")
    a, b = _step("a"), _step("b")
    assert check_plan([b, a], constraints=[rule]) == (Violation("a", "must run before b: because"),)
    assert check_plan([a, b], constraints=[rule]) == ()
    assert check_plan([b], constraints=[rule]) == (), "a rule binds only when both steps run"


def test_a_destructive_step_before_report_init_is_reported() -> None:
    wipe = _step("wipe", phase=Phase.PREFLIGHT, destructive=True)
    assert Violation("wipe", "is destructive but runs before report-init") in check_plan(
        [wipe, d.REPORT_INIT]
    )


def test_a_destructive_step_without_any_report_init_is_reported() -> None:
    assert check_plan([d.WIPE_DISKS]) == (
        Violation("wipe-disks", "is destructive but runs before report-init"),
    )


def test_a_harmless_plan_without_report_init_is_not_reported() -> None:
    assert check_plan([d.STOP_RAID, d.DISABLE_LVM]) == ()


def test_violations_read_as_step_colon_reason() -> None:
    assert str(Violation("x", "is wrong")) == "x: is wrong"


def test_on_error_policies_of_the_spec() -> None:
    best_effort = {s.name for s in PROVISION if s.on_error is OnError.BEST_EFFORT}
    assert best_effort == {
        "collect-inventory",
        "stop-raid",
        "disable-lvm",
        "mount-efivarfs",
        "remove-efi-entries",
        "setup-mellanox",
        "check-filesystem",
        "load-kexec",
        "flush-logs",
        "kexec",
    }


def test_retries_only_where_a_later_attempt_can_succeed() -> None:
    retried = {s.name: s.retry for s in PROVISION if s.retry is not None}
    assert set(retried) == {"report-init", "detect-disk", "stream-image", "partprobe", "report-success"}
    assert all(policy.attempts >= 2 for policy in retried.values())
