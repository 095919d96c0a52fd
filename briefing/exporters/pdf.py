"""The ``pdf`` exporter: the deck and the report as PDFs, converted by LibreOffice headless."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from briefing.model import Briefing
    from briefing.themes import Theme

# Which document each PDF comes from, and the suffix its file name gets.
PARTS = (("pptx", "deck"), ("docx", "report"))


class PdfExporter:
    """Writes ``<name>-deck.pdf`` (the slides) and ``<name>-report.pdf`` (the Word report)."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = ("pdf",)
    description: ClassVar[str] = "PDFs of the deck and the report (needs LibreOffice)"

    def unavailable(self) -> str | None:
        from briefing.libreoffice import missing_reason

        return missing_reason()

    def export(self, briefing: Briefing, theme: Theme, output: Path) -> list[Path]:
        from briefing import exporters
        from briefing.libreoffice import convert
        from briefing.output import with_ext, write_atomic
        from briefing.pdfstamp import set_language, stamp

        written = []
        with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as scratch:
            work = Path(scratch)
            for fmt, suffix in PARTS:
                (document,) = exporters.get(fmt).export(briefing, theme, work / output.name)[:1]
                pdf = convert(document, work / fmt)
                target = with_ext(output.with_name(f"{output.name}-{suffix}"), "pdf")
                data = set_language(pdf.read_bytes(), briefing.meta.lang)
                written.append(write_atomic(target, stamp(data)))
        return written
