"""frab's schedule.xml (as pretalx and frab write it): <schedule><conference> then
<day><room><event>, read without DTDs or entities, every element's line kept for messages."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from briefing.errors import Location
from briefing.importers.catalog import Catalog, ReadOptions, clean_line
from briefing.importers.events import Event, schedule_catalog
from briefing.importers.reading import Problems, fail


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Element, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        self.lines[element] = self.expat.CurrentLineNumber if self.expat is not None else 1
        return element


def read(raw: bytes, name: str, options: ReadOptions) -> Catalog:
    """Read the conference's title and tracks and every event of every day and room."""
    root, lines = _parse(raw, name)
    problems = Problems()

    def where(element: Element) -> Location:
        return Location(name, lines.get(element, 1), 1)

    if root.tag != "schedule":
        raise fail(name, f"expected a <schedule> document (frab's schedule.xml), got <{root.tag}>")
    conference = root.find("conference")
    title = clean_line(conference.findtext("title")) if conference is not None else ""
    tracks = [
        clean_line(track.get("name"))
        for track in (conference.iter("track") if conference is not None else ())
    ]
    events: list[Event] = []
    for day in root.findall("day"):
        for room in day.findall("room"):
            for element in room.findall("event"):
                event = _event(element, f"{name}:{where(element).line}", where, problems)
                if event is not None:
                    events.append(event)
    problems.raise_any()
    return schedule_catalog(title, tracks, events)


def _parse(raw: bytes, name: str) -> tuple[Element, dict[Element, int]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(raw)
        root = parser.close()
    except ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        raise fail(name, f"invalid XML: {message}", line, column + 1) from None
    except DefusedXmlException:
        raise fail(
            name,
            "the XML declares a DTD or entities, which an import does not read; "
            "export the schedule again",
            parser.parser.CurrentLineNumber,
        ) from None
    return root, builder.lines


def _event(element: Element, shown: str, where: Any, problems: Problems) -> Event | None:
    event_id = (element.get("id") or "").strip()
    title = clean_line(element.findtext("title"))
    if not event_id:
        problems.add(where(element), "<event> has no id attribute; every event needs one")
    if not title:
        problems.add(where(element), "<event> has no <title>; every event needs one")
    if not event_id or not title:
        return None
    persons = tuple((person.text or "").strip() for person in element.findall("persons/person"))
    links = tuple(
        ((link.text or "").strip(), (link.get("href") or "").strip(), "")
        for link in element.findall("links/link")
    )
    return Event(
        where=shown,
        id=event_id,
        guid=(element.get("guid") or "").strip(),
        title=title,
        subtitle=element.findtext("subtitle") or "",
        track=element.findtext("track") or "",
        date=element.findtext("date") or "",
        abstract=element.findtext("abstract") or "",
        description=element.findtext("description") or "",
        url=element.findtext("url") or "",
        persons=persons,
        links=links,
    )
