"""The slides around the sessions: title, agenda, track dividers and the closing slide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import MSO_SHAPE

from briefing.exporters.pptx.chrome import BAND, GAP, MARGIN, Canvas, Rect, emu
from briefing.exporters.pptx.columns import bullet_indent
from briefing.exporters.pptx.paginate import balance, pages_needed
from briefing.exporters.pptx.style import BODY_FLOOR, SMALL
from briefing.exporters.pptx.text import TextPara, fill_frame, rgb
from briefing.model import Briefing, Session, Track, plural
from briefing.richtext import RichText, Span
from briefing.textfit import Box, Para

if TYPE_CHECKING:
    from pptx.slide import Slide

PANEL = 372.0  # width of a divider's coloured panel
CARD = (20.0, 14.0, 10.0, 10.0)  # insets of an agenda card: room for its bar on the left
AGENDA_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0)
DIVIDER_SIZES = (20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0)
Make = Callable[[float], list[TextPara]]


def fit(canvas: Canvas, make: Make, box: Box, largest: float, smallest: float) -> float | None:
    """The largest size (whole points) at which ``make(size)`` fits ``box``."""
    return canvas.style.typesetter.fit_size(
        lambda size: [p.para for p in make(size)], box, smallest, largest, 1.0
    )


def plain(text: str) -> RichText:
    return RichText.plain_text(text)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- title slide ---------------------------------------------------------------------------


def add_title(canvas: Canvas, briefing: Briefing) -> Slide:
    meta = briefing.meta
    slide, title, subtitle = canvas.new_slide("title", keep_body=True)
    facts = [v.plain for v in (meta.event, meta.location) if v]
    if meta.date:
        facts.append(long_date(meta.date))
    byline = ", ".join(v.plain for v in (meta.author, meta.role) if v)
    if meta.organisation:
        byline = f"{byline} · {meta.organisation.plain}" if byline else meta.organisation.plain
    lines: list[tuple[RichText, str]] = []
    if meta.subtitle:
        lines.append((meta.subtitle, "subtitle"))
    if canvas.branded:
        _branded_title(canvas, slide, title, subtitle, briefing, facts, byline)
    else:
        canvas.set_title(title, meta.title.plain, None, largest=54.0, smallest=24.0)
        if facts:
            lines.append((plain(" · ".join(facts)), "facts"))
        if byline:
            lines.append((plain(byline), "byline"))
        _template_subtitle(canvas, slide, subtitle, title, lines)
        logo_height = 40.0
        canvas.place_logo(
            slide,
            canvas.width - MARGIN - logo_height * canvas.logo_ratio,
            MARGIN * 0.5,
            logo_height,
        )
    notes = [meta.title.plain]
    notes += [v.plain for v in (meta.summary, meta.audience) if v]
    canvas.parts.notes(slide, "\n\n".join(notes))
    return slide


def _branded_title(
    canvas: Canvas,
    slide: Slide,
    title: Any,
    subtitle: Any,
    briefing: Briefing,
    facts: list[str],
    byline: str,
) -> None:
    style = canvas.style
    meta = briefing.meta
    width = canvas.width - 2 * MARGIN
    panel = Rect(0, 132, canvas.width, 250)
    canvas.rect(slide, panel, style.primary, back=True)
    canvas.rect(slide, Rect(0, panel.bottom, canvas.width, 6), style.accent)
    canvas.place_logo(slide, MARGIN, 40.0, 56.0)
    title_rect = Rect(MARGIN, panel.y + 20, width, 140 if meta.subtitle else 210)
    canvas.set_title(
        title,
        canvas.unique(meta.title.plain),
        title_rect,
        largest=54.0,
        smallest=28.0,
        anchor="bottom" if meta.subtitle else "middle",
    )
    if subtitle is not None:
        if meta.subtitle:
            rect = Rect(MARGIN, title_rect.bottom + 8, width, panel.bottom - title_rect.bottom - 24)
            box = Box(rect.w, rect.h, 0, 0, 0, 0)

            def make(size: float) -> list[TextPara]:
                return [
                    TextPara(
                        Para(meta.subtitle or plain(""), size, style.body_font),
                        color=style.on_primary,
                    )
                ]

            size = fit(canvas, make, box, 26.0, 16.0) or 16.0
            canvas.fill_body(subtitle, rect, make(size), box)
        else:
            subtitle._element.getparent().remove(subtitle._element)
    info: list[TextPara] = []
    if facts:
        info.append(
            TextPara(
                Para(plain(" · ".join(facts)), 22, style.body_font, bold=True), color=style.text
            )
        )
    if byline:
        info.append(
            TextPara(Para(plain(byline), 18, style.body_font, space_before=6), color=style.muted)
        )
    if info:
        rect = Rect(MARGIN, panel.bottom + 26, width, canvas.height - panel.bottom - 26 - MARGIN)
        box = Box(rect.w, rect.h, 0, 0, 0, 0)

        def make_info(size: float) -> list[TextPara]:
            return [
                TextPara(
                    Para(
                        p.para.text,
                        max(size * p.para.size / 22, BODY_FLOOR),
                        style.body_font,
                        bold=p.para.bold,
                        space_before=p.para.space_before,
                    ),
                    color=p.color,
                )
                for p in info
            ]

        size = fit(canvas, make_info, box, 22.0, 14.0) or 14.0
        canvas.text(slide, rect, make_info(size), box, name="Event")


def _template_subtitle(
    canvas: Canvas, slide: Slide, subtitle: Any, title: Any, lines: list[tuple[RichText, str]]
) -> None:
    style = canvas.style
    if subtitle is None:
        if not lines:
            return
        top = canvas.title_rect(title).bottom + GAP
        subtitle = slide.shapes.add_textbox(
            emu(MARGIN),
            emu(top),
            emu(canvas.width - 2 * MARGIN),
            emu(canvas.height - top - MARGIN),
        )
    if not lines:
        subtitle._element.getparent().remove(subtitle._element)
        return
    rect = canvas.title_rect(subtitle)
    box = Box(rect.w, rect.h, 7.2, 7.2, 3.6, 3.6)

    def make(size: float) -> list[TextPara]:
        return [
            TextPara(
                Para(
                    text,
                    size if kind == "subtitle" else max(size - 4, BODY_FLOOR),
                    style.body_font,
                    space_before=0 if not index else 6,
                ),
                color=None,
                align=None,
                set_font=False,
            )
            for index, (text, kind) in enumerate(lines)
        ]

    size = fit(canvas, make, box, 28.0, 12.0) or 12.0
    canvas.fill_body(subtitle, rect, make(size), box)


# --- agenda --------------------------------------------------------------------------------


def add_agenda(canvas: Canvas, briefing: Briefing) -> list[tuple[Any, Track]]:
    """The agenda slide(s): a card per track; returns each card with the track it links to."""
    style = canvas.style
    tracks = list(briefing.tracks)
    title_rect = _band_title(canvas, "content")
    area = canvas.content_area(title_rect)
    inner = area.w - CARD[0] - CARD[1]

    def card(track: Track, size: float, summary: bool) -> list[TextPara]:
        count = plural(len(briefing.sessions_in(track)), "session")
        detail = [Span(count, bold=True)]
        if summary and track.summary:
            detail += [Span("  ·  "), *track.summary.spans]
        small = max(BODY_FLOOR, round(size * 0.72))
        return [
            TextPara(
                Para(plain(track.name), size, style.body_font, bold=True), color=style.primary
            ),
            TextPara(
                Para(RichText(tuple(detail), ""), small, style.body_font, space_before=3),
                color=style.muted,
                link_color=style.link,
            ),
        ]

    def card_height(track: Track, size: float, summary: bool) -> float:
        paras = [p.para for p in card(track, size, summary)]
        return style.typesetter.height(paras, inner) + CARD[2] + CARD[3]

    def height(start: int, end: int, size: float, summary: bool) -> float:
        cards = [card_height(t, size, summary) for t in tracks[start:end]]
        return sum(cards) + GAP * (len(cards) - 1)

    count = len(tracks)
    # One slide if the cards fit (with the tracks' summaries if they fit too); else the
    # smallest size without summaries, over as few slides as that takes.
    choice = next(
        (
            (size, summary)
            for summary in (True, False)
            for size in AGENDA_SIZES
            if height(0, count, size, summary) <= area.h
        ),
        None,
    )
    size, summary = choice or (AGENDA_SIZES[-1], False)

    def cost(start: int, end: int, _page: int) -> float:
        return height(start, end, size, summary)

    pages = 1 if choice else (pages_needed(count, cost, lambda _: area.h) or count)
    runs = balance(count, cost, lambda _: area.h, pages) or [(i, i + 1) for i in range(count)]
    cards: list[tuple[Any, Track]] = []
    for index, (start, end) in enumerate(runs):
        title = canvas.unique("Agenda") if index == 0 else canvas.continued("Agenda", index)
        slide, title_shape, _ = canvas.new_slide("title_only")
        canvas.band(slide, BAND)
        canvas.set_title(title_shape, title, title_rect)
        y = area.y
        # Room the cards leave free opens up the gaps between them, within reason.
        spare = area.h - height(start, end, size, summary)
        gap = GAP + min(max(spare, 0.0) / max(end - start - 1, 1), 2 * GAP)
        for track in tracks[start:end]:
            h = card_height(track, size, summary)
            shape = canvas.text(
                slide,
                Rect(area.x, y, area.w, h),
                card(track, size, summary),
                Box(area.w, h, *CARD),
                anchor="middle",
                fill=style.tint,
                name=f"Agenda: {track.name}",
            )
            bar = canvas.rect(slide, Rect(area.x, y, 6.0, h), style.primary)
            bar.name = "Card bar"
            cards.append((shape, track))
            y += h + gap
        canvas.footer(slide)
        summary_text = briefing.meta.summary.plain if briefing.meta.summary else ""
        canvas.parts.notes(slide, summary_text or "Agenda: " + ", ".join(t.name for t in tracks))
    return cards


def link_agenda(cards: list[tuple[Any, Track]], dividers: dict[str, Slide]) -> None:
    """Clicking a track's card jumps to its divider."""
    for shape, track in cards:
        shape.click_action.target_slide = dividers[track.id]


def _band_title(canvas: Canvas, role: str) -> Rect:
    if canvas.branded:
        return Rect(MARGIN, 24.0, canvas.width - 2 * MARGIN, BAND - 40.0)
    from briefing.exporters.pptx.layouts import title_of

    layout = canvas.choices[role].layout
    shape = title_of(layout) if layout is not None else None
    if shape is None or shape.width is None:
        return Rect(MARGIN, MARGIN * 0.5, canvas.width - 2 * MARGIN, 60)
    return canvas.title_rect(shape)


# --- dividers ------------------------------------------------------------------------------


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
        area = _beside_title(canvas, _band_title(canvas, "section"))
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
    title_rect = _band_title(canvas, "content")
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
