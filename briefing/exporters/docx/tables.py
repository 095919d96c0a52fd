"""Tables with a marked, tinted header row that repeats on each page, and fixed column widths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.shared import Emu

from briefing.exporters.docx.body import Body, styled
from briefing.exporters.docx.ooxml import element, stamp, sub, twips
from briefing.exporters.docx.richtext import add_link, add_rich, add_text
from briefing.exporters.docx.theming import CELL_PADDING
from briefing.richtext import RichText

_HEADER_TEXT = "FFFFFF"
_LOOK = {"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0"}
_LOOK |= {"w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"}


@dataclass(frozen=True)
class Cell:
    """One cell's content: text or rich text, optionally bold, coloured or a link."""

    text: str | RichText
    bold: bool = False
    url: str | None = None
    anchor: str | None = None
    color: str | None = None


def add_table(
    body: Body,
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
    columns = tuple(widths)
    tbl = body.place(body.template(("tbl", columns), _table, body, columns))
    sub(tbl[0], "w:tblCaption", {"w:val": caption})
    last = len(rows)
    lines: list[Sequence[str | Cell]] = [headers, *rows]
    for index, contents in enumerate(lines):
        # Word and LibreOffice keep a table whole when every row but the last keeps with next.
        keep = keep_together and index < last
        header = index == 0
        tr = stamp(
            tbl, body.template(("tr", columns, header, keep), _row, body, columns, header, keep)
        )
        for tc, content in zip(tr[1:], contents, strict=True):
            p = tc[-1]
            if isinstance(content, Cell):
                _fill(p, content, body)
            else:
                add_text(p, content, bold=True, color=_HEADER_TEXT)
    return tbl


def _table(body: Body, widths: tuple[int, ...]) -> Any:
    """An empty table: its properties (all but the caption) and its column grid."""
    tbl = element("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    style_id = body.book.ref("table")
    if style_id is not None:
        sub(tblpr, "w:tblStyle", {"w:val": style_id})
    sub(tblpr, "w:tblW", {"w:w": str(twips(sum(widths))), "w:type": "dxa"})
    # Line the borders, not the text, up with the margin: before Word 2013's layout
    # (compatibility mode 15) the indent measures to the text, so add the cell padding.
    indent = 0 if body.compatibility_mode >= 15 else CELL_PADDING
    sub(tblpr, "w:tblInd", {"w:w": str(indent), "w:type": "dxa"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    sub(tblpr, "w:tblLook", _LOOK)
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": _twips(width)})
    return tbl


def _row(body: Body, widths: tuple[int, ...], header: bool, keep: bool) -> Any:
    """An empty row: one cell per column, each holding one empty Table Text paragraph."""
    tr = element("w:tr")
    trpr = sub(tr, "w:trPr")
    # A row never splits across pages; the header row repeats on every page.
    sub(trpr, "w:cantSplit")
    if header:
        sub(trpr, "w:tblHeader")
    for width in widths:
        tc = sub(tr, "w:tc")
        tcpr = sub(tc, "w:tcPr")
        sub(tcpr, "w:tcW", {"w:type": "dxa", "w:w": _twips(width)})
        if header:
            fill = body.book.look.primary
            sub(tcpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
        p = styled(sub(tc, "w:p"), body.book, "table text")
        if keep:
            sub(p[0], "w:keepNext")
    return tr


def _twips(width: int) -> str:
    """A column width as python-docx writes it: twips, rounded to the nearest."""
    return str(Emu(width).twips)


def _fill(p: Any, content: Cell, body: Body) -> None:
    if content.url or content.anchor:
        add_link(p, body, content.text, url=content.url, anchor=content.anchor, bold=content.bold)
    elif isinstance(content.text, RichText):
        add_rich(p, content.text, body, bold=content.bold, color=content.color)
    else:
        add_text(p, content.text, bold=content.bold, color=content.color)
