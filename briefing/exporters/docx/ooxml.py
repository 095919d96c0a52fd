"""Building WordprocessingML elements, and putting children where the schema orders them.

Word rejects a document whose property elements are out of schema order ("unreadable
content"), so every property the exporter sets goes through ``put`` with its parent's order.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls
from docx.oxml.ns import qn as _qn
from lxml.etree import SubElement

__all__ = ["element", "nsdecls", "put", "qn", "stamp", "sub", "twips"]

PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription",
)  # fmt: skip
TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip
STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
    "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip
LVL_ORDER = (
    "w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText",
    "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr",
)  # fmt: skip
SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
# w:settings children from w:updateFields on (CT_Settings); earlier ones never matter here.
SETTINGS_ORDER = (
    "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)  # fmt: skip


@cache
def qn(tag: str) -> str:
    """``tag`` ("w:p") in Clark notation ("{http://...}p"); remembered, as the report asks
    for the same few hundred thousand times."""
    return str(_qn(tag))


def twips(length: int) -> int:
    """A python-docx length (EMU) in twentieths of a point, Word's unit for spacing."""
    return int(length) // 635


def element(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """A new element, e.g. element("w:tab", {"w:val": "right", "w:pos": "9000"})."""
    made = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        made.set(qn(key), value)
    for child in children:
        made.append(child)
    return made


def sub(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """A new last child ``tag`` of ``parent``, e.g. sub(p, "w:r"): the fast way to build,
    as it takes the parent's namespace declarations instead of declaring its own."""
    if attrs is None:
        return SubElement(parent, qn(tag))
    return SubElement(parent, qn(tag), {qn(key): value for key, value in attrs.items()})


def stamp(parent: Any, template: Any) -> Any:
    """Append a copy of ``template``, a small prebuilt subtree, to ``parent``; return it.

    The report repeats a few shapes (a bold run, a table cell) thousands of times: copying
    one is a single call into libxml2, where building it costs one call per element.
    """
    made = copy.copy(template)  # lxml copies an element with its whole subtree
    parent.append(made)
    return made


def put(parent: Any, child: Any, order: tuple[str, ...]) -> Any:
    """Set ``child`` on ``parent``: replace the child of the same tag, or insert it before
    the first later sibling in schema ``order``; return ``child``."""
    existing = parent.find(child.tag)
    if existing is not None:
        parent.replace(existing, child)
        return child
    later = _later(order).get(child.tag, frozenset())
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


@cache
def _later(order: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """For each tag in ``order`` (Clark notation), the tags that come after it."""
    names = [qn(name) for name in order]
    return {name: frozenset(names[index + 1 :]) for index, name in enumerate(names)}


def child(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """``parent``'s child ``tag``, created in schema order when missing."""
    found = parent.find(qn(tag))
    return found if found is not None else put(parent, element(tag), order)


def ppr_of(p: Any) -> Any:
    """The paragraph's w:pPr (always its first child), created when missing."""
    found = p.find(qn("w:pPr"))
    if found is None:
        found = element("w:pPr")
        p.insert(0, found)
    return found


def remove(parent: Any, *tags: str) -> None:
    for tag in tags:
        for found in parent.findall(qn(tag)):
            parent.remove(found)
