"""Rich text as Word runs: bold, italic, code in monospace, and real clickable hyperlinks.

Every function appends to a paragraph (or hyperlink) element ``p`` that is already part of
its document, so the hyperlinks' r:id attributes use the document's namespace declarations.
"""

from __future__ import annotations

from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefing.exporters.docx.ooxml import element, stamp, sub
from briefing.richtext import ALLOWED_SCHEMES, RichText

if TYPE_CHECKING:
    from briefing.exporters.docx.body import Body

NO_BREAK_HYPHEN = "\u2011"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = ("\n", "\t", NO_BREAK_HYPHEN)


def run(
    parent: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    color: str | None = None,
    size: float | None = None,
) -> Any:
    """Append a w:r to ``parent``; line breaks, tabs and non-breaking hyphens in ``text``
    become w:br, w:tab and w:noBreakHyphen."""
    simple = not any(mark in text for mark in _BREAKS)
    r = stamp(
        parent,
        _run_template(
            style_id or None, bold, italic, color or None, size or None, simple and text != ""
        ),
    )
    if simple:
        if text:
            t = r[-1]
            t.text = text
            if text != text.strip():
                t.set(_XML_SPACE, "preserve")
        return r
    for index, line in enumerate(text.split("\n")):
        if index:
            sub(r, "w:br")
        for column, cell in enumerate(line.split("\t")):
            if column:
                sub(r, "w:tab")
            for joint, piece in enumerate(cell.split(NO_BREAK_HYPHEN)):
                if joint:
                    sub(r, "w:noBreakHyphen")
                if piece:
                    t = sub(r, "w:t")
                    t.text = piece
                    if piece != piece.strip():
                        t.set(_XML_SPACE, "preserve")
    return r


@cache
def _run_template(
    style_id: str | None,
    bold: bool,
    italic: bool,
    color: str | None,
    size: float | None,
    with_text: bool,
) -> Any:
    """An empty w:r with these properties (in schema order, CT_RPr), and a w:t if asked."""
    r = element("w:r")
    if style_id or bold or italic or color or size:
        rpr = sub(r, "w:rPr")
        if style_id:
            sub(rpr, "w:rStyle", {"w:val": style_id})
        if bold:
            sub(rpr, "w:b")
            sub(rpr, "w:bCs")
        if italic:
            sub(rpr, "w:i")
            sub(rpr, "w:iCs")
        if color:
            sub(rpr, "w:color", {"w:val": color})
        if size:
            half = str(round(size * 2))
            sub(rpr, "w:sz", {"w:val": half})
            sub(rpr, "w:szCs", {"w:val": half})
    if with_text:
        sub(r, "w:t")
    return r


def unbroken(code: str) -> str:
    """``code`` with non-breaking hyphens, so ENT233-S never wraps after its hyphen."""
    return code.replace("-", NO_BREAK_HYPHEN)


def add_text(p: Any, text: str, **formatting: Any) -> None:
    """Append plain ``text`` with one set of formatting (see ``run``)."""
    run(p, text, **formatting)


def add_rich(
    p: Any, text: RichText, body: Body, *, bold: bool = False, color: str | None = None
) -> None:
    """Append ``text`` with its inline formatting; neighbouring spans sharing a link become
    one hyperlink."""
    book = body.book
    code_style = book.id("code")
    for href, group in groupby(text.spans, key=lambda span: span.href):
        link = hyperlink(p, body, url=href) if href else None
        link_style = book.id("hyperlink") if link is not None else None
        for span in group:
            run(
                p if link is None else link,
                span.text,
                bold=bold or span.bold,
                italic=span.italic,
                style_id=code_style if span.code else link_style,
                color=None if href else color,
            )


def add_link(
    p: Any,
    body: Body,
    label: str | RichText,
    *,
    url: str | None = None,
    anchor: str | None = None,
    bold: bool = False,
) -> None:
    """Append a clickable link to ``url`` (external) or to the bookmark ``anchor``."""
    link = hyperlink(p, body, url=url, anchor=anchor)
    parent, style_id = (p, None) if link is None else (link, body.book.id("hyperlink"))
    spans = label.spans if isinstance(label, RichText) else ()
    if spans:
        for s in spans:
            run(parent, s.text, bold=bold or s.bold, italic=s.italic, style_id=style_id)
    else:
        run(parent, str(label), bold=bold, style_id=style_id)


def hyperlink(p: Any, body: Body, *, url: str | None = None, anchor: str | None = None) -> Any:
    """Append an empty w:hyperlink to ``url`` or ``anchor``; None (and nothing appended)
    for a URL whose scheme a reader should not be sent to (only http, https and mailto)."""
    if anchor:
        return sub(p, "w:hyperlink", {"w:history": "1", "w:anchor": anchor})
    if not url or urlsplit(url).scheme.lower() not in ALLOWED_SCHEMES:
        return None
    return sub(p, "w:hyperlink", {"w:history": "1", "r:id": body.links[url]})
