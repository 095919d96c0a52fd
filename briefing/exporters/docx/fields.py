"""Word fields: page numbers, the table of contents (pre-filled), and the bookmarks it targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefing.exporters.docx import internals
from briefing.exporters.docx.ooxml import element
from briefing.exporters.docx.richtext import run
from briefing.exporters.docx.styles import StyleBook

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '


@dataclass(frozen=True)
class Heading:
    """A heading the contents lists: its level (1 or 2), text and bookmark."""

    level: int
    text: str
    bookmark: str


def field_runs(instruction: str, result: str, **formatting: Any) -> list[Any]:
    """The runs of a complex field: begin, instruction, separate, the current result, end.

    The result is what readers show before the field is updated, so it is a real value.
    """
    return [
        *field_start(instruction),
        run(result, **formatting),
        _fld_char("end"),
    ]


def field_start(instruction: str) -> list[Any]:
    instr = element("w:instrText")
    instr.text = instruction
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [_fld_char("begin"), element("w:r", {}, instr), _fld_char("separate")]


def _fld_char(kind: str) -> Any:
    return element("w:r", {}, element("w:fldChar", {"w:fldCharType": kind}))


def add_page_x_of_y(paragraph: Any) -> None:
    """'Page X of Y' from PAGE and NUMPAGES fields."""
    p = internals.p_of(paragraph)
    p.append(run("Page "))
    p.extend(field_runs(" PAGE ", "1"))
    p.append(run(" of "))
    p.extend(field_runs(" NUMPAGES ", "1"))


def bookmark(paragraph: Any, name: str, ident: int) -> None:
    """Bookmark the whole of ``paragraph`` as ``name`` (``ident`` unique in the document)."""
    p = internals.p_of(paragraph)
    start = element("w:bookmarkStart", {"w:id": str(ident), "w:name": name})
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(element("w:bookmarkEnd", {"w:id": str(ident)}))


def fill_contents(paragraphs: Sequence[Any], headings: Sequence[Heading], book: StyleBook) -> None:
    """Fill one empty paragraph per heading with a TOC field, pre-filled with the headings
    as links to their bookmarks so the contents are useful before Word refreshes the field.

    The pre-filled entries carry no page numbers: they are unknown until the pages are laid
    out, and LibreOffice shows a TOC's stored entries as they are, so a guessed number would
    be printed. Word fills the numbers in when it updates the field (updateFields is set).
    """
    for index, (paragraph, heading) in enumerate(zip(paragraphs, headings, strict=True)):
        p = internals.p_of(paragraph)
        paragraph.style = book[f"toc {heading.level}"]
        if index == 0:
            p.extend(field_start(TOC_INSTRUCTION))
        link = element("w:hyperlink", {"w:anchor": heading.bookmark, "w:history": "1"})
        link.append(run(heading.text))
        p.append(link)
        if index == len(headings) - 1:
            p.append(_fld_char("end"))
