"""Reading a source file into a validated Briefing, with every problem located in the file."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefing import heap
from briefing.errors import Problem, SourceError
from briefing.log import warn
from briefing.model import Briefing, consistency_problems, suggest
from briefing.yamlfile import Document, Path_, load

M = TypeVar("M", bound=BaseModel)


def load_briefing(path: Path, shown: str | None = None) -> Briefing:
    """Load and validate a source; raise SourceError listing every problem at once."""
    with heap.paused():
        document = load(path, shown)
        briefing = validate_document(document, Briefing, extra_checks=_cross_checks)
    for warning in document.warnings:
        warn(str(warning))
    return _without_empty_tracks(briefing, document)


def _without_empty_tracks(briefing: Briefing, document: Document) -> Briefing:
    """Drop tracks no session belongs to, with a located warning for each: published, they
    would be an empty divider, an agenda entry for nothing and a blank report page."""
    used = {session.track for session in briefing.sessions}
    if len(used) == len(briefing.tracks):
        return briefing
    for index, track in enumerate(briefing.tracks):
        if track.id not in used:
            where = document.location(("tracks", index))
            warn(
                f"{where}: track {track.id!r} has no sessions and is left out of every output; "
                f"give a session 'track: {track.id}', or remove the track"
            )
    kept = tuple(track for track in briefing.tracks if track.id in used)
    return briefing.model_copy(update={"tracks": kept})


def validate_document(
    document: Document,
    model: type[M],
    extra_checks: Callable[[Any], list[tuple[Path_, str]]] | None = None,
) -> M:
    """Validate plain data against ``model``, turning every error into a located Problem."""
    data = document.data
    if not isinstance(data, dict):
        raise SourceError(
            [
                Problem(
                    document.location(()),
                    f"expected a mapping of keys (such as {_example_keys(model)}) at the top of "
                    f"the file, got {_kind(data)}",
                )
            ]
        )
    problems: list[Problem] = []
    result: M | None = None
    try:
        with heap.paused():
            result = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if error["type"] == "value_error" and loc == ():
                continue  # cross-item checks; reported with positions below
            if error["type"] == "too_short" and error.get("input"):
                continue  # every item failed; the items' own errors say why
            problems.append(_problem(document, model, loc, error))
    if extra_checks is not None:
        for loc, message in extra_checks(data):
            problems.append(Problem(document.location(loc), f"{_dotted(loc)}: {message}"))
    if problems:
        raise SourceError(_unique(problems))
    assert result is not None
    return result


def _cross_checks(data: dict[str, Any]) -> list[tuple[Path_, str]]:
    tracks = data.get("tracks")
    sessions = data.get("sessions")
    track_ids = [
        _name(t.get("id")) if isinstance(t, dict) else None
        for t in (tracks if isinstance(tracks, list) else [])
    ]
    pairs = [
        (_name(s.get("code")), _name(s.get("track"))) if isinstance(s, dict) else (None, None)
        for s in (sessions if isinstance(sessions, list) else [])
    ]
    return consistency_problems(track_ids, pairs)


def _name(value: object) -> str | None:
    """A name as the model reads it (spaces around it dropped); None when it is no name."""
    return value.strip() or None if isinstance(value, str) else None


def _problem(document: Document, model: type[BaseModel], loc: Path_, error: Any) -> Problem:
    kind = error["type"]
    parent = loc[:-1]
    if kind == "missing":
        key = loc[-1]
        where = _dotted(parent) or "the top level"
        return Problem(
            document.location(parent),
            f"{where}: missing required key {key!r}{_required_hint(model, loc)}",
        )
    if kind == "extra_forbidden":
        key = str(loc[-1])
        fields = _fields_at(model, parent)
        hint = suggest(key, fields) if fields else None
        where = _dotted(parent) or "the top level"
        fix = f"did you mean {hint!r}?" if hint else f"allowed keys: {', '.join(fields)}"
        return Problem(document.location(loc, key=True), f"{where}: unknown key {key!r}; {fix}")
    loc = _known_prefix(document, loc)
    value = _value_at(document.data, loc)
    return Problem(document.location(loc), f"{_dotted(loc)}: {_message(kind, error, value)}")


def _message(kind: str, error: Any, value: object) -> str:
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys, got {_kind(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list (one '- item' per line), got {_kind(value)}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "too_long":
        most, got = error["ctx"]["max_length"], error["ctx"]["actual_length"]
        return f"at most {most} entries, got {got}; keep the {most} that matter most"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"expected a date as YYYY-MM-DD, e.g. 2019-12-20, got {value!r}"
    if kind.startswith("int") or kind.startswith("float"):
        return f"expected a number, got {_kind(value)}"
    return str(error["msg"])


def _kind(value: object) -> str:
    from briefing.model import kind_of

    return kind_of(value)


def _known_prefix(document: Document, loc: Path_) -> Path_:
    """Drop pydantic's internal loc parts (union branches) that name nothing in the file."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in document.values:
            return loc[:end]
    return ()


def _value_at(data: Any, loc: Path_) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    return out


def _model_at(model: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Unwrap Optional, tuple[...] and Annotated down to a model class, if there is one."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    target = _model_at(model, loc)
    return list(target.model_fields) if target else []


def _required_hint(model: type[BaseModel], loc: Path_) -> str:
    target = _model_at(model, loc[:-1])
    if target is None:
        return ""
    field = target.model_fields.get(str(loc[-1]))
    annotation = _inner_model(field.annotation) if field else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"; add '{loc[-1]}:' with keys {_example_keys(annotation)}"
    return f"; add '{loc[-1]}: ...'"


def _example_keys(model: type[BaseModel]) -> str:
    required = [name for name, f in model.model_fields.items() if f.is_required()]
    return ", ".join(required)
