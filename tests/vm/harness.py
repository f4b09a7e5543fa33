"""Run pytest inside a QEMU virtual machine booting a Debian kernel over this machine's root.

This machine's kernel lacks bond, 802.1Q VLAN, VRF, dummy links, md, device-mapper and vfat, so
the tests needing them skip here. ``run_pytest_in_vm`` boots the kernel that tests/vm/fetch-kernel
unpacked into .cache/vm with an initramfs built here (a static busybox, tests/vm/init as PID 1 and
the modules of tests/vm/kernel-modules), on the host's own root shared read-only over 9p; there it
runs pytest on the node ids it is given, from this checkout, with this interpreter, and returns what
each test did (from pytest's JUnit XML) with pytest's output and the serial console log.

Rules of this file:

1. QEMU gets no network device (``-nic none``): the tests' traffic stays in namespaces inside the VM.
2. QEMU never outlives a call: it is killed when the timeout passes, and on any error or interrupt.
3. The host's root is shared read-only (``readonly=on``); only the run's share directory is writable.
"""

from __future__ import annotations

import gzip
import lzma
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pytest
import zstandard

from booty.app.demo_setup import is_static_elf

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]
KERNEL_DIR = CHECKOUT / ".cache" / "vm" / "kernel"
MODULE_LIST = HERE / "kernel-modules"
INIT = HERE / "init"
BUILD_INITRAMFS = CHECKOUT / "init" / "build-initramfs"
BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")
QEMU = "qemu-system-x86_64"
HOST_TAG, SHARE_TAG = "hostroot", "results"
GUEST_SHARE = "/run/booty-vm"
"""Where the VM mounts the run's share (a tmpfs /run, so the host's root needs no such directory)."""
KERNEL_ARGS = "console=ttyS0 panic=-1"
"""panic=-1: if PID 1 dies the kernel reboots at once, which -no-reboot turns into QEMU exiting."""
_COMPRESSED = {".xz": lzma.decompress, ".gz": gzip.decompress, ".zst": zstandard.decompress}


class VmError(Exception):
    """The VM could not be prepared (a module missing from the kernel, an initramfs not built)."""


@attrs.frozen
class Kernel:
    """A kernel unpacked by tests/vm/fetch-kernel: its image and its modules directory."""

    release: str
    image: Path
    modules: Path


@attrs.frozen
class InnerTest:
    """One test case as pytest in the VM reported it."""

    nodeid: str
    outcome: str
    """passed, failed, error or skipped."""
    message: str = ""
    """The skip reason, or the failure's message and traceback."""


@attrs.frozen
class VmRun:
    """What one boot produced."""

    accelerator: str
    """kvm or tcg (see ``accelerator``)."""
    results: tuple[InnerTest, ...]
    exit_status: int | None
    """pytest's exit status in the VM; None when the VM never got that far (see the console)."""
    timed_out: bool
    seconds: float
    console: str
    pytest_output: str
    workdir: Path

    def by_file(self, path: str) -> tuple[InnerTest, ...]:
        return tuple(t for t in self.results if t.nodeid.split("::")[0] == path)

    def console_tail(self, lines: int = 60) -> str:
        return "\n".join(self.console.splitlines()[-lines:])

    def summary(self) -> str:
        """The state of the run, pytest's output tail and the console tail, for failure messages."""
        state = "timed out" if self.timed_out else f"pytest exit status {self.exit_status}"
        state += f", {self.accelerator}"
        output = "\n".join(self.pytest_output.splitlines()[-40:])
        return (
            f"VM run ({state}, {self.seconds:.0f} s, files in {self.workdir})\n"
            f"--- pytest output in the VM (tail) ---\n{output}\n"
            f"--- serial console (tail) ---\n{self.console_tail()}"
        )


def find_kernel(directory: Path = KERNEL_DIR) -> Kernel | None:
    """The kernel fetch-kernel left in *directory*, or None when there is none (or no modules.dep)."""
    images = sorted((directory / "boot").glob("vmlinuz-*"))
    if not images:
        return None
    release = images[0].name.removeprefix("vmlinuz-")
    modules = directory / "lib" / "modules" / release
    return Kernel(release, images[0], modules) if (modules / "modules.dep").is_file() else None


def find_busybox() -> str:
    for path in BUSYBOX_CANDIDATES:
        try:
            with Path(path).open("rb") as stream:
                if is_static_elf(stream.read(4096)):
                    return path
        except OSError:
            continue
    return ""


def unavailable() -> str | None:
    """Why the VM cannot run on this machine, or None when it can."""
    if os.geteuid() != 0:
        return "needs root: the VM runs the tests as root on this machine's whole root file system"
    if shutil.which(QEMU) is None:
        return f"{QEMU} is not installed (Debian: qemu-system-x86; ./dev setup as root installs it)"
    if find_kernel() is None:
        return f"no Debian kernel in {KERNEL_DIR}: run ./dev setup as root (it runs tests/vm/fetch-kernel)"
    if not find_busybox():
        return "no static busybox for the VM's initramfs (Debian: busybox-static)"
    return None


## The initramfs


def _module_name(path: str) -> str:
    """``kernel/drivers/md/md-mod.ko.xz`` -> ``md_mod`` (the kernel treats - and _ alike)."""
    name = path.rsplit("/", 1)[-1]
    for suffix in _COMPRESSED:
        name = name.removesuffix(suffix)
    return name.removesuffix(".ko").replace("-", "_")


def wanted_modules(listing: Path = MODULE_LIST) -> list[str]:
    lines = (line.strip() for line in listing.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def module_order(kernel: Kernel, names: Iterable[str]) -> list[str]:
    """Paths under *kernel*'s modules directory of *names* and of every module they need, each
    after the modules it needs (modules.dep); names built into the kernel need nothing.

    Raises:
        VmError: a name is neither a module of this kernel nor built into it.
    """
    deps: dict[str, list[str]] = {}
    by_name: dict[str, str] = {}
    for line in (kernel.modules / "modules.dep").read_text().splitlines():
        path, _, needs = line.partition(":")
        deps[path] = needs.split()
        by_name[_module_name(path)] = path
    builtin = {_module_name(p) for p in (kernel.modules / "modules.builtin").read_text().split()}
    order: list[str] = []

    def visit(path: str) -> None:
        if path in order:
            return
        for need in reversed(deps[path]):  # modprobe's order: the last one listed loads first
            visit(need)
        order.append(path)

    for name in names:
        key = name.replace("-", "_")
        if key in by_name:
            visit(by_name[key])
        elif key not in builtin:
            raise VmError(f"kernel {kernel.release} has no module {name} (tests/vm/kernel-modules)")
    return order


def _uncompressed(path: str) -> str:
    return next((path.removesuffix(s) for s in _COMPRESSED if path.endswith(s)), path)


def build_initramfs(kernel: Kernel, workdir: Path) -> Path:
    """An uncompressed initramfs in *workdir*: busybox, tests/vm/init as /init, and the modules
    of tests/vm/kernel-modules with their dependencies, decompressed (busybox's insmod reads
    only plain .ko files), listed in load order in /etc/modules-order."""
    tree = workdir / "initramfs"
    (tree / "bin").mkdir(parents=True)
    (tree / "etc").mkdir()
    shutil.copyfile(find_busybox(), tree / "bin" / "busybox")
    (tree / "bin" / "busybox").chmod(0o755)
    init = INIT.read_text()
    for key, value in {"HOST_TAG": HOST_TAG, "SHARE_TAG": SHARE_TAG, "GUEST_SHARE": GUEST_SHARE}.items():
        init = init.replace(f"@{key}@", value)
    (tree / "init").write_text(init)
    (tree / "init").chmod(0o755)
    loaded = []
    for path in module_order(kernel, wanted_modules()):
        plain = _uncompressed(path)
        data = (kernel.modules / path).read_bytes()
        target = tree / "lib" / "modules" / plain
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_COMPRESSED[path[len(plain) :]](data) if plain != path else data)
        loaded.append(plain)
    (tree / "etc" / "modules-order").write_text("".join(f"{p}\n" for p in loaded))
    output = workdir / "initramfs.cpio"
    packed = subprocess.run(
        [str(BUILD_INITRAMFS), str(tree), str(output)], capture_output=True, text=True, check=False
    )
    shutil.rmtree(tree)
    if packed.returncode != 0:
        raise VmError(f"init/build-initramfs failed: {packed.stderr.strip()}")
    return output


## The run


# Plugins the tests run in the VM do not use: under TCG, importing hypothesis alone takes seconds
# (pytest-bdd's ini option bdd_features_base_dir is then unknown: that warning is silenced).
UNUSED_PLUGINS = ("cacheprovider", "hypothesispytest", "pytest-bdd", "pytest_cov")


def _command(node_ids: Sequence[str], deselect: Sequence[str]) -> str:
    """The script tests/vm/init runs in the VM, chrooted into the host's root."""
    pytest_argv = [
        sys.executable, "-m", "pytest", *(f"-pno:{name}" for name in UNUSED_PLUGINS),
        "-W", "ignore::pytest.PytestConfigWarning", "-o", "junit_family=xunit1",
        f"--junitxml={GUEST_SHARE}/junit.xml", "-ra", "--durations=10",
        *(f"--deselect={node}" for node in deselect), *node_ids,
    ]  # fmt: skip
    return (
        "#!/bin/sh\n"
        "# Written by tests/vm/harness.py, run in the VM by tests/vm/init.\n"
        "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root\n"
        "export LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1\n"
        f"cd {shlex.quote(str(CHECKOUT))} || exit 97\n"
        f"exec {shlex.join(pytest_argv)} >{GUEST_SHARE}/pytest.log 2>&1\n"
    )


def kvm_runs_stock_kernels() -> bool:
    """True when /dev/kvm is hardware virtualization (kvm_intel, kvm_amd).

    Some cloud sandboxes offer a /dev/kvm backed by kvm_pvm (Pagetable-based Virtual Machine,
    shadow paging without VT-x): it runs only kernels built as PVM guests. A stock Debian kernel
    hangs there in its decompressor, and booted uncompressed (PVH) it stops at its first int3
    with "KVM internal error ... emulation failure".
    """
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    return any(Path("/sys/module", name).is_dir() for name in ("kvm_intel", "kvm_amd"))


def accelerator() -> str:
    """KVM where it runs a stock kernel, otherwise QEMU's TCG with a thread per virtual CPU.

    TCG runs CPU-bound code 15 to 25 times slower than the host (Python imports, mkfs), but
    the tests here mostly wait on the kernel and on peers, and the VM suite stays within its
    budget. BOOTY_VM_ACCEL=kvm or BOOTY_VM_ACCEL=tcg forces one.
    """
    forced = os.environ.get("BOOTY_VM_ACCEL", "")
    return "kvm" if forced == "kvm" or (not forced and kvm_runs_stock_kernels()) else "tcg"


ACCELERATORS = {
    "kvm": ("-enable-kvm", "-cpu", "host"),
    "tcg": ("-accel", "tcg,thread=multi", "-cpu", "max"),
}


def qemu_argv(
    kernel: Kernel, initramfs: Path, share: Path, *, accel: str, memory_mib: int, cpus: int
) -> list[str]:
    # multidevs=remap: the host's root spans several file systems (/proc, /sys, /dev/shm, ...);
    # QEMU then gives their files distinct inode numbers in the guest instead of colliding ones.
    return [
        QEMU, *ACCELERATORS[accel], "-m", str(memory_mib), "-smp", str(cpus),
        "-nodefaults", "-no-user-config", "-nographic", "-serial", "stdio", "-no-reboot",
        "-nic", "none",
        "-kernel", str(kernel.image), "-initrd", str(initramfs), "-append", KERNEL_ARGS,
        "-virtfs", f"local,path=/,mount_tag={HOST_TAG},security_model=none,readonly=on,multidevs=remap",
        "-virtfs", f"local,path={share},mount_tag={SHARE_TAG},security_model=none,multidevs=remap",
    ]  # fmt: skip


def run_pytest_in_vm(
    node_ids: Sequence[str],
    *,
    deselect: Sequence[str] = (),
    timeout: float = 600,
    workdir: Path | None = None,
    memory_mib: int = 2048,
    cpus: int = 2,
) -> VmRun:
    """Boot the VM, run pytest on *node_ids* (relative to the checkout) but not on *deselect*.

    Skips the calling test when this machine cannot run the VM (see ``unavailable``). QEMU is
    killed after *timeout* seconds; the run then has ``timed_out`` and whatever results exist.
    *workdir* (a new temporary directory by default) keeps the console log and the share: the
    command, pytest's output, its JUnit XML and the exit status.
    """
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    kernel = find_kernel()
    assert kernel is not None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="booty-vm-"))
    share = workdir / "share"
    share.mkdir(parents=True)
    (share / "command").write_text(_command(node_ids, deselect))
    initramfs = build_initramfs(kernel, workdir)
    console = workdir / "console.log"
    accel = accelerator()
    argv = qemu_argv(kernel, initramfs, share, accel=accel, memory_mib=memory_mib, cpus=cpus)
    started = time.monotonic()
    timed_out = False
    with console.open("wb") as log:
        qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            qemu.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            if qemu.poll() is None:
                qemu.kill()
                qemu.wait()
            initramfs.unlink()
    seconds = time.monotonic() - started
    return VmRun(
        accelerator=accel,
        results=parse_junit(share / "junit.xml"),
        exit_status=_read_int(share / "exit-status"),
        timed_out=timed_out,
        seconds=seconds,
        console=console.read_text(errors="replace"),
        pytest_output=_read(share / "pytest.log"),
        workdir=workdir,
    )


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.is_file() else ""


def _read_int(path: Path) -> int | None:
    text = _read(path).strip()
    return int(text) if text.isdigit() else None


_RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


def parse_junit(path: Path) -> tuple[InnerTest, ...]:
    """The test cases of pytest's JUnit XML (xunit1, which names each case's file), by node id.

    A test whose teardown failed after it passed appears twice; the worse outcome is kept.
    """
    if not path.is_file():
        return ()
    found: dict[str, InnerTest] = {}
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 (our own VM's pytest wrote it)
        file = case.get("file", "")
        module = file.removesuffix(".py").replace("/", ".")
        cls = case.get("classname", "").removeprefix(module).lstrip(".")
        nodeid = "::".join(part for part in (file, cls, case.get("name", "")) if part)
        test = InnerTest(nodeid, "passed")
        for child in case:
            if child.tag in {"failure", "error"}:
                text = f"{child.get('message', '')}\n{child.text or ''}".strip()
                test = InnerTest(nodeid, "failed" if child.tag == "failure" else "error", text)
            elif child.tag == "skipped" and test.outcome == "passed":
                test = InnerTest(nodeid, "skipped", child.get("message", ""))
        known = found.get(nodeid)
        if known is None or _RANK[test.outcome] > _RANK[known.outcome]:
            found[nodeid] = test
    return tuple(found.values())
