"""The slides around the sessions: each track's divider, and the closing slide."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pptx.enum.shapes import MSO_SHAPE

from briefing.exporters.pptx.chrome import BAND, GAP, MARGIN, Canvas, Rect, band_title, emu, fit
from briefing.exporters.pptx.columns import bullet_indent
from briefing.exporters.pptx.paginate import balance, pages_needed
from briefing.exporters.pptx.style import SMALL
from briefing.exporters.pptx.text import TextPara, fill_frame, plain, rgb
from briefing.model import Briefing, Session, Track, plural
from briefing.richtext import RichText, Span
from briefing.textfit import Box, Para

if TYPE_CHECKING:
    from pptx.slide import Slide

PANEL = 372.0  # width of a divider's coloured panel
DIVIDER_SIZES = (20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0)


def add_divider(canvas: Canvas, briefing: Briefing, track: Track, number: int) -> list[Slide]:
    """The divider of a track: its name, summary and sessions (continued if there are many)."""
    style = canvas.style
    sessions = list(briefing.sessions_in(track))
    eyebrow = f"Track {number} of {len(briefing.tracks)} · {plural(len(sessions), 'session')}"
    if canvas.branded:
        area = Rect(
            PANEL + MARGIN,
            60.0,
            canvas.width - PANEL - 2 * MARGIN,
            canvas.height - 60.0 - MARGIN - 22.0,
        )
    else:
        area = _beside_title(canvas, band_title(canvas, "section"))
    box = Box(area.w, area.h, 0, 0, 0, 0)

    def paras(chosen: Sequence[Session], size: float, with_summary: bool) -> list[TextPara]:
        out = []
        if with_summary and track.summary:
            out.append(
                TextPara(
                    Para(track.summary, size + 2, style.body_font),
                    color=style.text,
                    link_color=style.link,
                )
            )
        for index, session in enumerate(chosen):
            spans = (Span(session.code, bold=True), Span("   "), *session.title.spans)
            out.append(
                TextPara(
                    Para(
                        RichText(tuple(spans), ""),
                        size,
                        style.body_font,
                        indent=0,
                        space_before=(size * 1.2 if (index == 0 and out) else size * 0.5),
                    ),
                    color=style.text,
                    link_color=style.link,
                )
            )
        return out

    def heights(size: float) -> tuple[float, list[float], list[float]]:
        """The summary's height, each session line's height, and each one's space before."""
        every = paras(sessions, size, True)
        summary = every[: len(every) - len(sessions)]
        lines = every[len(summary) :]
        width = box.inner_width
        top = style.typesetter.height([p.para for p in summary], width) if summary else 0.0
        own = [style.typesetter.height([p.para], width) for p in lines]
        return top, own, [p.para.space_before for p in lines]

    def cost_at(size: float) -> Callable[[int, int, int], float]:
        # Additive: a run's height is its lines and the spaces between them (the space before
        # a slide's first line is not drawn), plus the summary on the first slide.
        top, own, before = heights(size)
        sums = [0.0]
        for height, space in zip(own, before, strict=True):
            sums.append(sums[-1] + height + space)

        def cost(start: int, end: int, _page: int = 0) -> float:
            total = sums[end] - sums[start]
            if start == 0 and top:
                return top + total
            return total - before[start] if end > start else total

        return cost

    count = len(sessions)
    # One divider at the largest size that fits; else 18 pt over as few dividers as it takes.
    single = next((s for s in DIVIDER_SIZES if cost_at(s)(0, count, 0) <= box.inner_height), None)
    chosen_size = single or 18.0
    cost = cost_at(chosen_size)
    pages = 1 if single else (pages_needed(count, cost, lambda _: box.inner_height) or count)
    runs = balance(count, cost, lambda _: box.inner_height, pages) or [
        (i, i + 1) for i in range(count)
    ]
    made = []
    for index, (start, end) in enumerate(runs):
        title = canvas.unique(track.name) if index == 0 else canvas.continued(track.name, index)
        slide, title_shape, body = canvas.new_slide("section", keep_body=True)
        if canvas.branded:
            canvas.rect(slide, Rect(0, 0, PANEL, canvas.height), style.primary, back=True)
            canvas.text(
                slide,
                Rect(MARGIN, 120.0, PANEL - 2 * MARGIN, 24.0),
                [
                    TextPara(
                        Para(plain(eyebrow.upper()), SMALL, style.body_font, bold=True),
                        color=style.on_primary,
                    )
                ],
                name="Track number",
            )
            canvas.set_title(
                title_shape,
                title,
                Rect(MARGIN, 150.0, PANEL - 2 * MARGIN, 240.0),
                largest=40.0,
                smallest=20.0,
                anchor="top",
            )
        else:
            canvas.set_title(title_shape, title)
        content = paras(sessions[start:end], chosen_size, start == 0)
        if body is None:
            body = slide.shapes.add_textbox(emu(area.x), emu(area.y), emu(area.w), emu(area.h))
        canvas.fill_body(body, area, content, box)
        for paragraph in body.text_frame.paragraphs:
            runs_ = paragraph.runs
            if runs_ and runs_[0].font.bold and len(runs_) > 1:
                runs_[0].font.color.rgb = rgb(style.stat_color if canvas.branded else style.text)
        canvas.footer(slide, left=PANEL + MARGIN if canvas.branded else None)
        notes = track.summary.plain if track.summary else track.name
        canvas.parts.notes(slide, notes)
        made.append(slide)
    return made


def _beside_title(canvas: Canvas, title: Rect) -> Rect:
    """The larger free band above or below a template's section title, as wide as the title."""
    top, bottom = MARGIN, canvas.height - MARGIN - 22.0
    above = Rect(title.x, top, title.w, title.y - GAP - top)
    below = Rect(title.x, title.bottom + GAP, title.w, bottom - title.bottom - GAP)
    return above if above.h >= below.h else below


# --- closing -------------------------------------------------------------------------------


def add_closing(canvas: Canvas, briefing: Briefing) -> Slide:
    style = canvas.style
    top = briefing.top_takeaways()
    slide, title_shape, body = canvas.new_slide("content", keep_body=True)
    title_rect = band_title(canvas, "content")
    canvas.band(slide, BAND)
    canvas.set_title(
        title_shape, canvas.unique("Top takeaways" if top else "Questions"), title_rect
    )
    area = canvas.content_area(title_rect)
    if not canvas.branded:
        area = canvas.body_rect("content") or area
    panel_width = round(area.w * 0.34)
    left = Rect(area.x, area.y, area.w - panel_width - 28, area.h)
    panel = Rect(area.right - panel_width, area.y, panel_width, area.h)
    box = Box(left.w, left.h, 0, 0, 0, 0)

    def make(chosen: int, size: float) -> list[TextPara]:
        return [
            TextPara(
                Para(
                    RichText((*text.spans, Span(f"  ({session.code})")), ""),
                    size,
                    style.body_font,
                    indent=bullet_indent(style, "→", size),
                    space_before=0 if not index else size * 0.6,
                ),
                color=style.text,
                bullet="→",
                bullet_color=style.primary,
                link_color=style.link,
            )
            for index, (session, text) in enumerate(top[:chosen])
        ]

    # As many of the top takeaways as fit at 16 pt or more, the first ones first.
    shown, size = len(top), 14.0
    while shown:

        def make_shown(font_size: float, count: int = shown) -> list[TextPara]:
            return make(count, font_size)

        found = fit(canvas, make_shown, box, 24.0, 16.0)
        if found:
            size = found
            break
        shown -= 1
    if body is None:
        body = slide.shapes.add_textbox(emu(left.x), emu(left.y), emu(left.w), emu(left.h))
    if shown:
        canvas.fill_body(body, left, make(shown, size), box)
        for paragraph in body.text_frame.paragraphs:
            if paragraph.runs:
                paragraph.runs[-1].font.color.rgb = rgb(style.muted)
    else:
        body._element.getparent().remove(body._element)
        panel = area
    shape = canvas.rect(slide, panel, style.primary, MSO_SHAPE.ROUNDED_RECTANGLE)
    shape.name = "Questions"
    question = plain("Questions?")
    panel_box = Box(panel.w, panel.h, 14, 14, 14, 14)
    qsize = (
        fit(
            canvas,
            lambda s: [TextPara(Para(question, s, style.heading_font, bold=True))],
            panel_box,
            54.0,
            24.0,
        )
        or 24.0
    )
    fill_frame(
        shape.text_frame,
        [
            TextPara(
                Para(question, qsize, style.heading_font, bold=True),
                color=style.on_primary,
                align="center",
            )
        ],
        panel_box,
        style.typesetter,
        "middle",
    )
    canvas.footer(slide)
    canvas.parts.notes(
        slide,
        "Top takeaways:\n" + "\n".join(f"- {text.plain} ({session.code})" for session, text in top)
        if top
        else "Questions.",
    )
    return slide
