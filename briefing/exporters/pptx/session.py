"""Session slides: badge, title, speakers, key points, figures, takeaways and the video."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefing.errors import ThemeError
from briefing.exporters.pptx.charts import add_chart
from briefing.exporters.pptx.chrome import BAND, GAP, MARGIN, ROUNDED, Canvas, Rect, fit
from briefing.exporters.pptx.columns import NO_VIDEO_HEIGHT, QR_SIZE, heading_size, plain_text
from briefing.exporters.pptx.pieces import Columns, Item, Page
from briefing.exporters.pptx.plan import Unplannable, plan_session
from briefing.exporters.pptx.qr import alt_text, qr_png
from briefing.exporters.pptx.style import BODY_FLOOR, SMALL, Style
from briefing.exporters.pptx.text import TextPara, text_body
from briefing.model import Session, Track, plural
from briefing.richtext import RichText, Span
from briefing.textfit import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.ooxml import Slide

COLUMN_GAP = 28.0
LEFT_SHARE = 0.6
BADGE_HEIGHT = 24.0
BADGE_PAD = 10.0
BADGE_RADIUS = 6.0  # chrome.Canvas.rect rounds corners by 6 pt
SPEAKER_SIZES = (18.0, 17.0, 16.0, 15.0, 14.0)
VIDEO_TEXT = 16.0
# Where the title goes in the branded band, below the badge row.
TITLE_TOP = 46.0


@dataclass
class SessionPlan:
    """A session's slides as planned: where its rows and columns go, and what each slide holds."""

    session: Session
    title_rect: Rect
    area: Rect
    badge_width: float
    row_left: float
    speakers: TextPara | None
    top: float
    columns: Columns
    pages: list[Page]

    @property
    def charts(self) -> int:
        """How many charts the session's slides hold."""
        return sum(block.kind == "chart" for page in self.pages for block in page.blocks)


def plan(canvas: Canvas, session: Session) -> SessionPlan:
    """Measure the session and split its content over as few slides as it needs."""
    style = canvas.style
    title_rect = _title_rect(canvas)
    area = canvas.content_area(title_rect)
    badge_width = _badge_width(canvas, session, area.w)
    row_left = area.x if canvas.branded else area.x + badge_width + 12
    speakers = _speakers(canvas, session, area.right - row_left)
    row_height = max(
        BADGE_HEIGHT if not canvas.branded else 0.0,
        style.typesetter.height([speakers.para], area.right - row_left) if speakers else 0.0,
    )
    top = area.y + (row_height + GAP if row_height else 0.0)
    left_width = round(area.w * LEFT_SHARE - COLUMN_GAP / 2)
    columns = Columns(
        left=left_width,
        right=area.w - left_width - COLUMN_GAP,
        gap=COLUMN_GAP,
        height=area.bottom - top,
        video=QR_SIZE if session.video else NO_VIDEO_HEIGHT,
    )
    try:
        pages = plan_session(session, style, columns)
    except Unplannable:
        raise ThemeError(
            f"session {session.code} does not fit the template's content area "
            f"({area.w / 72:.1f} x {area.h / 72:.1f} in) at any size: name a roomier layout in "
            "the theme (pptx_layouts: {content: ...}), see `briefing check-template`"
        ) from None
    return SessionPlan(
        session, title_rect, area, badge_width, row_left, speakers, top, columns, pages
    )


def titles(canvas: Canvas, planned: SessionPlan) -> list[str]:
    """The titles of the session's slides, unique in the deck (in slide order)."""
    text = planned.session.title.plain
    return [
        canvas.unique(text) if index == 0 else canvas.continued(text, index)
        for index in range(len(planned.pages))
    ]


def add_session(
    canvas: Canvas, planned: SessionPlan, track: Track, titles: list[str]
) -> list[Slide]:
    """The session's slide, and its continuation slides when the content needs them."""
    style = canvas.style
    session, area, columns = planned.session, planned.area, planned.columns
    speakers, row_left, top = planned.speakers, planned.row_left, planned.top
    badge_width = planned.badge_width
    slides = []
    for index, page in enumerate(planned.pages):
        slide, title_shape, _ = canvas.new_slide("title_only")
        canvas.band(slide, BAND)
        canvas.set_title(slide, title_shape, titles[index], planned.title_rect)
        if canvas.branded:
            _badge(canvas, slide, session, Rect(MARGIN, 16.0, badge_width, BADGE_HEIGHT))
            _eyebrow(canvas, slide, track, MARGIN + badge_width + 12, area.right)
        else:
            _badge(canvas, slide, session, Rect(area.x, area.y, badge_width, BADGE_HEIGHT))
        if speakers:
            height = style.typesetter.height([speakers.para], area.right - row_left)
            canvas.text(
                slide,
                Rect(row_left, area.y, area.right - row_left, height + 2),
                [speakers],
                name="Speakers",
            )
        left = Rect(area.x, top, area.w if page.wide else columns.left, columns.height)
        right = Rect(area.right - columns.right, top, columns.right, columns.height)
        _left_column(canvas, slide, page, left)
        if not page.wide:
            room = columns.right_room(index)
            _right_column(canvas, slide, page, Rect(right.x, right.y, right.w, room))
        if index == 0:
            _video(canvas, slide, session, right)
        canvas.footer(slide)
        canvas.notes(slide, _notes(session, track, index))
        canvas.close(slide)
        slides.append(slide)
    return slides


def _title_rect(canvas: Canvas) -> Rect:
    if canvas.branded:
        return Rect(MARGIN, TITLE_TOP, canvas.width - 2 * MARGIN, BAND - TITLE_TOP - 8)
    found = canvas.layout_title("title_only")
    return found or Rect(MARGIN, MARGIN * 0.5, canvas.width - 2 * MARGIN, 60)


def _badge_text(session: Session) -> RichText:
    # Bold throughout: 14 pt bold is "large text" for WCAG, which badge colours are held to.
    spans = [Span(session.code, bold=True)]
    if session.level:
        spans.append(Span(f"  ·  Level {session.level}", bold=True))
    return RichText(tuple(spans), "")


def _badge_width(canvas: Canvas, session: Session, limit: float) -> float:
    para = Para(_badge_text(session), SMALL, canvas.style.body_font)
    width = sum(
        canvas.style.typesetter.span_width(span.text, span, para) for span in para.text.spans
    )
    # A rounded rectangle keeps its text clear of the corners: about 0.3 of the radius.
    return min(width + 2 * (BADGE_PAD + 0.3 * BADGE_RADIUS) + 4.0, limit * 0.5)


def _badge(canvas: Canvas, slide: Slide, session: Session, rect: Rect) -> None:
    style = canvas.style
    para = TextPara(Para(_badge_text(session), SMALL, style.body_font), color=style.on_accent)
    corner = 0.3 * BADGE_RADIUS
    box = Box(rect.w, rect.h, BADGE_PAD, BADGE_PAD, 0.0, 0.0)
    lines = style.typesetter.lines(para.para, box.inner_width - 2 * corner)
    if len(lines) > 1:  # an extremely long code: keep what fits on the badge's one line
        cut = para.para.text.plain[: lines[0].end].rstrip()[:-1] + "…"
        para = TextPara(
            Para(RichText.plain_text(cut), SMALL, style.body_font, bold=True), color=style.on_accent
        )
    body = text_body([para], box, style.typesetter, slide.link, "middle")
    canvas.rect(slide, rect, style.accent, ROUNDED, name="Badge", body=body)


def _eyebrow(canvas: Canvas, slide: Slide, track: Track, x: float, right: float) -> None:
    """The track's name beside the badge, in the band."""
    style = canvas.style
    width = right - x
    para = Para(plain_text(track.name), SMALL, style.body_font)
    lines = style.typesetter.lines(para, width)
    if len(lines) > 1:
        para = replace(para, text=RichText.plain_text(track.name[: lines[0].end].rstrip()))
    canvas.text(
        slide,
        Rect(x, 16.0, width, BADGE_HEIGHT),
        [TextPara(para, color=style.on_primary)],
        anchor="middle",
        name="Track",
        same_as=("track", track.name, x, width),
    )


def _speakers(canvas: Canvas, session: Session, width: float) -> TextPara | None:
    """'Speakers: A, B' on at most two lines, shortened to 'and N more' if need be."""
    if not session.speakers:
        return None
    style = canvas.style
    names = [s for s in session.speakers]
    label = "Speaker: " if len(names) == 1 else "Speakers: "

    def para(shown: int, size: float) -> TextPara:
        spans: list[Span] = [Span(label, bold=True)]
        for index, name in enumerate(names[:shown]):
            if index:
                spans.append(Span(", "))
            spans.extend(name.spans)
        if shown < len(names):
            spans.append(Span(f" and {len(names) - shown} more"))
        return TextPara(
            Para(RichText(tuple(spans), ""), size, style.body_font),
            color=style.muted,
            link_color=style.link,
        )

    for shown in range(len(names), 0, -1):
        for size in SPEAKER_SIZES:
            candidate = para(shown, size)
            if len(style.typesetter.lines(candidate.para, width)) <= 2:
                return candidate
    return para(1, BODY_FLOOR)


def _left_column(canvas: Canvas, slide: Slide, page: Page, rect: Rect) -> None:
    style = canvas.style
    y = rect.y
    runs: list[list[Item]] = []
    for item in page.items:
        if runs and runs[-1][0].group == item.group:
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        group = page.groups[run[0].group]
        heading = TextPara(
            Para(
                RichText.plain_text(group.name.upper()),
                heading_size(page.size),
                style.body_font,
                bold=True,
            ),
            color=style.primary,
        )
        paras = [heading, *(item.para for item in run)]
        insets = group.insets
        inner = rect.w - insets[0] - insets[1]
        height = style.typesetter.height([p.para for p in paras], inner) + insets[2] + insets[3]
        box = Box(rect.w, height, *insets)
        canvas.text(
            slide,
            Rect(rect.x, y, rect.w, height + 2),
            paras,
            box,
            fill=style.tint if group.tinted else None,
            name=group.name,
        )
        y += height + GAP


def _right_column(canvas: Canvas, slide: Slide, page: Page, rect: Rect) -> None:
    style = canvas.style
    y = rect.y
    for index, block in enumerate(page.blocks):
        if block.kind == "chart":
            # The chart grows into room the other figures leave free, to stay legible.
            rest = sum(b.height + GAP for b in page.blocks[index + 1 :])
            height = max(block.height, min(rect.bottom - y - rest, 2.2 * block.height))
            add_chart(canvas, slide, Rect(rect.x, y, rect.w, height), block.stats)
            y += height + GAP
            continue
        elif block.kind == "stat":
            bar = Rect(rect.x, y + 4, 4.0, block.height - 8)
            canvas.rect(slide, bar, style.accent, name="Callout bar")
            assert block.box is not None
            canvas.text(
                slide,
                Rect(rect.x, y, rect.w, block.height + 2),
                block.paras,
                block.box,
                name=f"Figure: {block.stats[0].display}",
            )
        else:
            assert block.box is not None
            canvas.text(
                slide,
                Rect(rect.x, y, rect.w, block.height + 2),
                block.paras,
                block.box,
                fill=style.tint,
                name="Why it matters",
            )
        y += block.height + GAP


def _video(canvas: Canvas, slide: Slide, session: Session, column: Rect) -> None:
    style = canvas.style
    if not session.video:

        def make(size: float) -> list[TextPara]:
            text = RichText.plain_text("Video not yet available")
            return [TextPara(Para(text, size, style.body_font, italic=True), color=style.muted)]

        box = Box(column.w, NO_VIDEO_HEIGHT, 0, 0, 0, 0)
        # On one line in the room planned for it: smaller in a narrow column.
        size = fit(canvas, make, box, VIDEO_TEXT, SMALL - 2) or SMALL - 2
        canvas.text(
            slide,
            Rect(column.x, column.bottom - NO_VIDEO_HEIGHT, column.w, NO_VIDEO_HEIGHT),
            make(size),
            box,
            anchor="bottom",
            name="Video",
        )
        return
    top = column.bottom - QR_SIZE
    canvas.picture(
        slide,
        qr_png(session.video),
        "png",
        Rect(column.x, top, QR_SIZE, QR_SIZE),
        alt_text(session.code, session.title.plain),
        name="Video QR code",
        url=session.video,
        key=("qr", session.video),  # one image per link (a link's code is always the same)
    )
    x = column.x + QR_SIZE + 12
    width = column.right - x
    hint = RichText.plain_text("Scan the code or click the link")
    link, size = _video_link(session.video, hint, width, style)
    canvas.text(
        slide,
        Rect(x, top, width, QR_SIZE),
        [
            TextPara(Para(link, size, style.body_font), color=style.link, link_color=style.link),
            TextPara(Para(hint, SMALL, style.body_font, space_before=4.0), color=style.muted),
        ],
        anchor="middle",
        name="Video link",
    )


def _video_link(url: str, hint: RichText, width: float, style: Style) -> tuple[RichText, float]:
    """The link text and size beside the QR code: the longest wording that fits without
    breaking the link inside (LibreOffice breaks a link between characters, not at spaces)."""
    typesetter = style.typesetter
    for wording in ("Watch the session video", "Watch the video", "Video"):
        link = RichText((Span(wording, bold=True, href=url),), "")
        for size in range(int(VIDEO_TEXT), int(BODY_FLOOR) - 1, -1):
            para = Para(link, size, style.body_font)
            paras = [para, Para(hint, SMALL, style.body_font, space_before=4.0)]
            if (
                not typesetter.breaks_words(para, width)
                and typesetter.height(paras, width) <= QR_SIZE
            ):
                return link, float(size)
    return link, float(BODY_FLOOR)


def _notes(session: Session, track: Track, index: int) -> str:
    """Speaker notes: the summary and notes, and the figures and links as text."""
    head = f"{session.code}: {session.title.plain} ({track.name})"
    if index:
        return f"{head}, continued."
    parts = [head]
    if session.summary:
        parts.append(session.summary.plain)
    if session.notes:
        parts.append(f"Notes: {session.notes.plain}")
    if session.stats:
        figures = "; ".join(f"{s.display} {s.label.plain}" for s in session.stats)
        parts.append(f"Key figures ({plural(len(session.stats), 'figure')}): {figures}.")
    if session.links:
        parts.append("Links: " + "; ".join(f"{k.label.plain}: {k.url}" for k in session.links))
    if session.video:
        parts.append(f"Video: {session.video}")
    return "\n\n".join(parts)
