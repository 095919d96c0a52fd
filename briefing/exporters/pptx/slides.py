"""The slides around the sessions: each track's divider, and the closing slide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.exporters.pptx.chrome import BAND, GAP, MARGIN, ROUNDED, Canvas, Rect, band_title, fit
from briefing.exporters.pptx.columns import bullet_indent
from briefing.exporters.pptx.style import SMALL
from briefing.exporters.pptx.text import TextPara, plain
from briefing.model import Briefing, Track
from briefing.richtext import RichText, Span
from briefing.typeset.wrap import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.ooxml import Slide

PANEL = 372.0  # width of a divider's coloured panel
EYEBROW_FLOOR = 10.0  # a divider's "Track 2 of 3 · 4 sessions" is never smaller
DIVIDER_SIZES = (20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0)


@dataclass
class DividerPlan:
    """A track's divider as planned: one slide, listing its sessions as fully as it can."""

    track: Track
    eyebrow: str
    area: Rect
    box: Box
    size: float
    runs: list[tuple[int, int]]
    paras: Callable[[int, int, float, bool], list[TextPara]]


# How a divider lists its sessions, the fullest first: the track's headline, then each session's
# code and title; without the headline (it is in the notes); codes only, on shared lines; none.
# The track's summary is the agenda's: the divider does not repeat it.
DIVIDER_FORMS: tuple[tuple[str, ...], ...] = (
    ("headline", "titles"),
    ("titles",),
    ("headline", "codes"),
    ("codes",),
    (),
)


def plan_divider(canvas: Canvas, briefing: Briefing, track: Track, number: int) -> DividerPlan:
    """The divider of a track: one slide with its name and, at the largest size that fits,
    its headline and sessions; what does not fit at the smallest size is left to the notes
    (headline first, then the sessions' titles, then their codes)."""
    style = canvas.style
    sessions = list(briefing.sessions_in(track))
    count = len(sessions)
    words = style.words
    where = words("track_of", number=words.number(number), total=words.number(len(briefing.tracks)))
    eyebrow = f"{where} · {words.count('sessions_count', len(sessions))}"
    if canvas.branded:
        area = Rect(
            PANEL + MARGIN,
            60.0,
            canvas.width - PANEL - 2 * MARGIN,
            canvas.height - 60.0 - MARGIN - 22.0,
        )
    elif canvas.design is not None:
        area = canvas.content_area(band_title(canvas, "section"), "section")
    else:
        area = _beside_title(canvas, band_title(canvas, "section"))
    box = Box(area.w, area.h, 0, 0, 0, 0)
    # A session's code stands out from its title.
    lead = style.primary if canvas.branded else style.text
    text_color, link_color = style.text, style.link
    surface = canvas.surface("section")
    if surface is not None:  # the divider may sit on another master than the sessions
        text_color = link_color = lead = surface.text

    # Each session's line: its code, then its title (the same text at every size).
    titled = [
        RichText((Span(session.code, bold=True), Span("   "), *session.title.spans), "")
        for session in sessions
    ]
    codes = RichText(
        tuple(
            span
            for index, session in enumerate(sessions)
            for span in ((Span("  ·  "),) if index else ()) + (Span(session.code, bold=True),)
        ),
        "",
    )

    def para(text: RichText, size: float, space_before: float) -> TextPara:
        return TextPara(
            Para(text, size, style.body_font, indent=0, space_before=space_before),
            color=text_color,
            link_color=link_color,
            lead_color=lead,
        )

    def make(form: tuple[str, ...], size: float) -> list[TextPara]:
        out = []
        if "headline" in form and track.headline:
            out.append(para(track.headline, size + 2, 0.0))
        if "titles" in form:
            for index, line in enumerate(titled):
                out.append(para(line, size, size * 1.2 if (index == 0 and out) else size * 0.5))
        if "codes" in form and sessions:
            out.append(para(codes, size, size * 1.2 if out else 0.0))
        return out

    typesetter = style.typesetter
    chosen: tuple[tuple[str, ...], float] = ((), DIVIDER_SIZES[-1])
    for form in DIVIDER_FORMS[:-1]:
        if "headline" in form and not track.headline:
            continue
        size = next(
            (
                size
                for size in DIVIDER_SIZES
                if typesetter.fits([p.para for p in make(form, size)], box, break_words=False)
            ),
            None,
        )
        if size is not None:
            chosen = (form, size)
            break
    form, chosen_size = chosen

    def paras(_first: int, _end: int, size: float, _with_summary: bool) -> list[TextPara]:
        return make(form, size)

    return DividerPlan(track, eyebrow, area, box, chosen_size, [(0, count)], paras)


def divider_titles(canvas: Canvas, planned: DividerPlan) -> list[str]:
    """The titles of the divider's slides, unique in the deck (in slide order)."""
    name = planned.track.name
    return [
        canvas.unique(name) if index == 0 else canvas.continued(name, index)
        for index in range(len(planned.runs))
    ]


def add_divider(canvas: Canvas, planned: DividerPlan, titles: list[str]) -> list[Slide]:
    """The divider's slides, titled ``titles``."""
    style, track, eyebrow = canvas.style, planned.track, planned.eyebrow
    area, box, chosen_size, paras = planned.area, planned.box, planned.size, planned.paras
    made = []
    for index, (start, end) in enumerate(planned.runs):
        title = titles[index]
        # On a template the list goes in a text box at the content area: a title layout used
        # as a divider has a subtitle placeholder that grows and centres its text.
        slide, title_shape, body = canvas.new_slide("section", keep_body=canvas.design is None)
        if canvas.branded:
            canvas.rect(slide, Rect(0, 0, PANEL, canvas.height), style.primary, back=True)
            place = Rect(MARGIN, 120.0, PANEL - 2 * MARGIN, 24.0)

            def make(size: float) -> list[TextPara]:
                shown = Para(plain(eyebrow.upper()), size, style.body_font, bold=True)
                return [TextPara(shown, color=style.on_primary)]

            # On one line: smaller where the language's words are long ("THEMENBLOCK").
            box = Box(place.w, place.h, 0, 0, 0, 0)
            one_line = fit(canvas, make, box, SMALL, EYEBROW_FLOOR) or EYEBROW_FLOOR
            canvas.text(
                slide,
                place,
                make(one_line),
                name="Track number",
            )
            canvas.set_title(
                slide,
                title_shape,
                title,
                Rect(MARGIN, 150.0, PANEL - 2 * MARGIN, 240.0),
                largest=40.0,
                smallest=20.0,
                anchor="top",
            )
        else:
            canvas.set_title(slide, title_shape, title)
        content = paras(start, end, chosen_size, start == 0)
        canvas.fill_body(slide, body, area, content, box)
        canvas.footer(slide, left=PANEL + MARGIN if canvas.branded else None)
        said = [text.plain for text in (track.headline, track.summary) if text]
        canvas.notes(slide, "\n\n".join(said) if said else track.name)
        canvas.close(slide)
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
    """Key takeaways, one line per track, beside a panel inviting questions."""
    style = canvas.style
    words = style.words
    top = briefing.key_takeaways()
    slide, title_shape, body = canvas.new_slide("closing", keep_body=True)
    title_rect = band_title(canvas, "closing")
    canvas.band(slide, BAND)
    title = words("key_takeaways" if top else "questions")
    canvas.set_title(slide, title_shape, canvas.unique(title), title_rect)
    area = canvas.content_area(title_rect, "closing")
    if not canvas.branded:
        area = canvas.body_rect("closing") or area
    panel_width = round(area.w * 0.34)
    left = Rect(area.x, area.y, area.w - panel_width - 28, area.h)
    panel = Rect(area.right - panel_width, area.y, panel_width, area.h)
    box = Box(left.w, left.h, 0, 0, 0, 0)

    def make(chosen: int, size: float) -> list[TextPara]:
        # Each track's name leads its line, in bold.
        return [
            TextPara(
                Para(
                    RichText((Span(words.lead(track.name), bold=True), *text.spans), ""),
                    size,
                    style.body_font,
                    indent=bullet_indent(style, "→", size),
                    space_before=0 if not index else size * 0.8,
                ),
                color=style.text,
                bullet="→",
                bullet_color=style.primary,
                link_color=style.link,
            )
            for index, (track, text) in enumerate(top[:chosen])
        ]

    # As many tracks' lines as fit at 18 pt or more, the first ones first.
    shown, size = len(top), 18.0
    while shown:

        def make_shown(font_size: float, count: int = shown) -> list[TextPara]:
            return make(count, font_size)

        found = fit(canvas, make_shown, box, 24.0, 18.0)
        if found:
            size = found
            break
        shown -= 1
    if shown:
        canvas.fill_body(slide, body, left, make(shown, size), box)
    else:
        if body is not None:
            slide.remove(body)
        panel = area
    _questions(canvas, slide, briefing, panel)
    canvas.footer(slide)
    lines = [f"- {words.labelled(track.name, text.plain)}" for track, text in top]
    intro = words("list_intro", label=words("key_takeaways"))
    canvas.notes(slide, intro + "\n" + "\n".join(lines) if top else words("questions_prompt"))
    canvas.close(slide)
    return slide


def _questions(canvas: Canvas, slide: Slide, briefing: Briefing, panel: Rect) -> None:
    """The panel: "Questions?", then who presents and how to reach them, when the source
    says."""
    style, meta = canvas.style, briefing.meta
    question = plain(style.words("questions_prompt"))
    who = [text for text in (meta.author, meta.contact) if text]
    panel_box = Box(panel.w, panel.h, 14, 14, 14, 14)

    def make(size: float) -> list[TextPara]:
        small = max(SMALL, round(size * 0.4))
        return [
            TextPara(
                Para(question, size, style.heading_font, bold=True),
                color=style.on_primary,
                align="center",
            ),
            *(
                TextPara(
                    Para(
                        text, small, style.body_font, space_before=small * (1.2 if i == 0 else 0.3)
                    ),
                    color=style.on_primary,
                    link_color=style.on_primary,
                    align="center",
                )
                for i, text in enumerate(who)
            ),
        ]

    # Whole words at the largest size that keeps them, down to the labels' size.
    size = fit(canvas, make, panel_box, 54.0, SMALL) or SMALL
    body_xml = canvas.text_xml(make(size), panel_box, slide.link, "middle")
    canvas.rect(slide, panel, style.primary, ROUNDED, name="Questions", body=body_xml)
