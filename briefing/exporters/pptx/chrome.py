"""What every slide shares: its layout and title placeholder, the grid, bands, footer and logo.

Positions are in points on the slide (960 x 540 for 16:9). With a template, titles stay where
and as the template puts them and content goes between the title and the footer; without one,
the deck draws its own branded bands on python-pptx's (widened) default masters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from briefing.exporters.pptx import charts, layouts, ooxml
from briefing.exporters.pptx.ooxml import Placeholder, Slide, attr, emu
from briefing.exporters.pptx.style import AA_TEXT, FOOTER, TITLE_MAX, TITLE_MIN, Style
from briefing.exporters.pptx.text import TextPara, body_pr, hex_color, text_body
from briefing.richtext import RichText
from briefing.typeset.wrap import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.design import Design, Surface
    from briefing.exporters.pptx.package import Package
    from briefing.exporters.pptx.skeleton import Prototype
    from briefing.exporters.pptx.summary import DeckSizes
    from briefing.model import Stat
    from briefing.themes import Theme

MARGIN = 42.0
GAP = 14.0
BAND = 118.0  # height of the title band on branded content slides
FOOTER_HEIGHT = 22.0
LOGO_HEIGHT = 22.0
TITLE_FLOOR = 12.0  # only absurdly long titles go below TITLE_MIN
RECT, ROUNDED = "rect", "roundRect"
_BASENAMES = {RECT: "Rectangle", ROUNDED: "Rounded Rectangle"}
_SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def emu(self) -> tuple[int, int, int, int]:
        return emu(self.x), emu(self.y), emu(self.w), emu(self.h)


def points(value: int | None) -> float:
    return (value or 0) / 12700


@dataclass
class Canvas:
    """The deck being built, its style, and the state shared by all slides."""

    prs: Any  # the base presentation (python-pptx), read for its layouts and size only
    style: Style
    theme: Theme
    choices: dict[str, layouts.Choice]
    package: Package
    prototypes: Callable[[str, bool], Prototype]
    branded: bool  # True: no template, the deck draws its own bands and panels
    design: Design | None = None  # a template's masters, layouts and content areas
    logo: bytes | None = None
    logo_ext: str = "png"
    logo_ratio: float = 1.0  # width / height
    titles: set[str] = field(default_factory=set)
    count: int = 0
    # A summary deck's sizes, set before its sessions are planned (None: a full deck).
    sizes: DeckSizes | None = None

    @cached_property
    def width(self) -> float:
        return points(self.prs.slide_width)

    @cached_property
    def height(self) -> float:
        return points(self.prs.slide_height)

    # --- slides and titles -------------------------------------------------------------

    def new_slide(
        self, role: str, keep_body: bool = False
    ) -> tuple[Slide, Placeholder, Placeholder | None]:
        """A slide on the role's layout: (slide, title placeholder, body placeholder or None).

        Placeholders the deck does not fill are left off; those it keeps have the layout's
        place written on them (see ``skeleton.prototype``).
        """
        proto = self.prototypes(role, keep_body)
        slide = self.package.new_slide(proto.layout)
        slide.role = role
        self.count += 1
        shapes = [Placeholder(s.nv, s.id, s.rect, s.xfrm is not None) for s in proto.shapes]
        for shape in shapes:
            slide.add(shape, shape.id)
        title = shapes[proto.title]
        title.size, title.caps = proto.title_size, proto.title_caps
        body = shapes[proto.body] if proto.body is not None else None
        surface = self.surface(role)
        if surface is not None:
            title.color = surface.title_color
            if surface.title is not None and _moved(title.rect, surface.title):
                area = surface.title  # where the title reads, inside the template's place
                title.place(*Rect(area.x, area.y, area.w, area.h).emu())
            if surface.card and role != "title":
                # Nothing reads on this layout's artwork: content goes on a card of paper.
                area = surface.content
                card = Rect(area.x - 8, area.y - 8, area.w + 16, area.h + 16)
                self.rect(slide, card, surface.paper, ROUNDED, back=True, name="Card")
        return slide, title, body

    def surface(self, role: str) -> Surface | None:
        """What the role's slides are drawn on, with a template; None without one."""
        if self.design is None:
            return None
        return self.design.surfaces.get(role)

    def close(self, slide: Slide) -> None:
        """The slide is complete: write it into the package."""
        self.package.close(slide)

    def notes(self, slide: Slide, text: str) -> None:
        """Speaker notes for ``slide``: a paragraph per line, as python-pptx sets them."""
        if not self.package.skeleton.notes.has_body:
            text = ""
        style = self.style
        paragraphs = ooxml.notes_paragraphs(text, style.lang, style.rtl) if text else ""
        self.package.notes(slide, paragraphs)

    def unique(self, title: str) -> str:
        """``title``, numbered if an earlier slide already has it (titles must be unique)."""
        return unique_title(title, self.titles)

    def continued(self, title: str, index: int) -> str:
        """The title of the ``index``-th continuation slide: 'T (cont.)', 'T (cont. 2)'."""
        words = self.style.words
        if index == 1:
            return self.unique(words("continued", title=title))
        return self.unique(words("continued_again", title=title, number=index))

    def title_rect(self, shape: Placeholder) -> Rect:
        x, y, w, h = shape.rect
        return Rect(points(x), points(y), points(w), points(h))

    def set_title(
        self,
        slide: Slide,
        title: Placeholder,
        text: str,
        rect: Rect | None = None,
        largest: float = TITLE_MAX,
        smallest: float = TITLE_MIN,
        color: str | None = None,
        anchor: str = "middle",
        align: str = "left",
    ) -> float:
        """Put ``text`` in the title placeholder at the largest size that fits; return it.

        Branded slides place and colour the title; a template's title keeps its place, font,
        colour and alignment, and only its size is set (no larger than the template's own).
        """
        if rect is not None and self.branded:
            title.place(*rect.emu())
        _, _, width, height = title.rect
        box = Box(points(width), points(height), 0.0, 0.0, 2.0, 2.0)
        caps = False
        if not self.branded:
            largest = min(largest, title.size)
            smallest = min(smallest, largest)
            box = Box(box.width, box.height, 7.2, 7.2, 3.6, 3.6)
            caps = title.caps
        rich = RichText.plain_text(text)

        def make(size: float) -> list[Para]:
            # A template that sets its titles in capitals gets them measured in capitals.
            shown = RichText.plain_text(rich.plain.upper()) if caps else rich
            return [Para(shown, size, self.style.heading_font, bold=True)]

        # One paragraph whose only size-dependent property is its size: fits monotonically.
        fit = self.style.typesetter.fit_size(make, box, smallest, largest, 1.0, monotone=True)
        if fit is None:
            fit = self.style.typesetter.fit_size(
                make, box, TITLE_FLOOR, smallest, 1.0, monotone=True
            )
        if fit is None:  # beyond any sensible title: cut it, the full text is in the notes
            fit = TITLE_FLOOR
            rich = self._cut(rich, box)
        para = TextPara(
            Para(rich, fit, self.style.heading_font, bold=True),
            color=(color or self.style.on_primary) if self.branded else (color or title.color),
            align=align if self.branded else None,
            set_font=self.branded,
        )
        title.body = self.text_xml([para], box, slide.link, anchor if self.branded else None)
        return fit

    def title_fits(self, text: str, role: str, rect: Rect, size: float, lines: int) -> bool:
        """Whether ``set_title`` can set ``text`` on a ``role`` slide at ``size`` in at most
        ``lines`` lines, whole words kept (``rect``: where a branded slide puts its title)."""
        if self.branded:
            box = Box(rect.w, rect.h, 0.0, 0.0, 2.0, 2.0)
            caps = False
        else:
            proto = self.prototypes(role, False)
            if size > proto.title_size:
                return False
            _, _, w, h = proto.shapes[proto.title].rect
            surface = self.surface(role)
            if surface is not None and surface.title is not None:
                w, h = Rect(0, 0, surface.title.w, surface.title.h).emu()[2:]
            box = Box(points(w or 0), points(h or 0), 7.2, 7.2, 3.6, 3.6)
            caps = proto.title_caps
        shown = RichText.plain_text(text.upper() if caps else text)
        para = Para(shown, size, self.style.heading_font, bold=True)
        typesetter = self.style.typesetter
        return len(typesetter.lines(para, box.inner_width)) <= lines and typesetter.fits(
            [para], box, break_words=False
        )

    def _cut(self, rich: RichText, box: Box) -> RichText:
        """The longest start of ``rich`` that fits at the floor size, with an ellipsis."""

        def make_cut(candidate: RichText) -> list[Para]:
            return [Para(candidate, TITLE_FLOOR, self.style.heading_font, bold=True)]

        text = rich.plain
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            candidate = RichText.plain_text(text[:mid].rstrip() + "…")
            if self.style.typesetter.fits(make_cut(candidate), box):
                low = mid
            else:
                high = mid - 1
        return RichText.plain_text(text[:low].rstrip() + "…")

    # --- drawing ---------------------------------------------------------------------

    def rect(
        self,
        slide: Slide,
        rect: Rect,
        fill: str,
        shape: str = RECT,
        back: bool = False,
        name: str | None = None,
        body: str = ooxml.AUTOSHAPE_BODY,
        link: str = "",
    ) -> None:
        """A filled shape without outline or shadow; ``back`` puts it behind everything else."""
        shape_id = slide.next_id()
        adjust = None
        if shape == ROUNDED:
            adjust = int(min(0.5, 6.0 / max(min(rect.w, rect.h), 1.0)) * 100000.0)
        xml = ooxml.autoshape(
            shape_id,
            name or f"{_BASENAMES[shape]} {shape_id - 1}",
            shape,
            rect.emu(),
            hex_color(fill),
            body,
            adjust,
            link,
        )
        slide.add(xml, shape_id, back)

    def text(
        self,
        slide: Slide,
        rect: Rect,
        paras: Sequence[TextPara],
        box: Box | None = None,
        anchor: str = "top",
        fill: str | None = None,
        name: str | None = None,
        link: str = "",
        same_as: object = None,
    ) -> None:
        """A text box (or a filled rectangle holding text) at ``rect``.

        ``same_as`` names text repeated on many slides (the footer, a track's name): its XML is
        made once. Such text may hold no links, which belong to one slide.
        """
        body = self._bodies.get(same_as) if same_as is not None else None
        if body is None:
            body = self.text_xml(
                paras,
                box or Box(rect.w, rect.h, 0, 0, 0, 0),
                slide.link if same_as is None else _no_links,
                anchor,
            )
            if same_as is not None:
                self._bodies[same_as] = body
        if fill is not None:
            self.rect(slide, rect, fill, name=name, body=body, link=link)
            return
        shape_id = slide.next_id()
        slide.add(
            ooxml.textbox(shape_id, name or f"TextBox {shape_id - 1}", rect.emu(), body), shape_id
        )

    def fill_body(
        self,
        slide: Slide,
        body: Placeholder | None,
        rect: Rect,
        paras: Sequence[TextPara],
        box: Box,
    ) -> None:
        """Write measured paragraphs into a body placeholder placed at ``rect``, or into a new
        text box there when the layout has no body."""
        if body is None:
            self.text(slide, rect, paras, box)
            return
        body.place(*rect.emu())
        body.body = self.text_xml(paras, box, slide.link, "top")

    def text_xml(
        self, paras: Sequence[TextPara], box: Box, link: Callable[[str], str], anchor: str | None
    ) -> str:
        """``text_body`` in the deck's typesetter and language."""
        style = self.style
        return text_body(paras, box, style.typesetter, link, anchor, lang=style.lang, rtl=style.rtl)

    def band(self, slide: Slide, height: float = BAND) -> None:
        if self.branded:
            self.rect(slide, Rect(0, 0, self.width, height), self.style.primary, back=True)

    def picture(
        self,
        slide: Slide,
        blob: bytes,
        ext: str,
        rect: Rect,
        alt: str,
        name: str | None = None,
        url: str | None = None,
        key: object = None,
    ) -> None:
        """A picture at ``rect`` with alt text; clicking it opens ``url`` if given. Pictures
        with the same ``key`` (by default, the same bytes) share one image part."""
        rid = self.package.image(slide, blob, ext, key)
        shape_id = slide.next_id()
        link = ooxml.click(slide.link(url)) if url else ""
        xml = ooxml.picture(shape_id, name or f"Picture {shape_id - 1}", alt, rid, rect.emu(), link)
        slide.add(xml, shape_id)

    def chart(self, slide: Slide, rect: Rect, stats: Sequence[Stat], title: str = "") -> None:
        """A bar chart of ``stats`` (one unit) at ``rect``, titled, each bar labelled with its
        value, with alt text."""
        unit = stats[0].unit or ""
        series = self.style.words.unit_name(unit)
        chart = charts.chart_xml(stats, self.style, title)
        rid = self.package.chart(slide, chart, charts.workbook(stats, series))
        shape_id = slide.next_id()
        alt = charts.alt_text(stats, self.style.words)
        frame = ooxml.chart_frame(shape_id, f"Chart: figures in {unit}", alt, rid, rect.emu())
        slide.add(frame, shape_id)

    def place_logo(self, slide: Slide, x: float, y: float, height: float) -> float:
        """The theme's logo, ``height`` tall, aspect ratio kept; returns its width."""
        if self.logo is None:
            return 0.0
        width = height * self.logo_ratio
        words = self.style.words
        alt = words("logo_alt", name=self.theme.name) if self.theme.name else words("logo")
        self.picture(slide, self.logo, self.logo_ext, Rect(x, y, width, height), alt)
        return width

    def footer(self, slide: Slide, left: float | None = None) -> None:
        """Footer text, the slide number and the logo along the bottom of a content slide."""
        surface = self.surface(slide.role)
        if surface is not None:
            self._template_footer(slide, surface)
            return
        y = self.height - MARGIN * 0.5 - FOOTER_HEIGHT
        right = self.width - MARGIN
        logo_width = self.place_logo(slide, right - LOGO_HEIGHT * self.logo_ratio, y, LOGO_HEIGHT)
        number_right = right - logo_width - (10.0 if logo_width else 0.0)
        number_box = Rect(number_right - 48, y, 48, FOOTER_HEIGHT)
        style = self.style
        self._slide_number(slide, number_box, style.muted)
        if self.theme.footer:
            x = MARGIN if left is None else left
            width = number_box.x - 12 - x
            para = TextPara(
                Para(RichText.plain_text(self.theme.footer), FOOTER, style.body_font),
                color=style.muted,
            )
            box = Box(width, FOOTER_HEIGHT, 0, 0, 0, 0)
            lines = style.typesetter.lines(para.para, box.inner_width)
            if len(lines) > 1:  # a footer never wraps: cut it to the first line
                cut = RichText.plain_text(para.para.text.plain[: lines[0].end].rstrip())
                para = TextPara(Para(cut, FOOTER, style.body_font), color=style.muted)
            self.text(
                slide,
                Rect(x, y, width, FOOTER_HEIGHT),
                [para],
                box,
                "middle",
                None,
                "Footer",
                same_as=("footer", x, width),
            )

    def _template_footer(self, slide: Slide, surface: Surface) -> None:
        """The slide number and footer where the template's layout puts them, in a colour that
        reads on what is behind them there; left off where nothing reads."""
        from briefing.exporters.pptx.backdrop import Area

        style = self.style
        default_y = self.height - MARGIN * 0.5 - FOOTER_HEIGHT
        number = surface.chrome.get("number") or Area(
            self.width - MARGIN - 48, default_y, 48, FOOTER_HEIGHT
        )
        if number.w < 36:
            number = Area(number.right - 36, number.y, 36, number.h)
        number = self._on_slide(
            Area(number.x, number.y + (number.h - FOOTER_HEIGHT) / 2, number.w, FOOTER_HEIGHT)
        )
        color = surface.color_for(number, AA_TEXT, (style.muted,))
        if color is not None and not _overlaps(number, surface.content):
            self._slide_number(slide, Rect(number.x, number.y, number.w, number.h), color)
        if not self.theme.footer:
            return
        found = surface.chrome.get("footer")
        area = (
            Area(found.x, found.y + (found.h - FOOTER_HEIGHT) / 2, found.w, FOOTER_HEIGHT)
            if found is not None
            else Area(surface.content.x, number.y, number.x - 12 - surface.content.x, FOOTER_HEIGHT)
        )
        area = self._on_slide(area)
        color = surface.color_for(area, AA_TEXT, (style.muted,))
        if color is None or area.w < 48 or _overlaps(area, surface.content):
            return
        para = TextPara(
            Para(RichText.plain_text(self.theme.footer), FOOTER, style.body_font), color=color
        )
        box = Box(area.w, FOOTER_HEIGHT, 0, 0, 0, 0)
        lines = style.typesetter.lines(para.para, box.inner_width)
        if len(lines) > 1:  # a footer never wraps: cut it to the first line
            cut = RichText.plain_text(para.para.text.plain[: lines[0].end].rstrip())
            para = TextPara(Para(cut, FOOTER, style.body_font), color=color)
        rect = Rect(area.x, area.y, area.w, FOOTER_HEIGHT)
        self.text(
            slide, rect, [para], box, "middle", None, "Footer", same_as=("footer", rect, color)
        )

    def _on_slide(self, area: Any) -> Any:
        """``area`` moved inside the slide: some templates put footers past its edge."""
        from briefing.exporters.pptx.backdrop import Area

        edge = 4.0
        x = min(max(area.x, edge), self.width - edge - area.w)
        y = min(max(area.y, edge), self.height - edge - area.h)
        return Area(x, y, area.w, area.h)

    def _slide_number(self, slide: Slide, box_rect: Rect, color: str) -> None:
        style = self.style
        field_xml = (
            f'<a:fld id="{_SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr lang="{attr(style.lang)}" '
            f'sz="{int(FOOTER * 100)}"><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/>'
            f'</a:solidFill><a:latin typeface="{attr(style.body_font)}"/></a:rPr>'
            f"<a:t>{self.count}</a:t></a:fld>"
        )
        body = (
            f"<p:txBody>{body_pr(Box(box_rect.w, box_rect.h, 0, 0, 0, 0), 'middle')}"
            f'<a:lstStyle/><a:p><a:pPr algn="r"/>{field_xml}</a:p></p:txBody>'
        )
        shape_id = slide.next_id()
        slide.add(ooxml.textbox(shape_id, "Slide Number", box_rect.emu(), body), shape_id)

    def body_rect(self, role: str) -> Rect | None:
        """Where the role's layout puts its body text, if it has a body placeholder; with a
        template, the part of it where text reads."""
        surface = self.surface(role)
        if surface is not None:
            area = surface.content
            return Rect(area.x, area.y, area.w, area.h)
        layout = self.choices[role].layout
        body = layouts.body_of(layout) if layout is not None else None
        if body is None or body.width is None or not body.width or not body.height:
            return None
        return Rect(points(body.left), points(body.top), points(body.width), points(body.height))

    def layout_title(self, role: str) -> Rect | None:
        """Where the role's layout puts its title, if it has one with a place."""
        if role not in self._layout_titles:
            layout = self.choices[role].layout
            shape = layouts.title_of(layout) if layout is not None else None
            found = None
            if shape is not None and shape.width is not None:
                found = Rect(
                    points(shape.left), points(shape.top), points(shape.width), points(shape.height)
                )
            self._layout_titles[role] = found
        return self._layout_titles[role]

    @cached_property
    def _layout_titles(self) -> dict[str, Rect | None]:
        return {}

    @cached_property
    def _bodies(self) -> dict[object, str]:
        return {}

    def content_area(self, title_rect: Rect, role: str = "title_only") -> Rect:
        """Where content goes below a title: branded bands, or a template's content area."""
        surface = self.surface(role)
        if surface is not None:
            area = surface.content
            return Rect(area.x, area.y, area.w, area.h)
        top = (BAND if self.branded else title_rect.bottom) + GAP + 6
        bottom = self.height - MARGIN * 0.5 - FOOTER_HEIGHT - GAP
        left = MARGIN if self.branded else max(title_rect.x, MARGIN * 0.5)
        right = self.width - MARGIN if self.branded else min(title_rect.right, self.width - 18)
        return Rect(left, top, right - left, bottom - top)


def unique_title(title: str, taken: set[str]) -> str:
    """``title``, numbered if it is among ``taken`` (case-insensitively); then taken too."""
    candidate, number = title, 2
    while candidate.casefold() in taken:
        candidate = f"{title} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _moved(rect: tuple[int | None, int | None, int | None, int | None], area: Any) -> bool:
    """Whether ``area`` (points) is not where ``rect`` (EMU) already is."""
    if any(value is None for value in rect):
        return True
    place = Rect(area.x, area.y, area.w, area.h).emu()
    return any(abs(int(a or 0) - b) > 12700 for a, b in zip(rect, place, strict=True))


def _overlaps(first: Any, second: Any) -> bool:
    return not (
        first.x + first.w <= second.x
        or second.x + second.w <= first.x
        or first.y + first.h <= second.y
        or second.y + second.h <= first.y
    )


def _no_links(url: str) -> str:
    raise ValueError(f"repeated text cannot link to {url}")


Make = Callable[[float], list[TextPara]]


def fit(canvas: Canvas, make: Make, box: Box, largest: float, smallest: float) -> float | None:
    """The largest size (whole points) at which ``make(size)`` fits ``box``."""
    return canvas.style.typesetter.fit_size(
        lambda size: [p.para for p in make(size)], box, smallest, largest, 1.0
    )


def band_title(canvas: Canvas, role: str) -> Rect:
    """Where a content slide's title goes: in the band, or where the template puts it."""
    if canvas.branded:
        return Rect(MARGIN, 24.0, canvas.width - 2 * MARGIN, BAND - 40.0)
    found = canvas.layout_title(role)
    return found or Rect(MARGIN, MARGIN * 0.5, canvas.width - 2 * MARGIN, 60)
