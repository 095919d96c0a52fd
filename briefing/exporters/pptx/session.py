"""Session slides: badge, title, speakers, key points, figures, takeaways and the video."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from briefing.errors import ThemeError
from briefing.exporters.pptx.chrome import BAND, GAP, MARGIN, ROUNDED, Canvas, Rect, unique_title
from briefing.exporters.pptx.columns import QR_SIZE, heading_size, plain_text
from briefing.exporters.pptx.pieces import Columns, Item, Page
from briefing.exporters.pptx.plan import Unplannable, plan_session
from briefing.exporters.pptx.qr import alt_text, qr_png
from briefing.exporters.pptx.style import BODY_FLOOR, SMALL, TITLE_MIN, Style
from briefing.exporters.pptx.summary import (
    TITLE_LINES,
    DeckSizes,
    Fitted,
    Shown,
    deck_body_size,
    fit_one_slide,
    title_sizes,
)
from briefing.exporters.pptx.text import TextPara
from briefing.i18n import Key, Messages
from briefing.log import warn
from briefing.model import Briefing, Session, Track, plural
from briefing.richtext import RichText, Span
from briefing.typeset.wrap import Box, Para

if TYPE_CHECKING:
    from briefing.exporters.pptx.ooxml import Slide

COLUMN_GAP = 28.0
LEFT_SHARE = 0.6
CHART_LEFT_SHARE = 0.46  # beside a chart, which takes the rest: over half the content area
BADGE_HEIGHT = 24.0
BADGE_PAD = 10.0
BADGE_RADIUS = 6.0  # chrome.Canvas.rect rounds corners by 6 pt
SPEAKER_SIZES = (18.0, 17.0, 16.0, 15.0, 14.0)
VIDEO_TEXT = 16.0
MIN_SPEAKERS = 160.0  # the speakers' place beside the badge, at the least
# Where the title goes in the branded band, below the badge row.
TITLE_TOP = 46.0


@dataclass(frozen=True)
class Frame:
    """Where a session's slide puts its title, badge row and columns."""

    title_rect: Rect
    area: Rect
    badge_width: float
    row_left: float
    speakers: TextPara | None
    top: float
    columns: Columns
    row_right: float  # where the speakers' place ends
    wayfinding: str = ""  # where the session stands, at the badge row's end (templates)


@dataclass
class SessionPlan:
    """A session's slides as planned: where its rows and columns go, and what each slide holds."""

    session: Session
    at: Frame
    pages: list[Page]
    shown: Shown | None = None  # a summary slide's share of the session (None: all of it)
    title_size: float | None = None  # the deck's title size for it (None: fitted)
    wayfinding: str = ""  # "Track 2 of 3 · Session 3 of 4"
    minutes: int | None = None  # the session's share of the briefing's time

    @property
    def charts(self) -> int:
        """How many charts the session's slides hold."""
        return sum(block.kind == "chart" for page in self.pages for block in page.blocks)


def frame(canvas: Canvas, session: Session, summary: bool, wayfinding: str = "") -> Frame:
    """The session slide's places. On a summary slide a chart the session asks for takes the
    right half, whole, and the video sits under the key points; a session with figures and no
    key points has its figures in the main place, the video under what is beside them."""
    style = canvas.style
    title_rect = _title_rect(canvas)
    area = canvas.content_area(title_rect)
    badge_width = _badge_width(canvas, session, area.w)
    row_left = area.x if canvas.branded else area.x + badge_width + 12
    # On a template the badge row ends with where the session stands, when the speakers keep
    # room enough beside it (the branded band has its own place for it).
    row_right, shown_way = area.right, ""
    if not canvas.branded and wayfinding:
        way = style.typesetter.width(wayfinding, style.body_font, SMALL) + 2
        if area.right - way - 12 - row_left >= MIN_SPEAKERS:
            row_right, shown_way = area.right - way - 12, wayfinding
    speakers = _speakers(canvas, session, row_right - row_left)
    row_height = max(
        BADGE_HEIGHT if not canvas.branded else 0.0,
        style.typesetter.height([speakers.para], row_right - row_left) if speakers else 0.0,
    )
    top = area.y + (row_height + GAP if row_height else 0.0)
    beside_chart = summary and session.chart is not None
    figures_first = summary and not session.key_points and bool(session.stats) and not session.chart
    share = CHART_LEFT_SHARE if beside_chart else LEFT_SHARE
    if figures_first:  # the figures take the main place: the items' column is the narrow one
        share = 1 - LEFT_SHARE
    left_width = round(area.w * share - COLUMN_GAP / 2)
    columns = Columns(
        left=left_width,
        right=area.w - left_width - COLUMN_GAP,
        gap=COLUMN_GAP,
        height=area.bottom - top,
        video=QR_SIZE if session.video else 0.0,
        video_left=beside_chart or figures_first,
        figures_first=figures_first,
    )
    return Frame(
        title_rect, area, badge_width, row_left, speakers, top, columns, row_right, shown_way
    )


def wayfinding(briefing: Briefing, words: Messages) -> dict[str, str]:
    """Where each session stands, by code: "Track 2 of 3 · Session 3 of 4"."""
    found = {}
    tracks = words.number(len(briefing.tracks))
    for number, track in enumerate(briefing.tracks, start=1):
        sessions = briefing.sessions_in(track)
        where = words("track_of", number=words.number(number), total=tracks)
        for index, session in enumerate(sessions, start=1):
            count = words.number(len(sessions))
            place = words("session_of", number=words.number(index), total=count)
            found[session.code] = f"{where} · {place}"
    return found


def deck_sizes(canvas: Canvas, briefing: Briefing) -> DeckSizes:
    """A summary deck's body size and title sizes (see ``summary``)."""
    scale = canvas.theme.type_scale
    sessions = briefing.sessions
    ways = wayfinding(briefing, canvas.style.words)
    frames = {
        session.code: frame(canvas, session, True, ways[session.code]) for session in sessions
    }
    found: dict[tuple[str, float], tuple[Frame, Fitted | None]] = {}

    def fit(session: Session, size: float) -> Fitted | None:
        found[session.code, size] = fit_summary(canvas, session, frames[session.code], size)
        return found[session.code, size][1]

    body = deck_body_size(sessions, fit, scale.body)
    rect = _title_rect(canvas)
    # Each title as its slide will show it: numbered when an earlier slide has the same one.
    taken, shown = set(canvas.titles), {}
    for track in briefing.tracks:
        unique_title(track.name, taken)
        for session in briefing.sessions_in(track):
            shown[session.code] = unique_title(session.title.plain, taken)
    titles = title_sizes(
        shown,
        lambda text, size: canvas.title_fits(text, "title_only", rect, size, TITLE_LINES),
        scale.title,
        TITLE_MIN,
    )
    # A session settled at a larger size was not fitted at this one: plan() fits it.
    fitted: dict[str, object] = {c: found[c, body] for c in frames if (c, body) in found}
    return DeckSizes(body, titles, fitted)


def fit_summary(
    canvas: Canvas, session: Session, at: Frame, size: float
) -> tuple[Frame, Fitted | None]:
    """The session on one slide at ``size``, in the places ``at`` (from ``frame``) or, when a
    whole chart leaves too little room beside it, in the usual ones."""
    fitted = fit_one_slide(session, canvas.style, at.columns, size)
    if fitted is None and (at.columns.video_left or at.columns.figures_first):
        at = frame(canvas, session, False, at.wayfinding)
        fitted = fit_one_slide(session, canvas.style, at.columns, size)
    return at, fitted


def plan(
    canvas: Canvas, session: Session, wayfinding: str = "", minutes: int | None = None
) -> SessionPlan:
    """Measure the session and lay it out: on one slide in a summary deck, else over as few
    slides as it needs."""
    sizes, shown, pages = canvas.sizes, None, None
    at = frame(canvas, session, sizes is not None, wayfinding)
    if sizes is not None:
        # What choosing the body size measured, else measured now.
        known = sizes.fitted.get(session.code) or fit_summary(canvas, session, at, sizes.body)
        at, fitted = cast("tuple[Frame, Fitted | None]", known)
        if fitted is not None:
            pages, shown = [fitted.page], fitted.shown
            if fitted.shown.hidden(session):
                moved = fitted.shown.hidden(session)
                warn(
                    f"{session.code}: {plural(moved, 'item')} moved to the speaker notes, to keep "
                    "the session on one slide (--density full keeps everything on slides)"
                )
    if pages is None:
        try:
            pages = plan_session(session, canvas.style, at.columns)
        except Unplannable:
            raise ThemeError(
                f"session {session.code} does not fit the template's content area "
                f"({at.area.w / 72:.1f} x {at.area.h / 72:.1f} in) at any size: name a roomier "
                "layout in the theme (pptx_layouts: {content: ...}), see "
                "`briefing check-template`"
            ) from None
    return SessionPlan(
        session,
        at,
        pages,
        shown,
        sizes.titles.get(session.code) if sizes is not None else None,
        wayfinding,
        minutes,
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
    session, at = planned.session, planned.at
    area, columns, speakers, row_left, top = at.area, at.columns, at.speakers, at.row_left, at.top
    badge_width = at.badge_width
    slides = []
    for index, page in enumerate(planned.pages):
        slide, title_shape, _ = canvas.new_slide("title_only")
        canvas.band(slide, BAND)
        if planned.title_size is not None:
            size = planned.title_size
            canvas.set_title(slide, title_shape, titles[index], at.title_rect, size, size)
        else:
            canvas.set_title(slide, title_shape, titles[index], at.title_rect)
        if canvas.branded:
            _badge(canvas, slide, session, Rect(MARGIN, 16.0, badge_width, BADGE_HEIGHT))
            _eyebrow(
                canvas, slide, track, planned.wayfinding, MARGIN + badge_width + 12, area.right
            )
        else:
            _badge(canvas, slide, session, Rect(area.x, area.y, badge_width, BADGE_HEIGHT))
        if speakers:
            height = style.typesetter.height([speakers.para], at.row_right - row_left)
            canvas.text(
                slide,
                Rect(row_left, area.y, at.row_right - row_left, height + 2),
                [speakers],
                name="Speakers",
            )
        if at.wayfinding:
            way = Para(plain_text(at.wayfinding), SMALL, style.body_font)
            canvas.text(
                slide,
                Rect(at.row_right + 12, area.y, area.right - at.row_right - 12, BADGE_HEIGHT),
                [TextPara(way, color=style.muted, align="right")],
                anchor="middle",
                name="Track",
            )
        left = Rect(area.x, top, area.w if page.wide else columns.left, columns.height)
        right = Rect(area.right - columns.right, top, columns.right, columns.height)
        if columns.figures_first:  # figures on the left, the items beside them
            right = Rect(area.x, top, columns.right, columns.height)
            left = Rect(area.right - columns.left, top, columns.left, columns.height)
        _left_column(canvas, slide, page, left)
        if not page.wide:
            room = columns.right_room(index)
            _right_column(
                canvas,
                slide,
                page,
                Rect(right.x, right.y, right.w, room),
                session.chart.plain if session.chart else "",
            )
        if index == 0:
            _video(canvas, slide, session, left if columns.video_left else right)
        canvas.footer(slide)
        canvas.notes(
            slide, _notes(session, track, index, style.words, planned.shown, planned.minutes)
        )
        canvas.close(slide)
        slides.append(slide)
    return slides


def _title_rect(canvas: Canvas) -> Rect:
    if canvas.branded:
        return Rect(MARGIN, TITLE_TOP, canvas.width - 2 * MARGIN, BAND - TITLE_TOP - 8)
    found = canvas.layout_title("title_only")
    return found or Rect(MARGIN, MARGIN * 0.5, canvas.width - 2 * MARGIN, 60)


def _badge_text(session: Session, words: Messages) -> RichText:
    # Bold throughout: 14 pt bold is "large text" for WCAG, which badge colours are held to.
    spans = [Span(session.code, bold=True)]
    if session.level:
        spans.append(Span(f"  ·  {words('level', level=session.level)}", bold=True))
    return RichText(tuple(spans), "")


def _badge_width(canvas: Canvas, session: Session, limit: float) -> float:
    para = Para(_badge_text(session, canvas.style.words), SMALL, canvas.style.body_font)
    width = sum(
        canvas.style.typesetter.span_width(span.text, span, para) for span in para.text.spans
    )
    # A rounded rectangle keeps its text clear of the corners: about 0.3 of the radius.
    return min(width + 2 * (BADGE_PAD + 0.3 * BADGE_RADIUS) + 4.0, limit * 0.5)


def _badge(canvas: Canvas, slide: Slide, session: Session, rect: Rect) -> None:
    style = canvas.style
    # The accent is kept for the big numbers: on the branded band the badge is a light wash
    # with the primary colour's text, elsewhere the primary colour itself.
    fill, ink = (style.tint, style.primary) if canvas.branded else (style.primary, style.on_primary)
    para = TextPara(Para(_badge_text(session, style.words), SMALL, style.body_font), color=ink)
    corner = 0.3 * BADGE_RADIUS
    box = Box(rect.w, rect.h, BADGE_PAD, BADGE_PAD, 0.0, 0.0)
    lines = style.typesetter.lines(para.para, box.inner_width - 2 * corner)
    if len(lines) > 1:  # an extremely long code: keep what fits on the badge's one line
        cut = para.para.text.plain[: lines[0].end].rstrip()[:-1] + "…"
        para = TextPara(
            Para(RichText.plain_text(cut), SMALL, style.body_font, bold=True), color=ink
        )
    body = canvas.text_xml([para], box, slide.link, "middle")
    canvas.rect(slide, rect, fill, ROUNDED, name="Badge", body=body)


def _eyebrow(
    canvas: Canvas, slide: Slide, track: Track, wayfinding: str, x: float, right: float
) -> None:
    """The track's name and where the session stands in it, beside the badge, in the band:
    the name is shortened to keep "Track 2 of 3 · Session 3 of 4" on the line."""
    style = canvas.style
    width = right - x
    tail = f"  ·  {wayfinding}" if wayfinding else ""
    para = Para(plain_text(track.name + tail), SMALL, style.body_font)
    lines = style.typesetter.lines(para, width)
    if len(lines) > 1:
        room = Para(plain_text(track.name), SMALL, style.body_font)
        tail_width = style.typesetter.width(tail + "…", style.body_font, SMALL)
        kept = style.typesetter.lines(room, max(width - tail_width, 1.0))[0].end
        shortened = track.name[:kept].rstrip()
        text = (shortened if kept >= len(track.name) else shortened + "…") + tail
        para = replace(para, text=RichText.plain_text(text))
    canvas.text(
        slide,
        Rect(x, 16.0, width, BADGE_HEIGHT),
        [TextPara(para, color=style.on_primary)],
        anchor="middle",
        name="Track",
        same_as=("track", track.name + tail, x, width),
    )


def _speakers(canvas: Canvas, session: Session, width: float) -> TextPara | None:
    """'Speakers: A, B' on at most two lines, shortened to 'and N more' if need be."""
    if not session.speakers:
        return None
    style = canvas.style
    names = [s for s in session.speakers]
    words = style.words
    label = words.lead(words.count("speakers_label", len(names)))

    def para(shown: int, size: float) -> TextPara:
        spans: list[Span] = [Span(label, bold=True)]
        for index, name in enumerate(names[:shown]):
            if index:
                spans.append(Span(", "))
            spans.extend(name.spans)
        if shown < len(names):
            spans.append(Span(" " + words.count("and_more", len(names) - shown)))
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
                RichText.plain_text(group.heading_text(style.words)),
                heading_size(page.size),
                style.body_font,
                bold=True,
            ),
            color=style.primary,
        )
        paras = (
            [heading, *(item.para for item in run)]
            if group.heading
            else [item.para for item in run]
        )
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


def _right_column(
    canvas: Canvas, slide: Slide, page: Page, rect: Rect, chart_title: str = ""
) -> None:
    style = canvas.style
    y = rect.y
    for index, block in enumerate(page.blocks):
        if block.kind == "chart":
            # The chart grows into room the other figures leave free, to stay legible.
            rest = sum(b.height + GAP for b in page.blocks[index + 1 :])
            height = max(block.height, min(rect.bottom - y - rest, 2.2 * block.height))
            canvas.chart(slide, Rect(rect.x, y, rect.w, height), block.stats, chart_title)
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
        elif block.kind == "quote":
            assert block.box is not None
            canvas.rect(
                slide, Rect(rect.x, y + 2, 4.0, block.height - 4), style.primary, name="Quote bar"
            )
            canvas.text(
                slide,
                Rect(rect.x, y, rect.w, block.height + 2),
                block.paras,
                block.box,
                name="Why it matters",
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
    if not session.video:  # nothing to say: the notes carry the links there are
        return
    top = column.bottom - QR_SIZE
    words = style.words
    canvas.picture(
        slide,
        qr_png(session.video),
        "png",
        Rect(column.x, top, QR_SIZE, QR_SIZE),
        alt_text(session.code, session.title.plain, words),
        name="Video QR code",
        url=session.video,
        key=("qr", session.video),  # one image per link (a link's code is always the same)
    )
    x = column.x + QR_SIZE + 12
    width = column.right - x
    hint = RichText.plain_text(words("scan_or_click"))
    found = _video_link(session.video, hint, width, style)
    if found is None:  # no room beside the code: it links to the video itself
        return
    link, size, with_hint = found
    paras = [TextPara(Para(link, size, style.body_font), color=style.link, link_color=style.link)]
    if with_hint:
        paras.append(
            TextPara(Para(hint, SMALL, style.body_font, space_before=4.0), color=style.muted)
        )
    canvas.text(slide, Rect(x, top, width, QR_SIZE), paras, anchor="middle", name="Video link")


def _video_link(
    url: str, hint: RichText, width: float, style: Style
) -> tuple[RichText, float, bool] | None:
    """The link text and size beside the QR code, and whether the hint fits under it: the
    longest wording that fits without breaking the link inside (LibreOffice breaks a link
    between characters, not at spaces); None when not even "Video" fits."""
    typesetter, words = style.typesetter, style.words
    wordings = [words("watch_session_video"), words("watch_the_video"), words("video")]
    for with_hint in (True, False):
        for wording in wordings:
            link = RichText((Span(wording, bold=True, href=url),), "")
            for size in range(int(VIDEO_TEXT), int(BODY_FLOOR) - 1, -1):
                para = Para(link, size, style.body_font)
                paras = [para, Para(hint, SMALL, style.body_font, space_before=4.0)]
                if (
                    width > 0
                    and not typesetter.breaks_words(para, width)
                    and not (with_hint and typesetter.breaks_words(paras[1], width))
                    and typesetter.height(paras if with_hint else paras[:1], width) <= QR_SIZE
                ):
                    return link, float(size), with_hint
    return None


def _notes(
    session: Session,
    track: Track,
    index: int,
    words: Messages,
    shown: Shown | None = None,
    minutes: int | None = None,
) -> str:
    """Speaker notes: the summary and notes, what the slide has no room for, and the figures
    and links as text."""
    heading = words("session_heading", code=session.code, title=session.title.plain)
    head = f"{heading} ({track.name})"
    if index:
        return words("continued_notes", session=head)
    parts = [head] if minutes is None else [words("notes_minutes", minutes=minutes), head]
    if session.summary:
        parts.append(session.summary.plain)

    def listed(key: Key, items: Sequence[RichText]) -> str:
        intro = words("list_intro", label=words(key))
        return intro + "\n" + "\n".join(f"- {item.plain}" for item in items)

    if shown is not None:
        more = session.key_points[shown.key_points :]
        if more:
            parts.append(listed("more_key_points", more))
        more = session.takeaways[shown.takeaways :]
        if more:
            parts.append(listed("more_takeaways", more))
        if session.relevance and not shown.why:
            parts.append(words.labelled(words("why_it_matters"), session.relevance.plain))
    if session.notes:
        parts.append(words.labelled(words("notes"), session.notes.plain))
    if session.notes_by:
        parts.append(words.labelled(words("notes_by"), ", ".join(session.notes_by)))
    if session.stats:
        figures = "; ".join(
            f"{words.figure(s.value, s.unit)} {s.label.plain}" for s in session.stats
        )
        label = words.count("key_figures", len(session.stats))
        parts.append(words.labelled(label, figures) + ".")
    if session.links:
        links = "; ".join(words.labelled(k.label.plain, k.url) for k in session.links)
        parts.append(words.labelled(words("links"), links))
    if session.video:
        parts.append(words.labelled(words("video"), session.video))
    return "\n\n".join(parts)
