"""Merging a catalog into a source: new sessions are added with stubs for the attendee, catalog
values nobody edited are refreshed, everything else is left as it is, comments included."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from briefing.importers import roundtrip
from briefing.importers.catalog import CatalogSession, slug
from briefing.importers.fields import REFRESHED, Fields, fields_of, fingerprint, unique_code
from briefing.model import level_from_code

# A session's keys in the order the source format documents them.
ORDER = (
    "code", "title", "track", "level", "speakers", "summary", "video", "links",
    "key_points", "stats", "chart", "takeaways", "relevance", "tags", "notes", "catalog",
)  # fmt: skip
# What the attendee fills in, left as comments so that the file validates as imported.
STUBS = {
    "key_points": ("key_points:", "  - ..."),
    "takeaways": ("takeaways:", "  - ..."),
    "relevance": ("relevance: ...   # why it matters to us",),
}
# A null level stops the source deriving one from the digits of a code made from an id.
NO_LEVEL = "none given: the code's digits are no level"
HEADER = (
    "Imported with `briefing import`. Fill in each session's key points, takeaways and why it\n"
    "matters. Importing again adds new sessions and refreshes the catalog's values you have not\n"
    "edited; each session's catalog: line is how it tells them apart. Nothing else is changed."
)


@dataclass(frozen=True)
class Settings:
    """How catalog sessions become source sessions."""

    pattern: re.Pattern[str]
    markdown: bool
    fallback_track: str  # the track of sessions the catalog gives none
    track_order: tuple[str, ...] = ()  # the catalog's track names, in its order


@dataclass
class Outcome:
    """What a merge did, for the import's report."""

    added: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    hand_written: list[str] = field(default_factory=list)
    tracks_added: list[str] = field(default_factory=list)
    agreed: int = 0  # fingerprints updated where an edit and the catalog now agree

    @property
    def changed(self) -> bool:
        return bool(self.added or self.refreshed or self.tracks_added or self.agreed)


def new_document(title: str, date: dt.date | None) -> CommentedMap:
    """An empty source: the briefing's title and date, no tracks or sessions yet."""
    meta = CommentedMap(title=title)
    if title:
        meta["event"] = title
    if date is not None:
        meta["date"] = date
    document = CommentedMap(briefing=meta, tracks=CommentedSeq(), sessions=CommentedSeq())
    document.yaml_set_start_comment(HEADER)
    return document


def merge(
    document: CommentedMap,
    style: roundtrip.Style,
    catalog: Sequence[CatalogSession],
    catalog_ids: set[str],
    settings: Settings,
) -> Outcome:
    """Bring ``catalog`` (the sessions to import, in order) into ``document``; ``catalog_ids``
    are all the catalog's ids, to tell which sessions of the file it no longer has."""
    outcome = Outcome()
    tracks = _list(document, "tracks")
    sessions = _list(document, "sessions")
    names = {_text(t.get("name")).casefold(): _text(t.get("id")) for t in _maps(tracks)}
    known = {_text(t.get("id")) for t in _maps(tracks)}
    wanted: dict[str, str] = {}
    by_id = {_text(s["catalog"].get("id")): s for s in _maps(sessions) if _record(s) is not None}
    by_hand = {_text(s.get("code")).casefold() for s in _maps(sessions) if _record(s) is None}
    taken = {_text(s.get("code")).casefold() for s in _maps(sessions)}
    for session in catalog:
        name = session.track or settings.fallback_track
        track = names.get(name.casefold()) or slug(name)
        fields = fields_of(session, track, settings.pattern, settings.markdown)
        if track not in known:
            wanted.setdefault(track, name)
        existing = by_id.get(session.id)
        if existing is not None:
            _refresh(existing, fields, style, outcome)
        elif fields.code.casefold() in by_hand:
            outcome.hand_written.append(fields.code)
        else:
            code = unique_code(fields.code, taken)
            roundtrip.append(sessions, _new_session(code, session.id, fields, style))
            outcome.added.append(code)
    used = {_text(s.get("track")) for s in _maps(sessions)}
    order = [name.casefold() for name in settings.track_order]

    def rank(item: tuple[str, str]) -> int:
        name = item[1].casefold()
        return order.index(name) if name in order else len(order)

    for track, name in sorted(wanted.items(), key=rank):
        if track in used:
            roundtrip.append(tracks, CommentedMap(id=track, name=name))
            outcome.tracks_added.append(track)
    for entry in _maps(sessions):
        record = _record(entry)
        if record is not None and _text(record.get("id")) not in catalog_ids:
            outcome.gone.append(f"{_text(entry.get('code'))} {_text(entry.get('title'))!r}")
    return outcome


def _refresh(
    session: CommentedMap, fields: Fields, style: roundtrip.Style, outcome: Outcome
) -> None:
    """Refresh each catalog value whose fingerprint says nobody edited it."""
    record = session["catalog"]
    code = _text(session.get("code"))
    changed = []
    for key in REFRESHED:
        stored = record.get(key)
        if stored is None:
            continue  # no fingerprint: the value is the attendee's
        new = fields.values[key]
        new_print = fingerprint(new)
        current = fingerprint(_plain(session.get(key)))
        if current == str(stored):
            if new_print != str(stored):
                _write(session, key, new, code, style)
                record[key] = new_print
                changed.append(key)
        elif current == new_print:
            record[key] = new_print  # the attendee's edit and the catalog now agree
            outcome.agreed += 1
        elif new_print != str(stored):
            outcome.kept.append(f"{code}: kept your {key}; the catalog now has {_shown(new)}")
    if changed:
        outcome.refreshed.append(f"{code} ({', '.join(changed)})")


def _write(session: CommentedMap, key: str, value: Any, code: str, style: roundtrip.Style) -> None:
    if value is None:
        if key == "level" and level_from_code(code) is not None:
            roundtrip.put(session, key, None, ORDER)
            session.yaml_add_eol_comment(NO_LEVEL, key)
        elif key in session:
            roundtrip.remove(session, key)
        return
    roundtrip.put(session, key, _yaml(key, value, style), ORDER)


def _new_session(
    code: str, catalog_id: str, fields: Fields, style: roundtrip.Style
) -> CommentedMap:
    session = CommentedMap(code=code)
    for key in REFRESHED:
        value = fields.values[key]
        if value is not None:
            session[key] = _yaml(key, value, style)
        elif key == "level" and level_from_code(code) is not None:
            session[key] = None
            session.yaml_add_eol_comment(NO_LEVEL, key)
    for key, value in fields.own.items():
        session[key] = _yaml(key, value, style)
    prints = {key: fingerprint(fields.values[key]) for key in REFRESHED}
    session["catalog"] = roundtrip.flow_map({"id": catalog_id, **prints})
    stubs = [line for key, stub in STUBS.items() if key not in fields.own for line in stub]
    roundtrip.comment_below(session, "catalog", stubs, style.item_column)
    return session


def _yaml(key: str, value: Any, style: roundtrip.Style) -> Any:
    """A value as it is written under a session."""
    column = style.item_column + len(key) + 2
    if key == "speakers":
        return roundtrip.flow_seq(value)
    if key == "links":
        return CommentedSeq([roundtrip.flow_map(link) for link in value])
    if isinstance(value, list):
        return CommentedSeq(
            roundtrip.text(item, style.item_column + style.offset) for item in value
        )
    if isinstance(value, str) and key != "video":
        return roundtrip.text(value, column)
    return value


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, int) or (isinstance(value, str) and len(value) <= 60):
        return repr(value)
    return "another"


def _plain(value: Any) -> Any:
    """Round-trip data as plain Python data."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _list(document: CommentedMap, key: str) -> CommentedSeq:
    value = document.get(key)
    if not isinstance(value, CommentedSeq):
        value = CommentedSeq()
        document[key] = value
    return value


def _maps(items: CommentedSeq) -> list[CommentedMap]:
    return [item for item in items if isinstance(item, CommentedMap)]


def _record(session: CommentedMap) -> CommentedMap | None:
    record = session.get("catalog")
    return record if isinstance(record, CommentedMap) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
