"""Word styles for the report: found by the name Word shows, created when missing, themed.

Without a reference document the theme's colours and fonts restyle python-docx's blank
template. With one (``docx_template``) the reference's styles win: existing styles are used
as they are, and only the styles it lacks are created, in its own colours where it has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE

from briefing.exporters.docx import internals
from briefing.exporters.docx.ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    child,
    element,
    put,
    qn,
    remove,
)
from briefing.exporters.docx.theming import FORMATS, Look, nothing, restyle_defaults, tint
from briefing.themes import Theme

PARAGRAPH = WD_STYLE_TYPE.PARAGRAPH
CHARACTER = WD_STYLE_TYPE.CHARACTER
TABLE = WD_STYLE_TYPE.TABLE
_KIND_NAMES = {PARAGRAPH: "paragraph", CHARACTER: "character", TABLE: "table"}


@dataclass(frozen=True)
class Spec:
    """A style the report uses: the name Word stores, its preferred id, other names it goes
    by (LibreOffice's among them), and the style it builds on when created."""

    name: str
    style_id: str
    kind: WD_STYLE_TYPE = PARAGRAPH
    aliases: tuple[str, ...] = ()
    based_on: str | None = "Normal"
    builtin: bool = True


SPECS: dict[str, Spec] = {
    "normal": Spec("Normal", "Normal", based_on=None),
    "title": Spec("Title", "Title"),
    "subtitle": Spec("Subtitle", "Subtitle"),
    "heading 1": Spec("heading 1", "Heading1"),
    "heading 2": Spec("heading 2", "Heading2"),
    "heading 3": Spec("heading 3", "Heading3"),
    "toc heading": Spec("TOC Heading", "TOCHeading", aliases=("Contents Heading",)),
    "toc 1": Spec("toc 1", "TOC1", aliases=("Contents 1",)),
    "toc 2": Spec("toc 2", "TOC2", aliases=("Contents 2",)),
    "list bullet": Spec("List Bullet", "ListBullet"),
    "header": Spec("header", "Header"),
    "footer": Spec("footer", "Footer"),
    "hyperlink": Spec(
        "Hyperlink", "Hyperlink", CHARACTER, ("Internet Link", "Internet link"), None
    ),
    "code": Spec("Code", "Code", CHARACTER, ("Source Text", "HTML Code"), None, builtin=False),
    "details": Spec("Session Details", "SessionDetails", builtin=False),
    "callout": Spec("Callout", "Callout", builtin=False),
    "label": Spec("Summary Label", "SummaryLabel", builtin=False),
    "recommendation": Spec("Recommendation", "Recommendation", builtin=False),
    "figure": Spec("Key Figure", "KeyFigure", builtin=False),
    "table text": Spec("Table Text", "TableText", builtin=False),
    "table": Spec("Table Grid", "TableGrid", TABLE, based_on=None),
}


def set_language(document: Any, lang: str, rtl: bool) -> None:
    """The report's language in its default run properties (spelling, hyphenation, screen
    readers; LibreOffice passes it on to the PDF), the styles' own languages removed so that
    it holds everywhere; a right-to-left language's paragraphs read from the right."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        root.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = element("w:rPrDefault")
        defaults.insert(0, run_defaults)
    rpr = child(run_defaults, "w:rPr", ("w:rPr",))
    found = rpr.find(qn("w:lang"))
    attrs = {} if found is None else {k: v for k, v in found.attrib.items()}
    attrs[qn("w:val")] = lang
    if rtl:
        attrs[qn("w:bidi")] = lang
    language = element("w:lang")
    for key, value in attrs.items():
        language.set(key, value)
    put(rpr, language, RPR_ORDER)
    for style_rpr in root.iterfind(f"{qn('w:style')}/{qn('w:rPr')}"):
        remove(style_rpr, "w:lang")
    if rtl:
        paragraph_defaults = defaults.find(qn("w:pPrDefault"))
        if paragraph_defaults is None:
            paragraph_defaults = element("w:pPrDefault")
            run_defaults.addnext(paragraph_defaults)
        put(child(paragraph_defaults, "w:pPr", ("w:pPr",)), element("w:bidi"), PPR_ORDER)


def _same(style: Any, other: Any) -> bool:
    return other is not None and style.element is other.element


def _norm(name: str) -> str:
    return "".join(name.split()).casefold()


def _color_of(style: Any) -> str | None:
    color = style.element.find(f"{qn('w:rPr')}/{qn('w:color')}") if style is not None else None
    value = color.get(qn("w:val")) if color is not None else None
    return value.upper() if value and value.lower() != "auto" else None


def _font_of(style: Any) -> str | None:
    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") if style is not None else None
    return fonts.get(qn("w:ascii")) if fonts is not None else None


class StyleBook:
    """The report's styles by role ("heading 1", "list bullet", ...), each found or made."""

    def __init__(self, document: Any, theme: Theme, text_width: int) -> None:
        self.document = document
        self.reference = theme.docx_template is not None
        self.text_width = text_width
        self._styles: dict[str, Any] = {}
        # Every style of the document as find() compares it: (kind, name, id, style).
        self._index: list[tuple[Any, str, str, Any]] = [
            (style.type, _norm(style.name or ""), _norm(style.style_id or ""), style)
            for style in document.styles
        ]
        found = {role: self.find(spec.name, spec.kind, spec) for role, spec in SPECS.items()}
        self.look = self._look(theme, found)
        if not self.reference:
            restyle_defaults(document, self.look)
        for role, spec in SPECS.items():
            style = found[role]
            if style is None:
                style = self._create(spec)
            elif self.reference:
                self._styles[role] = style
                continue
            self._styles[role] = style
            FORMATS.get(role, nothing)(style.element, self.look, self.text_width)
        self._ids = {role: str(style.style_id) for role, style in self._styles.items()}
        defaults = {kind: document.styles.default(kind) for kind in _KIND_NAMES}
        # What python-docx writes when a block is given a style: no reference to the default
        # style of its kind (Word applies it anyway), the style's id otherwise.
        self._refs = {
            role: None if _same(style, defaults[SPECS[role].kind]) else self._ids[role]
            for role, style in self._styles.items()
        }

    def __getitem__(self, role: str) -> Any:
        return self._styles[role]

    def id(self, role: str) -> str:
        return self._ids[role]

    def ref(self, role: str) -> str | None:
        """The style id a paragraph or table of ``role`` names; None for the default style."""
        return self._refs[role]

    def find(self, name: str, kind: WD_STYLE_TYPE, spec: Spec | None = None) -> Any:
        """The style Word shows as ``name`` (any case, spaces ignored), else the one with that
        style id, else one of its aliases; None when the document has none of them."""
        wanted = [_norm(name)]
        if spec is not None:
            wanted += [_norm(spec.style_id), *(_norm(a) for a in spec.aliases)]
        best: tuple[int, Any] | None = None
        for style_kind, style_name, style_id, style in self._index:
            if style_kind != kind:
                continue
            keys = (style_name, style_id)
            for rank, key in enumerate(wanted):
                if key in keys and (best is None or rank < best[0]):
                    best = (rank, style)
        return best[1] if best else None

    def _create(self, spec: Spec) -> Any:
        """A new style; its id made unique so it can never shadow an existing style."""
        root = self.document.styles.element
        taken = {s.get(qn("w:styleId")) for s in root.findall(qn("w:style"))}
        style_id, n = spec.style_id, 1
        while style_id in taken:
            n += 1
            style_id = f"{spec.style_id}{n}"
        style_el = element("w:style", {"w:type": _KIND_NAMES[spec.kind], "w:styleId": style_id})
        if not spec.builtin:
            style_el.set(qn("w:customStyle"), "1")
        put(style_el, element("w:name", {"w:val": spec.name}), STYLE_ORDER)
        if spec.based_on:
            base = self.find(spec.based_on, spec.kind)
            if base is not None:
                put(style_el, element("w:basedOn", {"w:val": base.style_id}), STYLE_ORDER)
        put(style_el, element("w:qFormat"), STYLE_ORDER)
        root.append(style_el)
        style = internals.style_proxy(style_el)
        self._index.append((style.type, _norm(style.name or ""), _norm(style.style_id), style))
        return style

    def _look(self, theme: Theme, found: dict[str, Any]) -> Look:
        colors = theme.colors
        primary = colors.primary.lstrip("#").upper()
        secondary = colors.secondary.lstrip("#").upper()
        text = colors.text.lstrip("#").upper()
        heading_font: str | None = theme.heading_font
        body_font: str | None = theme.body_font
        if self.reference:
            # The reference's own colours and fonts win; the theme fills what it lacks.
            primary = _color_of(found["heading 1"]) or primary
            secondary = _color_of(found["heading 2"]) or secondary
            text = _color_of(found["normal"]) or text
            heading_font = _font_of(found["heading 1"]) or (
                None if found["heading 1"] is not None else heading_font
            )
            body_font = None  # created styles inherit the reference's body font
        return Look(primary, secondary, text, tint(primary, 0.9), heading_font, body_font)
