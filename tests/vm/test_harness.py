"""The VM harness's own logic, without a VM: module load order, JUnit parsing, the command."""

from __future__ import annotations

import lzma
import shlex
from pathlib import Path

import pytest

from . import harness
from .harness import (
    CHECKOUT,
    GUEST_SHARE,
    Kernel,
    VmError,
    _command,
    build_initramfs,
    module_order,
    parse_junit,
)

DEP = """\
kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
kernel/net/9p/9pnet.ko:
kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
kernel/fs/netfs/netfs.ko:
kernel/drivers/md/md-mod.ko:
kernel/drivers/md/raid1.ko: kernel/drivers/md/md-mod.ko
kernel/fs/fat/vfat.ko.xz: kernel/fs/fat/fat.ko
kernel/fs/fat/fat.ko:
"""


@pytest.fixture
def kernel(tmp_path: Path) -> Kernel:
    modules = tmp_path / "lib" / "modules" / "6.1.0-test"
    modules.mkdir(parents=True)
    (modules / "modules.dep").write_text(DEP)
    (modules / "modules.builtin").write_text("kernel/fs/ext4/ext4.ko\nkernel/net/packet/af_packet.ko\n")
    for line in DEP.splitlines():
        path = modules / line.partition(":")[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        data = f"module {path.name}".encode()
        path.write_bytes(lzma.compress(data) if path.suffix == ".xz" else data)
    return Kernel("6.1.0-test", tmp_path / "vmlinuz", modules)


def test_modules_load_after_what_they_need_and_only_once(kernel: Kernel) -> None:
    assert module_order(kernel, ["9p", "md-mod", "raid1", "ext4", "vfat"]) == [
        "kernel/fs/netfs/netfs.ko",
        "kernel/fs/fscache/fscache.ko",
        "kernel/net/9p/9pnet.ko",
        "kernel/fs/9p/9p.ko",
        "kernel/drivers/md/md-mod.ko",
        "kernel/drivers/md/raid1.ko",
        "kernel/fs/fat/fat.ko",
        "kernel/fs/fat/vfat.ko.xz",
    ]


def test_a_module_the_kernel_does_not_have_is_named(kernel: Kernel) -> None:
    with pytest.raises(VmError, match=r"kernel 6\.1\.0-test has no module bonding"):
        module_order(kernel, ["9p", "bonding"])


def test_the_initramfs_holds_plain_modules_in_load_order(
    kernel: Kernel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not harness.find_busybox():
        pytest.skip("no static busybox (Debian: busybox-static) to put in the initramfs")
    monkeypatch.setattr(harness, "wanted_modules", lambda: ["vfat"])
    workdir = tmp_path / "work"
    workdir.mkdir()
    packed = build_initramfs(kernel, workdir)
    listing = packed.read_bytes()
    assert b"lib/modules/kernel/fs/fat/vfat.ko\x00" in listing
    assert b"module vfat.ko.xz" in listing  # decompressed on the way in
    assert b"kernel/fs/fat/fat.ko\nkernel/fs/fat/vfat.ko\n" in listing  # /etc/modules-order
    assert b"@HOST_TAG@" not in listing


def test_junit_cases_become_node_ids_with_their_worst_outcome(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.a.test_x" name="test_one[linux]" file="tests/a/test_x.py" />'
        '<testcase classname="tests.a.test_x.TestGroup" name="test_two" file="tests/a/test_x.py">'
        '<skipped type="pytest.skip" message="no md driver">tests/a/test_x.py:9: no md driver</skipped>'
        "</testcase>"
        '<testcase classname="tests.a.test_x" name="test_three" file="tests/a/test_x.py" />'
        '<testcase classname="tests.a.test_x" name="test_three" file="tests/a/test_x.py">'
        '<error message="failed on teardown">Traceback</error></testcase>'
        "</testsuite></testsuites>"
    )
    assert [(t.nodeid, t.outcome, t.message) for t in parse_junit(junit)] == [
        ("tests/a/test_x.py::test_one[linux]", "passed", ""),
        ("tests/a/test_x.py::TestGroup::test_two", "skipped", "no md driver"),
        ("tests/a/test_x.py::test_three", "error", "failed on teardown\nTraceback"),
    ]
    assert parse_junit(tmp_path / "missing.xml") == ()


def test_the_command_runs_this_checkouts_pytest_on_the_given_ids() -> None:
    script = _command(["tests/contract/test_x.py"], ["tests/contract/test_x.py::test_slow[lab]"])
    last = shlex.split(script.splitlines()[-1])
    assert f"cd {CHECKOUT} || exit 97" in script
    assert "PYTHONDONTWRITEBYTECODE=1" in script
    assert last[last.index("-m") + 1] == "pytest"
    assert f"--junitxml={GUEST_SHARE}/junit.xml" in last
    assert "--deselect=tests/contract/test_x.py::test_slow[lab]" in last
    assert last[-3:] == ["tests/contract/test_x.py", f">{GUEST_SHARE}/pytest.log", "2>&1"]
