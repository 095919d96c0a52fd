"""The contents' page numbers: the report laid out once by LibreOffice, the page of each
heading read from the PDF's named destinations (one per bookmark)."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from briefing import log
from briefing.libreoffice import ConversionError, convert, missing_reason

# BRIEFING_PAGE_NUMBERS=off skips the layout pass (the contents then list links only).
SETTING = "BRIEFING_PAGE_NUMBERS"
# LibreOffice writes each bookmark of the document as a named destination of the PDF.
_PDF_FILTER = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
# The width of any page number the first pass may not know yet (its column is reserved).
_PLACEHOLDER = "00"
_NO_NUMBERS = (
    "the report's contents have no page numbers ({reason}); Word adds them when the contents "
    "are updated (right-click them, Update Field)"
)


class Pages(Mapping[str, str]):
    """The page of each bookmark, by the bookmark's name in the document; None gives every
    bookmark the placeholder (the first pass, laid out as the final one will be)."""

    def __init__(self, by_destination: Mapping[str, str] | None) -> None:
        self._pages = by_destination

    def __getitem__(self, bookmark: str) -> str:
        if self._pages is None:
            return _PLACEHOLDER
        return self._pages[destination_name(bookmark)]

    def __iter__(self) -> Iterator[str]:
        return iter(())  # names are looked up, never listed

    def __len__(self) -> int:
        return 0


def destination_name(bookmark: str) -> str:
    """The name LibreOffice gives a bookmark's PDF destination: letters, digits and "-"
    kept, any other character written as its two hex digits ("_Toc1" -> "5FToc1")."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c == "-") else f"{ord(c) & 0xFF:02X}" for c in bookmark
    )


def with_page_numbers(render: Callable[[Mapping[str, str] | None], bytes]) -> bytes:
    """The report ``render`` makes, its contents numbered from a LibreOffice layout of a
    first pass; unnumbered (and said so, once) when LibreOffice is not available."""
    if os.environ.get(SETTING, "").strip().lower() in ("off", "0", "no", "false"):
        return render(None)
    reason = missing_reason()
    if reason is not None:
        log.warn(_NO_NUMBERS.format(reason="LibreOffice was not found to lay it out"))
        return render(None)
    first = render(Pages(None))
    try:
        pages = heading_pages(first)
    except ConversionError as exc:
        log.warn(_NO_NUMBERS.format(reason=exc.format_message()))
        return render(None)
    return render(Pages(pages))


@lru_cache(maxsize=8)
def heading_pages(docx: bytes) -> Mapping[str, str]:
    """The page of each bookmark in ``docx`` as LibreOffice lays it out, by destination
    name (the same document is laid out once per process)."""
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="briefing-pages-") as scratch:
        source = Path(scratch) / "report.docx"
        source.write_bytes(docx)
        pdf = convert(source, Path(scratch) / "pdf", _PDF_FILTER)
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        pages: dict[str, str] = {}
        for name, destination in reader.named_destinations.items():
            number = reader.get_destination_page_number(destination)
            if number is not None:
                pages[name.lstrip("/")] = str(number + 1)
    return pages
