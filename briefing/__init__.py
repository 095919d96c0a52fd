"""briefing: conference session notes, written once in YAML, as a deck, a report and more."""

from __future__ import annotations

__version__ = "0.1.0"
