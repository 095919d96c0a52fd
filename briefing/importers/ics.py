"""An iCalendar file (.ics) as a catalog: a personal agenda exported from the conference's
site, or a whole schedule. Read with the icalendar library."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from icalendar import Calendar, Component
from icalendar.error import BrokenCalendarProperty

from briefing.errors import Location
from briefing.importers.catalog import (
    Catalog,
    CatalogSession,
    Link,
    ReadOptions,
    clean_line,
    clean_text,
    web_address,
)
from briefing.importers.events import PAGE_LABEL
from briefing.importers.reading import Problems, decode, fail

# pretalx's UIDs end in the talk's code: pretalx-democon-ABCDEF@pretalx.example
_PRETALX_UID = re.compile(r"^pretalx-.+-([A-Za-z0-9]+)@")
_BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT\s*$", re.MULTILINE | re.IGNORECASE)


def read(raw: bytes, name: str, options: ReadOptions) -> Catalog:
    """Every VEVENT: SUMMARY the title, DESCRIPTION the abstract, CATEGORIES the track."""
    text = decode(raw, name)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise fail(name, "not an iCalendar file: it does not start with BEGIN:VCALENDAR")
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        reason = str(exc) if len(str(exc)) <= 120 else str(exc)[:117] + "..."
        raise fail(name, f"not an iCalendar file: {reason}") from None
    if not isinstance(calendar, Calendar):
        raise fail(name, "not an iCalendar file: it holds no VCALENDAR")
    starts = [text.count("\n", 0, match.start()) + 1 for match in _BEGIN_EVENT.finditer(text)]
    pretalx = "pretalx" in str(calendar.get("PRODID", "")).casefold()
    problems = Problems()
    sessions = []
    for index, event in enumerate(calendar.walk("VEVENT")):
        line = starts[index] if index < len(starts) else 1
        session = _session(event, Location(name, line, 1), pretalx, problems)
        if session is not None:
            sessions.append(session)
    problems.raise_any()
    tracks = list(dict.fromkeys(s.track for s in sessions if s.track))
    return Catalog(
        tuple(sessions),
        title=clean_line(str(calendar.get("X-WR-CALNAME", ""))) or None,
        tracks=tuple(tracks),
        markdown=pretalx,  # pretalx exports abstracts as the Markdown they were written in
    )


def _session(
    event: Component, where: Location, pretalx: bool, problems: Problems
) -> CatalogSession | None:
    summary = clean_line(str(event.get("SUMMARY", "")))
    if not summary:
        problems.add(where, "the event has no SUMMARY (its title); every event needs one")
        return None
    title, speakers = summary, tuple[str, ...]()
    if pretalx and " - " in summary:  # pretalx writes "Title - Speaker, Speaker"
        title, names = summary.rsplit(" - ", 1)
        speakers = tuple(name.strip() for name in names.split(",") if name.strip())
    start = _start(event, where, problems)
    uid = clean_line(str(event.get("UID", "")))
    if not uid:
        # Without a UID the session is known by its title and time.
        key = f"{title}|{start.isoformat() if start else ''}"
        uid = "ics-" + _digest(key)
    code = _PRETALX_UID.match(uid)
    local = uid.split("@", 1)[0]
    short = local if len(local) <= 20 and " " not in local else _digest(uid)
    page = web_address(str(event.get("URL", "")))
    return CatalogSession(
        id=uid,
        title=title,
        where=f"{where.path}:{where.line}",
        track=_first_category(event.get("CATEGORIES")),
        speakers=speakers,
        summary=clean_text(str(event.get("DESCRIPTION", ""))),
        links=(Link(PAGE_LABEL, page),) if page else (),
        start=start,
        aliases=(code.group(1),) if code else (),
        public_id=code.group(1) if code else short,
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8].upper()


def _start(event: Component, where: Location, problems: Problems) -> dt.datetime | None:
    prop = event.get("DTSTART")
    if prop is None:
        return None
    try:
        value = prop.dt
    except BrokenCalendarProperty:
        problems.add(where, f"DTSTART {str(prop)!r} is not a date and time; write 20241231T100000")
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None


def _first_category(value: Any) -> str | None:
    """The first of the event's CATEGORIES (one property, or several)."""
    groups = value if isinstance(value, list) else [value] if value is not None else []
    for group in groups:
        for category in getattr(group, "cats", ()):
            name = clean_line(str(category))
            if name:
                return name
    return None


def agenda_uid(uid: str) -> tuple[str, ...]:
    """The ids a catalog may know an agenda entry by: the UID, its part before '@', and the
    code in a pretalx UID."""
    keys = [uid, uid.split("@", 1)[0]]
    code = _PRETALX_UID.match(uid)
    if code:
        keys.append(code.group(1))
    return tuple(dict.fromkeys(key for key in keys if key))
