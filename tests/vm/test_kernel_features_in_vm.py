"""The tests this machine's kernel makes skip, run for real under a Debian kernel in a VM.

This machine's kernel has no bond, 802.1Q VLAN, VRF or dummy links, no md, no device-mapper and
no vfat, and the process has no CAP_SYS_RESOURCE (no online grow of a mounted ext4): the tests
needing those skip on the host, saying so. Here one VM boots (tests/vm/harness.py), runs the files
of INNER in one pytest there, and each file becomes one test on the host: it passes only when
every test of that file passed in the VM. A skip there fails it (with the inner reason), except
the converse tests of CONVERSE_SKIPS, which run only on kernels *without* the feature.

The inner files are handed to pytest in the VM by path: they are never imported here, and pytest
on the host collects them only where they live (tests/contract, tests/integration).
"""

from __future__ import annotations

import pytest

from .harness import VmRun, run_pytest_in_vm

pytestmark = [pytest.mark.slow, pytest.mark.root]

FULL_FLOW = "tests/integration/provision/test_full_flow.py"
INNER = {
    "netlink-contract": "tests/contract/test_netlink_contract.py",  # bond, VLAN, VRF, dummy links
    "vlan-bond": "tests/integration/network/test_vlan_bond_real.py",  # booty's VLAN and bond modes
    "frr": "tests/integration/network/test_frr_real.py",  # FRR/EVPN with the underlay on a dummy link
    "raid-lvm": "tests/integration/disk/test_raid_lvm.py",  # md arrays, LVM activation
    "filesystems": "tests/integration/disk/test_filesystems.py",  # vfat, online grow of a mounted ext4
    "full-flow": FULL_FLOW,  # `booty provision` growing the mounted ext4 (CAP_SYS_RESOURCE)
}
"""The inner files, by a short name (the host test's parameter)."""

DESELECT = (
    # The full flow's lab mode runs on the host already (it grows ext4 offline); in the VM only
    # the CLI mode, which the host skips, is worth its half minute per test.
    f"{FULL_FLOW}::test_provision_writes_grows_and_configures_the_disk[lab]",
    f"{FULL_FLOW}::test_a_failing_post_provision_command_leaves_no_bootable_disk[lab]",
)

CONVERSE_SKIPS = (
    "the kernel has the md driver:",
    "the kernel has device-mapper:",
)
"""Skip reasons of tests that check what happens *without* a feature: the VM's kernel has it."""

TIMEOUT_S = 900
"""QEMU is killed after this long; a run takes about 5 minutes under TCG (slack for a busy machine)."""


@pytest.fixture(scope="module")
def vm(tmp_path_factory: pytest.TempPathFactory) -> VmRun:
    return run_pytest_in_vm(
        list(INNER.values()), deselect=DESELECT, timeout=TIMEOUT_S, workdir=tmp_path_factory.mktemp("vm")
    )


def test_the_vm_boots_and_pytest_runs_to_the_end(vm: VmRun) -> None:
    print(f"VM run: {vm.seconds:.0f} s with {vm.accelerator}, {len(vm.results)} inner tests, in {vm.workdir}")
    assert not vm.timed_out, vm.summary()
    # 0: all passed; 1: some failed (reported by the tests below). Anything else is pytest or
    # the VM failing before the tests ran: a usage error, no exit status at all.
    assert vm.exit_status in {0, 1}, vm.summary()
    assert {t.nodeid.split("::")[0] for t in vm.results} == set(INNER.values()), vm.summary()


@pytest.mark.parametrize("group", INNER)
def test_every_inner_test_passes_on_a_kernel_with_the_features(vm: VmRun, group: str) -> None:
    path = INNER[group]
    ran = vm.by_file(path)
    assert ran, f"no test of {path} ran in the VM\n{vm.summary()}"
    problems = [
        f"{test.nodeid}: {test.outcome.upper()}\n{test.message}"
        for test in ran
        if test.outcome in {"failed", "error"}
        or (test.outcome == "skipped" and not test.message.startswith(CONVERSE_SKIPS))
    ]
    assert not problems, "\n\n".join([*problems, vm.summary()])
