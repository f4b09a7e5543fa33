"""``python -m booty`` and the ``booty`` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with *argv* (default: the process arguments); returns the exit code."""
    from booty.bootstrap import run_cli

    return run_cli(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
