"""Real Word bullet lists: a numbering definition (abstractNum + num) bound to List Bullet."""

from __future__ import annotations

from typing import Any

from briefing.exporters.docx import internals
from briefing.exporters.docx.ooxml import LVL_ORDER, PPR_ORDER, STYLE_ORDER, child, element, put, qn
from briefing.exporters.docx.styles import StyleBook
from briefing.exporters.docx.theming import fonts_element

# Word defines nine levels; round bullets and en dashes alternate, each level indented more.
_LEVELS = tuple(("\u2022" if level % 2 == 0 else "\u2013", 360 * (level + 1)) for level in range(9))
_HANGING = 360


def bind_bullets(document: Any, book: StyleBook) -> None:
    """Make List Bullet paragraphs bulleted through numbering, unless the reference's
    List Bullet already is."""
    numbering = internals.numbering_root(document)
    style = book["list bullet"].element
    existing = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if book.reference and existing is not None and _num_exists(numbering, existing):
        return
    abstract_id = _next_id(numbering, "w:abstractNum", "w:abstractNumId")
    abstract = element(
        "w:abstractNum",
        {"w:abstractNumId": str(abstract_id)},
        # A fixed nsid keeps the output reproducible; Word only needs it unique per document.
        element("w:nsid", {"w:val": f"{0x42524600 + abstract_id:08X}"}),
        element("w:multiLevelType", {"w:val": "hybridMultilevel"}),
    )
    for level, (glyph, indent) in enumerate(_LEVELS):
        abstract.append(_level(level, glyph, indent, book, book.id("list bullet")))
    # Schema order: every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = _next_id(numbering, "w:num", "w:numId")
    numbering.append(
        element(
            "w:num",
            {"w:numId": str(num_id)},
            element("w:abstractNumId", {"w:val": str(abstract_id)}),
        )
    )
    ppr = child(style, "w:pPr", STYLE_ORDER)
    num_pr = element(
        "w:numPr", {}, element("w:ilvl", {"w:val": "0"}), element("w:numId", {"w:val": str(num_id)})
    )
    put(ppr, num_pr, PPR_ORDER)
    put(
        ppr, element("w:ind", {"w:left": str(_LEVELS[0][1]), "w:hanging": str(_HANGING)}), PPR_ORDER
    )


def _level(level: int, glyph: str, indent: int, book: StyleBook, style_id: str) -> Any:
    lvl = element("w:lvl", {"w:ilvl": str(level)})
    put(lvl, element("w:start", {"w:val": "1"}), LVL_ORDER)
    put(lvl, element("w:numFmt", {"w:val": "bullet"}), LVL_ORDER)
    if level == 0:
        put(lvl, element("w:pStyle", {"w:val": style_id}), LVL_ORDER)
    put(lvl, element("w:lvlText", {"w:val": glyph}), LVL_ORDER)
    put(lvl, element("w:lvlJc", {"w:val": "left"}), LVL_ORDER)
    ppr = element(
        "w:pPr", {}, element("w:ind", {"w:left": str(indent), "w:hanging": str(_HANGING)})
    )
    put(lvl, ppr, LVL_ORDER)
    rpr = element("w:rPr", {}, element("w:color", {"w:val": book.look.primary}))
    if book.look.body_font:
        rpr.insert(0, fonts_element(book.look.body_font))
    put(lvl, rpr, LVL_ORDER)
    return lvl


def _num_exists(numbering: Any, num_id: Any) -> bool:
    wanted = num_id.get(qn("w:val"))
    return any(n.get(qn("w:numId")) == wanted for n in numbering.findall(qn("w:num")))


def _next_id(numbering: Any, tag: str, attribute: str) -> int:
    """One past the highest id in use; abstractNum ids start at 0, num ids at 1."""
    used = [int(e.get(qn(attribute), "0")) for e in numbering.findall(qn(tag))]
    return max(used, default=0 if tag == "w:num" else -1) + 1
