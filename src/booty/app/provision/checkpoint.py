"""The resume checkpoint: which steps of which run are done, saved after every step.

With resume on (``--resume`` or BOOTY_RESUME=true, the later upstream's switch), an agent that was
restarted half-way (a watchdog, a power blip in the ramdisk) continues where it stopped instead of
streaming the image again. The file is JSON, written atomically through the Host port, and removed
when the run succeeds. A checkpoint of another pipeline or another IMAGE is ignored.
"""

from __future__ import annotations

import json

import attrs

from booty.app.provision.context import RunContext, log

VERSION = 1


@attrs.frozen
class Checkpoint:
    """Completed steps of one run."""

    pipeline: str
    images: tuple[str, ...]
    completed: tuple[str, ...] = ()
    firmware_changed: bool = False


def load_checkpoint(ctx: RunContext) -> Checkpoint | None:
    """The checkpoint on disk, or None when there is none or it cannot be read (logged)."""
    path = ctx.options.checkpoint_path
    try:
        data = json.loads(ctx.ports.host.read_file(path))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
        return Checkpoint(
            str(data["pipeline"]),
            tuple(str(u) for u in data["images"]),
            tuple(str(s) for s in data["completed"]),
            bool(data.get("firmware_changed", False)),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        log.warning("Ignoring unreadable checkpoint", extra={"path": path, "error": str(e)})
        return None


def save_checkpoint(ctx: RunContext, checkpoint: Checkpoint) -> None:
    """Write *checkpoint* atomically; a failure to write it is logged, never fatal."""
    document = {"version": VERSION, **attrs.asdict(checkpoint)}
    try:
        ctx.ports.host.write_file(ctx.options.checkpoint_path, json.dumps(document).encode(), mode=0o600)
    except OSError as e:
        log.warning(
            "Could not save the checkpoint", extra={"path": ctx.options.checkpoint_path, "error": str(e)}
        )


def remove_checkpoint(ctx: RunContext) -> None:
    """Delete the checkpoint after a successful run (absent is fine)."""
    try:
        ctx.ports.host.remove(ctx.options.checkpoint_path)
    except FileNotFoundError:
        pass
    except OSError as e:
        log.warning(
            "Could not remove the checkpoint", extra={"path": ctx.options.checkpoint_path, "error": str(e)}
        )
