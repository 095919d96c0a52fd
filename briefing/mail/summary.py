"""What the email says: the executive summary of a briefing, chosen once for both bodies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefing.i18n import Messages, messages
from briefing.model import Briefing, Session
from briefing.richtext import RichText, Span

# A one-line summary longer than this is cut at a word and ends with an ellipsis.
LEAD_LIMIT = 200
# Periods that end an abbreviation, not a sentence.
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "st", "no", "approx", "inc", "ltd"}
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9\"“‘(])")


@dataclass(frozen=True)
class SessionLine:
    """A session as the email lists it: code, title and a one-line summary."""

    code: str
    title: RichText
    lead: RichText | None


@dataclass(frozen=True)
class TrackDigest:
    name: str
    count: str
    sessions: tuple[SessionLine, ...]


@dataclass(frozen=True)
class Attachment:
    """A file attached to the message, named as the build wrote it."""

    filename: str
    what: str


@dataclass(frozen=True)
class Digest:
    """The executive summary: headline facts, top takeaways, then each track's sessions."""

    title: RichText
    subtitle: RichText | None
    facts: str
    byline: str
    summary: RichText | None
    takeaways: tuple[tuple[str, RichText], ...]
    tracks: tuple[TrackDigest, ...]
    attachments: tuple[Attachment, ...]
    footer: str
    takeaways_heading: str = "Top takeaways"
    attached: str = ""  # "Attached: reinvent-2019.docx (the full report)."
    lang: str = "en"
    rtl: bool = False


def digest(
    briefing: Briefing,
    attachments: Sequence[Attachment],
    footer: str = "",
    words: Messages | None = None,
) -> Digest:
    """Everything both bodies show, in the order they show it; ``words`` are the briefing's
    (by default its language's, with its source's labels)."""
    meta = briefing.meta
    if words is None:
        words = messages(meta.lang, meta.labels.overrides())
    facts = [v.plain for v in (meta.event, meta.location) if v]
    if facts and facts[0] == meta.title.plain:
        facts.pop(0)  # the event often is the title; saying it twice reads as a mistake
    if meta.date:
        facts.append(words.date(meta.date))
    people = [v.plain for v in (meta.author, meta.role, meta.organisation) if v]
    files = ", ".join(f"{a.filename} ({a.what})" for a in attachments)
    return Digest(
        title=meta.title,
        subtitle=meta.subtitle,
        facts=" · ".join(facts),
        byline=words("by", names=", ".join(people)) if people else "",
        summary=meta.summary,
        takeaways=tuple((s.code, text) for s, text in briefing.top_takeaways()),
        tracks=tuple(
            TrackDigest(
                name=track.name,
                count=words.count("sessions_count", len(briefing.sessions_in(track))),
                sessions=tuple(
                    SessionLine(s.code, s.title, lead(s)) for s in briefing.sessions_in(track)
                ),
            )
            for track in briefing.tracks
        ),
        attachments=tuple(attachments),
        footer=footer,
        takeaways_heading=words("top_takeaways"),
        attached=words("attached", files=files) if attachments else "",
        lang=words.lang,
        rtl=words.rtl,
    )


def lead(session: Session) -> RichText | None:
    """The session in one line: the first sentence of its summary (or of its first takeaway)."""
    for text in (session.summary, *session.takeaways[:1], session.relevance):
        if text:
            return first_sentence(text)
    return None


def first_sentence(text: RichText, limit: int = LEAD_LIMIT) -> RichText:
    """The first sentence of ``text``, formatting kept, cut at a word past ``limit`` chars."""
    plain = text.plain.strip()
    offset = len(text.plain) - len(text.plain.lstrip())
    end = len(plain)
    for match in _SENTENCE_END.finditer(plain):
        words = plain[: match.start()].split()
        before = words[-1].lower() if words else ""
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        end = match.end()
        break
    ellipsis = False
    if end > limit:
        cut = plain.rfind(" ", 0, limit)
        end = cut if cut > limit // 2 else limit
        ellipsis = True
    spans = _slice(text.spans, offset, offset + end)
    if ellipsis:
        spans = (*_trim_end(spans, ",;:–— "), Span("…"))
    result = tuple(s for s in spans if s.text)
    return RichText(result, "".join(s.text for s in result))


def _slice(spans: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    out: list[Span] = []
    position = 0
    for span in spans:
        lo, hi = max(start - position, 0), min(end - position, len(span.text))
        if lo < hi:
            out.append(replace(span, text=span.text[lo:hi]))
        position += len(span.text)
    return tuple(out)


def _trim_end(spans: tuple[Span, ...], chars: str) -> tuple[Span, ...]:
    out = list(spans)
    while out and not out[-1].text.rstrip(chars):
        out.pop()
    if out:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(chars))
    return tuple(out)
