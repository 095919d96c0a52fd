"""The slides that open the deck: the title slide and the agenda."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.exporters.pptx import ooxml
from briefing.exporters.pptx.chrome import BAND, GAP, MARGIN, Canvas, Rect, band_title, fit, points
from briefing.exporters.pptx.ooxml import RT_SLIDE, Placeholder, emu
from briefing.exporters.pptx.paginate import balance, pages_needed
from briefing.exporters.pptx.style import AA_LARGE, AA_TEXT, BODY_FLOOR
from briefing.exporters.pptx.text import TextPara, plain
from briefing.model import Briefing, Track
from briefing.richtext import RichText, Span
from briefing.typeset.wrap import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.ooxml import Slide

CARD = (20.0, 14.0, 10.0, 10.0)  # insets of an agenda card: room for its bar on the left
AGENDA_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0)


# --- title slide ---------------------------------------------------------------------------


def add_title(canvas: Canvas, briefing: Briefing) -> Slide:
    meta = briefing.meta
    slide, title, subtitle = canvas.new_slide("title", keep_body=True)
    facts = [v.plain for v in (meta.event, meta.location) if v]
    if meta.date:
        facts.append(canvas.style.words.date(meta.date))
    byline = ", ".join(v.plain for v in (meta.author, meta.role) if v)
    if meta.organisation:
        byline = f"{byline} · {meta.organisation.plain}" if byline else meta.organisation.plain
    lines: list[tuple[RichText, str]] = []
    if meta.subtitle:
        lines.append((meta.subtitle, "subtitle"))
    if canvas.branded:
        _branded_title(canvas, slide, title, subtitle, briefing, facts, byline)
    else:
        canvas.set_title(slide, title, meta.title.plain, None, largest=54.0, smallest=24.0)
        if facts:
            lines.append((plain(" · ".join(facts)), "facts"))
        if byline:
            lines.append((plain(byline), "byline"))
        _template_subtitle(canvas, slide, subtitle, title, lines)
        logo_height = 40.0
        place = Rect(
            canvas.width - MARGIN - logo_height * canvas.logo_ratio,
            MARGIN * 0.5,
            logo_height * canvas.logo_ratio,
            logo_height,
        )
        surface = canvas.surface("title")
        if surface is None or surface.plain(place):  # never on the template's artwork
            canvas.place_logo(slide, place.x, place.y, logo_height)
    notes = [meta.title.plain]
    notes += [v.plain for v in (meta.summary, meta.audience) if v]
    canvas.notes(slide, "\n\n".join(notes))
    canvas.close(slide)
    return slide


def _branded_title(
    canvas: Canvas,
    slide: Slide,
    title: Placeholder,
    subtitle: Placeholder | None,
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
        slide,
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
            canvas.fill_body(slide, subtitle, rect, make(size), box)
        else:
            slide.remove(subtitle)
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
    canvas: Canvas,
    slide: Slide,
    subtitle: Placeholder | None,
    title: Placeholder,
    lines: list[tuple[RichText, str]],
) -> None:
    style = canvas.style
    surface = canvas.surface("title")
    if not lines:
        if subtitle is not None:
            slide.remove(subtitle)
        return
    if subtitle is None:  # a text box below the title, placed in whole EMU
        top = canvas.title_rect(title).bottom + GAP
        place = (MARGIN, top, canvas.width - 2 * MARGIN, canvas.height - top - MARGIN)
        rect = Rect(*(points(emu(value)) for value in place))
    else:
        rect = canvas.title_rect(subtitle)
    # The colour that reads where the subtitle really is (not where content would go).
    color = None
    if surface is not None:
        color = surface.color_for(rect, AA_TEXT) or surface.color_for(rect, AA_LARGE)
        if color is None:  # nothing reads all over its place: it goes where text reads
            area = surface.content
            rect = Rect(area.x, area.y, area.w, area.h)
            color = surface.text
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
                color=color,
                align=None,
                set_font=False,
            )
            for index, (text, kind) in enumerate(lines)
        ]

    size = fit(canvas, make, box, 28.0, 12.0) or 12.0
    canvas.fill_body(slide, subtitle, rect, make(size), box)


# --- agenda --------------------------------------------------------------------------------


@dataclass
class Agenda:
    """The agenda's slides, left open until the dividers their cards link to exist."""

    slides: list[Slide]
    # Each card's slide, the stand-in for its link's relationship id, and its track.
    cards: list[tuple[Slide, str, Track]]


def add_agenda(canvas: Canvas, briefing: Briefing) -> Agenda:
    """The agenda slide(s): a card per track, linked to its divider by ``link_agenda``."""
    style = canvas.style
    tracks = list(briefing.tracks)
    title_rect = band_title(canvas, "content")
    area = canvas.content_area(title_rect)
    inner = area.w - CARD[0] - CARD[1]

    words = style.words

    def card(track: Track, size: float, summary: bool) -> list[TextPara]:
        sessions = len(briefing.sessions_in(track))
        detail = [Span(words.count("sessions_count", sessions), bold=True)]
        minutes = briefing.minutes(sessions)
        if minutes is not None:
            about = words("about_minutes", minutes=words.number(minutes))
            detail.append(Span(f"  ·  {about}", bold=True))
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
    agenda = Agenda([], [])
    for index, (start, end) in enumerate(runs):
        agenda_title = words("agenda")
        title = canvas.unique(agenda_title) if index == 0 else canvas.continued(agenda_title, index)
        slide, title_shape, _ = canvas.new_slide("title_only")
        agenda.slides.append(slide)
        canvas.band(slide, BAND)
        canvas.set_title(slide, title_shape, title, title_rect)
        y = area.y
        # Room the cards leave free opens up the gaps between them, within reason.
        spare = area.h - height(start, end, size, summary)
        gap = GAP + min(max(spare, 0.0) / max(end - start - 1, 1), 2 * GAP)
        for track in tracks[start:end]:
            h = card_height(track, size, summary)
            stand_in = f"briefing-jump-{len(agenda.cards)}"
            canvas.text(
                slide,
                Rect(area.x, y, area.w, h),
                card(track, size, summary),
                Box(area.w, h, *CARD),
                anchor="middle",
                fill=style.tint,
                name=f"Agenda: {track.name}",
                link=ooxml.click(stand_in, jump=True),
            )
            canvas.rect(slide, Rect(area.x, y, 6.0, h), style.primary, name="Card bar")
            agenda.cards.append((slide, stand_in, track))
            y += h + gap
        canvas.footer(slide)
        summary_text = briefing.meta.summary.plain if briefing.meta.summary else ""
        listing = words("agenda_notes", tracks=words.join([t.name for t in tracks]))
        canvas.notes(slide, summary_text or listing)
    return agenda


def link_agenda(canvas: Canvas, agenda: Agenda, dividers: dict[str, str]) -> None:
    """Clicking a track's card jumps to its divider (``dividers``: the part name of each
    track's first divider slide); then the agenda slides are complete."""
    for slide, stand_in, track in agenda.cards:
        rid = slide.rels.add(RT_SLIDE, dividers[track.id])
        target = f'r:id="{stand_in}"'
        slide.shapes = [
            s.replace(target, f'r:id="{rid}"') if isinstance(s, str) and target in s else s
            for s in slide.shapes
        ]
    for slide in agenda.slides:
        canvas.close(slide)
