"""The console entry point (``briefing``, ``python -m briefing``): Ctrl-C while briefing is
still starting is reported as it is later, in one line, never as a traceback."""

from __future__ import annotations

import sys

INTERRUPTED = "Interrupted; earlier outputs were left as they were."


def main() -> None:
    """Import the CLI and run it; an interrupt during the import ends with status 130."""
    try:
        from briefing.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED + "\n")
        sys.exit(130)
    run()
