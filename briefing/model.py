"""The validated briefing: its meta data, tracks and sessions, as typed immutable models."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictFloat,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from briefing.i18n import DEFAULT_LANG, Labels, LanguageError, codes, parse_tag
from briefing.i18n.formats import TIGHT_UNITS
from briefing.richtext import MarkupError, RichText, check_url, parse

LEVELS = (100, 200, 300, 400, 500)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LEVEL_IN_CODE = re.compile(r"(?<!\d)(\d{3})(?!\d)")
# Numbers written with separators (1_000, 1,000) or as times (1:30): text under YAML 1.2.
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9_,]*(?::[0-5]?[0-9])*(?:\.[0-9]+)?")


def _error(kind: str, message: str) -> PydanticCustomError:
    """A validation error whose message is already formatted (values may hold braces)."""
    return PydanticCustomError(kind, "{message}", {"message": message})


def kind_of(value: object) -> str:
    """What a value is, for messages: 'a number (12)', 'a list', 'nothing (null)'."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ({shown!r})"
    return type(value).__name__


def _to_text(value: object) -> RichText:
    if isinstance(value, RichText):
        return value
    if not isinstance(value, str):
        raise _error(
            "text_type",
            f"expected text, got {kind_of(value)}; put the value in quotes if it is meant as text",
        )
    try:
        return parse(value)
    except MarkupError as exc:
        raise _error("bad_url", str(exc)) from None


def _to_required_text(value: object) -> RichText:
    text = _to_text(value)
    if not text:
        raise PydanticCustomError("empty_text", "must not be empty")
    return text


def _to_name(value: object) -> str:
    """A plain, non-empty, single-line identifier-like string."""
    if not isinstance(value, str):
        raise _error(
            "text_type",
            f"expected text, got {kind_of(value)}; put the value in quotes if it is meant as text",
        )
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("empty_text", "must not be empty")
    if "\n" in stripped:
        raise PydanticCustomError("multiline", "must be on one line")
    return stripped


def _to_url(value: object) -> str:
    url = _to_name(value)
    problem = check_url(url)
    if problem:
        raise _error("bad_url", problem)
    return url


# The JSON Schema says what validation checks, field by field (tests/test_schema.py compares
# the two). Patterns use only what JSON Schema's (ECMA-262) and Python's regexes agree on.
_TEXT_SCHEMA = {
    "type": "string",
    "description": "Text; accepts **bold**, *italic*, `code`, [text](url)",
}
_NOT_BLANK = r"\S"
# One line of text once the spaces around it are removed.
_ONE_LINE = r"^\s*\S(?:[^\n]*\S)?\s*$"
_URL = r"^\s*(?:[hH][tT][tT][pP][sS]?://[^\s/?#]+\S*|[mM][aA][iI][lL][tT][oO]:\S+)\s*$"

Text = Annotated[
    RichText,
    PlainValidator(_to_text),
    PlainSerializer(lambda text: text.source, return_type=str),
    WithJsonSchema(_TEXT_SCHEMA),
]
RequiredText = Annotated[
    RichText,
    PlainValidator(_to_required_text),
    PlainSerializer(lambda text: text.source, return_type=str),
    WithJsonSchema({**_TEXT_SCHEMA, "pattern": _NOT_BLANK}),
]
Name = Annotated[
    str, PlainValidator(_to_name), WithJsonSchema({"type": "string", "pattern": _ONE_LINE})
]
Url = Annotated[
    str,
    PlainValidator(_to_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _URL,
            "description": "An http, https or mailto URL, e.g. https://example.com/page",
        }
    ),
]


def _to_language(value: object) -> str:
    name = _to_name(value)
    try:
        return parse_tag(name).tag
    except LanguageError as exc:
        raise _error("language", str(exc)) from None


def _language_schema() -> dict[str, Any]:
    either_case = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in code) for code in codes())
    return {
        "type": "string",
        "pattern": rf"^\s*(?:{either_case})(?:-(?:[A-Za-z]{{2}}|[0-9]{{3}}))?\s*$",
        "description": "A BCP 47 language tag, e.g. de-DE: the language of the fixed words",
    }


LanguageTag = Annotated[str, PlainValidator(_to_language), WithJsonSchema(_language_schema())]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DeckOptions(_Model):
    """The ``deck:`` block under ``briefing:``: how the deck is planned."""

    # summary: one slide per session, what does not fit goes to the speaker notes;
    # full: everything on slides, a session continuing over as many slides as it needs.
    density: Literal["summary", "full"] = "summary"


class Meta(_Model):
    """The ``briefing:`` block: what the briefing is, for whom, by whom."""

    title: RequiredText
    subtitle: Text | None = None
    event: Text | None = None
    date: Annotated[
        dt.date | None,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "pattern": _DATE.pattern, "format": "date"},
                    {"type": "null"},
                ],
                "description": "YYYY-MM-DD",
            }
        ),
    ] = None
    location: Text | None = None
    author: Text | None = None
    role: Text | None = None
    organisation: Text | None = None
    audience: Text | None = None
    summary: Text | None = None
    # What the briefing asks leadership to do: leads the report's executive summary.
    recommendations: Annotated[tuple[RequiredText, ...], Field(max_length=5)] = ()
    contact: Text | None = None  # how to reach the presenter, on the closing slide
    # Minutes the briefing is given (a lunch-and-learn: 45), shared out by session count.
    duration: Annotated[StrictInt, Field(ge=1, le=1440)] | None = None
    deck: DeckOptions = DeckOptions()
    # The language of every fixed word ("Key points", dates): a BCP 47 tag such as de-DE.
    lang: LanguageTag = DEFAULT_LANG
    labels: Labels = Labels()  # words to use instead of the catalogue's, by message key

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str) and not _DATE.fullmatch(value):
            raise _error(
                "date_format", f"expected a date as YYYY-MM-DD, e.g. 2019-12-20, got {value!r}"
            )
        if value is not None and not isinstance(value, str | dt.date):
            raise _error("date_type", f"expected a date as YYYY-MM-DD, got {kind_of(value)}")
        return value


class Track(_Model):
    """A track of the conference: sessions are grouped by it, in source order."""

    id: Annotated[
        str,
        WithJsonSchema(
            {
                "type": "string",
                "pattern": r"^\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*$",
                "description": "Lowercase letters, digits and hyphens, e.g. machine-learning",
            }
        ),
    ]
    name: Name
    summary: Text | None = None
    headline: Text | None = None  # the track's verdict in one sentence

    @field_validator("id", mode="before")
    @classmethod
    def _slug(cls, value: object) -> str:
        name = _to_name(value)
        if not SLUG.fullmatch(name):
            suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-track"
            raise _error(
                "slug",
                f"track id {name!r} is not a slug: use lowercase letters, digits and hyphens, "
                f"e.g. {suggestion!r}",
            )
        return name


class Stat(_Model):
    """A figure worth a big-number callout: value, optional unit, what it counts."""

    value: StrictInt | StrictFloat
    unit: Name | None = None
    label: RequiredText

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if (
            isinstance(value, str)
            and _NUMBER_LIKE.fullmatch(value.strip())
            and any(mark in value for mark in ":_,")
        ):
            fix = (
                "write a duration as one number with its unit, e.g. value: 90, unit: min"
                if ":" in value
                else "write the digits without separators, e.g. value: 1000000"
            )
            raise _error("number", f"expected a number, got {kind_of(value)}; {fix}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _error(
                "number",
                f"expected a number, got {kind_of(value)}; write the magnitude in 'unit', e.g. "
                "value: 25.3, unit: million",
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise _error("finite", f"expected a finite number, got {value}")
        return value

    @property
    def display_value(self) -> str:
        """The value as people write it: 25.3, 3,000, 1.5e+20."""
        return format_number(self.value)

    @property
    def display(self) -> str:
        """Value and unit together: '63%', '100k', '25.3 million'."""
        if not self.unit:
            return self.display_value
        glue = "" if self.unit in TIGHT_UNITS else " "
        return f"{self.display_value}{glue}{self.unit}"


class Link(_Model):
    """A labelled link to further material."""

    label: RequiredText
    url: Url


_FINGERPRINT = re.compile(r"^[0-9a-f]{8}$")


def _to_fingerprint(value: object) -> str:
    if not isinstance(value, str) or not _FINGERPRINT.fullmatch(value):
        raise _error(
            "fingerprint",
            f"expected a fingerprint written by `briefing import` (8 hex digits), got "
            f"{kind_of(value)}; remove the key so that re-imports leave this value alone",
        )
    return value


Fingerprint = Annotated[
    str,
    PlainValidator(_to_fingerprint),
    WithJsonSchema({"type": "string", "pattern": _FINGERPRINT.pattern}),
]


class CatalogRecord(_Model):
    """Where ``briefing import`` took a session from: the catalog's id for it, and a
    fingerprint of each catalog value as last imported. A re-import refreshes a value whose
    fingerprint still matches (nobody edited it) and leaves every other value alone."""

    id: Name
    title: Fingerprint | None = None
    track: Fingerprint | None = None
    level: Fingerprint | None = None
    speakers: Fingerprint | None = None
    summary: Fingerprint | None = None
    video: Fingerprint | None = None
    links: Fingerprint | None = None


class Session(_Model):
    """One conference session and what we took from it."""

    code: Name
    title: RequiredText
    track: Name
    level: Annotated[
        int | None,
        WithJsonSchema({"anyOf": [{"enum": list(LEVELS)}, {"type": "null"}]}),
    ] = None
    speakers: tuple[RequiredText, ...] = ()
    summary: Text | None = None
    key_points: tuple[RequiredText, ...] = ()
    stats: tuple[Stat, ...] = ()
    chart: Text | None = None  # the title of a bar chart of the stats, which share a unit
    takeaways: tuple[RequiredText, ...] = ()
    relevance: Text | None = None
    video: Url | None = None
    links: tuple[Link, ...] = ()
    tags: tuple[Name, ...] = ()
    notes: Text | None = None
    catalog: CatalogRecord | None = None  # written by `briefing import`
    notes_by: tuple[Name, ...] = ()  # who wrote these notes (`briefing merge` records it)

    @model_validator(mode="before")
    @classmethod
    def _derive_level(cls, data: Any) -> Any:
        if isinstance(data, dict) and "level" not in data and isinstance(data.get("code"), str):
            return {**data, "level": level_from_code(data["code"])}
        return data

    @field_validator("chart")
    @classmethod
    def _chartable(cls, value: RichText | None, info: ValidationInfo) -> RichText | None:
        if value is None:
            return value
        stats = info.data.get("stats")
        if stats is None:  # the stats have problems of their own
            return value
        # The chart compares the stats with a unit; those without one stay big numbers.
        units = sorted({stat.unit for stat in stats if stat.unit})
        charted = [stat for stat in stats if stat.unit]
        if len(units) > 1:
            raise _error(
                "chart",
                "a chart compares stats in one unit, these have "
                f"{', '.join(map(repr, units))}; give them one unit or remove 'chart'",
            )
        if len(charted) < 2:
            raise _error(
                "chart",
                f"a chart needs two or more stats with a unit to compare, this session has "
                f"{len(charted)}; add them or remove 'chart'",
            )
        return value

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 300.0 is the number 300, as in JSON
        if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
            raise _error("level", f"level must be one of 100, 200, 300, 400, 500, got {value!r}")
        return value


class Briefing(_Model):
    """A whole briefing: meta data, ordered tracks, ordered sessions."""

    briefing: Meta
    tracks: Annotated[tuple[Track, ...], Field(min_length=1)]
    sessions: Annotated[tuple[Session, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Briefing:
        problems = consistency_problems(
            [t.id for t in self.tracks], [(s.code, s.track) for s in self.sessions]
        )
        if problems:
            raise ValueError("; ".join(message for _, message in problems))
        return self

    @property
    def meta(self) -> Meta:
        return self.briefing

    def sessions_in(self, track: Track) -> tuple[Session, ...]:
        """The sessions of ``track``, in source order."""
        return tuple(s for s in self.sessions if s.track == track.id)

    def track_of(self, session: Session) -> Track:
        return next(t for t in self.tracks if t.id == session.track)

    def minutes(self, sessions: int) -> int | None:
        """About how many minutes ``sessions`` sessions get of the briefing's duration
        (shared by session count, at least 1); None without a duration."""
        if self.meta.duration is None:
            return None
        return max(1, round(self.meta.duration * sessions / len(self.sessions)))

    def key_takeaways(self) -> list[tuple[Track, RichText]]:
        """One line per track: its headline, or else the first takeaway of its first session
        that has any (a track with neither has no line)."""
        lines = []
        for track in self.tracks:
            if track.headline:
                lines.append((track, track.headline))
                continue
            first = next((s.takeaways[0] for s in self.sessions_in(track) if s.takeaways), None)
            if first is not None:
                lines.append((track, first))
        return lines

    def recommendations(self, least: int = 3, most: int = 5) -> list[RichText]:
        """What the report's executive summary leads with: the source's ``recommendations``,
        else one line per track (``key_takeaways``), topped up from the top takeaways to
        ``least`` lines and cut to ``most``."""
        if self.meta.recommendations:
            return list(self.meta.recommendations)
        lines = [text for _, text in self.key_takeaways()][:most]
        seen = {text.plain for text in lines}
        for _, text in self.top_takeaways(limit=len(self.sessions) * 2):
            if len(lines) >= least:
                break
            if text.plain not in seen:
                lines.append(text)
                seen.add(text.plain)
        return lines

    def top_takeaways(self, limit: int = 6) -> list[tuple[Session, RichText]]:
        """The headline takeaways: each session's first, then each one's second, and so on."""
        picked: list[tuple[Session, RichText]] = []
        depth = max((len(s.takeaways) for s in self.sessions), default=0)
        for round_ in range(depth):
            for session in self.sessions:
                if round_ < len(session.takeaways):
                    picked.append((session, session.takeaways[round_]))
                    if len(picked) == limit:
                        return picked
        return picked


def level_from_code(code: str) -> int | None:
    """The level a session code implies: DAT404-R -> 400; None when it implies none."""
    match = _LEVEL_IN_CODE.search(code)
    if not match:
        return None
    level = int(match.group(1)) // 100 * 100
    return level if level in LEVELS else None


def format_number(value: float) -> str:
    """Format a stat value for display: thousands separators, no trailing zeros."""
    if isinstance(value, int) or (abs(value) < 1e15 and float(value).is_integer()):
        number = int(value)
        return f"{number:,}" if abs(number) < 10**15 else f"{value:.3g}"
    if abs(value) >= 1e15 or (value != 0 and abs(value) < 1e-3):
        return f"{value:.3g}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 session', '4 sessions'."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to ``word``, for a did-you-mean hint."""
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def consistency_problems(
    track_ids: Sequence[str | None], sessions: Sequence[tuple[str | None, str | None]]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems across items: duplicate track ids and codes, sessions naming unknown tracks.

    Each problem is (location in the source, message); entries that are None were already
    reported as missing or malformed and are skipped.
    """
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen_tracks: dict[str, int] = {}
    for index, track_id in enumerate(track_ids):
        if track_id is None:
            continue
        if track_id in seen_tracks:
            problems.append(
                (
                    ("tracks", index, "id"),
                    f"duplicate track id {track_id!r} (also tracks[{seen_tracks[track_id]}]); "
                    "track ids must be unique",
                )
            )
        else:
            seen_tracks[track_id] = index
    valid = ", ".join(seen_tracks) or "(none)"
    seen_codes: dict[str, tuple[int, str]] = {}
    for index, (code, track) in enumerate(sessions):
        if code is not None:
            first = seen_codes.get(code.casefold())
            if first is not None:
                problems.append(
                    (
                        ("sessions", index, "code"),
                        f"duplicate session code {code!r} (same as {first[1]!r} in "
                        f"sessions[{first[0]}]); codes must be unique, ignoring case",
                    )
                )
            else:
                seen_codes[code.casefold()] = (index, code)
        if track is not None and seen_tracks and track not in seen_tracks:
            hint = suggest(track, seen_tracks)
            did_you_mean = f"did you mean {hint!r}? " if hint else ""
            problems.append(
                (
                    ("sessions", index, "track"),
                    f"unknown track {track!r}; {did_you_mean}valid track ids: {valid}",
                )
            )
    return problems


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the source format, for editors' YAML language servers."""
    schema = Briefing.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "briefing source",
        "description": "Conference session notes for the briefing tool",
        **{k: v for k, v in schema.items() if k != "title"},
    }
