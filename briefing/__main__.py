"""Entry point for ``python -m briefing``."""

from __future__ import annotations

from briefing.launch import main

main()
