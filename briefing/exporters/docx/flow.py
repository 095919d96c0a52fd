"""How the report flows over pages: a session is set as a table whose rows never split.

A chain of paragraphs that each keep with the next is what Word offers for this, but
LibreOffice (which renders the PDF) moves only the last link of such a chain, so a page
could open on a session's sub-heading or the rest of its list. A table row that may not
split is kept on one page by both. So each session is a borderless, full-width table, laid
out exactly as its paragraphs would be on the page (no padding, no indent): its first row,
the heading and the meta line, is a heading row, repeated at the top of a page the session
continues on; each further row is one part (the summary, the key points with their
heading, the figures, the takeaways, why it matters, further reading), moved whole to the
next page when it does not fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefing.exporters.docx.ooxml import PPR_ORDER, element, ppr_of, put, qn, sub, twips

_NONE = {"w:val": "nil"}
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_LOOK = {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0", "w:firstColumn": "0"}
_LOOK |= {"w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"}


def set_in_rows(container: Any, starts: Sequence[int], width: int, caption: str) -> None:
    """Move the blocks of ``container`` from ``starts[0]`` on into a table of one column
    ``width`` EMU wide: one row per part, each part starting at an index in ``starts``;
    the first part is the heading row. ``caption`` names the table for screen readers."""
    ends = [*starts[1:], len(container)]
    parts = [list(container[start:end]) for start, end in zip(starts, ends, strict=True)]
    tbl = _table(width, caption)
    for index, blocks in enumerate(parts):
        if not blocks:
            continue
        tr = sub(tbl, "w:tr")
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        if index == 0:
            sub(trpr, "w:tblHeader")
        tc = sub(tr, "w:tc")
        sub(sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(twips(width)), "w:type": "dxa"})
        for block in blocks:
            if block.tag == qn("w:p"):
                # A row never splits anyway; and LibreOffice will not break a table at all
                # where a paragraph in it keeps with the next (as headings do).
                _keep_with_next(block, False)
            tc.append(block)  # moves it out of the container
        if blocks[-1].tag != qn("w:p"):
            tc.append(hairline())  # a cell ends with a paragraph
    container.append(tbl)
    # Tables with nothing between them are one table to Word and LibreOffice.
    container.append(hairline())


def _table(width: int, caption: str) -> Any:
    tbl = element("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblW", {"w:w": str(twips(width)), "w:type": "dxa"})
    sub(tblpr, "w:tblInd", {"w:w": "0", "w:type": "dxa"})
    borders = sub(tblpr, "w:tblBorders")
    for side in _SIDES:
        sub(borders, f"w:{side}", _NONE)
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    margins = sub(tblpr, "w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        sub(margins, f"w:{side}", {"w:w": "0", "w:type": "dxa"})
    sub(tblpr, "w:tblLook", _LOOK)
    sub(tblpr, "w:tblCaption", {"w:val": caption})
    sub(sub(tbl, "w:tblGrid"), "w:gridCol", {"w:w": str(twips(width))})
    return tbl


def hairline() -> Any:
    """The smallest paragraph there is (1 pt), where the format needs one and the page
    should not show it."""
    p = element("w:p")
    ppr = sub(p, "w:pPr")
    spacing = {"w:before": "0", "w:after": "0", "w:line": "20", "w:lineRule": "exact"}
    put(ppr, element("w:spacing", spacing), PPR_ORDER)
    put(ppr, element("w:rPr", {}, element("w:sz", {"w:val": "2"})), PPR_ORDER)
    return p


def keep_with_next(p: Any) -> None:
    """Keep the paragraph ``p`` on the page of the block that follows it."""
    _keep_with_next(p, True)


def _keep_with_next(p: Any, keep: bool) -> None:
    ppr = ppr_of(p)
    for found in ppr.findall(qn("w:keepNext")):
        ppr.remove(found)
    put(ppr, element("w:keepNext", {} if keep else {"w:val": "0"}), PPR_ORDER)
