"""Tables with a marked, tinted header row that repeats on each page, and fixed column widths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.shared import Emu

from briefing.exporters.docx import internals
from briefing.exporters.docx.ooxml import TBLPR_ORDER, TCPR_ORDER, element, put, twips
from briefing.exporters.docx.richtext import add_link, add_rich, add_text
from briefing.exporters.docx.styles import StyleBook
from briefing.exporters.docx.theming import CELL_PADDING, shading
from briefing.richtext import RichText

_HEADER_TEXT = "FFFFFF"


@dataclass(frozen=True)
class Cell:
    """One cell's content: text or rich text, optionally bold, coloured or a link."""

    text: str | RichText
    bold: bool = False
    url: str | None = None
    anchor: str | None = None
    color: str | None = None


def add_table(
    document: Any,
    book: StyleBook,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    caption: str,
    *,
    keep_together: bool = False,
) -> Any:
    """A table with a header row (``headers``) and ``rows``; ``widths`` in EMU per column;
    ``caption`` names the table for screen readers. A table kept together moves to the next
    page whole rather than splitting (for small tables)."""
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = book["table"]
    table.autofit = False
    tbl = internals.tbl_of(table)
    tblpr = tbl.tblPr
    total = twips(sum(widths))
    put(tblpr, element("w:tblW", {"w:w": str(total), "w:type": "dxa"}), TBLPR_ORDER)
    # Line the borders, not the text, up with the margin: before Word 2013's layout
    # (compatibility mode 15) the indent measures to the text, so add the cell padding.
    indent = 0 if internals.compatibility_mode(document) >= 15 else CELL_PADDING
    put(tblpr, element("w:tblInd", {"w:w": str(indent), "w:type": "dxa"}), TBLPR_ORDER)
    put(tblpr, element("w:tblLayout", {"w:type": "fixed"}), TBLPR_ORDER)
    look = {"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0"}
    look |= {"w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"}
    put(tblpr, element("w:tblLook", look), TBLPR_ORDER)
    put(tblpr, element("w:tblCaption", {"w:val": caption}), TBLPR_ORDER)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for index, row in enumerate(table.rows):
        trpr = internals.tr_of(row).get_or_add_trPr()
        # A row never splits across pages; the header row repeats on every page.
        trpr.append(element("w:cantSplit"))
        if index == 0:
            trpr.append(element("w:tblHeader"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Emu(width)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        paragraph = _paragraph(cell, book)
        put(internals.tc_properties(cell), shading(book.look.primary), TCPR_ORDER)
        add_text(paragraph, text, bold=True, color=_HEADER_TEXT)
    for row, contents in zip(table.rows[1:], rows, strict=True):
        for cell, content in zip(row.cells, contents, strict=True):
            _fill(_paragraph(cell, book), content, book)
    if keep_together:
        # Word and LibreOffice keep a table whole when every row but the last keeps with next.
        for row in table.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    return table


def _paragraph(cell: Any, book: StyleBook) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph.style = book["table text"]
    return paragraph


def _fill(paragraph: Any, content: Cell, book: StyleBook) -> None:
    if content.url or content.anchor:
        add_link(
            paragraph, book, content.text, url=content.url, anchor=content.anchor, bold=content.bold
        )
    elif isinstance(content.text, RichText):
        add_rich(paragraph, content.text, book, bold=content.bold, color=content.color)
    else:
        add_text(paragraph, content.text, bold=content.bold, color=content.color)
