"""Properties of plan_for: for any configuration, the steps that run are in a sound order."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import given
from hypothesis import strategies as st

from booty.domain.config import MachineConfig, Mode, NetworkConfig
from booty.domain.plan import check_plan, plan_for

text = st.sampled_from(["", "x", "node-1"])
configs = st.builds(
    MachineConfig,
    hostname=text,
    mode=st.sampled_from(Mode),
    disk_device=st.sampled_from(["", "/dev/sda"]),
    num_vfs=st.integers(min_value=0, max_value=256),
    disable_kexec=st.booleans(),
    secure_erase=st.booleans(),
    post_provision_cmds=st.lists(st.sampled_from(["true", "apt-get update"]), max_size=2).map(tuple),
    image_urls=st.lists(st.sampled_from(["https://img/os.gz", "oci://reg/os:1"]), max_size=2).map(tuple),
    inventory_enabled=st.booleans(),
    firmware_enabled=st.booleans(),
    health_checks_enabled=st.booleans(),
    network=st.builds(
        NetworkConfig,
        dns_resolvers=st.lists(st.integers(1, 2**32 - 2).map(IPv4Address), max_size=2).map(tuple),
    ),
)


@given(configs)
def test_the_steps_that_run_pass_the_check(config: MachineConfig) -> None:
    assert check_plan(plan_for(config).running) == ()


@given(configs)
def test_no_destructive_step_precedes_report_init(config: MachineConfig) -> None:
    running = plan_for(config).running
    if running:
        assert running[0].name == "report-init"
        assert not running[0].destructive


@given(configs)
def test_every_skipped_step_says_why(config: MachineConfig) -> None:
    plan = plan_for(config)
    assert all(planned.reason for planned in plan.steps)
    assert all(planned.dry_run is (config.mode is Mode.DRY_RUN) for planned in plan.steps)


@given(configs)
def test_kexec_runs_only_after_success_is_reported_and_never_after_a_deprovision(
    config: MachineConfig,
) -> None:
    names = [step.name for step in plan_for(config).running]
    if "kexec" in names:
        assert config.mode in {Mode.PROVISION, Mode.DRY_RUN}
        assert names.index("report-success") < names.index("flush-logs") < names.index("kexec")
        assert names.index("load-kexec") < names.index("teardown-chroot")
