"""Rich text as Word runs: bold, italic, code in monospace, and real clickable hyperlinks."""

from __future__ import annotations

from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from briefing.exporters.docx import internals
from briefing.exporters.docx.ooxml import RPR_ORDER, element, put, qn
from briefing.exporters.docx.styles import StyleBook
from briefing.richtext import ALLOWED_SCHEMES, RichText

NO_BREAK_HYPHEN = "\u2011"


def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    color: str | None = None,
    size: float | None = None,
) -> Any:
    """A w:r element; line breaks, tabs and non-breaking hyphens in ``text`` become w:br,
    w:tab and w:noBreakHyphen."""
    r = element("w:r")
    rpr = element("w:rPr")
    if style_id:
        put(rpr, element("w:rStyle", {"w:val": style_id}), RPR_ORDER)
    if bold:
        put(rpr, element("w:b"), RPR_ORDER)
        put(rpr, element("w:bCs"), RPR_ORDER)
    if italic:
        put(rpr, element("w:i"), RPR_ORDER)
        put(rpr, element("w:iCs"), RPR_ORDER)
    if color:
        put(rpr, element("w:color", {"w:val": color}), RPR_ORDER)
    if size:
        put(rpr, element("w:sz", {"w:val": str(round(size * 2))}), RPR_ORDER)
        put(rpr, element("w:szCs", {"w:val": str(round(size * 2))}), RPR_ORDER)
    if len(rpr):
        r.append(rpr)
    for index, line in enumerate(text.split("\n")):
        if index:
            r.append(element("w:br"))
        for column, cell in enumerate(line.split("\t")):
            if column:
                r.append(element("w:tab"))
            for joint, piece in enumerate(cell.split(NO_BREAK_HYPHEN)):
                if joint:
                    r.append(element("w:noBreakHyphen"))
                if piece:
                    t = element("w:t")
                    t.text = piece
                    if piece != piece.strip():
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    r.append(t)
    return r


def unbroken(code: str) -> str:
    """``code`` with non-breaking hyphens, so ENT233-S never wraps after its hyphen."""
    return code.replace("-", NO_BREAK_HYPHEN)


def add_text(paragraph: Any, text: str, **formatting: Any) -> None:
    """Append plain ``text`` with one set of formatting (see ``run``)."""
    internals.p_of(paragraph).append(run(text, **formatting))


def add_rich(
    paragraph: Any, text: RichText, book: StyleBook, *, bold: bool = False, color: str | None = None
) -> None:
    """Append ``text`` with its inline formatting; neighbouring spans sharing a link become
    one hyperlink."""
    p = internals.p_of(paragraph)
    code_style = book.id("code")
    for href, group in groupby(text.spans, key=lambda span: span.href):
        runs = [
            run(
                span.text,
                bold=bold or span.bold,
                italic=span.italic,
                style_id=code_style if span.code else None,
                color=None if href else color,
            )
            for span in group
        ]
        if href:
            link = hyperlink(paragraph, book, url=href)
            if link is not None:
                for r in runs:
                    _style_as_link(r, book)
                    link.append(r)
                p.append(link)
                continue
        for r in runs:
            p.append(r)


def add_link(
    paragraph: Any,
    book: StyleBook,
    label: str | RichText,
    *,
    url: str | None = None,
    anchor: str | None = None,
    bold: bool = False,
) -> None:
    """Append a clickable link to ``url`` (external) or to the bookmark ``anchor``."""
    link = hyperlink(paragraph, book, url=url, anchor=anchor)
    spans = label.spans if isinstance(label, RichText) else ()
    pieces = (
        [run(s.text, bold=bold or s.bold, italic=s.italic) for s in spans]
        if spans
        else [run(str(label), bold=bold)]
    )
    if link is None:
        internals.p_of(paragraph).extend(pieces)
        return
    for piece in pieces:
        _style_as_link(piece, book)
        link.append(piece)
    internals.p_of(paragraph).append(link)


def hyperlink(
    paragraph: Any, book: StyleBook, *, url: str | None = None, anchor: str | None = None
) -> Any:
    """An empty w:hyperlink to ``url`` or ``anchor``; None for a URL whose scheme a reader
    should not be sent to (only http, https and mailto are links)."""
    link = element("w:hyperlink", {"w:history": "1"})
    if anchor:
        link.set(qn("w:anchor"), anchor)
        return link
    if not url or urlsplit(url).scheme.lower() not in ALLOWED_SCHEMES:
        return None
    link.set(qn("r:id"), internals.external_link(paragraph, url))
    return link


def _style_as_link(r: Any, book: StyleBook) -> None:
    rpr = r.find(qn("w:rPr"))
    if rpr is None:
        rpr = element("w:rPr")
        r.insert(0, rpr)
    if rpr.find(qn("w:rStyle")) is None:
        put(rpr, element("w:rStyle", {"w:val": book.id("hyperlink")}), RPR_ORDER)
