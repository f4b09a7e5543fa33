"""The stream-image use case: try the IMAGE alternatives in order until one is on the disk, verified.

Rules of this file:
1. Alternatives are tried in order (``decide_hand_over``); a failure of the target stops at once.
2. Each alternative may run several attempts: a restart from byte 0 (the server could not resume)
   opens the target again and writes from its start.
3. If any byte was written and the stream then failed, for whatever reason, the target's first and
   last MiB are zeroed and synced (partition tables and boot code gone) before the error is raised.
4. Logging is here, on ``booty.stream``: one line per event, progress every few seconds, a summary.
"""

from __future__ import annotations

import logging

import attrs

from booty.app.streaming.pipeline import AttemptOutcome, WriteState, run_attempt
from booty.app.streaming.sources import RestartFromZero, Source, StreamPorts, open_source
from booty.domain.errors import (
    ChecksumMismatch,
    DeviceWriteFailed,
    ImageStreamError,
    SourceFailed,
    StreamFailed,
)
from booty.domain.image import ImageRef
from booty.domain.stream.checksum import check_digest
from booty.domain.stream.plan import StreamPlan, StreamResult
from booty.domain.stream.progress import Progress, describe_progress, format_bytes, progress_due
from booty.domain.stream.sources import FailureSide, decide_hand_over

log = logging.getLogger("booty.stream")


def stream_image(plan: StreamPlan, ports: StreamPorts) -> StreamResult:
    """Write the first IMAGE alternative that delivers the whole image onto ``plan.target``.

    Returns:
        What was written, from where, how fast, and why earlier alternatives were passed over.

    Raises:
        StreamFailed: no alternative delivered the image (or the target failed); ``wiped`` says
            whether the target's partition table signatures were destroyed.
    """
    state = WriteState()
    failures: list[ImageStreamError] = []
    count = len(plan.sources)
    for index, ref in enumerate(plan.sources):
        log.info(
            "Streaming image",
            extra={"source": ref.redacted, "target": plan.target.path, "alternative": f"{index + 1}/{count}"},
        )
        try:
            result = _stream_source(ref, plan, ports, state)
        except (SourceFailed, DeviceWriteFailed) as e:
            failures.append(e)
            side = FailureSide.TARGET if isinstance(e, DeviceWriteFailed) else FailureSide.SOURCE
            hand_over = decide_hand_over(side, index=index, count=count)
            log.warning(
                "Image source failed",
                extra={"source": ref.redacted, "error": str(e), "next": hand_over.reason},
            )
            if hand_over.next_index is None:
                break
            continue
        except BaseException:
            if state.wrote:
                _destroy_signatures(plan, ports)
            raise
        result = attrs.evolve(result, handed_over=tuple(str(f) for f in failures))
        _log_summary(result)
        return result
    wiped, wipe_error = _destroy_signatures(plan, ports) if state.wrote else (False, "")
    error = StreamFailed(plan.target.path, failures, wiped=wiped, wipe_error=wipe_error)
    log.error("Image streaming failed", extra={"target": plan.target.path, "error": str(error)})
    raise error


def _stream_source(ref: ImageRef, plan: StreamPlan, ports: StreamPorts, state: WriteState) -> StreamResult:
    started = ports.clock.monotonic()
    source = open_source(ref, ports, plan.tuning)
    restarts = 0
    try:
        while True:
            try:
                outcome = _attempt(source, plan, ports, state, started)
                break
            except RestartFromZero as restart:
                restarts += 1
                if not plan.tuning.retry.has_attempt_after(restarts):
                    raise SourceFailed(
                        source.shown, f"{restart.reason}; gave up after {restarts} restarts"
                    ) from None
                log.warning(
                    "Image stream restarting from byte 0",
                    extra={"source": source.shown, "reason": restart.reason, "delay_s": restart.delay_s},
                )
                ports.clock.sleep(restart.delay_s)
    finally:
        source.close()
    digest = _verified(source, plan, outcome)
    return StreamResult(
        source=source.shown,
        target=plan.target.path,
        image_format=outcome.image_format,
        written=outcome.written,
        received=source.received,
        seconds=ports.clock.monotonic() - started,
        digest=digest,
        blob_digest=source.digest,
        resumes=source.resumes,
        restarts=restarts,
    )


def _attempt(
    source: Source, plan: StreamPlan, ports: StreamPorts, state: WriteState, started: float
) -> AttemptOutcome:
    source.start()
    writer = ports.block.open_writer(plan.target)
    progress = _ProgressLog(ports, source, plan.tuning.progress_interval_s, started)
    try:
        return run_attempt(
            source, writer, tuning=plan.tuning, expected=plan.expected, state=state, on_progress=progress.tick
        )
    finally:
        writer.close()


def _verified(source: Source, plan: StreamPlan, outcome: AttemptOutcome) -> str:
    if plan.expected is None:
        return ""
    check = check_digest(plan.expected, outcome.digest_hex)
    algorithm = plan.expected.algorithm.value
    if not check.ok:
        raise ChecksumMismatch(source.shown, algorithm=algorithm, got=check.got, want=check.want)
    log.info("Checksum verified", extra={"source": source.shown, "digest": f"{algorithm}:{check.got}"})
    return f"{algorithm}:{check.got}"


@attrs.define
class _ProgressLog:
    """Logs a progress line from the writer thread every ``interval_s`` seconds."""

    ports: StreamPorts
    source: Source
    interval_s: float
    started: float
    last: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.last = self.ports.clock.monotonic()

    def tick(self, written: int) -> None:
        now = self.ports.clock.monotonic()
        if not progress_due(now, last_logged_s=self.last, interval_s=self.interval_s):
            return
        self.last = now
        progress = Progress(written, self.source.received, now - self.started, self.source.length)
        log.info(
            f"Stream progress: {describe_progress(progress)}",
            extra={
                "source": self.source.shown,
                "written": written,
                "received": progress.received,
                "total": progress.total if progress.total is not None else "",
                "rate_mb_s": round(progress.write_rate / 1e6, 1),
                "eta_s": round(progress.eta_s) if progress.eta_s is not None else "",
            },
        )


def _log_summary(result: StreamResult) -> None:
    speed = f"{result.seconds:.1f} s ({result.mb_per_s:.0f} MB/s)"
    log.info(
        f"Image written: {format_bytes(result.written)} in {speed}",
        extra={
            "source": result.source,
            "target": result.target,
            "format": result.image_format.value,
            "bytes": result.written,
            "received": result.received,
            "seconds": round(result.seconds, 3),
            "mb_s": round(result.mb_per_s, 1),
            "digest": result.digest or result.blob_digest or "none",
            "resumes": result.resumes,
            "restarts": result.restarts,
        },
    )


def _destroy_signatures(plan: StreamPlan, ports: StreamPorts) -> tuple[bool, str]:
    """Zero the first and last ``wipe_bytes`` of the target and sync; (done, error text)."""
    size = plan.tuning.wipe_bytes
    try:
        writer = ports.block.open_writer(plan.target)
        try:
            writer.zero_head_and_tail(size)
        finally:
            writer.close()
    except DeviceWriteFailed as e:
        log.critical(
            "Could not destroy the partition table signatures",
            extra={"target": plan.target.path, "error": str(e)},
        )
        return False, str(e)
    log.error("Partition table signatures destroyed", extra={"target": plan.target.path, "bytes": size})
    return True, ""
