"""Argument types shared by several commands."""

from __future__ import annotations

import argparse

MAX_SECONDS = 86400


def seconds(text: str) -> float:
    """A duration in seconds, more than 0 and at most a day (argparse ``type=``)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"not a number of seconds between 0 and {MAX_SECONDS}: {text!r}")
    return value
