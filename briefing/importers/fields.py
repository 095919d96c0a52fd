"""A catalog session as the source format spells it: its code, the values the catalog owns
(refreshed by re-imports), the attendee's own values, and the fingerprints that tell the two
apart."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from briefing.importers.catalog import CatalogSession
from briefing.model import level_from_code
from briefing.richtext import MarkupError, parse

# The values a catalog owns, in the order a session lists them. The code is set once, when the
# session is added: it is what people and `--session` call the session by.
REFRESHED = ("title", "track", "level", "speakers", "summary", "video", "links")
# Session codes as catalogs put them in titles: DAT404-R, ENT233-S, STP15.
DEFAULT_CODE_PATTERN = r"[A-Z]{2,6}[0-9]{2,4}(?:-[A-Z0-9]{1,3})?"
_SEPARATOR = r"\s*(?:[-–—:|]\s*)"
_MARKUP = re.compile(r"([\\`*_\[\]])")


@dataclass(frozen=True)
class Fields:
    """What one catalog session writes into a source."""

    code: str
    values: dict[str, Any]  # each of REFRESHED; None when the catalog gives nothing
    own: dict[str, Any]  # the attendee's fields a CSV may carry


def fields_of(
    session: CatalogSession, track_id: str, pattern: re.Pattern[str], markdown: bool
) -> Fields:
    """The source-format values of ``session``, its track already resolved to an id."""
    found, title = code_in_title(session.title, pattern)
    stated = session.code or found
    code = stated or session.public_id or session.id
    # Titles, names and labels are plain text in every catalog; abstracts may be Markdown.
    links = [{"label": markup(link.label, False), "url": link.url} for link in session.links]
    level = session.level
    if level is None and stated:
        level = level_from_code(stated)
    values: dict[str, Any] = {
        "title": markup(title, False),
        "track": track_id,
        "level": level,
        "speakers": [markup(name, False) for name in session.speakers] or None,
        "summary": markup(session.summary, markdown) if session.summary else None,
        "video": session.video,
        "links": links or None,
    }
    return Fields(code, values, dict(session.own))


def code_in_title(title: str, pattern: re.Pattern[str]) -> tuple[str | None, str]:
    """The session code a title starts or ends with, and the title without it:
    'DAT404-R – Aurora Multi Master' -> ('DAT404-R', 'Aurora Multi Master')."""
    code = f"(?P<code>{pattern.pattern})"
    for form in (
        rf"^\s*{code}{_SEPARATOR}(?P<rest>.+)$",
        rf"^(?P<rest>.+?)\s*[(\[]{code}[)\]]\s*$",
        rf"^(?P<rest>.+?){_SEPARATOR}{code}\s*$",
    ):
        match = re.match(form, title)
        if match and match.group("rest").strip():
            return match.group("code"), match.group("rest").strip()
    match = re.fullmatch(code, title.strip())
    return (match.group("code"), title) if match else (None, title)


def markup(text: str, markdown: bool) -> str:
    """``text`` as the source's inline markup. Plain text whose characters would read as
    markup, and Markdown with links the source refuses, get those characters escaped."""
    try:
        parsed = parse(text)
    except MarkupError:
        return _escaped(text)
    if markdown or " ".join(parsed.plain.split()) == " ".join(text.split()):
        return text
    return _escaped(text)


def _escaped(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text)


def unique_code(code: str, taken: set[str]) -> str:
    """``code``, or ``code-2``, ``code-3`` ... when another session has it (ignoring case)."""
    candidate, number = code, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{code}-{number}"
    taken.add(candidate.casefold())
    return candidate


def canonical(value: Any) -> Any:
    """A value as plain data, spaces tidied: what its fingerprint is taken of. Re-wrapping a
    long text is no edit."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value] or None
    return str(value)


def fingerprint(value: Any) -> str:
    text = json.dumps(canonical(value), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:8]
