"""The build pipeline: load every source, select, theme, and hand each one to the exporters."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from briefing import exporters, heap, parallel, progress
from briefing.errors import BriefingError, BuildError, ExporterError
from briefing.i18n import LanguageError, parse_tag
from briefing.model import Briefing
from briefing.selection import Selection, output_suffix, select
from briefing.source import load_briefing
from briefing.themes import Theme, load_theme

DEFAULT_FORMATS = ("pptx", "docx")
SOURCES_DIR = Path("sources")


@dataclass(frozen=True)
class Job:
    """One source, selected, ready to export to ``base`` (an output path without extension)."""

    source: Path
    briefing: Briefing
    base: Path


def default_formats() -> tuple[str, ...]:
    """pptx and docx when installed; otherwise whatever the registry offers first."""
    registry = exporters.discover()
    chosen = tuple(f for f in DEFAULT_FORMATS if f in registry)
    return chosen or tuple(sorted(registry))[:1]


def find_sources(sources: Sequence[Path]) -> list[Path]:
    """The given sources, or every ``*.yaml`` in ./sources when none is given."""
    if sources:
        return list(sources)
    found = sorted([*SOURCES_DIR.glob("*.yaml"), *SOURCES_DIR.glob("*.yml")])
    if not found:
        raise BriefingError(
            "no source given and no *.yaml in ./sources; name a source file, "
            "or create one with `briefing new sources/my-event.yaml`"
        )
    return found


def shown(path: Path) -> str:
    """A path as the user would type it: relative when inside the current folder."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def prepare(
    sources: Sequence[Path],
    selection: Selection,
    output_dir: Path,
    density: str | None = None,
    lang: str | None = None,
    *,
    merge: bool = False,
) -> list[Job]:
    """Load and select every source first, so that a bad one stops the build before any write;
    ``density`` overrides each source's ``deck: {density: ...}``, ``lang`` its ``lang:``."""
    jobs: list[Job] = []
    claimed: dict[str, Job] = {}
    language = language_option(lang)
    found = _distinct(find_sources(sources))
    # With merge, the sources are one briefing (briefing.merge), named after them all.
    loaded = (
        [_merged(found)]
        if merge
        else [(source, load_briefing(source, shown(source))) for source in found]
    )
    for source, briefing in loaded:
        selected = select(briefing, selection)
        if density is not None:
            meta = selected.meta
            deck = meta.deck.model_copy(update={"density": density})
            selected = selected.model_copy(
                update={"briefing": meta.model_copy(update={"deck": deck})}
            )
        if language is not None:
            meta = selected.meta.model_copy(update={"lang": language})
            selected = selected.model_copy(update={"briefing": meta})
        job = Job(source, selected, output_dir / (source.stem + output_suffix(briefing, selection)))
        # Case-insensitive file systems (macOS, Windows) treat these names as one.
        earlier = claimed.setdefault(job.base.name.casefold(), job)
        if earlier is not job:
            raise BuildError(
                f"{shown(earlier.source)} and {shown(source)} would both write "
                f"{shown(output_dir / earlier.base.name)}.*; nothing was written. Build them "
                "one at a time, each with its own -o folder, or rename one of the sources"
            )
        jobs.append(job)
    return jobs


def language_option(lang: str | None) -> str | None:
    """The tag ``--lang`` gives, normalised (de-de -> de-DE); None when not given."""
    if lang is None:
        return None
    try:
        return parse_tag(lang).tag
    except LanguageError as exc:
        raise BriefingError(f"--lang {lang}: {exc}") from None


def _merged(sources: Sequence[Path]) -> tuple[Path, Briefing]:
    """The sources merged into one briefing, and the path its outputs are named after: the
    sources' names joined with "+" (in name order, so the order given does not matter)."""
    from briefing.log import warn
    from briefing.merge import merge

    merged = merge(sources, shown)
    for line in merged.conflicts:
        warn(f"conflict: {line}")
    if merged.coverage:
        warn(f"coverage: {merged.coverage}")
    stems = sorted({source.stem for source in sources})
    name = "+".join(stems)
    if len(name) > 60:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{stems[0]}+{len(stems) - 1}-more-{digest}"
    return sources[0].with_name(name), merged.briefing


def _distinct(sources: Sequence[Path]) -> list[Path]:
    """The sources, each file once even when named twice."""
    seen: set[Path] = set()
    unique = []
    for source in sources:
        key = source.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def build(
    sources: Sequence[Path],
    formats: Sequence[str],
    theme: str | None,
    selection: Selection,
    output_dir: Path,
    density: str | None = None,
    lang: str | None = None,
    *,
    merge: bool = False,
    jobs: int | None = None,
) -> list[Path]:
    """Build every source in every format; return the files written. Up to ``jobs`` exports
    run at once (default: one per processor; see briefing.parallel)."""
    chosen = [exporters.get(name) for name in dict.fromkeys(formats or default_formats())]
    resolved = load_theme(theme)
    prepared = prepare(sources, selection, output_dir, density, lang, merge=merge)
    if output_dir.exists() and not output_dir.is_dir():
        raise BuildError(f"the output folder {output_dir} is a file; choose another with -o")
    progress.current().begin(len(chosen) * sum(len(job.briefing.sessions) for job in prepared))
    pairs = [(job, exporter) for job in prepared for exporter in chosen]
    names = [f"{job.base.name}.{exporter.extensions[0]}" for job, exporter in pairs]

    def step(index: int) -> AbstractContextManager[None]:
        job = pairs[index][0]
        return progress.current().step(len(job.briefing.sessions), names[index])

    def export(index: int) -> list[Path]:
        job, exporter = pairs[index]
        with step(index):
            return run_exporter(exporter, job, resolved)

    def counted(index: int) -> None:  # an export that ran in a forked process
        with step(index):
            pass

    tasks = [functools.partial(export, index) for index in range(len(pairs))]
    with heap.long_lived():  # the loaded sources live until the build ends
        done = parallel.run(tasks, jobs or parallel.processors(), names, counted)
    return [path for written in done for path in written]


def run_exporter(exporter: exporters.Exporter, job: Job, theme: Theme) -> list[Path]:
    """Run one exporter; its unexpected failures become one clear BuildError."""
    try:
        return list(exporter.export(job.briefing, theme, job.base))
    except BriefingError:
        raise
    except MemoryError:
        raise BuildError(f"out of memory while writing {job.base} as {exporter.name}") from None
    except OSError as exc:
        target = exc.filename or job.base
        raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from None
    except Exception as exc:
        raise ExporterError(
            f"the {exporter.name!r} exporter failed on {shown(job.source)}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
