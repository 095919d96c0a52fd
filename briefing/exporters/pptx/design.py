"""A template's design as the deck uses it: the master and layouts, where content may go on
them, and the colours text takes there.

A corporate template often has several masters: a cover design with artwork, and cleaner ones
for content. The content master is the one the template's own sample content slides use when
its content area reads well, else the master whose content area leaves the most room that
reads well; a theme can name it (``pptx_master``) and name layouts (``pptx_layouts``). The
content area is the union of the content layout's body placeholders (or the room between its
title and its footer), cut down to the largest rectangle where text reads at WCAG AA against
what is really behind it (see ``backdrop``). A layout whose area is too small falls back to
the next candidate; in the end the deck lays a card in the master's paper colour under its
content, so text never sits on artwork it cannot be read against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import PP_PLACEHOLDER

from briefing.errors import ThemeError
from briefing.exporters.pptx import layouts
from briefing.exporters.pptx.backdrop import Area, Backdrop, Colors, Region, colors_of, paint
from briefing.exporters.pptx.internals import element
from briefing.exporters.pptx.style import AA_LARGE, AA_TEXT, contrast

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType

EMU_PER_POINT = 12700
# The least room session content needs: a column of key points beside figures and a QR code.
MIN_WIDTH, MIN_HEIGHT = 420.0, 200.0
# Title slides and dividers hold a few lines: a key point at 14 pt fits in this much room.
SMALL_ROLES = ("title", "section")
SMALL_MIN = (240.0, 130.0)
# A content area keeps this share of the layout's own to count as reading well.
KEEP = 0.6
# Theme names for layouts -> the roles they fill.
NAMED_ROLES = {
    "title": ("title",),
    "section": ("section",),
    "content": ("title_only", "content"),
    "closing": ("closing",),
}
INSET = 4.0  # points kept between content and anything it may not touch
TITLE_FLOOR = 30.0  # the least height a title's place keeps: a line at 24 pt
# The deck's own title place on a layout without one (as skeleton adds it).
OWN_MARGIN, OWN_TITLE_HEIGHT = 42.0, 60.0


@dataclass(frozen=True)
class Surface:
    """What slides of one role are drawn on, and how text is set there."""

    layout: Any
    master: int  # 0-based index of the layout's master
    title: Area | None  # the title placeholder's place
    title_color: str
    content: Area  # where the deck's own content goes
    text: str  # the colour of body text there
    paper: str  # the colour most of the content area has
    card: bool  # True: the content sits on a card of ``paper`` laid over the artwork
    how: str  # why this layout and area, for check-template
    backdrop: Backdrop
    chrome: dict[str, Area]  # where the layout puts its footer and slide number

    def color_for(self, area: Region, ratio: float, preferred: tuple[str, ...] = ()) -> str | None:
        """The first of ``preferred``, the body text colour, black or white that reads at
        ``ratio`` on everything behind ``area``; None when none does."""
        for color in (*preferred, self.text, "#000000", "#FFFFFF"):
            if self.backdrop.worst(area, color) >= ratio:
                return color
        return None

    def plain(self, area: Region) -> bool:
        """Whether ``area`` lies on one flat colour (no artwork, no gradient under it)."""
        return len(self.backdrop.colors(area)) <= 1


@dataclass
class Design:
    """The surfaces of every role, the master chosen for content, and what fell back."""

    surfaces: dict[str, Surface]
    choices: dict[str, layouts.Choice]
    content_master: int
    why: str
    colors: Colors
    notes: list[str] = field(default_factory=list)


def design(
    prs: PresentationType,
    samples: list[Any],
    master_name: str | None = None,
    named: dict[str, str] | None = None,
) -> Design:
    """Choose the masters, layouts and content areas a designer would, for every role."""
    width, height = (prs.slide_width or 0) / EMU_PER_POINT, (prs.slide_height or 0) / EMU_PER_POINT
    masters = list(prs.slide_masters)
    if not masters or not any(len(m.slide_layouts) for m in masters):
        raise ThemeError("the PowerPoint template has no slide layouts; add at least one")
    role_names = _role_names(named or {})
    painted: dict[int, Backdrop] = {}
    found: dict[tuple[int, bool], dict[str, layouts.Choice]] = {}

    def find(master: Any, by_theme: bool = True) -> dict[str, layouts.Choice]:
        """The master's layout for each role (looking at placeholders is slow: once each)."""
        key = (id(element(master)), by_theme)
        if key not in found:
            found[key] = layouts.find_layouts(
                None, within=master, named=role_names if by_theme else None
            )
        return dict(found[key])

    def backdrop(layout: Any) -> Backdrop:
        key = id(element(layout))
        if key not in painted:
            painted[key] = paint(layout, width, height)
        return painted[key]

    def surface(layout: Any, role: str) -> Surface:
        content_layout = find(layout.slide_master, False)["content"].layout
        return _surface(layout, role, masters, backdrop(layout), width, height, content_layout)

    def own(layout: Any, role: str) -> Surface:
        """The deck's own geometry on ``layout``: its title at the top, content below."""
        title = Area(OWN_MARGIN, OWN_MARGIN / 2, width - 2 * OWN_MARGIN, OWN_TITLE_HEIGHT)
        return _surface(layout, role, masters, backdrop(layout), width, height, None, title)

    sample_masters = [masters.index(lay.slide_master) for lay in samples if _is_content(lay)]
    content_index, why = _content_master(masters, master_name, sample_masters, find, surface)
    content = masters[content_index]
    choices = find(content)
    notes: list[str] = []
    surfaces: dict[str, Surface] = {}
    for role in ("content", "title_only", "blank"):
        surfaces[role] = surface(choices[role].layout, role)
        if surfaces[role].card:
            _own_geometry(role, content, choices, surfaces, find, own)
    closing_name = role_names.get("closing")
    if closing_name:
        closing = _by_name(content, closing_name)
        if closing is not None:
            choices["closing"] = layouts.Choice("closing", closing, "named by the theme")
    choices.setdefault("closing", choices["content"])
    surfaces["closing"] = surface(choices["closing"].layout, "closing")
    if surfaces["closing"].card:
        _own_geometry("closing", content, choices, surfaces, find, own)
    # The cover: the layout the template's first sample slide uses, when it is a title
    # layout that reads; else the content master's.
    cover = _cover_master(masters, samples, content_index)
    for role in ("title", "section"):
        chosen = choices[role]
        if cover != content_index and role not in role_names:
            candidate = find(masters[cover], False)[role]
            if candidate.layout is not None:
                tried = surface(candidate.layout, role)
                reads = tried.title is not None and _title_reads(backdrop(candidate.layout), tried)
                if reads and not tried.card:
                    choices[role] = layouts.Choice(
                        role, candidate.layout, f"{candidate.how}, on the cover master"
                    )
                    surfaces[role] = tried
                    continue
        surfaces[role] = surface(chosen.layout, role)
    for role, made in surfaces.items():
        if made.card:
            notes.append(
                f"the {layouts.USES.get(role, role)} layout {made.layout.name!r} has no room "
                "that reads well; content sits on a card of the master's paper colour"
            )
    return Design(surfaces, choices, content_index, why, colors_of(content), notes)


def _own_geometry(
    role: str,
    master: Any,
    choices: dict[str, layouts.Choice],
    surfaces: dict[str, Surface],
    find: Any,
    own: Any,
) -> None:
    """When a layout leaves no room that reads, the master's blank layout with the deck's own
    title and content places, if they read better there."""
    blank = find(master, False)["blank"].layout
    if blank is None or layouts.title_of(blank) is not None:
        return
    tried = own(blank, role)
    if not tried.card:
        choices[role] = layouts.Choice(
            role, blank, "the template's layout leaves no room that reads; the deck's own "
            "places on the master's blank layout",
        )  # fmt: skip
        surfaces[role] = tried


def _role_names(named: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in named.items():
        for role in NAMED_ROLES.get(key, ()):
            out[role] = name
    return out


def _by_name(master: Any, name: str) -> Any:
    wanted = layouts.normalise(name)
    return next(
        (lay for lay in master.slide_layouts if layouts.normalise(lay.name) == wanted), None
    )


def _is_content(layout: Any) -> bool:
    """Whether a sample slide's layout is for content (a title and a body, or a title only),
    not a title slide (a centred title or a subtitle, or named so)."""
    kinds = layouts.placeholder_kinds(layout)
    if any(k in (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE) for k in kinds):
        return False
    if layouts.normalise(layout.name) in {layouts.normalise(n) for n in layouts.ROLES["title"]}:
        return False
    return any(k in layouts.TITLE_TYPES for k in kinds)


def master_label(master: Any, index: int) -> str:
    name = (
        element(master)
        .find("{http://schemas.openxmlformats.org/presentationml/2006/main}cSld")
        .get("name", "")
    )
    return f"master {index + 1}" + (f" ({name!r})" if name else "")


def _content_master(
    masters: list[Any],
    wanted: str | None,
    sample_masters: list[int],
    find: Any,
    surface: Any,
) -> tuple[int, str]:
    if wanted:
        for index, master in enumerate(masters):
            name = (
                element(master)
                .find("{http://schemas.openxmlformats.org/presentationml/2006/main}cSld")
                .get("name", "")
            )
            if wanted.strip().casefold() in (name.casefold(), str(index + 1)):
                return index, "named by the theme (pptx_master)"
        labels = ", ".join(master_label(m, i) for i, m in enumerate(masters))
        raise ThemeError(
            f"the theme's pptx_master {wanted!r} is not a master of the template; "
            f"it has {labels} (give a name or a number)"
        )
    scores: dict[int, float] = {}
    for index, master in enumerate(masters):
        chosen = find(master)["title_only"]
        if chosen.layout is None:
            continue
        found = surface(chosen.layout, "title_only")
        scores[index] = 0.0 if found.card else found.content.w * found.content.h
    if not scores:
        return 0, "the first master (no master has a layout with a title)"
    used = [i for i in dict.fromkeys(sample_masters) if scores.get(i, 0.0) > 0]
    if used:
        best = max(used, key=lambda i: (scores[i], -i))
        return best, "its content layouts are the ones the template's sample content slides use"
    best = max(scores, key=lambda i: (scores[i], -i))
    if scores[best] > 0:
        return best, "its content area leaves the most room that reads well"
    return best, "no master has a content area that reads well; content sits on a card"


def _cover_master(masters: list[Any], samples: list[Any], content: int) -> int:
    if samples and not _is_content(samples[0]):
        return masters.index(samples[0].slide_master)
    return content


def _title_reads(backdrop: Backdrop, surface: Surface) -> bool:
    assert surface.title is not None
    return backdrop.worst(surface.title, surface.title_color) >= AA_LARGE


def _surface(
    layout: Any,
    role: str,
    masters: list[Any],
    backdrop: Backdrop,
    width: float,
    height: float,
    content_layout: Any,
    own_title: Area | None = None,
) -> Surface:
    master = layout.slide_master
    colors = colors_of(master, layout)
    title_shape = layouts.title_of(layout)
    title = _area(title_shape) if title_shape is not None else own_title
    # Session slides take the content area of the master's content layout, as designed.
    if role not in ("title_only", "blank", "closing"):
        content_layout = layout
    body = _body_union(content_layout or layout) if own_title is None else None
    between = _between(layout, title, width, height)
    below = Area(between.x, between.y, between.w, height - between.y - min(width, height) * 0.04)
    above = None
    if title is not None and role in SMALL_ROLES:
        margin = min(width, height) * 0.06
        above = Area(title.x, margin, title.w, max(title.y - margin * 1.5, 1.0))
    regions = [r for r in (body, between, below, above) if r is not None]
    candidates = _text_candidates(layout, colors)
    title_color, title = _title_place(layout, colors, backdrop, title)
    label = master_label(master, masters.index(master))
    where = (
        "its body placeholders",
        "between its title and footer",
        "below its title",
        "above its title",
    )
    usable: list[tuple[float, str, Area, str]] = []
    for number, region in enumerate(regions):
        best: tuple[float, str, Area] | None = None
        for rank, color in enumerate(candidates):
            failing = backdrop.failing(region, color, AA_TEXT)
            if failing > 1 - KEEP:
                continue  # too little of the region reads in this colour to be used
            found = region if not failing else backdrop.readable(region, color, AA_TEXT)
            if found is None:
                continue
            found = _inset(found, region)
            score = found.w * found.h * (1.0 if rank == 0 else 0.9)
            if best is None or score > best[0]:
                best = (score, color, found)
        if best is None:
            continue
        score, text, content = best
        least_w, least_h = (MIN_WIDTH, MIN_HEIGHT) if role not in SMALL_ROLES else SMALL_MIN
        if (
            content.w >= least_w
            and content.h >= least_h
            and content.w * content.h >= KEEP * region.w * region.h
        ):
            usable.append((score, text, content, where[number if body else number + 1]))
            if role not in SMALL_ROLES:
                break  # content goes where the designer put it, when it reads there
    if usable:
        # A title slide or a divider takes the roomiest place that reads.
        _, text, content, place = max(usable, key=lambda u: u[0])
        return Surface(
            layout, masters.index(master), title, title_color, content, text,
            backdrop.dominant(content), False, f"{label}, content {place} at {_inches(content)}",
            backdrop, _chrome(layout),
        )  # fmt: skip
    region = max(regions, key=lambda r: r.w * r.h)
    paper = colors.slot("bg1") or "#FFFFFF"
    text = max(candidates, key=lambda c: contrast(c, paper))
    return Surface(
        layout, masters.index(master), title, title_color, region, text, paper, True,
        f"{label}, content on a card at {_inches(region)}", backdrop, _chrome(layout),
    )  # fmt: skip


def _title_place(
    layout: Any, colors: Colors, backdrop: Backdrop, title: Area | None
) -> tuple[str, Area | None]:
    """The template's title colour and place when the title reads there; else the colour and
    the part of the title's place where a title reads best (a band of a darker colour, say)."""
    candidates = _text_candidates(layout, colors, title=True)
    if title is None:
        return candidates[0], None
    for color in candidates:
        if backdrop.worst(title, color) >= AA_LARGE:
            return color, title
    best: tuple[float, str, Area] | None = None
    for rank, color in enumerate(candidates):
        found = backdrop.readable(title, color, AA_LARGE)
        if found is None or found.h < TITLE_FLOOR or found.w < title.w * 0.5:
            continue
        score = found.w * found.h * (1.0 if rank == 0 else 0.9)
        if best is None or score > best[0]:
            best = (score, color, found)
    if best is not None:
        return best[1], best[2]
    return max(candidates, key=lambda c: backdrop.worst(title, c)), title


def _text_candidates(layout: Any, colors: Colors, title: bool = False) -> list[str]:
    """Text colours to try, the template's own first: its placeholder's, then the text and
    background colours of its scheme, then black and white."""
    own = _placeholder_color(layout, colors, title)
    slots = [colors.slot(s) for s in ("tx1", "bg1", "tx2", "bg2", "dk1", "lt1")]
    found = [c for c in (own, *slots, "#000000", "#FFFFFF") if c]
    return list(dict.fromkeys(c.upper() for c in found))


def _placeholder_color(layout: Any, colors: Colors, title: bool) -> str | None:
    """The colour a template gives the text of its title or body placeholder, as PowerPoint
    inherits it (layout, master, text styles), or as LibreOffice saves it (on the master
    placeholder's prompt text)."""
    kinds = layouts.TITLE_TYPES if title else layouts.BODY_TYPES
    master = layout.slide_master
    holders = []
    for owner in (layout, master):
        for shape in owner.placeholders:
            try:
                if shape.placeholder_format.type in kinds:
                    holders.append(element(shape))
                    break
            except ValueError:
                continue
    paths = ["./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/a:solidFill/*"]
    for holder in holders:
        for path in paths:
            found = holder.xpath(path)
            if found:
                resolved = colors.resolve(found[0])
                if resolved:
                    return resolved[0]
    style = "p:titleStyle" if title else "p:bodyStyle"
    found = element(master).xpath(f"./p:txStyles/{style}/a:lvl1pPr/a:defRPr/a:solidFill/*")
    if found:
        resolved = colors.resolve(found[0])
        if resolved:
            return resolved[0]
    for holder in holders:
        found = holder.xpath("./p:txBody/a:p/a:r/a:rPr/a:solidFill/*")
        if found:
            resolved = colors.resolve(found[0])
            if resolved:
                return resolved[0]
    return colors.slot("tx1")


def _chrome(layout: Any) -> dict[str, Area]:
    """Where the layout puts its footer and slide number (inherited from the master)."""
    names = {
        PP_PLACEHOLDER.FOOTER: "footer",
        PP_PLACEHOLDER.SLIDE_NUMBER: "number",
    }
    found: dict[str, Area] = {}
    for owner in (layout, layout.slide_master):
        for shape in owner.placeholders:
            try:
                kind = names.get(shape.placeholder_format.type)
            except ValueError:
                continue
            area = _area(shape) if kind else None
            if kind and area is not None:
                found.setdefault(kind, area)
    return found


def _area(shape: Any) -> Area | None:
    if shape.left is None or shape.width is None or not shape.width or not shape.height:
        return None
    return Area(
        shape.left / EMU_PER_POINT,
        shape.top / EMU_PER_POINT,
        shape.width / EMU_PER_POINT,
        shape.height / EMU_PER_POINT,
    )


def _body_union(layout: Any) -> Area | None:
    found = []
    for shape in layout.placeholders:
        try:
            kind = shape.placeholder_format.type
        except ValueError:
            continue
        if kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT):
            area = _area(shape)
            if area is not None:
                found.append(area)
    if not found:
        return None
    x0, y0 = min(a.x for a in found), min(a.y for a in found)
    x1, y1 = max(a.right for a in found), max(a.bottom for a in found)
    return Area(x0, y0, x1 - x0, y1 - y0)


def _between(layout: Any, title: Area | None, width: float, height: float) -> Area:
    """The room between the layout's title and its footer placeholders (or the slide's foot)."""
    margin = min(width, height) * 0.06
    top = (title.bottom if title is not None else 0.0) + margin * 0.5
    bottom = height - margin
    for shape in layout.placeholders:
        try:
            kind = shape.placeholder_format.type
        except ValueError:
            continue
        if kind in layouts.CHROME_TYPES:
            area = _area(shape)
            if area is not None and area.y > top:
                bottom = min(bottom, area.y - margin * 0.25)
    left = title.x if title is not None else margin
    right = title.right if title is not None else width - margin
    return Area(left, top, max(right - left, 1.0), max(bottom - top, 1.0))


def _inset(found: Area, region: Area) -> Area:
    """``found`` kept ``INSET`` points off any edge it shares with artwork (not the region's)."""
    x0 = found.x + (INSET if found.x > region.x + 0.5 else 0.0)
    y0 = found.y + (INSET if found.y > region.y + 0.5 else 0.0)
    x1 = found.right - (INSET if found.right < region.right - 0.5 else 0.0)
    y1 = found.bottom - (INSET if found.bottom < region.bottom - 0.5 else 0.0)
    return Area(x0, y0, max(x1 - x0, 0.0), max(y1 - y0, 0.0))


def _inches(area: Area) -> str:
    return f"{area.x / 72:.2f}, {area.y / 72:.2f} in, {area.w / 72:.2f} x {area.h / 72:.2f} in"
