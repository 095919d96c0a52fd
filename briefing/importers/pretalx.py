"""pretalx's schedule.json (frab-compatible): the conference, its tracks, and the events of each
day and room."""

from __future__ import annotations

from typing import Any

from briefing.importers.catalog import Catalog, ReadOptions, clean_line
from briefing.importers.events import Event, schedule_catalog
from briefing.importers.reading import JsonInput, JsonPath, load_json


def read(raw: bytes, name: str, options: ReadOptions) -> Catalog:
    """Read schedule.conference: its title, tracks and days[].rooms{ROOM: [event]}."""
    document = load_json(raw, name)
    schedule = _child(document, document.data, (), "schedule")
    conference = _child(document, schedule, ("schedule",), "conference")
    path: JsonPath = ("schedule", "conference")
    title = clean_line(document.text(conference, path, "title")) if conference else ""
    tracks = []
    found: list[Event] = []
    if conference is not None:
        for index, entry in enumerate(document.items(conference, path, "tracks")):
            track = document.mapping(entry, (*path, "tracks", index))
            if track is not None:
                tracks.append(clean_line(document.text(track, (*path, "tracks", index), "name")))
        for day_index, entry in enumerate(document.items(conference, path, "days")):
            day_path: JsonPath = (*path, "days", day_index)
            day = document.mapping(entry, day_path)
            rooms = _child(document, day, day_path, "rooms") if day is not None else None
            for room, events in (rooms or {}).items():
                room_path: JsonPath = (*day_path, "rooms", room)
                for number, item in enumerate(document.items(events, room_path)):
                    event = _event(document, item, (*room_path, number))
                    if event is not None:
                        found.append(event)
    document.problems.raise_any()
    return schedule_catalog(title, tracks, found)


def _child(document: JsonInput, parent: Any, path: JsonPath, key: str) -> dict[str, Any] | None:
    if parent is None:
        return None
    if not isinstance(parent, dict) or key not in parent:
        document.problem(path, f"expected a mapping with the key {key!r} (pretalx's schedule.json)")
        return None
    return document.mapping(parent[key], (*path, key))


def _event(document: JsonInput, item: Any, path: JsonPath) -> Event | None:
    event = document.mapping(item, path)
    if event is None:
        return None
    persons = []
    for index, entry in enumerate(document.items(event, path, "persons")):
        person_path: JsonPath = (*path, "persons", index)
        person = document.mapping(entry, person_path)
        if person is not None:
            persons.append(
                document.text(person, person_path, "public_name")
                or document.text(person, person_path, "name")
            )
    links = []
    for index, entry in enumerate(document.items(event, path, "links")):
        link_path: JsonPath = (*path, "links", index)
        link = document.mapping(entry, link_path)
        if link is not None:
            links.append(
                (
                    document.text(link, link_path, "title"),
                    document.text(link, link_path, "url", required=True),
                    document.text(link, link_path, "type"),
                )
            )

    def text(key: str, *, required: bool = False) -> str:
        return document.text(event, path, key, required=required)

    return Event(
        where=document.shown(path),
        id=text("id", required=True),
        guid=text("guid"),
        code=text("code"),
        title=text("title", required=True),
        subtitle=text("subtitle"),
        track=text("track"),
        date=text("date"),
        abstract=text("abstract"),
        description=text("description"),
        url=text("url"),
        persons=tuple(persons),
        links=tuple(links),
    )
