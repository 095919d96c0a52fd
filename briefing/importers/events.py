"""The schedule format pretalx and frab share (schedule.json and schedule.xml): one event of it,
as both readers find it, and what it becomes in the catalog."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing.importers.catalog import (
    Catalog,
    CatalogSession,
    Link,
    clean_line,
    clean_text,
    parse_time,
    web_address,
)

# Links that hold the session's recording, by what they are called or where they point.
_VIDEO_WORDS = ("video", "recording")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "media.ccc.de")
PAGE_LABEL = "Session page"
# pretalx's page of a talk ends in its code: https://pretalx.example/democon/talk/ABCDEF/
_TALK_CODE = re.compile(r"/talk/([A-Za-z0-9]+)/?$")


@dataclass(frozen=True)
class Event:
    """One event of the schedule, its values as text the way both formats give them."""

    where: str  # FILE:LINE (and the JSON path) of the event
    id: str
    guid: str = ""
    code: str = ""
    title: str = ""
    subtitle: str = ""
    track: str = ""
    date: str = ""  # the start, ISO 8601 with the conference's offset
    abstract: str = ""
    description: str = ""
    url: str = ""
    persons: tuple[str, ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()  # (title, url, type)


def schedule_catalog(title: str, tracks: Iterable[str], events: Iterable[Event]) -> Catalog:
    """The catalog of a frab-style schedule (pretalx's JSON, frab's XML): its events as
    sessions, its named tracks, the events left out and why."""
    skipped: list[str] = []
    sessions = tuple(to_session(event, skipped) for event in events)
    return Catalog(
        sessions,
        title=title or None,
        tracks=tuple(track for track in tracks if track),
        skipped=tuple(skipped),
        markdown=True,
    )


def to_session(event: Event, skipped: list[str]) -> CatalogSession:
    """The catalog session an event describes; unusable links are noted in ``skipped``."""
    video = None
    links: list[Link] = []
    for title, url, type_ in event.links:
        address = web_address(url)
        if address is None:
            skipped.append(f"{event.where}: the link {url!r} is not a web address; left out")
            continue
        label = clean_line(title) or address
        if video is None and _is_recording(label, address, type_):
            video = address
        else:
            links.append(Link(label, address))
    page = web_address(event.url)
    if page is not None:
        links.append(Link(PAGE_LABEL, page))
    abstract = clean_text(event.abstract) or clean_text(event.description)
    subtitle = clean_line(event.subtitle)
    summary = "\n\n".join(part for part in (subtitle, abstract) if part) or None
    return CatalogSession(
        id=event.id,
        title=clean_line(event.title),
        where=event.where,
        track=clean_line(event.track) or None,
        speakers=tuple(name for name in map(clean_line, event.persons) if name),
        summary=summary,
        video=video,
        links=tuple(links),
        start=parse_time(event.date),
        aliases=tuple(alias for alias in (event.guid, event.code or _code_in(page)) if alias),
        public_id=event.code or _code_in(page) or None,
    )


def _is_recording(label: str, url: str, type_: str) -> bool:
    words = f"{label} {type_}".casefold()
    host = (urlsplit(url).hostname or "").casefold()
    return any(word in words for word in _VIDEO_WORDS) or any(
        host == known or host.endswith("." + known) for known in _VIDEO_HOSTS
    )


def _code_in(url: str | None) -> str:
    match = _TALK_CODE.search(url or "")
    return match.group(1) if match else ""
