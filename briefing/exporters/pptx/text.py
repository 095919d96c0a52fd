"""Writing measured paragraphs into text frames: runs with inline formatting, bullets, spacing.

A paragraph is described once (``TextPara``) and the same description is both measured (with
``briefing.textfit``) and written, so what was measured is what the slide shows. Every
property that changes the layout (insets, line spacing, spacing before, indents, autofit) is
written explicitly, so no inherited master or template style can make the text longer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.text.text import _Paragraph
from pptx.util import Pt

from briefing.richtext import RichText
from briefing.textfit import Box, Para, Typesetter

_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_AFTER_AUTOFIT = {qn("a:scene3d"), qn("a:sp3d"), qn("a:flatTx"), qn("a:extLst")}


@dataclass(frozen=True)
class TextPara:
    """A paragraph as measured (``para``) plus how it is painted."""

    para: Para
    color: str | None = None  # None: keep the inherited colour (template placeholders)
    bullet: str | None = None
    bullet_color: str | None = None
    align: str | None = "left"  # None: keep the inherited alignment
    link_color: str | None = None
    set_font: bool = True  # False: keep the inherited typeface (a template's title)

    def with_size(self, size: float) -> TextPara:
        return replace(self, para=replace(self.para, size=size))


def rgb(color: str) -> RGBColor:
    red, green, blue = bytes.fromhex(color.lstrip("#"))
    return RGBColor(red, green, blue)  # type: ignore[no-untyped-call]


def prepare_frame(text_frame: Any, box: Box, anchor: str | None = "top", wrap: bool = True) -> None:
    """Insets, anchoring and wrapping as measured, and no autofit, on ``text_frame``."""
    body_pr = text_frame._txBody.bodyPr
    for key, value in (
        ("lIns", box.inset_left),
        ("rIns", box.inset_right),
        ("tIns", box.inset_top),
        ("bIns", box.inset_bottom),
    ):
        body_pr.set(key, str(int(Pt(value))))
    if anchor is not None:  # None keeps the inherited anchor (a template's title)
        body_pr.set("anchor", _ANCHOR[anchor])
    body_pr.set("wrap", "square" if wrap else "none")
    body_pr.set("rtlCol", "0")
    for child in list(body_pr):
        if child.tag in (qn("a:spAutoFit"), qn("a:normAutofit"), qn("a:noAutofit")):
            body_pr.remove(child)
    # Sizes are measured; autofit would only shrink text again once someone edits it.
    no_autofit = etree.SubElement(body_pr, qn("a:noAutofit"))
    later = [c for c in body_pr if c.tag in _AFTER_AUTOFIT]
    if later:  # the schema wants autofit before any 3-D settings and extensions
        later[0].addprevious(no_autofit)


def fill_frame(
    text_frame: Any,
    paras: Sequence[TextPara],
    box: Box,
    typesetter: Typesetter,
    anchor: str | None = "top",
) -> list[list[Any]]:
    """Set up ``text_frame`` as ``box`` and write ``paras`` into it, long words made breakable
    exactly where they were measured to break."""
    prepare_frame(text_frame, box, anchor)
    width = box.inner_width
    softened = [replace(p, para=typesetter.soften(p.para, width)) for p in paras]
    return write(text_frame, softened)


def write(text_frame: Any, paras: Sequence[TextPara]) -> list[list[Any]]:
    """Replace the frame's text with ``paras``; return each paragraph's runs (for links)."""
    tx_body = text_frame._txBody
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    all_runs = []
    for text_para in paras:
        p = tx_body.add_p()
        paragraph = _Paragraph(p, text_frame)
        _paragraph_properties(p, text_para)
        all_runs.append(_runs(paragraph, text_para))
    if not paras:
        tx_body.add_p()
    return all_runs


def _paragraph_properties(p: Any, text_para: TextPara) -> None:
    para = text_para.para
    p_pr = p.get_or_add_pPr()
    if text_para.align:
        align = text_para.align
        rtl = align == "left" and right_to_left(para.text.plain)
        if rtl:  # Arabic or Hebrew first: the paragraph reads, and is bulleted, from the right
            align = "right"
        p_pr.set("algn", _ALIGN[align])
        p_pr.set("rtl", "1" if rtl else "0")  # explicit: renderers carry it over otherwise
    p_pr.set("marL", str(int(Pt(para.indent))))
    # Measured lines end at the box edge: no punctuation may hang beyond it (LibreOffice's
    # default for CJK text).
    p_pr.set("hangingPunct", "0")
    p_pr.set("indent", str(-int(Pt(para.indent)) if text_para.bullet else 0))
    for child in list(p_pr):
        p_pr.remove(child)
    line = etree.SubElement(p_pr, qn("a:lnSpc"))
    etree.SubElement(line, qn("a:spcPct"), val=str(round(para.line_spacing * 100000)))
    before = etree.SubElement(p_pr, qn("a:spcBef"))
    etree.SubElement(before, qn("a:spcPts"), val=str(round(para.space_before * 100)))
    after = etree.SubElement(p_pr, qn("a:spcAft"))
    etree.SubElement(after, qn("a:spcPts"), val="0")
    if text_para.bullet:
        if text_para.bullet_color:
            color = etree.SubElement(p_pr, qn("a:buClr"))
            etree.SubElement(color, qn("a:srgbClr"), val=text_para.bullet_color.lstrip("#"))
        etree.SubElement(p_pr, qn("a:buFont"), typeface=para.font)
        etree.SubElement(p_pr, qn("a:buChar"), char=text_para.bullet)
    else:
        etree.SubElement(p_pr, qn("a:buNone"))


def _runs(paragraph: Any, text_para: TextPara) -> list[Any]:
    para = text_para.para
    runs = []
    for span in para.text.spans:
        pieces = span.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                paragraph.add_line_break()
            if not piece:
                continue
            run = paragraph.add_run()
            run.text = piece
            font = run.font
            font.size = Pt(para.size)
            font.bold = span.bold or para.bold
            font.italic = span.italic or para.italic
            if span.code:
                font.name = para.code_font
            elif text_para.set_font:
                font.name = para.font
            if text_para.set_font:  # layouts may set all caps (section headers do)
                run._r.get_or_add_rPr().set("cap", "none")
            color = text_para.link_color if span.href and text_para.link_color else None
            color = color or text_para.color
            if color:
                font.color.rgb = rgb(color)
            if span.href:
                run.hyperlink.address = span.href
                font.underline = True
            runs.append(run)
    end = paragraph._p.get_or_add_endParaRPr()
    end.set("sz", str(round(para.size * 100)))
    return runs


def right_to_left(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def plain(text: str) -> RichText:
    return RichText.plain_text(text)
