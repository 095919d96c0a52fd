"""The report's structure: cover, contents, executive summary, tracks and sessions, appendix."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from docx.shared import Cm, Emu

from briefing import progress
from briefing.exporters.docx import internals, lists
from briefing.exporters.docx.body import Body
from briefing.exporters.docx.fields import Heading, add_contents, bookmark_end, bookmark_start
from briefing.exporters.docx.ooxml import ppr_of, sub, twips
from briefing.exporters.docx.page import (
    COVER_LOGO_ID,
    accent_bar,
    add_header_footer,
    add_picture,
    cover_detail,
    set_up_page,
    text_width,
)
from briefing.exporters.docx.richtext import add_link, add_rich, add_text, unbroken
from briefing.exporters.docx.styles import StyleBook
from briefing.exporters.docx.tables import Cell, add_table
from briefing.exporters.docx.theming import GREY
from briefing.model import Briefing, Session, plural
from briefing.output import build_time, reproducible_zip
from briefing.richtext import RichText
from briefing.themes import Theme

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SUMMARY = "Executive summary"
APPENDIX = "Appendix: session index"


def render(briefing: Briefing, theme: Theme) -> bytes:
    """The report as .docx bytes, the same bytes for the same input and SOURCE_DATE_EPOCH."""
    document = internals.open_document(theme.docx_template)
    section = document.sections[-1]
    if theme.docx_template is None or section.page_width is None:
        set_up_page(section)
    width = text_width(section)
    book = StyleBook(document, theme, twips(width))
    lists.bind_bullets(document, book)
    body = Body(document, book)
    Report(body, briefing, theme, Emu(width)).write()
    add_header_footer(document, section, book, briefing, theme)
    _properties(document, briefing)
    internals.request_field_update(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(body.parts.splice(buffer.getvalue()))


@dataclass
class Report:
    body: Body
    briefing: Briefing
    theme: Theme
    width: Emu

    def __post_init__(self) -> None:
        self.book: StyleBook = self.body.book
        # Each track's sessions, looked up once (Briefing.sessions_in scans them all).
        self.sessions_in = _sessions_by_track(self.briefing)
        self.outline = _outline(self.briefing, self.sessions_in)
        self._next = enumerate(self.outline, start=1)
        self._bookmark_of = {(h.level, h.text): h.bookmark for h in self.outline}

    def write(self) -> None:
        tracker = progress.current()
        self.cover()
        self.contents()
        self.summary()
        for track in self.briefing.tracks:
            self.heading(1, track.name)
            if track.summary:
                add_rich(self.paragraph(), track.summary, self.body)
            for session in self.sessions_in[track.id]:
                self.session(session)
                self.body.flush()
                tracker.advance()
        self.appendix()

    # Building blocks

    def paragraph(self, role: str = "normal") -> Any:
        return self.body.paragraph(role)

    def heading(self, level: int, text: str) -> Any:
        """A heading; levels 1 and 2 start a page (1) and carry their contents bookmark."""
        p = self.body.paragraph(f"heading {level}", page_break=level == 1)
        if level > 2:
            add_text(p, text)
            return p
        ident, entry = next(self._next)
        assert entry.text == text, (entry.text, text)
        bookmark_start(p, entry.bookmark, ident)
        add_text(p, text)
        bookmark_end(p, ident)
        return p

    def bullets(self, items: list[RichText], note: list[str] | None = None) -> None:
        for index, item in enumerate(items):
            p = self.paragraph("list bullet")
            add_rich(p, item, self.body)
            if note:
                add_text(p, f"\u00a0\u00a0{note[index]}", color=GREY, size=9)

    # Sections

    def cover(self) -> None:
        meta = self.briefing.meta
        look = self.book.look
        top = self.paragraph()
        if self.theme.logo:
            add_picture(
                internals.paragraph_proxy(self.body.document, top),
                self.theme.logo,
                Cm(2.0),
                _logo_text(self.briefing),
                COVER_LOGO_ID,
            )
        # The space python-docx's paragraph_format.space_after writes: twips, rounded.
        sub(ppr_of(top), "w:spacing", {"w:after": str(Cm(4.0).twips)})
        accent = self.paragraph()
        # A short, thick bar in the brand colour above the title.
        accent_bar(accent, look.primary, Emu(self.width - Cm(2.5)))
        add_rich(self.paragraph("title"), meta.title, self.body)
        if meta.subtitle:
            add_rich(self.paragraph("subtitle"), meta.subtitle, self.body)
        where: list[RichText | str] = [text for text in (meta.event, meta.location) if text]
        by: list[RichText | str] = [text for text in (meta.author, meta.role) if text]
        lines: list[tuple[str, list[RichText | str]]] = [
            ("Event", where),
            ("Date", [self._date(meta.date)] if meta.date else []),
            ("Prepared by", by),
            ("Organisation", [meta.organisation] if meta.organisation else []),
            ("Audience", [meta.audience] if meta.audience else []),
        ]
        first = True
        for label, parts in lines:
            if not parts:
                continue
            paragraph = self.paragraph()
            cover_detail(paragraph, Cm(3.4), Cm(4.0) if first else None)
            first = False
            add_text(paragraph, label.upper(), bold=True, color=look.primary, size=8.5)
            add_text(paragraph, "\t")
            for index, part in enumerate(parts):
                if index:
                    add_text(paragraph, " · ", color=GREY)
                if isinstance(part, RichText):
                    add_rich(paragraph, part, self.body)
                else:
                    add_text(paragraph, part)

    def contents(self) -> None:
        add_text(self.body.paragraph("toc heading", page_break=True), "Contents")
        add_contents(self.body, self.outline)

    def summary(self) -> None:
        briefing = self.briefing
        self.heading(1, SUMMARY)
        if briefing.meta.summary:
            add_rich(self.paragraph(), briefing.meta.summary, self.body)
        count = (
            f"{plural(len(briefing.sessions), 'session')} in "
            f"{plural(len(briefing.tracks), 'track')}."
        )
        add_text(self.paragraph(), count)
        self.heading(2, "Sessions per track")
        rows = [
            [
                Cell(track.name, bold=True),
                Cell(str(len(self.sessions_in[track.id]))),
                Cell(", ".join(unbroken(s.code) for s in self.sessions_in[track.id])),
            ]
            for track in briefing.tracks
        ]
        add_table(
            self.body,
            ["Track", "Sessions", "Codes"],
            rows,
            self._widths(0.34, 0.14, 0.52),
            "Sessions per track",
            keep_together=True,
        )
        top = briefing.top_takeaways()
        if top:
            self.heading(2, "Top takeaways")
            self.bullets([text for _, text in top], [unbroken(session.code) for session, _ in top])

    def session(self, session: Session) -> None:
        self.heading(2, f"{session.code}: {session.title.plain}")
        details = self.paragraph("details")
        facts = [f"Level {session.level}"] if session.level else []
        if session.speakers:
            facts.append("Speakers: " + ", ".join(s.plain for s in session.speakers))
        for fact in facts:
            add_text(details, f"{fact} · ")
        if session.video:
            add_link(details, self.body, "Watch the video", url=session.video)
        else:
            add_text(details, "Video not yet available")
        if session.summary:
            add_rich(self.paragraph(), session.summary, self.body)
        if session.key_points:
            self.heading(3, "Key points")
            self.bullets(list(session.key_points))
        if session.stats:
            self.heading(3, "In numbers")
            rows = [[Cell(stat.display, bold=True), Cell(stat.label)] for stat in session.stats]
            add_table(
                self.body,
                ["Figure", "What it measures"],
                rows,
                self._widths(0.24, 0.76),
                f"Figures from {session.code}",
                keep_together=True,
            )
        if session.takeaways:
            self.heading(3, "Takeaways")
            self.bullets(list(session.takeaways))
        if session.relevance:
            callout = self.paragraph("callout")
            add_text(callout, "Why it matters  ", bold=True, color=self.book.look.primary)
            add_rich(callout, session.relevance, self.body)
        if session.links:
            self.heading(3, "Further reading")
            for link in session.links:
                add_link(self.paragraph("list bullet"), self.body, link.label, url=link.url)

    def appendix(self) -> None:
        self.heading(1, APPENDIX)
        add_text(
            self.paragraph(),
            "Every session in this report; select a code to jump to its section.",
        )
        rows = []
        track_names = {track.id: track.name for track in self.briefing.tracks}
        for session in self.briefing.sessions:
            anchor = self._bookmark_of[(2, f"{session.code}: {session.title.plain}")]
            video = (
                Cell("Watch", url=session.video)
                if session.video
                else Cell("Not yet available", color=GREY)
            )
            rows.append(
                [
                    Cell(unbroken(session.code), anchor=anchor, bold=True),
                    Cell(session.title),
                    Cell(track_names[session.track]),
                    Cell(str(session.level) if session.level else "–"),
                    video,
                ]
            )
        add_table(
            self.body,
            ["Code", "Title", "Track", "Level", "Video"],
            rows,
            self._widths(0.15, 0.4, 0.23, 0.09, 0.13),
            "Session index",
        )

    def _widths(self, *shares: float) -> list[int]:
        return [int(self.width * share) for share in shares]

    @staticmethod
    def _date(date: dt.date) -> str:
        return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def _sessions_by_track(briefing: Briefing) -> dict[str, list[Session]]:
    found: dict[str, list[Session]] = {track.id: [] for track in briefing.tracks}
    for session in briefing.sessions:
        found[session.track].append(session)
    return found


def _outline(briefing: Briefing, sessions_in: dict[str, list[Session]]) -> list[Heading]:
    """Every level-1 and level-2 heading, in document order, with its bookmark."""
    entries: list[tuple[int, str]] = [(1, SUMMARY), (2, "Sessions per track")]
    if briefing.top_takeaways():
        entries.append((2, "Top takeaways"))
    for track in briefing.tracks:
        entries.append((1, track.name))
        entries += [(2, f"{s.code}: {s.title.plain}") for s in sessions_in[track.id]]
    entries.append((1, APPENDIX))
    return [
        Heading(level, text, f"_Toc{index:08d}")
        for index, (level, text) in enumerate(entries, start=1)
    ]


def _logo_text(briefing: Briefing) -> str:
    owner = briefing.meta.organisation or briefing.meta.author
    return f"{owner.plain} logo" if owner else "Logo"


def _properties(document: Any, briefing: Briefing) -> None:
    """Core properties from the source, stamped with the build time."""
    meta = briefing.meta
    empty = RichText.plain_text("")
    keywords = dict.fromkeys(
        [*(t.plain for t in (meta.event,) if t), *(t.name for t in briefing.tracks)]
    )
    texts = {
        "title": meta.title.plain,
        "subject": (meta.subtitle or meta.event or empty).plain,
        "author": (meta.author or meta.organisation or empty).plain,
        "last_modified_by": (meta.author or meta.organisation or empty).plain,
        "keywords": "; ".join(keywords),
        "comments": (meta.summary or empty).plain,
        "category": "Briefing",
        "content_status": "",
        "identifier": "",
        "language": "",
        "version": "",
    }
    props = document.core_properties
    for name, value in texts.items():
        # Clear what a reference document carries, without adding empty elements.
        if value or getattr(props, name):
            setattr(props, name, _fit(value))
    props.revision = 1
    stamp = build_time().replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    internals.set_app_properties(document, _fit((meta.organisation or empty).plain))


def _fit(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters (python-docx enforces Word's limit)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
