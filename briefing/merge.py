"""Several attendees' sources, one briefing: sessions merged by code, notes deduplicated,
conflicts reported where they are and settled by one rule.

The rule, and why the result never depends on the order the files are given in:
- The files are put in a canonical order first: by contributor (the source's ``author``,
  else the file's name), then by content.
- Key points, takeaways, figures, speakers, links and tags are united, each kept once
  (compared on their text, ignoring case, spacing and markup), in the canonical order.
- A session's title, track, level, video, summary or "why it matters" that differs between
  files is a conflict: the value most files give wins, a tie goes to the file first in the
  canonical order, and every conflict is reported with the places of both values.
- Tracks are united by id (a name that differs is settled the same way); the ``briefing:``
  block comes from the first file in the canonical order.
- Each session records its contributors in ``notes_by``. A session imported from a catalog
  that nobody wrote notes on is left out, and counted on the coverage line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import BriefingError
from briefing.model import Briefing, Session, Track
from briefing.output import write_atomic
from briefing.richtext import RichText
from briefing.source import load_briefing
from briefing.yamlfile import Document, load

# Settled by the rule: a differing value is a conflict.
_SCALARS = ("title", "track", "level", "video", "summary", "relevance")
_LABELS = {"relevance": "why it matters"}
# United: every distinct item kept once.
_LISTS = ("speakers", "key_points", "stats", "takeaways", "links", "tags")
# The attendee's own notes on a session: a catalog session without any has no notes.
_NOTES = ("key_points", "takeaways", "relevance", "stats", "notes")


@dataclass(frozen=True)
class Contribution:
    """One attendee's source: who wrote it, its validated briefing and where its values are."""

    path: Path
    shown: str
    contributor: str
    briefing: Briefing
    document: Document
    digest: str

    def where(self, *loc: str | int) -> str:
        return str(self.document.location(loc))

    def session_index(self, code: str) -> int:
        return next(i for i, s in enumerate(self.briefing.sessions) if s.code == code)


@dataclass(frozen=True)
class Merged:
    """The merged briefing, the conflicts found (one located line each), and how many
    catalog sessions nobody wrote notes for."""

    briefing: Briefing
    conflicts: list[str]
    coverage: str | None
    contributors: list[str]


def merge(paths: Sequence[Path], shown: Callable[[Path], str] = str) -> Merged:
    """Merge the sources at ``paths`` (at least two, each valid on its own)."""
    unique = list(dict.fromkeys(path.resolve() for path in paths))
    if len(unique) < 2:
        raise BriefingError("merging needs at least two different source files")
    contributions = sorted(
        (_contribution(path, shown(path)) for path in unique),
        key=lambda c: (c.contributor.casefold(), c.contributor, c.digest),
    )
    conflicts: list[str] = []
    every = _sessions(contributions, conflicts)
    # A catalog session nobody wrote notes on is left out (and counted by the coverage line).
    sessions = [s for s in every if not _bare(s)]
    used = {s["track"] for s in sessions}
    tracks = [t for t in _tracks(contributions, conflicts) if t.id in used]
    if not sessions:
        raise BriefingError(
            "none of the sessions in these sources has notes yet; write key points, "
            "takeaways or why it matters for the sessions you attended, then merge"
        )
    first = contributions[0].briefing
    merged = Briefing.model_validate(
        {
            "briefing": first.meta.model_dump(mode="json", exclude_defaults=True),
            "tracks": [t.model_dump(mode="json", exclude_defaults=True) for t in tracks],
            "sessions": sessions,
        }
    )
    return Merged(
        merged,
        conflicts,
        _coverage(every),
        list(dict.fromkeys(c.contributor for c in contributions)),
    )


def write(merged: Merged, output: Path) -> Path:
    """The merged briefing as a source file, written atomically."""
    data = merged.briefing.model_dump(mode="json", exclude_defaults=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    contributors = ", ".join(merged.contributors)
    header = f"# Merged with `briefing merge` from the notes of {contributors}.\n"
    return write_atomic(output, (header + text).encode("utf-8"))


def _contribution(path: Path, shown: str) -> Contribution:
    briefing = load_briefing(path, shown)
    document = load(path, shown)
    author = briefing.meta.author
    contributor = author.plain.strip() if author is not None and author.plain.strip() else ""
    return Contribution(
        path,
        shown,
        contributor or path.stem,
        briefing,
        document,
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )


def _tracks(contributions: Sequence[Contribution], conflicts: list[str]) -> list[Track]:
    ids: dict[str, list[tuple[Contribution, int, Track]]] = {}
    for contribution in contributions:
        for index, track in enumerate(contribution.briefing.tracks):
            ids.setdefault(track.id, []).append((contribution, index, track))
    tracks = []
    for track_id, found in ids.items():
        names = [(c, ("tracks", i, "name"), t.name) for c, i, t in found]
        name = _settle(f"track {track_id!r} name", names, conflicts)
        base = next(t for _, _, t in found if t.name == name)
        summary = next((t.summary for _, _, t in found if t.summary), None)
        headline = next((t.headline for _, _, t in found if t.headline), None)
        tracks.append(base.model_copy(update={"summary": summary, "headline": headline}))
    return tracks


def _sessions(contributions: Sequence[Contribution], conflicts: list[str]) -> list[dict[str, Any]]:
    codes: dict[str, list[tuple[Contribution, Session]]] = {}
    for contribution in contributions:
        for session in contribution.briefing.sessions:
            codes.setdefault(session.code.casefold(), []).append((contribution, session))
    return [_session(found, conflicts) for found in codes.values()]


def _session(found: list[tuple[Contribution, Session]], conflicts: list[str]) -> dict[str, Any]:
    first = found[0][1]
    data = first.model_dump(mode="json", exclude_defaults=True)
    for field in _SCALARS:
        values = [
            (c, ("sessions", c.session_index(s.code), field), getattr(s, field))
            for c, s in found
            if getattr(s, field) is not None
        ]
        if not values:
            continue
        what = f"{first.code} {_LABELS.get(field, field)}"
        winner = _settle(what, values, conflicts)
        data[field] = _dumped(winner)
    for field in _LISTS:
        items = _united(item for _, s in found for item in getattr(s, field))
        if items:
            data[field] = [_dumped(item) for item in items]
    chart = next((s.chart for _, s in found if s.chart), None)
    if chart is not None:
        data["chart"] = _dumped(chart)
    notes = _united(s.notes for _, s in found if s.notes is not None)
    if notes:
        data["notes"] = "\n\n".join(_dumped(n) for n in notes)
    catalog = next((s.catalog for _, s in found if s.catalog is not None), None)
    if catalog is not None:
        data["catalog"] = catalog.model_dump(mode="json", exclude_defaults=True)
    data["notes_by"] = list(
        dict.fromkeys(name for c, s in found for name in (s.notes_by or (c.contributor,)))
    )
    return data


def _settle(
    what: str, values: list[tuple[Contribution, tuple[Any, ...], Any]], conflicts: list[str]
) -> Any:
    """The value most files give (a tie: the first in the canonical order); a line for each
    file whose value differs from it."""
    keys = [_key(value) for _, _, value in values]
    counts = Counter(keys)
    best = max(counts.values())
    winner_key = next(key for key in keys if counts[key] == best)
    winner_at = keys.index(winner_key)
    winner_contribution, winner_loc, winner = values[winner_at]
    for (contribution, loc, value), key in zip(values, keys, strict=True):
        if key != winner_key:
            conflicts.append(
                f"{contribution.where(*loc)}: {what} {_quoted(value)} differs from "
                f"{_quoted(winner)} at {winner_contribution.where(*winner_loc)}; kept "
                f"{_quoted(winner)} (given by {counts[winner_key]} of {len(values)} files; a "
                "tie goes to the first contributor by name)"
            )
    return winner


def _united(items: Iterable[Any]) -> list[Any]:
    """Each distinct item once, in order; text compared without case, spacing or markup."""
    seen: set[Any] = set()
    kept = []
    for item in items:
        key = _key(item)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _key(value: Any) -> Any:
    if isinstance(value, RichText):
        return " ".join(value.plain.casefold().split())
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if hasattr(value, "model_dump"):
        return repr(sorted(value.model_dump(mode="json").items()))
    return value


def _dumped(value: Any) -> Any:
    if isinstance(value, RichText):
        return value.source
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    return value


def _quoted(value: Any) -> str:
    text = value.plain if isinstance(value, RichText) else str(value)
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _bare(session: dict[str, Any]) -> bool:
    """An imported catalog session without a note from anyone."""
    return "catalog" in session and not any(session.get(field) for field in _NOTES)


def _coverage(sessions: list[dict[str, Any]]) -> str | None:
    """How many catalog sessions (from ``briefing import``) nobody wrote notes for."""
    imported = [s for s in sessions if "catalog" in s]
    if not imported:
        return None
    bare = [s["code"] for s in imported if _bare(s)]
    if not bare:
        return f"every one of the {len(imported)} catalog sessions has notes"
    listed = ", ".join(bare[:10]) + (f" and {len(bare) - 10} more" if len(bare) > 10 else "")
    return (
        f"{len(bare)} of {len(imported)} catalog sessions have no notes from anyone and are "
        f"left out: {listed}"
    )
