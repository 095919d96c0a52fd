"""What every slide shares: its layout and title placeholder, the grid, bands, footer and logo.

Positions are in points on the slide (960 x 540 for 16:9). With a template, titles stay where
and as the template puts them and content goes between the title and the footer; without one,
the deck draws its own branded bands on python-pptx's (widened) default masters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from briefing.exporters.pptx import layouts
from briefing.exporters.pptx.packaging import Parts, slide_number_field
from briefing.exporters.pptx.style import FOOTER, TITLE_MAX, TITLE_MIN, Style
from briefing.exporters.pptx.text import TextPara, fill_frame, prepare_frame, rgb, write
from briefing.richtext import RichText
from briefing.textfit import Box, Para

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import Slide

    from briefing.themes import Theme

MARGIN = 42.0
GAP = 14.0
BAND = 118.0  # height of the title band on branded content slides
FOOTER_HEIGHT = 22.0
LOGO_HEIGHT = 22.0
TITLE_FLOOR = 12.0  # only absurdly long titles go below TITLE_MIN


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


def emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def points(value: int | None) -> float:
    return (value or 0) / 12700


@dataclass
class Canvas:
    """The presentation being built, its style, and the state shared by all slides."""

    prs: PresentationType
    style: Style
    theme: Theme
    choices: dict[str, layouts.Choice]
    parts: Parts
    branded: bool  # True: no template, the deck draws its own bands and panels
    logo: bytes | None = None
    logo_ratio: float = 1.0  # width / height
    titles: set[str] = field(default_factory=set)
    count: int = 0

    @property
    def width(self) -> float:
        return points(self.prs.slide_width)

    @property
    def height(self) -> float:
        return points(self.prs.slide_height)

    # --- slides and titles -------------------------------------------------------------

    def new_slide(self, role: str, keep_body: bool = False) -> tuple[Slide, Any, Any]:
        """A slide on the role's layout: (slide, title placeholder, body placeholder or None).

        Placeholders the deck does not fill are removed; those it keeps get the layout's
        position written on them, as inheritance by idx fails in templates that reuse an idx.
        """
        layout = self.choices[role].layout
        slide = self.parts.slide(layout)
        self.count += 1
        title, body = None, None
        cloned = list(layout.iter_cloneable_placeholders()) if layout is not None else []
        body_source = layouts.body_of(layout) if keep_body and layout is not None else None
        for shape, source in zip(list(slide.placeholders), cloned, strict=False):
            kind = source.placeholder_format.type
            if kind in layouts.TITLE_TYPES and title is None:
                title = shape
            elif (
                body is None and body_source is not None and source._element is body_source._element
            ):
                body = shape
            else:
                shape._element.getparent().remove(shape._element)
                continue
            if source.left is not None:
                shape.left, shape.top = source.left, source.top
                shape.width, shape.height = source.width, source.height
        if title is None:  # a layout without a title placeholder: accessibility needs one
            title = _add_title_placeholder(slide, self)
        return slide, title, body

    def unique(self, title: str) -> str:
        """``title``, numbered if an earlier slide already has it (titles must be unique)."""
        candidate, number = title, 2
        while candidate.casefold() in self.titles:
            candidate = f"{title} ({number})"
            number += 1
        self.titles.add(candidate.casefold())
        return candidate

    def continued(self, title: str, index: int) -> str:
        """The title of the ``index``-th continuation slide: 'T (cont.)', 'T (cont. 2)'."""
        suffix = "(cont.)" if index == 1 else f"(cont. {index})"
        return self.unique(f"{title} {suffix}")

    def title_rect(self, title: Any) -> Rect:
        return Rect(
            points(title.left), points(title.top), points(title.width), points(title.height)
        )

    def set_title(
        self,
        title: Any,
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
            title.left, title.top = emu(rect.x), emu(rect.y)
            title.width, title.height = emu(rect.w), emu(rect.h)
        box = Box(points(title.width), points(title.height), 0.0, 0.0, 2.0, 2.0)
        caps = False
        if not self.branded:
            largest = min(largest, layouts.title_size(title))
            smallest = min(smallest, largest)
            box = Box(box.width, box.height, 7.2, 7.2, 3.6, 3.6)
            caps = layouts.inherited(title, "cap") == "all"
        rich = RichText.plain_text(text)

        def make(size: float) -> list[Para]:
            # A template that sets its titles in capitals gets them measured in capitals.
            shown = RichText.plain_text(rich.plain.upper()) if caps else rich
            return [Para(shown, size, self.style.heading_font, bold=True)]

        fit = self.style.typesetter.fit_size(make, box, smallest, largest, 1.0)
        if fit is None:
            fit = self.style.typesetter.fit_size(make, box, TITLE_FLOOR, smallest, 1.0)
        if fit is None:  # beyond any sensible title: cut it, the full text is in the notes
            fit = TITLE_FLOOR
            rich = self._cut(rich, box)
        para = TextPara(
            Para(rich, fit, self.style.heading_font, bold=True),
            color=(color or self.style.on_primary) if self.branded else None,
            align=align if self.branded else None,
            set_font=self.branded,
        )
        fill_frame(
            title.text_frame, [para], box, self.style.typesetter, anchor if self.branded else None
        )
        return fit

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
        shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE,
        back: bool = False,
    ) -> Any:
        """A filled shape without outline; ``back`` puts it behind everything else."""
        drawn = slide.shapes.add_shape(shape, emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h))
        drawn.fill.solid()
        drawn.fill.fore_color.rgb = rgb(fill)
        drawn.line.fill.background()
        # The default shape style adds a theme shadow and outline; the deck draws flat shapes.
        style = drawn._element.find(qn("p:style"))
        if style is not None:
            drawn._element.remove(style)
        if shape == MSO_SHAPE.ROUNDED_RECTANGLE:
            drawn.adjustments[0] = min(0.5, 6.0 / max(min(rect.w, rect.h), 1.0))
        if back:
            tree = slide.shapes._spTree
            tree.remove(drawn._element)
            tree.insert(2, drawn._element)
        return drawn

    def text(
        self,
        slide: Slide,
        rect: Rect,
        paras: Sequence[TextPara],
        box: Box | None = None,
        anchor: str = "top",
        fill: str | None = None,
        name: str | None = None,
    ) -> Any:
        """A text box (or a filled rectangle holding text) at ``rect``."""
        if fill is None:
            shape = slide.shapes.add_textbox(emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h))
        else:
            shape = self.rect(slide, rect, fill)
        if name:
            shape.name = name
        fill_frame(
            shape.text_frame,
            paras,
            box or Box(rect.w, rect.h, 0, 0, 0, 0),
            self.style.typesetter,
            anchor,
        )
        return shape

    def fill_body(self, body: Any, rect: Rect, paras: Sequence[TextPara], box: Box) -> None:
        """Write measured paragraphs into a body placeholder placed at ``rect``."""
        body.left, body.top, body.width, body.height = (
            emu(rect.x),
            emu(rect.y),
            emu(rect.w),
            emu(rect.h),
        )
        fill_frame(body.text_frame, paras, box, self.style.typesetter, "top")

    def band(self, slide: Slide, height: float = BAND) -> None:
        if self.branded:
            self.rect(slide, Rect(0, 0, self.width, height), self.style.primary, back=True)

    def place_logo(self, slide: Slide, x: float, y: float, height: float) -> float:
        """The theme's logo, ``height`` tall, aspect ratio kept; returns its width."""
        if self.logo is None:
            return 0.0
        width = height * self.logo_ratio
        alt = f"{self.theme.name} logo" if self.theme.name else "Logo"
        self.parts.picture(slide, self.logo, emu(x), emu(y), emu(width), emu(height), alt)
        return width

    def footer(self, slide: Slide, left: float | None = None) -> None:
        """Footer text, the slide number and the logo along the bottom of a content slide."""
        y = self.height - MARGIN * 0.5 - FOOTER_HEIGHT
        right = self.width - MARGIN
        logo_width = self.place_logo(slide, right - LOGO_HEIGHT * self.logo_ratio, y, LOGO_HEIGHT)
        number_right = right - logo_width - (10.0 if logo_width else 0.0)
        number_box = Rect(number_right - 48, y, 48, FOOTER_HEIGHT)
        shape = slide.shapes.add_textbox(
            emu(number_box.x), emu(number_box.y), emu(number_box.w), emu(number_box.h)
        )
        shape.name = "Slide Number"
        frame = shape.text_frame
        prepare_frame(frame, Box(number_box.w, number_box.h, 0, 0, 0, 0), "middle")
        write(frame, [])
        paragraph = frame.paragraphs[0]
        paragraph._p.get_or_add_pPr().set("algn", "r")
        r_pr = slide_number_field(paragraph, self.count)
        r_pr.set("sz", str(int(FOOTER * 100)))
        fill = etree.SubElement(r_pr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=self.style.muted.lstrip("#"))
        latin = etree.SubElement(r_pr, qn("a:latin"))
        latin.set("typeface", self.style.body_font)
        if self.theme.footer:
            x = MARGIN if left is None else left
            width = number_box.x - 12 - x
            para = TextPara(
                Para(RichText.plain_text(self.theme.footer), FOOTER, self.style.body_font),
                color=self.style.muted,
            )
            box = Box(width, FOOTER_HEIGHT, 0, 0, 0, 0)
            lines = self.style.typesetter.lines(para.para, box.inner_width)
            if len(lines) > 1:  # a footer never wraps: cut it to the first line
                cut = RichText.plain_text(para.para.text.plain[: lines[0].end].rstrip())
                para = TextPara(Para(cut, FOOTER, self.style.body_font), color=self.style.muted)
            self.text(
                slide, Rect(x, y, width, FOOTER_HEIGHT), [para], box, "middle", None, "Footer"
            )

    def body_rect(self, role: str) -> Rect | None:
        """Where the role's layout puts its body text, if it has a body placeholder."""
        layout = self.choices[role].layout
        body = layouts.body_of(layout) if layout is not None else None
        if body is None or body.width is None or not body.width or not body.height:
            return None
        return Rect(points(body.left), points(body.top), points(body.width), points(body.height))

    def content_area(self, title_rect: Rect) -> Rect:
        """Where content goes below a title: branded bands, or a template's title."""
        top = (BAND if self.branded else title_rect.bottom) + GAP + 6
        bottom = self.height - MARGIN * 0.5 - FOOTER_HEIGHT - GAP
        left = MARGIN if self.branded else max(title_rect.x, MARGIN * 0.5)
        right = self.width - MARGIN if self.branded else min(title_rect.right, self.width - 18)
        return Rect(left, top, right - left, bottom - top)


def _add_title_placeholder(slide: Slide, canvas: Canvas) -> Any:
    """A title placeholder on a slide whose layout has none (screen readers need a title)."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.oxml.shapes.autoshape import CT_Shape

    tree = slide.shapes._spTree
    shape_id = max((int(x) for x in tree.xpath("//p:cNvPr/@id")), default=1) + 1
    element = CT_Shape.new_placeholder_sp(
        shape_id, "Title", PP_PLACEHOLDER.TITLE, "horz", "full", 0
    )
    tree.insert(2, element)
    title: Any = slide.shapes.title
    title.left, title.top = emu(MARGIN), emu(MARGIN * 0.5)
    title.width, title.height = emu(canvas.width - 2 * MARGIN), emu(60)
    return title


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
    layout = canvas.choices[role].layout
    shape = layouts.title_of(layout) if layout is not None else None
    if shape is None or shape.width is None:
        return Rect(MARGIN, MARGIN * 0.5, canvas.width - 2 * MARGIN, 60)
    return canvas.title_rect(shape)
