"""The report's structure: cover, contents, executive summary, tracks and sessions, appendix."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx.shared import Cm, Emu

from briefing import progress
from briefing.exporters import words
from briefing.exporters.docx import internals, lists
from briefing.exporters.docx.body import Body
from briefing.exporters.docx.fields import Heading, add_contents, bookmark_end, bookmark_start
from briefing.exporters.docx.flow import keep_with_next, set_in_rows
from briefing.exporters.docx.ooxml import ppr_of, sub, twips
from briefing.exporters.docx.page import (
    COVER_LOGO_ID,
    RunningHeads,
    accent_bar,
    add_picture,
    cover_detail,
    logo_text,
    set_up_page,
    text_width,
)
from briefing.exporters.docx.richtext import add_link, add_rich, add_text, unbroken
from briefing.exporters.docx.styles import StyleBook, set_language
from briefing.exporters.docx.tables import Cell, add_table
from briefing.exporters.docx.theming import GREY
from briefing.i18n import Key, Messages
from briefing.model import Briefing, Session
from briefing.output import build_time, reproducible_zip
from briefing.richtext import RichText
from briefing.themes import Theme

# A table of at most this many rows moves to the next page whole rather than splitting.
_SHORT_TABLE = 12


def render(briefing: Briefing, theme: Theme, pages: Mapping[str, str] | None = None) -> bytes:
    """The report as .docx bytes, the same bytes for the same input and SOURCE_DATE_EPOCH.

    ``pages`` gives the contents' page number of each heading by its bookmark; without it
    the contents list the headings as links only.
    """
    said = words(briefing, theme)
    document = internals.open_document(theme.docx_template)
    section = document.sections[-1]
    if theme.docx_template is None or section.page_width is None:
        set_up_page(section)
    width = text_width(section)
    book = StyleBook(document, theme, twips(width))
    set_language(document, said.lang, said.rtl)
    lists.bind_bullets(document, book)
    body = Body(document, book)
    running = RunningHeads(document, book, briefing, theme, said)
    Report(body, briefing, theme, Emu(width), running, said, pages).write()
    running.last(section, said("appendix"))
    _properties(document, briefing, said)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(body.parts.splice(buffer.getvalue()))


@dataclass
class Report:
    body: Body
    briefing: Briefing
    theme: Theme
    width: Emu
    running: RunningHeads
    words: Messages
    pages: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        self.book: StyleBook = self.body.book
        # Each track's sessions, looked up once (Briefing.sessions_in scans them all).
        self.sessions_in = _sessions_by_track(self.briefing)
        self.outline = _outline(self.briefing, self.sessions_in, self.words)
        self._next = enumerate(self.outline, start=1)
        self._bookmark_of = {(h.level, h.text): h.bookmark for h in self.outline}

    def write(self) -> None:
        """Cover, executive summary (page 2), contents, then a section per track, whose
        running header names it, and the session index."""
        tracker = progress.current()
        self.cover()
        self.summary()
        self.contents()
        self.end_section(None)
        for track in self.briefing.tracks:
            # The section break starts the page (a page break too would leave one empty).
            self.heading(1, track.name, page_break=False)
            if track.summary:
                summary = self.paragraph()
                add_rich(summary, track.summary, self.body)
                keep_with_next(summary)
            for session in self.sessions_in[track.id]:
                self.session(session)
                tracker.advance()
            self.end_section(track.name)
            self.body.flush()
        self.appendix(page_break=False)

    def end_section(self, label: str | None) -> None:
        """End the section written so far; its running header shows ``label`` (a track's
        name), or the title alone when None."""
        self.running.section(self.body, label)

    # Building blocks

    def paragraph(self, role: str = "normal") -> Any:
        return self.body.paragraph(role)

    def heading(self, level: int, text: str, *, page_break: bool = True) -> Any:
        """A heading; levels 1 and 2 carry their contents bookmark, and level 1 starts a
        page unless ``page_break`` is False."""
        p = self.body.paragraph(f"heading {level}", page_break=level == 1 and page_break)
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
                logo_text(self.briefing, self.words),
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
        said = self.words
        lines: list[tuple[str, list[RichText | str]]] = [
            (said("event"), where),
            (said("date"), [said.date(meta.date)] if meta.date else []),
            (said("prepared_by"), by),
            (said("organisation"), [meta.organisation] if meta.organisation else []),
            (said("audience"), [meta.audience] if meta.audience else []),
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
        add_text(self.body.paragraph("toc heading", page_break=True), self.words("contents"))
        add_contents(self.body, self.outline, self.pages)

    def summary(self) -> None:
        """Page 2: what the briefing recommends, the summary, and the sessions per track."""
        briefing, said = self.briefing, self.words
        self.heading(1, said("executive_summary"))
        lines = briefing.recommendations()
        if lines:
            given = bool(briefing.meta.recommendations)
            add_text(self.paragraph("label"), said("what_we_recommend" if given else "in_brief"))
            for line in lines:
                add_rich(self.paragraph("recommendation"), line, self.body)
        if briefing.meta.summary:
            add_rich(self.paragraph(), briefing.meta.summary, self.body)
        add_text(self.paragraph("label"), sessions_in_tracks(briefing, said))
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
            [said("track"), said("sessions"), said("codes")],
            rows,
            self._widths(0.34, 0.14, 0.52),
            said("sessions_per_track"),
            keep_together=len(rows) <= _SHORT_TABLE,
        )
        top = briefing.top_takeaways(limit=5)
        if top:
            add_text(self.paragraph("label"), said("top_takeaways"))
            self.bullets([text for _, text in top], [unbroken(session.code) for session, _ in top])

    def session(self, session: Session) -> None:
        """A session as a table of parts that never split (see flow.py): the heading and
        meta line, then the summary, the key points, the figures, the takeaways, why it
        matters and further reading."""
        container = self.body.parts.container
        starts: list[int] = []
        said = self.words

        def part() -> None:
            starts.append(len(container))

        part()
        self.heading(2, _heading_of(session, said))
        details = self.paragraph("details")
        facts = [said("level", level=session.level)] if session.level else []
        if session.speakers:
            label = said.count("speakers_label", len(session.speakers))
            facts.append(said.labelled(label, ", ".join(s.plain for s in session.speakers)))
        if session.notes_by:
            facts.append(said.labelled(said("notes_by"), ", ".join(session.notes_by)))
        for fact in facts:
            add_text(details, f"{fact} · ")
        if session.video:
            add_link(details, self.body, said("watch_the_video"), url=session.video)
        else:
            add_text(details, said("video_not_available"))
        if session.summary:
            part()
            add_rich(self.paragraph(), session.summary, self.body)
        if session.key_points:
            part()
            self.heading(3, said("key_points"))
            self.bullets(list(session.key_points))
        if session.stats:
            part()
            # Figures read as lines, the figure bold in the brand colour and what it
            # measures beside it: a table of one or two rows would be mostly header.
            if len(session.stats) > 1:
                self.heading(3, said("in_numbers"))
            # Several labels align at a tab; a lone one follows its figure.
            gap = "\t" if len(session.stats) > 1 else "\u2002"
            for stat in session.stats:
                figure = self.paragraph("figure")
                shown = said.figure(stat.value, stat.unit)
                add_text(figure, shown, bold=True, color=self.book.look.primary)
                add_text(figure, gap)
                add_rich(figure, stat.label, self.body)
        if session.takeaways:
            part()
            self.heading(3, said("takeaways"))
            self.bullets(list(session.takeaways))
        if session.relevance:
            part()
            callout = self.paragraph("callout")
            lead = f"{said('why_it_matters')}  "
            add_text(callout, lead, bold=True, color=self.book.look.primary)
            add_rich(callout, session.relevance, self.body)
        if session.links:
            part()
            self.heading(3, said("further_reading"))
            for link in session.links:
                add_link(self.paragraph("list bullet"), self.body, link.label, url=link.url)
        set_in_rows(container, starts, self.width, said("session_caption", code=session.code))

    def appendix(self, *, page_break: bool = True) -> None:
        said = self.words
        self.heading(1, said("appendix"), page_break=page_break)
        add_text(self.paragraph(), said("appendix_intro"))
        rows = []
        track_names = {track.id: track.name for track in self.briefing.tracks}
        for session in self.briefing.sessions:
            anchor = self._bookmark_of[(2, _heading_of(session, said))]
            video = (
                Cell(said("watch"), url=session.video)
                if session.video
                else Cell(said("not_yet_available"), color=GREY)
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
        headers: list[Key] = ["code", "title", "track", "level_column", "video"]
        add_table(
            self.body,
            [said(key) for key in headers],
            rows,
            self._widths(0.15, 0.4, 0.23, 0.09, 0.13),
            said("session_index"),
        )

    def _widths(self, *shares: float) -> list[int]:
        return [int(self.width * share) for share in shares]


def sessions_in_tracks(briefing: Briefing, said: Messages) -> str:
    """'12 sessions in 3 tracks'."""
    sessions = said.count("sessions_count", len(briefing.sessions))
    return f"{sessions} {said.count('in_tracks', len(briefing.tracks))}"


def _heading_of(session: Session, said: Messages) -> str:
    return said("session_heading", code=session.code, title=session.title.plain)


def _sessions_by_track(briefing: Briefing) -> dict[str, list[Session]]:
    found: dict[str, list[Session]] = {track.id: [] for track in briefing.tracks}
    for session in briefing.sessions:
        found[session.track].append(session)
    return found


def _outline(
    briefing: Briefing, sessions_in: dict[str, list[Session]], said: Messages
) -> list[Heading]:
    """Every level-1 and level-2 heading, in document order, with its bookmark."""
    entries: list[tuple[int, str]] = [(1, said("executive_summary"))]
    for track in briefing.tracks:
        entries.append((1, track.name))
        entries += [(2, _heading_of(s, said)) for s in sessions_in[track.id]]
    entries.append((1, said("appendix")))
    return [
        Heading(level, text, f"_Toc{index:08d}")
        for index, (level, text) in enumerate(entries, start=1)
    ]


def _properties(document: Any, briefing: Briefing, said: Messages) -> None:
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
        "category": said("document_category"),
        "content_status": "",
        "identifier": "",
        "language": said.lang,
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
