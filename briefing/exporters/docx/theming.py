"""The theme's look for each style role: sizes, spacing, colours and fonts, in Word's units.

Half-points for sizes and twentieths of a point (twips) for spacing and indents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.exporters.docx.ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    child,
    element,
    put,
    qn,
    remove,
)

MONO_FONT = "Consolas"
GREY = "5B6472"
RULE = "D0D5DD"
CELL_PADDING = 100  # twips left and right of a table cell's text
# Indents that put a paragraph's borders on the margins: a 3 pt bar 8 pt from the text on
# the left, a 0.5 pt border 8 pt from it on the right (sizes in twips).
_BAR_INDENT = 60 + 160
_PAD_INDENT = 10 + 160
_FIGURE_COLUMN = 2041  # 3.6 cm: room for "25.3 million" in bold
_NUMBER_COLUMN = 567  # 1 cm at the right of the contents for the page numbers


@dataclass(frozen=True)
class Look:
    """The colours (RRGGBB) and fonts the report is drawn in."""

    primary: str
    secondary: str
    text: str
    tint: str
    heading_font: str | None
    body_font: str | None


def tint(hex_color: str, amount: float) -> str:
    """``hex_color`` mixed with white: amount 0 keeps it, 1 gives white."""
    rgb = [int(hex_color[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


# Formatting helpers, on a style element, in Word's units (half-points, twentieths of a point).


def _ppr(style: Any) -> Any:
    return child(style, "w:pPr", STYLE_ORDER)


def _rpr(style: Any) -> Any:
    return child(style, "w:rPr", STYLE_ORDER)


def fonts_element(name: str) -> Any:
    # Explicit fonts for every script; theme-font attributes would override them in Word.
    return element("w:rFonts", {"w:ascii": name, "w:hAnsi": name, "w:eastAsia": name, "w:cs": name})


def _font(style: Any, name: str | None) -> None:
    if name:
        put(_rpr(style), fonts_element(name), RPR_ORDER)


def _size(style: Any, points: float) -> None:
    half = str(round(points * 2))
    put(_rpr(style), element("w:sz", {"w:val": half}), RPR_ORDER)
    put(_rpr(style), element("w:szCs", {"w:val": half}), RPR_ORDER)


def _color(style: Any, hex_color: str) -> None:
    put(_rpr(style), element("w:color", {"w:val": hex_color}), RPR_ORDER)


def _bold(style: Any, on: bool = True) -> None:
    value = {"w:val": "1" if on else "0"}
    put(_rpr(style), element("w:b", value), RPR_ORDER)
    put(_rpr(style), element("w:bCs", value), RPR_ORDER)


def _plain(style: Any) -> None:
    """No italics, kerning or character spacing inherited from the template's look."""
    rpr = _rpr(style)
    remove(rpr, "w:iCs", "w:spacing", "w:kern")
    put(rpr, element("w:i", {"w:val": "0"}), RPR_ORDER)


def _spacing(style: Any, before: int, after: int, line: int = 264) -> None:
    attrs = {"w:before": str(before), "w:after": str(after)}
    attrs |= {"w:line": str(line), "w:lineRule": "auto"}
    put(_ppr(style), element("w:spacing", attrs), PPR_ORDER)


def _keep(style: Any) -> None:
    put(_ppr(style), element("w:keepNext"), PPR_ORDER)
    put(_ppr(style), element("w:keepLines"), PPR_ORDER)


def _outline(style: Any, level: int) -> None:
    put(_ppr(style), element("w:outlineLvl", {"w:val": str(level)}), PPR_ORDER)


def _border(style: Any, side: str, color: str, size: int, space: int) -> None:
    borders = element(
        "w:pBdr",
        {},
        element(
            f"w:{side}",
            {"w:val": "single", "w:sz": str(size), "w:space": str(space), "w:color": color},
        ),
    )
    put(_ppr(style), borders, PPR_ORDER)


def shading(fill: str) -> Any:
    return element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def _right_tab(style: Any, position: int, leader: str | None = None) -> None:
    tab = element("w:tab", {"w:val": "right", "w:pos": str(position)})
    if leader:
        tab.set(qn("w:leader"), leader)
    put(_ppr(style), element("w:tabs", {}, tab), PPR_ORDER)


def _indent(style: Any, left: int = 0, right: int = 0) -> None:
    put(_ppr(style), element("w:ind", {"w:left": str(left), "w:right": str(right)}), PPR_ORDER)


def restyle_defaults(document: Any, look: Look) -> None:
    """Document defaults in the theme's body font, so every style starts from it."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None or look.body_font is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        put(rpr, fonts_element(look.body_font), RPR_ORDER)


# Each role's look. With a reference document these run only for styles it lacks.


def _normal(style: Any, look: Look, width: int) -> None:
    _font(style, look.body_font)
    _size(style, 11)
    _color(style, look.text)
    _spacing(style, 0, 120)


def _title(style: Any, look: Look, width: int) -> None:
    remove(_ppr(style), "w:pBdr", "w:contextualSpacing", "w:numPr")
    _font(style, look.heading_font)
    _plain(style)
    _size(style, 34)
    _bold(style)
    _color(style, look.primary)
    _spacing(style, 0, 160, 240)
    _keep(style)


def _subtitle(style: Any, look: Look, width: int) -> None:
    remove(_ppr(style), "w:numPr", "w:contextualSpacing")
    _font(style, look.heading_font)
    _plain(style)
    _size(style, 15)
    _bold(style, on=False)
    _color(style, look.secondary)
    _spacing(style, 0, 360, 252)


def _heading(level: int) -> Callable[[Any, Look, int], None]:
    sizes, before, after = (18, 14, 11.5), (0, 400, 200), (200, 80, 40)

    def format_heading(style: Any, look: Look, width: int) -> None:
        remove(_ppr(style), "w:pBdr", "w:numPr")
        _font(style, look.heading_font)
        _plain(style)
        _size(style, sizes[level])
        _bold(style)
        _color(style, look.secondary if level == 2 else look.primary)
        _spacing(style, before[level], after[level], 240)
        _keep(style)
        _outline(style, level)
        if level == 0:
            _border(style, "bottom", look.primary, 8, 4)

    return format_heading


def _label(style: Any, look: Look, width: int) -> None:
    """A sub-heading's look for the executive summary's parts, outside the outline (the
    contents list the summary once)."""
    _heading(2)(style, look, width)
    _outline(style, 9)


def _toc_heading(style: Any, look: Look, width: int) -> None:
    _heading(0)(style, look, width)
    _outline(style, 9)  # body text level: the contents heading is not itself listed


def _toc(level: int) -> Callable[[Any, Look, int], None]:
    def format_toc(style: Any, look: Look, width: int) -> None:
        _spacing(style, 120 if level == 1 else 0, 60)
        # Entries wrap short of the page numbers' column, with or without numbers in it.
        _indent(style, left=0 if level == 1 else 280, right=_NUMBER_COLUMN)
        _right_tab(style, width, "dot")
        _bold(style, on=level == 1)
        if level == 1:
            _color(style, look.primary)

    return format_toc


def _list_bullet(style: Any, look: Look, width: int) -> None:
    _spacing(style, 0, 60)


def _header_footer(style: Any, look: Look, width: int) -> None:
    remove(_ppr(style), "w:tabs")
    _right_tab(style, width)
    _spacing(style, 0, 0, 240)
    _size(style, 9)
    _color(style, GREY)


def _hyperlink(style: Any, look: Look, width: int) -> None:
    _color(style, look.secondary)
    put(_rpr(style), element("w:u", {"w:val": "single"}), RPR_ORDER)


def _code(style: Any, look: Look, width: int) -> None:
    _font(style, MONO_FONT)
    _size(style, 10)
    put(_rpr(style), shading("EEF0F3"), RPR_ORDER)


def _details(style: Any, look: Look, width: int) -> None:
    _size(style, 9.5)
    _color(style, GREY)
    _spacing(style, 0, 120)


def _callout(style: Any, look: Look, width: int) -> None:
    """A tinted box from margin to margin, its bar in the brand colour at the left margin
    (where the tables' borders are); tint-coloured borders pad the text inside the box."""
    sides = {"left": (look.primary, 24, 8), "right": (look.tint, 4, 8)}
    sides |= {"top": (look.tint, 4, 4), "bottom": (look.tint, 4, 4)}
    borders = element(
        "w:pBdr",
        {},
        *(
            element(
                f"w:{side}",
                {"w:val": "single", "w:sz": str(size), "w:space": str(space), "w:color": color},
            )
            for side, (color, size, space) in sorted(sides.items(), key=_border_order)
        ),
    )
    put(_ppr(style), borders, PPR_ORDER)
    put(_ppr(style), shading(look.tint), PPR_ORDER)
    _spacing(style, 200, 200)
    _indent(style, left=_BAR_INDENT, right=_PAD_INDENT)


def _border_order(item: tuple[str, Any]) -> int:
    return ("top", "left", "bottom", "right").index(item[0])


def _recommendation(style: Any, look: Look, width: int) -> None:
    """A line of what the briefing recommends: bold, set off by a bar in the brand colour."""
    _border(style, "left", look.primary, 24, 8)
    _indent(style, left=_BAR_INDENT)
    _size(style, 12.5)
    _bold(style)
    _spacing(style, 0, 160, 252)
    put(_ppr(style), element("w:keepLines"), PPR_ORDER)


def _figure(style: Any, look: Look, width: int) -> None:
    """A figure and what it measures: the labels of a session's figures align at a tab,
    wrapping under themselves."""
    _spacing(style, 0, 80)
    tab = element("w:tab", {"w:val": "left", "w:pos": str(_FIGURE_COLUMN)})
    put(_ppr(style), element("w:tabs", {}, tab), PPR_ORDER)
    hang = str(_FIGURE_COLUMN)
    put(_ppr(style), element("w:ind", {"w:left": hang, "w:hanging": hang}), PPR_ORDER)


def _table_text(style: Any, look: Look, width: int) -> None:
    _spacing(style, 0, 0, 240)
    _size(style, 10)


def _table(style: Any, look: Look, width: int) -> None:
    tblpr = child(style, "w:tblPr", STYLE_ORDER)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = element(
        "w:tblBorders",
        {},
        *(
            element(f"w:{side}", {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": RULE})
            for side in sides
        ),
    )
    put(tblpr, borders, TBLPR_ORDER)
    margins = element(
        "w:tblCellMar",
        {},
        element("w:top", {"w:w": "60", "w:type": "dxa"}),
        element("w:left", {"w:w": str(CELL_PADDING), "w:type": "dxa"}),
        element("w:bottom", {"w:w": "60", "w:type": "dxa"}),
        element("w:right", {"w:w": str(CELL_PADDING), "w:type": "dxa"}),
    )
    put(tblpr, margins, TBLPR_ORDER)


def nothing(style: Any, look: Look, width: int) -> None:
    return None


FORMATS: dict[str, Callable[[Any, Look, int], None]] = {
    "normal": _normal,
    "title": _title,
    "subtitle": _subtitle,
    "heading 1": _heading(0),
    "heading 2": _heading(1),
    "heading 3": _heading(2),
    "toc heading": _toc_heading,
    "toc 1": _toc(1),
    "toc 2": _toc(2),
    "list bullet": _list_bullet,
    "header": _header_footer,
    "footer": _header_footer,
    "hyperlink": _hyperlink,
    "code": _code,
    "details": _details,
    "callout": _callout,
    "label": _label,
    "recommendation": _recommendation,
    "figure": _figure,
    "table text": _table_text,
    "table": _table,
}
