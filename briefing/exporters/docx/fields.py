"""Word fields: page numbers, the table of contents (pre-filled), and the bookmarks it targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


_PAGE_FIELDS = {"page": " PAGE ", "pages": " NUMPAGES "}


def add_page_x_of_y(p: Any, pieces: Sequence[tuple[str, str | None]]) -> None:
    """'Page X of Y' in the report's language: ``pieces`` is the message cut at its
    placeholders ('Seite ', 'page'), (' von ', 'pages'); each becomes a PAGE or NUMPAGES
    field."""
    for literal, name in pieces:
        if literal:
            run(p, literal)
        if name is not None:
            add_field(p, _PAGE_FIELDS[name], "1")


def bookmark_start(p: Any, name: str, ident: int) -> None:
    """Open the bookmark ``name`` (``ident`` unique in the document) at the current end of
    ``p``; ``bookmark_end`` closes it."""
    sub(p, "w:bookmarkStart", {"w:id": str(ident), "w:name": name})


def bookmark_end(p: Any, ident: int) -> None:
    sub(p, "w:bookmarkEnd", {"w:id": str(ident)})


def add_contents(
    body: Body, headings: Sequence[Heading], pages: Mapping[str, str] | None = None
) -> None:
    """One paragraph per heading holding a TOC field, pre-filled as Word fills it: each
    entry a link to its heading's bookmark, then a tab and a PAGEREF field giving its page
    (``pages``, by bookmark, from the report as laid out). Without ``pages`` the entries
    are links alone: a guessed number would be printed as it is. The field stays a TOC
    field, so Word's Update Field makes it anew.
    """
    for index, heading in enumerate(headings):
        p = body.paragraph(f"toc {heading.level}")
        if index == 0:
            start_field(p, TOC_INSTRUCTION)
        link = sub(p, "w:hyperlink", {"w:anchor": heading.bookmark, "w:history": "1"})
        run(link, heading.text)
        page = pages.get(heading.bookmark) if pages is not None else None
        if page:
            run(link, "\t")
            add_field(link, f" PAGEREF {heading.bookmark} \\h ", page)
        if index == len(headings) - 1:
            _fld_char(p, "end")
