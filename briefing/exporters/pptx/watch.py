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
from briefing.textfit import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.ooxml import Slide

QR = 144.0  # 2 in: scanned from across a meeting room
LABEL = 124.0  # width of the code and title beside each code: three cells across 16:9
CELL_GAP = 20.0
MIN_VIDEOS = 2  # a single video is on its session's slide already


def videos(briefing: Briefing) -> list[Session]:
    return [session for session in briefing.sessions if session.video]


def grid(canvas: Canvas, area: Rect) -> tuple[int, int]:
    """How many codes a slide holds across and down in ``area`` (0 when not one fits)."""
    across = int((area.w + CELL_GAP) // (QR + 8 + LABEL + CELL_GAP))
    down = int((area.h + GAP) // (QR + GAP))
    return across, down


def add_watch_later(canvas: Canvas, briefing: Briefing) -> list[Slide]:
    """The "Watch later" slides, as few as hold every video (none for fewer than two videos,
    or a template whose content area has no room for a 2 in code)."""
    shown = videos(briefing)
    if len(shown) < MIN_VIDEOS:
        return []
    title_rect = band_title(canvas, "title_only")
    area = canvas.content_area(title_rect)
    across, down = grid(canvas, area)
    per_slide = across * down
    if not per_slide:
        return []
    slides = []
    for first in range(0, len(shown), per_slide):
        batch = shown[first : first + per_slide]
        slide, title_shape, _ = canvas.new_slide("title_only")
        canvas.band(slide, BAND)
        canvas.set_title(slide, title_shape, canvas.unique("Watch later"), title_rect)
        # The grid is centred in the content area: rows as full as the batch needs.
        rows = -(-len(batch) // across)
        cols = min(across, len(batch))
        width = cols * (QR + 8 + LABEL) + (cols - 1) * CELL_GAP
        height = rows * QR + (rows - 1) * GAP
        x0 = area.x + (area.w - width) / 2
        y0 = area.y + (area.h - height) / 2
        for index, session in enumerate(batch):
            row, col = divmod(index, across)
            x = x0 + col * (QR + 8 + LABEL + CELL_GAP)
            y = y0 + row * (QR + GAP)
            _cell(canvas, slide, session, x, y)
        canvas.footer(slide)
        canvas.notes(
            slide,
            "Session videos:\n"
            + "\n".join(f"- {s.code}: {s.title.plain}: {s.video}" for s in batch),
        )
        canvas.close(slide)
        slides.append(slide)
    return slides


def _cell(canvas: Canvas, slide: Slide, session: Session, x: float, y: float) -> None:
    style = canvas.style
    assert session.video is not None
    canvas.picture(
        slide,
        qr_png(session.video),
        "png",
        Rect(x, y, QR, QR),
        alt_text(session.code, session.title.plain),
        name="Watch later QR code",
        url=session.video,
        key=("qr", session.video),
    )
    box = Box(LABEL, QR, 0, 0, 0, 0)
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
        Para(plain_text(session.title.plain), SMALL, style.body_font, space_before=4.0),
        color=style.text,
    )
    room = QR - style.typesetter.height([code.para], LABEL) - 4.0
    title = cut_to(title, LABEL, room, style)
    canvas.text(
        slide,
        Rect(x + QR + 8, y, LABEL, QR),
        [code, title],
        box,
        anchor="middle",
        name=f"Watch later: {session.code}",
    )
