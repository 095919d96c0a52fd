"""Measured paragraphs as text-body XML: runs with inline formatting, bullets, spacing.

A paragraph is described once (``TextPara``) and the same description is both measured (with
``briefing.typeset.wrap``) and written, so what was measured is what the slide shows. Every
property that changes the layout (insets, line spacing, spacing before, indents, autofit) is
written explicitly, so no inherited master or template style can make the text longer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from briefing.exporters.pptx.ooxml import EMU_PER_POINT, attr, run_text
from briefing.richtext import RichText
from briefing.typeset.wrap import Box, Para, Typesetter

_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}

# The relationship id of a link target on the slide being written.
Link = Callable[[str], str]


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
    lead_color: str | None = None  # the first run's, when it is bold and more runs follow
    tail_color: str | None = None  # the last run's

    def with_size(self, size: float) -> TextPara:
        return replace(self, para=replace(self.para, size=size))


def hex_color(color: str) -> str:
    """``#rrggbb`` as DrawingML writes it: six upper-case hex digits."""
    return color.lstrip("#").upper()


def _pt(points: float) -> int:
    """Points in EMU, truncated as python-pptx's ``Pt`` truncates them."""
    return int(points * EMU_PER_POINT)


def body_pr(box: Box, anchor: str | None) -> str:
    """Insets, anchoring and wrapping as measured, and no autofit (autofit would only shrink
    text again once someone edits it). Horizontal, one column and not centred as a block,
    whatever a template's placeholder would pass on: the text is measured that way."""
    anchored = f' anchor="{_ANCHOR[anchor]}"' if anchor is not None else ""
    return (
        f'<a:bodyPr lIns="{_pt(box.inset_left)}" rIns="{_pt(box.inset_right)}" '
        f'tIns="{_pt(box.inset_top)}" bIns="{_pt(box.inset_bottom)}"{anchored} wrap="square" '
        'rtlCol="0" vert="horz" numCol="1" anchorCtr="0"><a:noAutofit/></a:bodyPr>'
    )


def text_body(
    paras: Sequence[TextPara],
    box: Box,
    typesetter: Typesetter,
    link: Link,
    anchor: str | None = "top",
    *,
    lang: str,
    rtl: bool = False,
) -> str:
    """A ``p:txBody`` holding ``paras`` set up as ``box``, long words made breakable exactly
    where they were measured to break; every run in the language ``lang`` (a BCP 47 tag),
    every paragraph read from the right when ``rtl`` (the deck's language is Arabic, ...)."""
    width = box.inner_width
    body = "".join(paragraph(_softened(p, typesetter, width), link, lang, rtl) for p in paras)
    return f"<p:txBody>{body_pr(box, anchor)}<a:lstStyle/>{body or '<a:p/>'}</p:txBody>"


def _softened(text_para: TextPara, typesetter: Typesetter, width: float) -> TextPara:
    para = typesetter.soften(text_para.para, width)
    return text_para if para is text_para.para else replace(text_para, para=para)


def paragraph(text_para: TextPara, link: Link, lang: str, rtl_language: bool = False) -> str:
    """One ``a:p``: right to left in a right-to-left language, or when its text starts in a
    right-to-left script."""
    para = text_para.para
    rtl = bool(text_para.align) and (
        rtl_language or (text_para.align == "left" and right_to_left(para.text.plain))
    )
    p_pr = _p_pr(
        text_para.align,
        rtl,
        _pt(para.indent),
        bool(text_para.bullet),
        round(para.line_spacing * 100000),
        round(para.space_before * 100),
        text_para.bullet,
        text_para.bullet_color,
        para.font,
    )
    runs = _runs(text_para, link, attr(lang))
    end = f'<a:endParaRPr lang="{attr(lang)}" sz="{round(para.size * 100)}"/>'
    return f"<a:p>{p_pr}{runs}{end}</a:p>"


@lru_cache(maxsize=1024)
def _p_pr(
    align: str | None,
    rtl: bool,
    indent: int,
    hanging: bool,
    line: int,
    before: int,
    bullet: str | None,
    bullet_color: str | None,
    font: str,
) -> str:
    attrs = ""
    if align:
        # Arabic or Hebrew: the paragraph reads, and is bulleted, from the right, and what
        # would start at the left starts at the right. rtl is explicit: renderers carry it
        # over from the previous paragraph otherwise.
        shown = "right" if rtl and align == "left" else align
        attrs = f' algn="{_ALIGN[shown]}" rtl="{"1" if rtl else "0"}"'
    # Measured lines end at the box edge: no punctuation may hang beyond it (LibreOffice's
    # default for CJK text).
    attrs += f' marL="{indent}" hangingPunct="0" indent="{-indent if hanging else 0}"'
    spacing = (
        f'<a:lnSpc><a:spcPct val="{line}"/></a:lnSpc><a:spcBef><a:spcPts val="{before}"/>'
        '</a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>'
    )
    if bullet:
        color = (
            f'<a:buClr><a:srgbClr val="{bullet_color.lstrip("#")}"/></a:buClr>'
            if bullet_color
            else ""
        )
        marker = f'{color}<a:buFont typeface="{attr(font)}"/><a:buChar char="{attr(bullet)}"/>'
    else:
        marker = "<a:buNone/>"
    return f"<a:pPr{attrs}>{spacing}{marker}</a:pPr>"


def _runs(text_para: TextPara, link: Link, lang: str) -> str:
    """The paragraph's runs: one per span (and per line of a span broken with ``\\n``)."""
    para = text_para.para
    size = _pt(para.size) // 127  # centipoints, as python-pptx's Font.size stores them
    set_font = text_para.set_font
    items: list[_Run | None] = []  # None: a line break
    for span in para.text.spans:
        chunks = span.text.split("\n") if "\n" in span.text else (span.text,)
        for index, piece in enumerate(chunks):
            if index:
                items.append(None)
            if not piece:
                continue
            color = text_para.link_color if span.href and text_para.link_color else None
            items.append(
                _Run(
                    piece,
                    span.bold or para.bold,
                    span.italic or para.italic,
                    para.code_font if span.code else (para.font if set_font else None),
                    color or text_para.color,
                    link(span.href) if span.href else None,
                )
            )
    runs = [item for item in items if item is not None]
    if text_para.lead_color and len(runs) > 1 and runs[0].bold:
        runs[0].color = text_para.lead_color
    if text_para.tail_color and runs:
        runs[-1].color = text_para.tail_color
    out = []
    for run in items:
        if run is None:
            out.append("<a:br/>")
            continue
        head = _r_pr(
            lang, size, run.bold, run.italic, set_font, run.link is not None, run.color, run.font
        )
        hlink = f'<a:hlinkClick r:id="{run.link}"/>' if run.link else ""
        out.append(f"<a:r>{head}{hlink}</a:rPr><a:t>{run_text(run.text)}</a:t></a:r>")
    return "".join(out)


class _Run:
    __slots__ = ("bold", "color", "font", "italic", "link", "text")

    def __init__(
        self,
        text: str,
        bold: bool,
        italic: bool,
        font: str | None,
        color: str | None,
        link: str | None,
    ) -> None:
        self.text, self.bold, self.italic = text, bold, italic
        self.font, self.color, self.link = font, color, link


@lru_cache(maxsize=1024)
def _r_pr(
    lang: str,
    size: int,
    bold: bool,
    italic: bool,
    caps_off: bool,
    underline: bool,
    color: str | None,
    font: str | None,
) -> str:
    """A run's properties up to (not including) its link and closing tag; ``lang`` escaped."""
    attrs = f' lang="{lang}" sz="{size}" b="{int(bold)}" i="{int(italic)}"'
    if caps_off:  # layouts may set all caps (section headers do)
        attrs += ' cap="none"'
    if underline:
        attrs += ' u="sng"'
    fill = f'<a:solidFill><a:srgbClr val="{hex_color(color)}"/></a:solidFill>' if color else ""
    latin = f'<a:latin typeface="{attr(font)}"/>' if font else ""
    return f"<a:rPr{attrs}>{fill}{latin}"


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
