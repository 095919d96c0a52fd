"""Reading an import's input: size limits, JSON with the line of every value, and problems
collected with where they stand, so one run reports all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import Location, Problem, SourceError
from briefing.model import kind_of as kind
from briefing.yamlfile import MAX_BYTES, Document, Path_, decode, loads

__all__ = [
    "JsonInput",
    "JsonPath",
    "Problems",
    "decode",
    "dotted",
    "fail",
    "kind",
    "load_json",
    "read_input",
]

JsonPath = Path_


def read_input(path: Path, name: str) -> bytes:
    """The bytes of an input file, refused past the size limit sources have (10 MiB)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(name, f"the file is {size / 2**20:.1f} MiB; imports are limited to 10 MiB")
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(name, "no such file; check the path") from None
    except IsADirectoryError:
        raise fail(name, "this is a folder, not a file") from None
    except OSError as exc:
        raise fail(name, f"cannot read the file: {exc.strerror or exc}") from None


def fail(name: str, message: str, line: int = 1, column: int = 1) -> SourceError:
    return SourceError([Problem(Location(name, line, column), message)])


def dotted(path: JsonPath) -> str:
    """A JSON path as people write it: sessions[3].title."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


@dataclass
class Problems:
    """Problems found while reading one input; raised together at the end."""

    found: list[Problem] = field(default_factory=list)

    def add(self, location: Location, message: str) -> None:
        problem = Problem(location, message)
        if problem not in self.found:  # a value read twice is reported once
            self.found.append(problem)

    def raise_any(self) -> None:
        if self.found:
            raise SourceError(self.found)


@dataclass
class JsonInput:
    """A JSON document, where each of its values stands, and the problems found in it."""

    name: str
    data: Any
    positions: Document | None
    problems: Problems = field(default_factory=Problems)

    def where(self, path: JsonPath) -> Location:
        if self.positions is None:
            return Location(self.name, 1, 1)
        return self.positions.location(path)

    def problem(self, path: JsonPath, message: str) -> None:
        self.problems.add(self.where(path), f"{dotted(path)}: {message}")

    def shown(self, path: JsonPath) -> str:
        """Where a value stands, for a line of the import's report."""
        where = self.where(path)
        return f"{where.path}:{where.line} ({dotted(path)})"

    # Typed access: each returns None (and records a problem) when the value has the wrong kind.

    def text(self, obj: dict[str, Any], path: JsonPath, key: str, *, required: bool = False) -> str:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem((*path, key), "missing; every entry needs one")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem((*path, key), f"expected text, got {kind(value)}")
            return ""
        return str(value)

    def items(self, obj: Any, path: JsonPath, key: str | None = None) -> list[Any]:
        value = obj.get(key) if key is not None and isinstance(obj, dict) else obj
        where = (*path, key) if key is not None else path
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, f"expected a list, got {kind(value)}")
            return []
        return value

    def mapping(self, value: Any, path: JsonPath) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping of keys, got {kind(value)}")
            return None
        return value


def load_json(raw: bytes, name: str) -> JsonInput:
    """Parse JSON; a syntax error is located at its line and column."""
    text = decode(raw, name)
    if not text.strip():
        raise fail(name, "the file is empty; export the catalog again")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(name, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise fail(name, "the JSON is nested too deeply to be a catalog") from None
    return JsonInput(name, data, _positions(raw, name))


def _positions(raw: bytes, name: str) -> Document | None:
    """Where each value stands. JSON is YAML, so the source loader finds the positions; when it
    cannot (characters YAML refuses inside strings), problems name the JSON path alone."""
    try:
        return loads(raw, name)
    except SourceError:
        return None
