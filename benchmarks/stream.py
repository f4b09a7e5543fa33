"""Benchmark: ``booty stream`` against the shell pipeline ``curl | <tool> -dc | dd``, format by format.

Not a test: run it by hand, as root (it attaches a loop device), and paste its table into README.md::

    sudo .venv/bin/python benchmarks/stream.py [--size-mib 1024] [--repeat 3] [--workdir DIR]

What it does:

1. Generates a seeded disk-like image (1 MiB blocks: 45 % zeros, 25 % random, 30 % text with a few
   random bytes), and compresses it with the standard tools (``gzip -6``, ``zstd -3``, ``lz4 -1``,
   ``xz -6 -T2``, ``bzip2 -9``); the files are kept in the work directory and reused.
2. Serves them from a local HTTP server on 127.0.0.1 (``sendfile``, so the server is not the limit).
3. For every format, streams the image with ``booty stream URL TARGET`` (a child process, timed from
   start to exit, its peak RSS from ``wait4``) and with the reference pipeline
   ``curl -s URL | <tool> -dc | dd of=TARGET bs=4M`` to the same target, best of ``--repeat`` runs
   (booty and the reference alternate, so a busy moment of the machine hurts both sides).
   The targets: a loop device over a sparse file on tmpfs (named explicitly, so ``booty stream``
   chooses it through the disk safety checks), and a regular file on tmpfs (an ``ImageFile``:
   ``/dev/null`` is no longer accepted, since booty writes a device only after disk selection).
   booty also fsyncs the target at the end (the reference does not: ``dd`` without ``conv=fsync``);
   booty's numbers include that, and its Python start-up.
4. Checks once per format that the loop device holds exactly the image (sha256), then prints a
   Markdown table: MB/s (10**6 bytes of decompressed image per second) for both, their ratio, and
   booty's peak RSS.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess  # noqa: TID251 - a benchmark drives curl, dd and losetup directly
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MiB = 1 << 20
BOOTY = [sys.executable, "-m", "booty"]
FORMATS: dict[str, tuple[str, list[str], str]] = {
    # name: (file suffix, compress command (stdin -> stdout), reference decompressor)
    "raw": ("raw", [], ""),
    "gzip": ("gz", ["gzip", "-6", "-c"], "gzip -dc"),
    "zstd": ("zst", ["zstd", "-3", "-q", "-c"], "zstd -dc"),
    "lz4": ("lz4", ["lz4", "-1", "-q", "-c"], "lz4 -dc"),
    "xz": ("xz", ["xz", "-6", "-T2", "-c"], "xz -dc"),
    "bzip2": ("bz2", ["bzip2", "-9", "-c"], "bzip2 -dc"),
}


def generate_image(path: Path, size: int, *, seed: int = 20260101) -> None:
    """A disk-like image: compressible, but not trivially (see the module docstring)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    alphabet = b"abcdefghijklmnopqrstuvwxyz"
    words = [bytes(rng.choice(alphabet) for _ in range(rng.randint(2, 10))) for _ in range(5000)]
    texts = []
    for _ in range(16):
        text = bytearray()
        while len(text) < MiB:
            text += b" ".join(rng.choices(words, k=12)) + b"\n"
        texts.append(bytes(text[:MiB]))
    zero = bytes(MiB)
    with path.open("wb") as out:
        for _ in range(size // MiB):
            kind = rng.random()
            if kind < 0.45:
                out.write(zero)
            elif kind < 0.70:
                out.write(rng.randbytes(MiB))
            else:
                block = bytearray(rng.choice(texts))
                for _ in range(64):
                    block[rng.randrange(MiB)] = rng.randrange(256)
                out.write(block)


def prepare(workdir: Path, size: int) -> dict[str, Path]:
    """The image in every format, generated once per size and kept."""
    raw = workdir / f"image-{size // MiB}M.raw"
    if not raw.exists():
        print(f"generating {raw} ...", file=sys.stderr)
        generate_image(raw.with_suffix(".tmp"), size)
        raw.with_suffix(".tmp").rename(raw)
    files = {"raw": raw}
    for name, (suffix, compress, _) in FORMATS.items():
        if not compress:
            continue
        path = raw.with_suffix(f".{suffix}")
        if not path.exists():
            print(f"compressing {path} ...", file=sys.stderr)
            tmp = path.with_suffix(".tmp")
            with raw.open("rb") as src, tmp.open("wb") as dst:
                subprocess.run(compress, stdin=src, stdout=dst, check=True)
            tmp.rename(path)
        files[name] = path
    return files


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _FileServer

    def do_GET(self) -> None:
        path = self.server.files.get(self.path)
        if path is None:
            self.send_error(404)
            return
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            start = 0
            if self.headers.get("Range", "").startswith("bytes="):
                start = int(self.headers["Range"][6:].split("-")[0])
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(size - start))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            self.wfile.flush()
            try:
                self.connection.sendfile(f, start, size - start)
            except OSError:  # the client went away
                self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _FileServer(ThreadingHTTPServer):
    daemon_threads = True
    files: dict[str, Path]


@contextmanager
def serving(files: dict[str, Path]) -> Iterator[str]:
    """A local HTTP server for *files* (by name) on 127.0.0.1; yields its base URL."""
    server = _FileServer(("127.0.0.1", 0), _Handler)
    server.files = {f"/{path.name}": path for path in files.values()}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def loop_device(backing_dir: Path, size: int) -> Iterator[str]:
    """A loop device over a sparse file in *backing_dir*; detached and removed afterwards."""
    backing = Path(tempfile.mkstemp(prefix="booty-bench-", suffix=".loop", dir=backing_dir)[1])
    os.truncate(backing, size)
    device = ""
    try:
        device = subprocess.run(
            ["losetup", "--find", "--show", str(backing)], check=True, capture_output=True, text=True
        ).stdout.strip()
        yield device
    finally:
        if device:
            subprocess.run(["losetup", "--detach", device], check=False)
        backing.unlink(missing_ok=True)


def time_booty(url: str, target: str) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one ``booty stream`` run."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [*BOOTY, "stream", url, target], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read() if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"booty stream {url} {target} failed:\n{stderr}")
    return seconds, int(usage.ru_maxrss)


def time_reference(url: str, tool: str, target: str) -> float:
    """Seconds of ``curl -s URL | tool | dd of=TARGET bs=4M``."""
    middle = f" | {tool}" if tool else ""
    command = f"curl -s {url}{middle} | dd of={target} bs=4M status=none; exit ${{PIPESTATUS[0]}}"
    start = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c", command], check=True)
    return time.perf_counter() - start


def sha256_of(path: str, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:  # noqa: PTH123 - a device node
        left = size
        while left and (block := f.read(min(left, 8 * MiB))):
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/var/tmp/booty-bench"))  # noqa: S108
    parser.add_argument("--loop-dir", type=Path, default=Path("/dev/shm"), help="tmpfs for the loop file")  # noqa: S108
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("run as root: the benchmark attaches a loop device", file=sys.stderr)
        return 2
    missing = [
        t for t in ("curl", "dd", "losetup", "gzip", "zstd", "lz4", "xz", "bzip2") if not shutil.which(t)
    ]
    if missing:
        print(f"missing tools: {', '.join(missing)}", file=sys.stderr)
        return 2
    size = args.size_mib * MiB
    args.workdir.mkdir(parents=True, exist_ok=True)
    files = prepare(args.workdir, size)
    expected = sha256_of(str(files["raw"]), size)  # streamed: a big parent would inflate the child's RSS
    rows = []
    plain = args.loop_dir / f"booty-bench-{os.getpid()}.img"
    plain.touch()  # booty stream writes only an existing file; dd truncates it for the reference
    try:
        with serving(files) as base, loop_device(args.loop_dir, size) as loop:
            # Fill the loop file once, so that no measured run pays for tmpfs allocating its pages.
            subprocess.run(
                [
                    "dd",
                    "if=/dev/zero",
                    f"of={loop}",
                    "bs=4M",
                    f"count={size // (4 * MiB)}",
                    "conv=fsync",
                    "status=none",
                ],
                check=True,
            )
            for name in args.formats.split(","):
                url = f"{base}/{files[name].name}"
                tool = FORMATS[name][2]
                row = {"format": name, "size": files[name].stat().st_size}
                for target, label in ((loop, "loop"), (str(plain), "file")):
                    booty_runs, reference_runs = [], []
                    for _ in range(args.repeat):  # interleaved, so that a busy moment hurts both sides
                        booty_runs.append(time_booty(url, target))
                        if label == "loop" and len(booty_runs) == 1 and sha256_of(loop, size) != expected:
                            raise RuntimeError(f"{name}: the loop device does not hold the image")
                        reference_runs.append(time_reference(url, tool, target))
                    row[f"booty_{label}"] = size / 1e6 / min(s for s, _ in booty_runs)
                    row["rss_kib"] = max(int(row.get("rss_kib", 0)), *(r for _, r in booty_runs))
                    row[f"ref_{label}"] = size / 1e6 / min(reference_runs)
                rows.append(row)
                print(_line(row), file=sys.stderr)
    finally:
        plain.unlink(missing_ok=True)
    print(_table(rows, size, args.repeat))
    return 0


def _line(row: dict[str, float | str | int]) -> str:
    return " ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())


def _table(rows: list[dict[str, float | str | int]], size: int, repeat: int) -> str:
    head = (
        f"Image: {size // MiB} MiB, disk-like (45 % zeros, 25 % random, 30 % text); best of {repeat} runs; "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}.\n\n"
        "| format | compressed | booty → loop | reference → loop | ratio | booty → tmpfs file "
        "| reference → tmpfs file | ratio | booty peak RSS |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for r in rows:
        lines.append(
            f"| {r['format']} | {int(r['size']) / MiB:.0f} MiB "
            f"| {float(r['booty_loop']):.0f} MB/s | {float(r['ref_loop']):.0f} MB/s "
            f"| {float(r['booty_loop']) / float(r['ref_loop']):.2f} "
            f"| {float(r['booty_file']):.0f} MB/s | {float(r['ref_file']):.0f} MB/s "
            f"| {float(r['booty_file']) / float(r['ref_file']):.2f} "
            f"| {int(r['rss_kib']) / 1024:.0f} MiB |"
        )
    return head + "\n".join(lines)


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks: loop device detached


if __name__ == "__main__":
    # Started in the background by a shell, SIGINT may be ignored: make both signals clean up.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(main())
