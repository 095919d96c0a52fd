"""The ``docx`` exporter: a Word report for leadership, in the theme's (or a reference's) styles.

This module stays cheap to import (it is loaded to list exporters); python-docx and the
report's structure load only when exporting.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from briefing.output import with_ext, write_atomic

if TYPE_CHECKING:
    from briefing.model import Briefing
    from briefing.themes import Theme


class DocxExporter:
    """Writes ``<name>.docx``: cover, contents, executive summary, a chapter per track,
    a section per session and a session index."""

    name: ClassVar[str] = "docx"
    extensions: ClassVar[tuple[str, ...]] = ("docx",)
    description: ClassVar[str] = "Word report for leadership"

    def unavailable(self) -> str | None:
        return None

    def export(self, briefing: Briefing, theme: Theme, output: Path) -> list[Path]:
        from briefing.exporters.docx.pagenumbers import with_page_numbers
        from briefing.exporters.docx.report import render

        data = with_page_numbers(lambda pages: render(briefing, theme, pages))
        return [write_atomic(with_ext(output, "docx"), data)]
