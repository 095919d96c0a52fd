"""--agenda: keep the catalog's sessions that are on the attendee's own calendar, matched by UID,
else by title and start time; say which agenda entries matched nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.importers.catalog import CatalogSession, clean_line, same_time
from briefing.importers.ics import agenda_uid


@dataclass(frozen=True)
class Matched:
    """The catalog sessions on the agenda, in catalog order, and the entries left over."""

    kept: tuple[CatalogSession, ...]
    unmatched: tuple[CatalogSession, ...]


def match(catalog: Sequence[CatalogSession], agenda: Sequence[CatalogSession]) -> Matched:
    by_id: dict[str, CatalogSession] = {}
    for session in catalog:
        for key in (session.id, *session.aliases):
            by_id.setdefault(key, session)
    chosen: set[str] = set()
    unmatched = []
    for entry in agenda:
        found = next((by_id[key] for key in agenda_uid(entry.id) if key in by_id), None)
        if found is None:
            found = next((s for s in catalog if _same_slot(s, entry)), None)
        if found is None:
            unmatched.append(entry)
        else:
            chosen.add(found.id)
    return Matched(tuple(s for s in catalog if s.id in chosen), tuple(unmatched))


def _same_slot(session: CatalogSession, entry: CatalogSession) -> bool:
    """The same title (an agenda may add ' - Speakers' after it) at the same time."""
    if session.start is None or entry.start is None or not same_time(session.start, entry.start):
        return False
    title = _folded(session.title)
    shown = _folded(entry.title)
    return shown == title or shown.startswith(title + " - ")


def _folded(text: str) -> str:
    return clean_line(text).casefold()
