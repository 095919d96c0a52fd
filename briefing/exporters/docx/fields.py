"""Word fields: page numbers, the table of contents (pre-filled), and the bookmarks it targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing.exporters.docx.ooxml import sub
from briefing.exporters.docx.richtext import run

if TYPE_CHECKING:
    from briefing.exporters.docx.body import Body

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '


@dataclass(frozen=True)
class Heading:
    """A heading the contents lists: its level (1 or 2), text and bookmark."""

    level: int
    text: str
    bookmark: str


def add_field(p: Any, instruction: str, result: str, **formatting: Any) -> None:
    """Append the runs of a complex field: begin, instruction, separate, the current result,
    end. The result is what readers show before the field is updated, so it is a real value.
    """
    start_field(p, instruction)
    run(p, result, **formatting)
    _fld_char(p, "end")


def start_field(p: Any, instruction: str) -> None:
    _fld_char(p, "begin")
    instr = sub(sub(p, "w:r"), "w:instrText")
    instr.text = instruction
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _fld_char(p, "separate")


def _fld_char(p: Any, kind: str) -> None:
    sub(sub(p, "w:r"), "w:fldChar", {"w:fldCharType": kind})


def add_page_x_of_y(p: Any) -> None:
    """'Page X of Y' from PAGE and NUMPAGES fields."""
    run(p, "Page ")
    add_field(p, " PAGE ", "1")
    run(p, " of ")
    add_field(p, " NUMPAGES ", "1")


def bookmark_start(p: Any, name: str, ident: int) -> None:
    """Open the bookmark ``name`` (``ident`` unique in the document) at the current end of
    ``p``; ``bookmark_end`` closes it."""
    sub(p, "w:bookmarkStart", {"w:id": str(ident), "w:name": name})


def bookmark_end(p: Any, ident: int) -> None:
    sub(p, "w:bookmarkEnd", {"w:id": str(ident)})


def add_contents(body: Body, headings: Sequence[Heading]) -> None:
    """One paragraph per heading holding a TOC field, pre-filled with the headings as links
    to their bookmarks so the contents are useful before Word refreshes the field.

    The pre-filled entries carry no page numbers: they are unknown until the pages are laid
    out, and LibreOffice shows a TOC's stored entries as they are, so a guessed number would
    be printed. Word fills the numbers in when it updates the field (updateFields is set).
    """
    for index, heading in enumerate(headings):
        p = body.paragraph(f"toc {heading.level}")
        if index == 0:
            start_field(p, TOC_INSTRUCTION)
        link = sub(p, "w:hyperlink", {"w:anchor": heading.bookmark, "w:history": "1"})
        run(link, heading.text)
        if index == len(headings) - 1:
            _fld_char(p, "end")
