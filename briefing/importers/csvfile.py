"""A CSV file as a catalog: a header row naming session keys of the source format, one session
per row. Lists (speakers, key points, takeaways, tags) are split on ';' or line breaks."""

from __future__ import annotations

import csv
import io

from briefing.errors import Location
from briefing.importers.catalog import (
    Catalog,
    CatalogSession,
    ReadOptions,
    clean_line,
    clean_text,
    level_of,
    web_address,
)
from briefing.importers.reading import Problems, decode, fail
from briefing.model import suggest

CATALOG_COLUMNS = ("code", "title", "track", "level", "speakers", "summary", "video")
# The attendee's own fields: written when the session is added, never refreshed.
OWN_COLUMNS = ("key_points", "takeaways", "relevance", "tags", "notes")
_LISTS = {"speakers", "key_points", "takeaways", "tags"}
_ALIASES = {"why_it_matters": "relevance"}


def read(raw: bytes, name: str, options: ReadOptions) -> Catalog:
    """One session per row; unknown columns and bad values are located by line."""
    text = decode(raw, name)
    if not text.strip():
        raise fail(name, "the file is empty; it needs a header row, e.g. code,title,track")
    header_line = text.lstrip("\ufeff").splitlines()[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(header_line, ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise fail(name, f"cannot read the header row: {exc}") from None
    columns = _columns(header, name)
    problems = Problems()
    sessions: list[CatalogSession] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    try:
        for cells in reader:
            where = Location(name, line, 1)
            line = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                problems.add(where, f"the row has {len(cells)} cells, the header {len(columns)}")
                continue
            row = dict(zip(columns, cells, strict=False))
            session = _session(row, where, len(seen) + 1, problems)
            if session is None:
                continue
            first = seen.setdefault(session.id.casefold(), where.line)
            if first != where.line:
                problems.add(
                    where,
                    f"the same {'code' if row.get('code') else 'title'} as the row on line "
                    f"{first}; give each row its own code",
                )
                continue
            sessions.append(session)
    except csv.Error as exc:
        raise fail(name, f"cannot read the CSV: {exc}", reader.line_num) from None
    problems.raise_any()
    if not sessions:
        raise fail(name, "the file has a header row but no sessions", 2)
    tracks = list(dict.fromkeys(s.track for s in sessions if s.track))
    return Catalog(tuple(sessions), tracks=tuple(tracks), markdown=True)


def _columns(header: list[str], name: str) -> list[str]:
    allowed = (*CATALOG_COLUMNS, *OWN_COLUMNS)
    columns = []
    problems = Problems()
    for index, cell in enumerate(header):
        key = "_".join(cell.strip().lower().replace("-", " ").split())
        key = _ALIASES.get(key, key)
        if key not in allowed:
            hint = suggest(key, allowed)
            fix = f"did you mean {hint!r}?" if hint else f"columns can be: {', '.join(allowed)}"
            problems.add(
                Location(name, 1, 1), f"column {index + 1} {cell!r} is no session key; {fix}"
            )
        elif key in columns:
            problems.add(Location(name, 1, 1), f"column {index + 1} {cell!r} is given twice")
        columns.append(key)
    if "title" not in columns:
        problems.add(Location(name, 1, 1), "the header needs a 'title' column")
    problems.raise_any()
    return columns


def _session(
    row: dict[str, str], where: Location, number: int, problems: Problems
) -> CatalogSession | None:
    """The session of one row; without a code column it is known by its title, and its code
    is the row's number (R1, R2, ...) unless the title holds one."""
    title = clean_line(row.get("title"))
    if not title:
        problems.add(where, "the row has no title; every session needs one")
        return None
    level_text = clean_line(row.get("level"))
    level = level_of(level_text)
    if level_text and level is None:
        problems.add(where, f"level {level_text!r}: write 100, 200, 300, 400 or 500")
    video_text = clean_line(row.get("video"))
    video = web_address(video_text)
    if video_text and video is None:
        problems.add(where, f"video {video_text!r} is not a web address (https://...)")
    code = clean_line(row.get("code"))
    own: list[tuple[str, object]] = []
    for key in OWN_COLUMNS:
        if key in _LISTS:
            items = _list(row.get(key))
            if items:
                own.append((key, items))
        else:
            value = clean_text(row.get(key))
            if value:
                own.append((key, value))
    return CatalogSession(
        id=code or title,
        title=title,
        where=f"{where.path}:{where.line}",
        track=clean_line(row.get("track")) or None,
        level=level,
        speakers=tuple(_list(row.get("speakers"))),
        summary=clean_text(row.get("summary")),
        video=video,
        code=code or None,
        public_id=f"R{number}",
        own=tuple(own),
    )


def _list(cell: str | None) -> list[str]:
    parts = (cell or "").replace("\n", ";").split(";")
    return [item for item in map(clean_line, parts) if item]
