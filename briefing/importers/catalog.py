"""What an importer reads from a conference catalog: its sessions as plain typed records, and the
small text, time and level conversions every catalog format shares."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from briefing.model import LEVELS
from briefing.richtext import check_url

# Characters XML 1.0 cannot hold: a source keeping them would make documents Office refuses.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n\s*\n")
_LEVEL_NUMBER = re.compile(r"(?<!\d)([1-5]00)(?!\d)")
# Level names as catalogs spell them, on AWS's scale (100 introductory ... 500 distinguished).
_LEVEL_WORDS = (
    (("intro", "beginner", "foundation", "basic", "overview"), 100),
    (("intermediate",), 200),
    (("advanced",), 300),
    (("expert",), 400),
    (("distinguished",), 500),
)


@dataclass(frozen=True)
class Link:
    """A labelled link a catalog gives for a session."""

    label: str
    url: str


@dataclass(frozen=True)
class CatalogSession:
    """One session as a catalog describes it, independent of the YAML it becomes."""

    id: str  # the catalog's own id: what a re-import recognises the session by
    title: str  # as the catalog gives it (agenda entries are matched against it)
    where: str  # where it stands in the input, for messages (FILE:LINE or a JSON path)
    track: str | None = None  # the track's name
    level: int | None = None
    speakers: tuple[str, ...] = ()
    summary: str | None = None
    video: str | None = None
    links: tuple[Link, ...] = ()
    start: dt.datetime | None = None
    aliases: tuple[str, ...] = ()  # other ids an agenda may use for it (guid, pretalx code)
    code: str | None = None  # a code the catalog states outright (a CSV's code column)
    public_id: str | None = None  # the short id the catalog shows people (pretalx's code)
    own: tuple[tuple[str, object], ...] = ()  # the attendee's fields a CSV may carry


@dataclass(frozen=True)
class Catalog:
    """Every session a catalog offers, in its order, with what was left out and why."""

    sessions: tuple[CatalogSession, ...]
    title: str | None = None  # the event's name, when the catalog has one
    tracks: tuple[str, ...] = ()  # track names in the catalog's order
    skipped: tuple[str, ...] = ()  # one line per session or value left out
    markdown: bool = False  # texts are Markdown (pretalx) rather than plain text


def clean_line(value: str | None) -> str:
    """Text on one line: control characters removed, runs of white space made one space."""
    if not value:
        return ""
    return " ".join(_XML_FORBIDDEN.sub("", value).split())


def clean_text(value: str | None) -> str | None:
    """Paragraphs of text: lines tidied, at most one blank line between paragraphs; None when
    nothing is left."""
    if not value:
        return None
    text = _XML_FORBIDDEN.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for paragraph in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in paragraph.split("\n")]
        kept = "\n".join(line for line in lines if line)
        if kept:
            paragraphs.append(kept)
    return "\n\n".join(paragraphs) or None


def level_of(name: str | None) -> int | None:
    """The level a catalog's level name means: '300 - Advanced', 'L300', 'Intermediate'."""
    if not name:
        return None
    number = _LEVEL_NUMBER.search(name)
    if number:
        level = int(number.group(1))
        return level if level in LEVELS else None
    lowered = name.casefold()
    for words, level in _LEVEL_WORDS:
        if any(word in lowered for word in words):
            return level
    return None


def parse_time(value: str | None) -> dt.datetime | None:
    """An ISO 8601 date and time ('2019-12-02T10:00:00', with or without an offset)."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def same_time(a: dt.datetime, b: dt.datetime) -> bool:
    """The same instant when both carry a zone; else the same time on the wall clock."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def sort_key(start: dt.datetime | None) -> dt.datetime:
    """Sessions in time order, those without a time last (zones compared as instants)."""
    if start is None:
        return dt.datetime.max
    if start.tzinfo is not None:
        return start.astimezone(dt.UTC).replace(tzinfo=None)
    return start


def slug(name: str) -> str:
    """A track id for a name: 'Künstliche Intelligenz' -> 'kunstliche-intelligenz'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "track"


@dataclass(frozen=True)
class ReadOptions:
    """How a catalog is read: which of its category groups hold the track and the level."""

    track_field: str = "Track"
    level_field: str = "Level"


def field_named(wanted: str, titles: list[str]) -> str | None:
    """The category title meant by ``wanted``: the same in any case, else one containing it."""
    lowered = wanted.casefold()
    exact = [title for title in titles if title.casefold() == lowered]
    if exact:
        return exact[0]
    return next((title for title in titles if lowered in title.casefold()), None)


def web_address(value: str | None) -> str | None:
    """An http or https URL the source format accepts, or None."""
    url = (value or "").strip()
    if not url.lower().startswith(("http://", "https://")) or check_url(url):
        return None
    return url
