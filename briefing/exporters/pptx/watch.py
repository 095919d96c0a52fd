"""The "Watch later" slides before the closing one: every session video as a QR code of at
least 2 in, with the session's code and title beside it, so the room can scan what it missed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.exporters.pptx.chrome import BAND, GAP, Canvas, Rect, band_title
from briefing.exporters.pptx.columns import cut_to, plain_text
from briefing.exporters.pptx.qr import alt_text, qr_png
from briefing.exporters.pptx.style import SMALL
from briefing.exporters.pptx.text import TextPara
from briefing.model import Briefing, Session
from briefing.richtext import RichText, Span
from briefing.typeset.wrap import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.ooxml import Slide

QR = 144.0  # 2 in: scanned from across a meeting room
LABEL = 124.0  # width of the code and title beside each code: three cells across 16:9
CELL_GAP = 20.0
MIN_VIDEOS = 2  # a single video is on its session's slide already
MAX_SLIDES = 2  # more than this and the codes stay on their session slides alone
BELOW = 50.0  # the code and title under a code, when they go below it
CAPTION = 12.0


def videos(briefing: Briefing) -> list[Session]:
    return [session for session in briefing.sessions if session.video]


def grid(area: Rect, beside: bool) -> tuple[int, int]:
    """How many codes a slide holds across and down in ``area``, each code's label beside it
    or below it (0 when not one fits)."""
    width, height = (QR + 8 + LABEL, QR) if beside else (QR, QR + BELOW)
    across = int((area.w + CELL_GAP) // (width + CELL_GAP))
    down = int((area.h + GAP) // (height + GAP))
    return across, down


def add_watch_later(canvas: Canvas, briefing: Briefing) -> list[Slide]:
    """The "Watch later" slides, as few as hold every video, each code's label beside it or
    below it, whichever holds more. None for fewer than two videos, or when they would take
    more than ``MAX_SLIDES`` slides: their codes are on the session slides anyway."""
    shown = videos(briefing)
    if len(shown) < MIN_VIDEOS:
        return []
    title_rect = band_title(canvas, "title_only")
    area = canvas.content_area(title_rect)
    (across, down), beside = max(
        ((grid(area, True), True), (grid(area, False), False)), key=lambda g: g[0][0] * g[0][1]
    )
    per_slide = across * down
    words = canvas.style.words
    if not per_slide or -(-len(shown) // per_slide) > MAX_SLIDES:
        return []
    # As few slides as that takes, the codes shared out evenly between them.
    count = -(-len(shown) // per_slide)
    share = -(-len(shown) // count)
    width, height = (QR + 8 + LABEL, QR) if beside else (QR, QR + BELOW)
    slides = []
    for first in range(0, len(shown), share):
        batch = shown[first : first + share]
        slide, title_shape, _ = canvas.new_slide("title_only")
        canvas.band(slide, BAND)
        canvas.set_title(slide, title_shape, canvas.unique(words("watch_later")), title_rect)
        # The grid is centred in the content area: rows as full as the batch needs.
        rows = -(-len(batch) // across)
        cols = min(across, len(batch))
        x0 = area.x + (area.w - (cols * width + (cols - 1) * CELL_GAP)) / 2
        y0 = area.y + (area.h - (rows * height + (rows - 1) * GAP)) / 2
        for index, session in enumerate(batch):
            row, col = divmod(index, across)
            _cell(
                canvas,
                slide,
                session,
                x0 + col * (width + CELL_GAP),
                y0 + row * (height + GAP),
                beside,
            )
        canvas.footer(slide)
        listed = [
            words.labelled(words("session_heading", code=s.code, title=s.title.plain), s.video)
            for s in batch
            if s.video
        ]
        intro = words("list_intro", label=words("session_videos"))
        canvas.notes(slide, intro + "\n" + "\n".join(f"- {line}" for line in listed))
        canvas.close(slide)
        slides.append(slide)
    return slides


def _cell(canvas: Canvas, slide: Slide, session: Session, x: float, y: float, beside: bool) -> None:
    style = canvas.style
    assert session.video is not None
    canvas.picture(
        slide,
        qr_png(session.video),
        "png",
        Rect(x, y, QR, QR),
        alt_text(session.code, session.title.plain, style.words),
        name="Watch later QR code",
        url=session.video,
        key=("qr", session.video),
    )
    label = Rect(x + QR + 8, y, LABEL, QR) if beside else Rect(x, y + QR + 4, QR, BELOW - 4)
    code = TextPara(
        Para(
            RichText((Span(session.code, bold=True, href=session.video),), ""),
            SMALL,
            style.body_font,
        ),
        color=style.link,
        link_color=style.link,
    )
    title = TextPara(
        Para(plain_text(session.title.plain), CAPTION, style.body_font, space_before=2.0),
        color=style.text,
    )
    room = label.h - style.typesetter.height([code.para], label.w) - 2.0
    title = cut_to(title, label.w, room, style)
    canvas.text(
        slide,
        label,
        [code, title],
        Box(label.w, label.h, 0, 0, 0, 0),
        anchor="middle" if beside else "top",
        name=f"Watch later: {session.code}",
    )
