"""The one exception hierarchy: every error a user can see, and how it is shown."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import IO

import click


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One located problem in a source or theme file."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class BriefingError(click.ClickException):
    """Base of every error briefing reports to a user; shown as one line, exit status 1."""

    exit_code = 1

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file or sys.stderr)


class SourceError(BriefingError):
    """A source (or theme) file has one or more located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.location)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SourceError], tuple[list[Problem]]]:
        return (type(self), (self.problems,))  # pickled as its problems, not its message

    def show(self, file: IO[str] | None = None) -> None:
        out = file or sys.stderr
        for problem in self.problems:
            click.echo(str(problem), file=out)
        count = len(self.problems)
        paths = sorted({p.location.path for p in self.problems})
        noun = "problem" if count == 1 else "problems"
        click.echo(f"{count} {noun} found in {', '.join(paths)}; nothing was written.", file=out)


class ThemeError(BriefingError):
    """A theme cannot be found or its assets cannot be used."""


class SelectionError(BriefingError):
    """A selection (--track, --session, ...) names nothing, or selects nothing."""


class ExporterError(BriefingError):
    """An exporter is unknown, clashes with another, or is unavailable here."""


class BuildError(BriefingError):
    """Writing an output failed; earlier outputs are left as they were."""


class DeliveryError(BriefingError):
    """Sending the report by email failed."""
