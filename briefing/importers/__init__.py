"""``briefing import``: a conference catalog (Sessionize, pretalx, frab, iCalendar, CSV) into a
source file, or into an existing one without touching what the attendee wrote.

Each format is a module with ``read(raw, name, options) -> Catalog``; the registry below names
them, and they are imported only when used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import cast

from pydantic import ValidationError

from briefing.errors import BriefingError
from briefing.importers import roundtrip, update
from briefing.importers.agenda import match
from briefing.importers.catalog import Catalog, CatalogSession, ReadOptions, sort_key
from briefing.importers.fields import DEFAULT_CODE_PATTERN
from briefing.importers.reading import decode, read_input
from briefing.model import Briefing, plural
from briefing.output import write_atomic
from briefing.source import load_briefing
from briefing.yamlfile import loads

Reader = Callable[[bytes, str, ReadOptions], Catalog]

FORMATS: dict[str, str] = {
    "sessionize": "Sessionize's All Data JSON (view/All), or its Sessions view",
    "pretalx": "pretalx's schedule.json (frab-compatible)",
    "frab": "frab's schedule.xml, as frab and pretalx write it",
    "ics": "an iCalendar file: your agenda, or a whole schedule",
    "csv": "a CSV file whose header names session keys (code, title, track, ...)",
}
_MODULES = {
    "sessionize": "sessionize",
    "pretalx": "pretalx",
    "frab": "frab",
    "ics": "ics",
    "csv": "csvfile",
}


@dataclass(frozen=True)
class ImportRequest:
    """One ``briefing import``: what to read, where to write, how to map it."""

    format: str
    source: Path
    output: Path
    agenda: Path | None = None
    track_field: str = "Track"
    level_field: str = "Level"
    code_pattern: str = DEFAULT_CODE_PATTERN


def reader(name: str) -> Reader:
    """The reader of a format; an unknown name is an error listing the formats."""
    if name not in _MODULES:
        raise BriefingError(f"unknown import format {name!r}; choose one of {', '.join(FORMATS)}")
    module = import_module(f"briefing.importers.{_MODULES[name]}")
    return cast(Reader, module.read)


def run(request: ImportRequest, shown: Callable[[Path], str] = str) -> list[str]:
    """Import the catalog into the output file; return what was done, one line each.

    Nothing is written when anything is wrong, or when nothing changed.
    """
    read = reader(request.format)
    pattern = _pattern(request.code_pattern)
    options = ReadOptions(request.track_field, request.level_field)
    source = shown(request.source)
    catalog = read(read_input(request.source, source), source, options)
    _check_ids(catalog)
    ordered = sorted(catalog.sessions, key=lambda s: sort_key(s.start))
    lines = list(catalog.skipped)
    chosen = ordered
    if request.agenda is not None:
        ics = reader("ics")
        name = shown(request.agenda)
        agenda = ics(read_input(request.agenda, name), name, options)
        matched = match(ordered, agenda.sessions)
        chosen = list(matched.kept)
        lines.append(
            f"{name}: {len(agenda.sessions) - len(matched.unmatched)} of "
            f"{len(agenda.sessions)} agenda entries found in the catalog"
        )
        lines.extend(
            f"{entry.where}: not in the catalog: {entry.title!r}{_at(entry)}"
            for entry in matched.unmatched
        )
    output = shown(request.output)
    original = _existing(request.output, output)
    if original is None:
        document = update.new_document(_title(catalog, request.output), _date(chosen))
        style = roundtrip.Style()
    else:
        document, style = roundtrip.load(original, output)
    if not chosen and original is None:
        raise BriefingError(
            f"nothing to import: {'no agenda entry is' if request.agenda else 'no session is'} "
            f"in the catalog; {output} was not written"
        )
    settings = update.Settings(
        pattern, catalog.markdown, catalog.title or request.source.stem, catalog.tracks
    )
    outcome = update.merge(document, style, chosen, {s.id for s in catalog.sessions}, settings)
    lines.extend(
        f"{code}: already in {output} without a catalog: line; left as written"
        for code in outcome.hand_written
    )
    lines.extend(outcome.kept)
    lines.extend(f"no longer in the catalog, left as it is: {gone}" for gone in outcome.gone)
    if original is not None and not outcome.changed:
        lines.append(f"{output} is up to date: nothing changed")
        return lines
    text = roundtrip.dump(document, style)
    _check(text, output)
    write_atomic(request.output, text.encode("utf-8"))
    lines.append(_summary(output, outcome, original is None))
    return lines


def _pattern(text: str) -> re.Pattern[str]:
    try:
        pattern = re.compile(text)
        re.compile(f"(?P<code>{text})")  # how titles are searched for it
    except re.error as exc:
        raise BriefingError(f"--code-pattern {text!r} is not a regular expression: {exc}") from None
    if pattern.fullmatch(""):
        raise BriefingError(f"--code-pattern {text!r} matches empty text; make it match a code")
    return pattern


def _check_ids(catalog: Catalog) -> None:
    """A re-import knows sessions by the catalog's ids, so they must be unique."""
    seen: dict[str, CatalogSession] = {}
    problems = []
    for session in catalog.sessions:
        first = seen.setdefault(session.id, session)
        if first is not session:
            problems.append(
                f"{session.where}: the id {session.id!r} is also the id of {first.where}; "
                "each session needs its own"
            )
    if problems:
        raise BriefingError("\n".join(problems) + "\nnothing was written")


def _existing(path: Path, shown: str) -> str | None:
    """The output's text when it exists, after checking it is a valid source."""
    if not path.exists():
        return None
    load_briefing(path, shown)  # its own problems come first, located in it
    return decode(read_input(path, shown), shown)


def _check(text: str, output: str) -> None:
    """The result must pass `briefing validate`; if it did not, nothing is written."""
    try:
        Briefing.model_validate(loads(text.encode("utf-8"), output).data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BriefingError(
            f"the import would not make a valid source ({where}: {first['msg']}); "
            f"{output} was not written"
        ) from None


def _title(catalog: Catalog, output: Path) -> str:
    return catalog.title or " ".join(re.split(r"[-_ ]+", output.stem)).strip() or "Briefing"


def _date(sessions: list[CatalogSession]) -> dt.date | None:
    starts = [s.start for s in sessions if s.start is not None]
    return min(starts, key=sort_key).date() if starts else None


def _at(session: CatalogSession) -> str:
    return f" at {session.start:%Y-%m-%d %H:%M}" if session.start else ""


def _summary(output: str, outcome: update.Outcome, created: bool) -> str:
    parts = [f"{plural(len(outcome.added), 'session')} added"]
    if outcome.refreshed:
        parts.append(f"{len(outcome.refreshed)} refreshed: {', '.join(outcome.refreshed)}")
    if outcome.agreed:
        parts.append(f"{plural(outcome.agreed, 'edit')} of yours now the catalog's too")
    if outcome.tracks_added:
        parts.append(f"{plural(len(outcome.tracks_added), 'track')} added")
    return f"{'Wrote' if created else 'Updated'} {output}: {'; '.join(parts)}"
