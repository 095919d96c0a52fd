"""Selecting part of a briefing: by track, tag, level or session code, keeping source order."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from briefing.errors import SelectionError
from briefing.model import Briefing, Session, Track, suggest

# Output names stay well within file-name limits, and readable.
MAX_SUFFIX = 60


@dataclass(frozen=True)
class Selection:
    """What to keep. Options combine with AND; repeated values of one option with OR."""

    tracks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    level: int | None = None
    sessions: tuple[str, ...] = ()

    @property
    def is_everything(self) -> bool:
        return not (self.tracks or self.tags or self.level is not None or self.sessions)


def resolve_tracks(briefing: Briefing, wanted: tuple[str, ...]) -> list[Track]:
    """The tracks named by id or name (any case), in source order."""
    chosen: set[str] = set()
    for spec in wanted:
        key = spec.strip().casefold()
        match = next(
            (t for t in briefing.tracks if key in (t.id.casefold(), t.name.casefold())), None
        )
        if match is None:
            names = [t.id for t in briefing.tracks] + [t.name for t in briefing.tracks]
            hint = suggest(spec, names)
            did_you_mean = f"did you mean {hint!r}? " if hint else ""
            listing = ", ".join(f"{t.id} ({t.name})" for t in briefing.tracks)
            raise SelectionError(
                f"unknown track {spec!r}; {did_you_mean}available tracks: {listing}"
            )
        chosen.add(match.id)
    return [t for t in briefing.tracks if t.id in chosen]


def select(briefing: Briefing, selection: Selection) -> Briefing:
    """The briefing with only the selected sessions and the tracks that still hold any."""
    if selection.is_everything:
        return briefing
    keep_tracks = {t.id for t in resolve_tracks(briefing, selection.tracks)}
    codes = _resolve_codes(briefing, selection.sessions)
    tags = _resolve_tags(briefing, selection.tags)

    def wanted(session: Session) -> bool:
        if keep_tracks and session.track not in keep_tracks:
            return False
        if tags and not tags.intersection(t.casefold() for t in session.tags):
            return False
        if selection.level is not None and (session.level or 0) < selection.level:
            return False
        return not (codes and session.code.casefold() not in codes)

    sessions = tuple(s for s in briefing.sessions if wanted(s))
    if not sessions:
        raise SelectionError(
            f"the selection ({describe(selection)}) matches no session; nothing was written"
        )
    used = {s.track for s in sessions}
    tracks = tuple(t for t in briefing.tracks if t.id in used)
    return briefing.model_copy(update={"tracks": tracks, "sessions": sessions})


def describe(selection: Selection) -> str:
    parts = [f"--track {t!r}" for t in selection.tracks]
    parts += [f"--tag {t!r}" for t in selection.tags]
    parts += [f"--level {selection.level}"] if selection.level is not None else []
    parts += [f"--session {c!r}" for c in selection.sessions]
    return " ".join(parts) or "everything"


def output_suffix(briefing: Briefing, selection: Selection) -> str:
    """What output names add for a selection, so a filtered build never replaces another.

    Parts come in a fixed order: track ids, ``-tag-<tags>``, ``-level<N>``,
    ``-session-<codes>``; values in source (or sorted) order, so the same selection always
    gets the same name. A suffix longer than ``MAX_SUFFIX`` keeps its start and ends in a
    short hash of the whole.
    """
    if selection.is_everything:
        return ""
    parts: list[str] = []
    if selection.tracks:
        parts += [t.id for t in resolve_tracks(briefing, selection.tracks)]
    if selection.tags:
        parts += ["tag", *(_slug(t) for t in sorted(_resolve_tags(briefing, selection.tags)))]
    if selection.level is not None:
        parts.append(f"level{selection.level}")
    if selection.sessions:
        codes = _resolve_codes(briefing, selection.sessions)
        parts += ["session"]
        parts += [_slug(s.code) for s in briefing.sessions if s.code.casefold() in codes]
    suffix = "-" + "-".join(parts)
    if len(suffix) <= MAX_SUFFIX:
        return suffix
    digest = hashlib.sha256(suffix.encode("utf-8")).hexdigest()[:8]
    head = suffix[: MAX_SUFFIX - len(digest) - 1]
    head = head[: head.rfind("-")] if head.rfind("-") > 0 else head
    return f"{head}-{digest}"


def _slug(value: str) -> str:
    """A value as a piece of a file name: lower case, runs of other characters as one '-'."""
    return re.sub(r"[^\w]+|_", "-", value.casefold()).strip("-") or "x"


def _resolve_codes(briefing: Briefing, wanted: tuple[str, ...]) -> set[str]:
    known = {s.code.casefold(): s.code for s in briefing.sessions}
    codes: set[str] = set()
    for code in wanted:
        key = code.strip().casefold()
        if key not in known:
            hint = suggest(code, known.values())
            did_you_mean = f"; did you mean {hint!r}?" if hint else ""
            raise SelectionError(
                f"unknown session {code!r}{did_you_mean} "
                "(list them with `briefing sessions SOURCE`)"
            )
        codes.add(key)
    return codes


def _resolve_tags(briefing: Briefing, wanted: tuple[str, ...]) -> set[str]:
    known = sorted({t.casefold() for s in briefing.sessions for t in s.tags})
    tags: set[str] = set()
    for tag in wanted:
        key = tag.strip().casefold()
        if key not in known:
            hint = suggest(tag, known)
            did_you_mean = f"did you mean {hint!r}? " if hint else ""
            in_use = ", ".join(known) or "(none)"
            raise SelectionError(
                f"no session is tagged {tag!r}; {did_you_mean}tags in use: {in_use}"
            )
        tags.add(key)
    return tags
