"""Progress arithmetic of an image stream: rates, ETA, when to log, and the final summary.

Rules of this file: no clock and no logging. The app passes in elapsed seconds and byte counts and
logs what these functions return (logger ``booty.stream``).

Two counts are kept apart: bytes *received* from the source (compressed, what Content-Length
describes) and bytes *written* to the target (decompressed). The ETA is computed from the received
fraction, because only the compressed total is known in advance.
"""

from __future__ import annotations

import attrs

DEFAULT_PROGRESS_INTERVAL_S = 5.0
"""A progress line every five seconds (v0.0.1 printed every 2 s to stdout, spec §3.8)."""


@attrs.frozen
class Progress:
    """Where a stream stands at one instant."""

    written: int
    """Decompressed bytes written to the target so far."""
    received: int
    """Bytes received from the source so far (compressed)."""
    elapsed_s: float
    """Seconds since the stream started."""
    total: int | None = None
    """Bytes the source announced (compressed), when it did."""

    @property
    def write_rate(self) -> float:
        """Bytes written per second; 0 before any time has passed."""
        return self.written / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def receive_rate(self) -> float:
        """Bytes received per second; 0 before any time has passed."""
        return self.received / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def fraction(self) -> float | None:
        """Share of the announced total received, 0.0 to 1.0; None when no total is known."""
        if not self.total:
            return None
        return min(1.0, self.received / self.total)

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the average receive rate so far; None when unknown (no total, no rate)."""
        rate = self.receive_rate
        if self.total is None or rate <= 0:
            return None
        return max(0.0, (self.total - self.received) / rate)


def progress_due(
    now_s: float, *, last_logged_s: float, interval_s: float = DEFAULT_PROGRESS_INTERVAL_S
) -> bool:
    """True when a progress line is due: *interval_s* or more since the last one."""
    return now_s - last_logged_s >= interval_s


def format_bytes(count: int) -> str:
    """SI units as v0.0.1 printed them: ``999 B``, ``1.0 MB``, ``83 MB``, ``5.0 GB`` (spec §3.8)."""
    if count < 1000:
        return f"{count} B"
    value, unit = count / 1000, "kB"
    for bigger in ("MB", "GB", "TB", "PB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def format_duration(seconds: float) -> str:
    """``42s``, ``3m07s``, ``1h02m``: short enough for a progress line."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def mb_per_s(count: int, seconds: float) -> float:
    """Megabytes (10**6) per second; 0 for a zero duration."""
    return count / 1e6 / seconds if seconds > 0 else 0.0


def describe_progress(progress: Progress) -> str:
    """The human part of a progress line: ``1.2 GB written, 40% of 3.0 GB received, 210 MB/s, ETA 9s``."""
    parts = [f"{format_bytes(progress.written)} written"]
    fraction = progress.fraction
    if fraction is not None and progress.total is not None:
        parts.append(f"{fraction:.0%} of {format_bytes(progress.total)} received")
    else:
        parts.append(f"{format_bytes(progress.received)} received")
    parts.append(f"{mb_per_s(progress.written, progress.elapsed_s):.0f} MB/s")
    eta = progress.eta_s
    if eta is not None:
        parts.append(f"ETA {format_duration(eta)}")
    return ", ".join(parts)
