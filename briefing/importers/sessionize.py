"""Sessionize's API as a catalog: the "All Data" JSON (view/All), or the "Sessions" view
(view/Sessions), a list of groups whose sessions carry their speakers and categories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.importers.catalog import (
    Catalog,
    CatalogSession,
    ReadOptions,
    clean_line,
    clean_text,
    field_named,
    level_of,
    parse_time,
    web_address,
)
from briefing.importers.reading import JsonInput, JsonPath, kind, load_json

# Statuses of sessions that take place; Sessionize's public API lists accepted sessions only.
_HELD = {"", "accepted", "confirmed"}


@dataclass(frozen=True)
class _Raw:
    """A session in either shape, its speakers and categories already resolved to names."""

    path: JsonPath
    id: str
    title: str
    description: str
    starts_at: str
    recording_url: str
    speakers: tuple[str, ...]
    categories: tuple[tuple[str, str], ...]  # (category title, item name)


def read(raw: bytes, name: str, options: ReadOptions) -> Catalog:
    """Read either Sessionize shape; every problem is located by its line and JSON path."""
    document = load_json(raw, name)
    data = document.data
    skipped: list[str] = []
    if isinstance(data, list):
        sessions, items = _sessions_view(document, skipped)
    elif isinstance(data, dict) and "sessions" in data:
        sessions, items = _all_data(document, skipped)
    else:
        document.problem(
            (),
            f"expected Sessionize's All Data (a mapping with 'sessions', 'speakers', "
            f"'categories') or its Sessions view (a list of groups), got {kind(data)}",
        )
        sessions, items = [], []
    document.problems.raise_any()
    titles = list(dict.fromkeys(title for title, _ in items))
    track_field = field_named(options.track_field, titles)
    level_field = field_named(options.level_field, titles)
    tracks = [item for title, item in dict.fromkeys(items) if title == track_field and item]
    result: list[CatalogSession] = []
    for session in sessions:
        track = _first(session.categories, track_field)
        video = web_address(session.recording_url)
        if session.recording_url and video is None:
            skipped.append(
                f"{document.shown((*session.path, 'recordingUrl'))}: "
                f"{session.recording_url!r} is not a web address; left out"
            )
        result.append(
            CatalogSession(
                id=session.id,
                title=session.title,
                where=document.shown(session.path),
                track=track,
                level=level_of(_first(session.categories, level_field)),
                speakers=session.speakers,
                summary=clean_text(session.description),
                video=video,
                start=parse_time(session.starts_at),
            )
        )
    return Catalog(tuple(result), tracks=tuple(tracks), skipped=tuple(skipped))


def _first(categories: tuple[tuple[str, str], ...], title: str | None) -> str | None:
    return next((item for group, item in categories if group == title), None)


_Categories = list[tuple[str, str]]  # (category title, item name), in the catalog's order


def _all_data(document: JsonInput, skipped: list[str]) -> tuple[list[_Raw], _Categories]:
    data = document.data
    speakers: dict[str, str] = {}
    for index, entry in enumerate(document.items(data, (), "speakers")):
        path: JsonPath = ("speakers", index)
        speaker = document.mapping(entry, path)
        if speaker is None:
            continue
        first, last = (document.text(speaker, path, key) for key in ("firstName", "lastName"))
        full_name = clean_line(document.text(speaker, path, "fullName")) or clean_line(
            f"{first} {last}"
        )
        speakers[document.text(speaker, path, "id", required=True)] = full_name
    items: dict[str, tuple[str, str]] = {}
    for index, entry in enumerate(document.items(data, (), "categories")):
        path = ("categories", index)
        category = document.mapping(entry, path)
        if category is None:
            continue
        title = clean_line(document.text(category, path, "title", required=True))
        for number, item_entry in enumerate(document.items(category, path, "items")):
            item_path: JsonPath = (*path, "items", number)
            item = document.mapping(item_entry, item_path)
            if item is not None:
                item_id = document.text(item, item_path, "id", required=True)
                items[item_id] = (title, clean_line(document.text(item, item_path, "name")))
    sessions = []
    for index, entry in enumerate(document.items(data, (), "sessions")):
        path = ("sessions", index)
        session = document.mapping(entry, path)
        if session is None or _left_out(document, session, path, skipped):
            continue
        names = []
        for number, speaker_id in enumerate(document.items(session, path, "speakers")):
            key = str(speaker_id)
            if key not in speakers:
                document.problem(
                    (*path, "speakers", number), f"no speaker with id {key!r} in 'speakers'"
                )
            elif speakers[key]:
                names.append(speakers[key])
        categories = []
        for number, item_id in enumerate(document.items(session, path, "categoryItems")):
            found = items.get(str(item_id))
            if found is None:
                document.problem(
                    (*path, "categoryItems", number),
                    f"no category item with id {item_id!r} in 'categories'",
                )
            else:
                categories.append(found)
        sessions.append(_raw(document, session, path, tuple(names), tuple(categories)))
    return sessions, list(items.values())


def _sessions_view(document: JsonInput, skipped: list[str]) -> tuple[list[_Raw], _Categories]:
    sessions: list[_Raw] = []
    seen: set[str] = set()
    for index, entry in enumerate(document.items(document.data, ())):
        group = document.mapping(entry, (index,))
        if group is None:
            continue
        for number, item in enumerate(document.items(group, (index,), "sessions")):
            path: JsonPath = (index, "sessions", number)
            session = document.mapping(item, path)
            if session is None:
                continue
            session_id = document.text(session, path, "id", required=True)
            if session_id in seen or _left_out(document, session, path, skipped):
                continue  # grouped by day or room, a session can appear in several groups
            seen.add(session_id)
            names = []
            for place, speaker in enumerate(document.items(session, path, "speakers")):
                speaker_path: JsonPath = (*path, "speakers", place)
                found = document.mapping(speaker, speaker_path)
                if found is not None and clean_line(document.text(found, speaker_path, "name")):
                    names.append(clean_line(document.text(found, speaker_path, "name")))
            categories = []
            for place, category in enumerate(document.items(session, path, "categories")):
                category_path: JsonPath = (*path, "categories", place)
                found = document.mapping(category, category_path)
                if found is None:
                    continue
                title = clean_line(document.text(found, category_path, "name", required=True))
                for rank, option in enumerate(
                    document.items(found, category_path, "categoryItems")
                ):
                    option_path: JsonPath = (*category_path, "categoryItems", rank)
                    chosen = document.mapping(option, option_path)
                    if chosen is not None:
                        item_name = clean_line(document.text(chosen, option_path, "name"))
                        categories.append((title, item_name))
            sessions.append(_raw(document, session, path, tuple(names), tuple(categories)))
    return sessions, [pair for raw in sessions for pair in raw.categories]


def _left_out(
    document: JsonInput, session: dict[str, Any], path: JsonPath, skipped: list[str]
) -> bool:
    """Service sessions (breaks, lunch) and sessions that do not take place are skipped."""
    title = clean_line(document.text(session, path, "title")) or "(untitled)"
    if session.get("isServiceSession") is True:
        skipped.append(f"{document.shown(path)}: {title!r} is a service session; skipped")
        return True
    status = document.text(session, path, "status")
    if status.strip().casefold() not in _HELD:
        skipped.append(f"{document.shown(path)}: {title!r} has status {status!r}; skipped")
        return True
    return False


def _raw(
    document: JsonInput,
    session: dict[str, Any],
    path: JsonPath,
    speakers: tuple[str, ...],
    categories: tuple[tuple[str, str], ...],
) -> _Raw:
    return _Raw(
        path=path,
        id=document.text(session, path, "id", required=True),
        title=clean_line(document.text(session, path, "title", required=True)),
        description=document.text(session, path, "description"),
        starts_at=document.text(session, path, "startsAt"),
        recording_url=document.text(session, path, "recordingUrl"),
        speakers=speakers,
        categories=categories,
    )
