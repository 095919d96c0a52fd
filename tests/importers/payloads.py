"""Catalog payloads written from the formats' field lists: Sessionize's All Data and Sessions
views, one schedule as pretalx's JSON and as frab's XML, an agenda as iCalendar, and a CSV."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

# --- Sessionize ---------------------------------------------------------------------------------

TRACKS = {1: "Cloud Platforms", 2: "Data & Analytics", 3: "Security"}
LEVELS = {11: "200 - Intermediate", 12: "300 - Advanced"}
FORMATS = {21: "Breakout", 22: "Workshop"}
SPEAKERS = [
    {"id": f"spk-{n}", "fullName": name, "tagLine": "Engineer", "bio": f"{name} builds things."}
    for n, name in enumerate(["Ann Lee", "Bo Chen", "Cleo Park", "Dev Rao", "Eva Stone"])
]


def sessionize_sessions() -> list[dict[str, Any]]:
    """24 sessions: 21 talks in 3 tracks at 2 levels, and 3 service sessions (breaks)."""
    sessions = []
    for n in range(21):
        track = 1 + n % 3
        level = 11 if n % 2 == 0 else 12
        code = f"{['CLD', 'DAT', 'SEC'][track - 1]}{200 + n:03d}"
        title = f"{code} - Talk number {n} about {TRACKS[track]}" if n % 4 else f"Talk number {n}"
        speakers = (
            [] if n == 5 else [SPEAKERS[n % 5]["id"], SPEAKERS[(n + 1) % 5]["id"]][: 1 + n % 2]
        )
        sessions.append(
            {
                "id": str(1000 + n),
                "title": title,
                "description": f"What talk {n} covers.\n\nA second paragraph for talk {n}.",
                "startsAt": f"2024-03-{12 + n // 8}T{9 + n % 8:02d}:00:00",
                "endsAt": f"2024-03-{12 + n // 8}T{9 + n % 8:02d}:45:00",
                "isServiceSession": False,
                "isPlenumSession": False,
                "speakers": speakers,
                "categoryItems": [track, level, 21 if n % 3 else 22],
                "questionAnswers": [],
                "roomId": 100 + track,
                "liveUrl": None,
                "recordingUrl": f"https://videos.example.com/talk-{n}" if n % 3 == 0 else None,
                "status": "Accepted",
            }
        )
    for n, title in enumerate(["Registration", "Lunch", "Coffee break"]):
        sessions.append(
            {
                "id": f"svc-{n}",
                "title": title,
                "description": None,
                "startsAt": f"2024-03-12T{12 + n}:00:00",
                "endsAt": f"2024-03-12T{12 + n}:30:00",
                "isServiceSession": True,
                "speakers": [],
                "categoryItems": [],
                "roomId": 101,
                "recordingUrl": None,
                "status": None,
            }
        )
    return sessions


def sessionize_all() -> dict[str, Any]:
    return {
        "sessions": sessionize_sessions(),
        "speakers": SPEAKERS,
        "questions": [],
        "categories": [
            {
                "id": 1,
                "title": "Track",
                "items": [{"id": k, "name": v, "sort": k} for k, v in TRACKS.items()],
                "sort": 1,
            },
            {
                "id": 2,
                "title": "Level",
                "items": [{"id": k, "name": v, "sort": k} for k, v in LEVELS.items()],
                "sort": 2,
            },
            {
                "id": 3,
                "title": "Format",
                "items": [{"id": k, "name": v, "sort": k} for k, v in FORMATS.items()],
                "sort": 3,
            },
        ],
        "rooms": [{"id": 100 + k, "name": f"Room {k}", "sort": k} for k in TRACKS],
    }


def sessionize_sessions_view() -> list[dict[str, Any]]:
    """The same sessions as the Sessions view gives them: grouped by day, each carrying its
    speakers and categories by name."""
    names = {s["id"]: s["fullName"] for s in SPEAKERS}
    items = {**TRACKS, **LEVELS, **FORMATS}
    groups: dict[str, list[dict[str, Any]]] = {}
    for session in sessionize_sessions():
        viewed = {key: value for key, value in session.items() if key != "categoryItems"}
        viewed["speakers"] = [{"id": i, "name": names[i]} for i in session["speakers"]]
        viewed["categories"] = [
            {
                "id": n,
                "name": title,
                "categoryItems": [
                    {"id": i, "name": items[i]} for i in session["categoryItems"] if i in group
                ],
                "sort": n,
            }
            for n, (title, group) in enumerate(
                [("Track", TRACKS), ("Level", LEVELS), ("Format", FORMATS)], start=1
            )
        ]
        viewed["room"] = f"Room {session['roomId'] - 100}"
        groups.setdefault(session["startsAt"][:10], []).append(viewed)
    return [
        {"groupId": None, "groupName": day, "sessions": sessions}
        for day, sessions in sorted(groups.items())
    ]


# --- one schedule, as pretalx's schedule.json and frab's schedule.xml ---------------------------

SCHEDULE_TRACKS = [("Infrastructure", "#336699"), ("Community", "#993366")]
# (id, code, day, time, room, title, track, persons, abstract, links)
EVENTS: list[tuple[int, str, str, str, str, str, str | None, list[str], str, list[Any]]] = [
    (201, "AAAAAA", "2024-05-06", "09:00", "Main Hall", "Opening the schedule", "Community",
     ["Ann Lee"], "Why we meet.", []),
    (202, "BBBBBB", "2024-05-06", "10:00", "Main Hall", "Containers without tears",
     "Infrastructure", ["Bo Chen", "Cleo Park"], "Running **containers** well.",
     [{"title": "Video recording", "url": "https://media.example.org/v/202", "type": "related"},
      {"title": "Slides", "url": "https://slides.example.org/202", "type": "related"}]),
    (203, "CCCCCC", "2024-05-06", "10:00", "Room B", "Mentoring new maintainers", "Community",
     ["Dev Rao"], "How to grow a team of maintainers.", []),
    (204, "DDDDDD", "2024-05-06", "11:00", "Main Hall", "Observability at scale",
     "Infrastructure", ["Eva Stone"], "Metrics, logs and traces.", []),
    (205, "EEEEEE", "2024-05-07", "09:00", "Main Hall", "Zero-downtime migrations",
     "Infrastructure", ["Ann Lee"], "Move data while it serves.", []),
    (206, "FFFFFF", "2024-05-07", "10:00", "Room B", "Writing docs people read", "Community",
     ["Bo Chen"], "Documentation as a product.", []),
    (207, "GGGGGG", "2024-05-07", "11:00", "Main Hall", "Secrets management",
     "Infrastructure", ["Cleo Park"], "Vaults, rotation and audit.", []),
    (208, "HHHHHH", "2024-05-07", "12:00", "Room B", "Lightning talks", None,
     [], "Five minutes each.", []),
]  # fmt: skip
EVENT_SLUG = "democon-2024"
HOST = "https://pretalx.example.org"


def _event_fields(event: tuple[Any, ...]) -> dict[str, Any]:
    number, code, day, time, room, title, track, persons, abstract, links = event
    return {
        "id": number,
        "guid": f"guid-{number}",
        "code": code,
        "date": f"{day}T{time}:00+02:00",
        "start": time,
        "duration": "00:45",
        "room": room,
        "slug": f"{EVENT_SLUG}-{number}-{title.lower().replace(' ', '-')}",
        "url": f"{HOST}/{EVENT_SLUG}/talk/{code}/",
        "title": title,
        "subtitle": "",
        "track": track,
        "type": "Talk",
        "language": "en",
        "abstract": abstract,
        "description": "",
        "persons": [{"code": f"P{i}", "public_name": name, "biography": "Bio."}
                    for i, name in enumerate(persons)],
        "links": [dict(link) for link in links],
    }  # fmt: skip


def _days() -> list[tuple[str, dict[str, list[dict[str, Any]]]]]:
    days: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for event in EVENTS:
        days.setdefault(event[2], {}).setdefault(event[4], []).append(_event_fields(event))
    return sorted(days.items())


def pretalx_json() -> dict[str, Any]:
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "pretalx", "version": "2024.1.0"},
        "schedule": {
            "url": f"{HOST}/{EVENT_SLUG}/schedule/",
            "version": "1.0",
            "base_url": HOST,
            "conference": {
                "acronym": EVENT_SLUG,
                "title": "DemoCon 2024",
                "start": "2024-05-06",
                "end": "2024-05-07",
                "daysCount": 2,
                "timeslot_duration": "00:05",
                "time_zone_name": "Europe/Berlin",
                "tracks": [{"name": n, "color": c} for n, c in SCHEDULE_TRACKS],
                "days": [
                    {
                        "index": index,
                        "date": day,
                        "day_start": f"{day}T04:00:00+02:00",
                        "day_end": f"{day}T23:59:00+02:00",
                        "rooms": rooms,
                    }
                    for index, (day, rooms) in enumerate(_days(), start=1)
                ],
            },
        },
    }


def frab_xml() -> bytes:
    schedule = ET.Element("schedule")
    ET.SubElement(schedule, "version").text = "1.0"
    conference = ET.SubElement(schedule, "conference")
    ET.SubElement(conference, "acronym").text = EVENT_SLUG
    ET.SubElement(conference, "title").text = "DemoCon 2024"
    ET.SubElement(conference, "start").text = "2024-05-06"
    ET.SubElement(conference, "end").text = "2024-05-07"
    for name, color in SCHEDULE_TRACKS:
        ET.SubElement(conference, "track", name=name, color=color)
    for index, (day, rooms) in enumerate(_days(), start=1):
        day_element = ET.SubElement(schedule, "day", index=str(index), date=day)
        for room, events in rooms.items():
            room_element = ET.SubElement(day_element, "room", name=room)
            for event in events:
                element = ET.SubElement(
                    room_element, "event", id=str(event["id"]), guid=event["guid"]
                )
                for key in ("date", "start", "duration", "room", "slug", "url", "title"):
                    ET.SubElement(element, key).text = event[key]
                ET.SubElement(element, "subtitle")
                ET.SubElement(element, "track").text = event["track"]
                for key in ("type", "language", "abstract", "description"):
                    ET.SubElement(element, key).text = event[key]
                persons = ET.SubElement(element, "persons")
                for person in event["persons"]:
                    ET.SubElement(persons, "person", id=person["code"]).text = person["public_name"]
                links = ET.SubElement(element, "links")
                for link in event["links"]:
                    ET.SubElement(links, "link", href=link["url"]).text = link["title"]
    ET.indent(schedule)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(schedule, encoding="utf-8")


# --- an agenda as iCalendar -----------------------------------------------------------------------


def _vevent(uid: str, summary: str, start: str, end: str, extra: list[str]) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SUMMARY:{summary}",
        f"DTSTART;TZID=Europe/Berlin:{start}",
        f"DTEND;TZID=Europe/Berlin:{end}",
        *extra,
        "END:VEVENT",
    ]


def agenda_ics() -> bytes:
    """Six sessions the attendee put on their agenda, the way pretalx exports them. Four carry
    pretalx's UIDs, one was re-created by hand (another UID: it matches by title and time), and
    one is a meetup the catalog does not have."""
    by_code = {event[1]: event for event in EVENTS}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//pretalx//democon-2024//EN",
        "X-WR-CALNAME:My DemoCon",
    ]
    for code in ("BBBBBB", "CCCCCC", "EEEEEE", "GGGGGG"):
        _, _, day, time, room, title, track, persons, abstract, _ = by_code[code]
        start = f"{day.replace('-', '')}T{time.replace(':', '')}00"
        end = start[:-4] + "4500"
        names = "\\, ".join(persons)  # commas in iCalendar text are escaped
        summary = f"{title} - {names}" if persons else title
        lines += _vevent(
            f"pretalx-{EVENT_SLUG}-{code}@pretalx.example.org",
            summary,
            start,
            end,
            [
                f"DESCRIPTION:{abstract}",
                f"LOCATION:{room}",
                f"URL:{HOST}/{EVENT_SLUG}/talk/{code}/",
                *([f"CATEGORIES:{track}"] if track else []),
            ],
        )
    lines += _vevent(
        "copied-by-hand-1@phone.example",
        "Observability at scale - Eva Stone",
        "20240506T110000",
        "20240506T114500",
        ["LOCATION:Main Hall"],
    )
    lines += _vevent(
        "meetup-42@phone.example",
        "Hallway meetup",
        "20240506T180000",
        "20240506T190000",
        ["DESCRIPTION:Beers with the team"],
    )
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


# --- CSV ------------------------------------------------------------------------------------------

CSV = "\n".join(
    [
        "code,title,track,level,speakers,summary,video,key points,why it matters",
        'ARC301,Event-driven architectures,Architecture,300,Ann Lee;Bo Chen,"Events, queues and '
        'sagas.",https://videos.example.com/arc301,Prefer events;Keep sagas small,We are '
        "splitting the monolith",
        "ARC210,Cell-based design,Architecture,200,Cleo Park,Blast radius by design.,,,",
        'OPS402,Chaos engineering in production,Operations,Expert,Dev Rao,"Break things, on '
        'purpose.",,,',
        "",
    ]
)


def dumps(data: Any) -> bytes:
    return json.dumps(data, indent=2).encode()
