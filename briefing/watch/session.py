"""A live preview session: build on every save, draw only the slides and pages that changed,
and give the page its new state (or the source's problems, above the last good preview)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing import exporters, heap, log
from briefing.build import Job, prepare, run_exporter, shown
from briefing.errors import BriefingError, SourceError
from briefing.preview import SLIDE_WIDTH
from briefing.selection import Selection
from briefing.themes import Theme, load_theme
from briefing.watch.pages import page_fingerprints
from briefing.watch.raster import rasterise
from briefing.watch.renderer import Renderer
from briefing.watch.server import Hub
from briefing.watch.slides import Slide, read_slides, subset

PAGE_WIDTH = 1000  # pixels across a report page: readable at a glance, quick to draw
# How often the idle loop looks for a save, and whether LibreOffice is still running.
TICK = 0.25


@dataclass(frozen=True)
class Request:
    """What to preview: the options of ``briefing preview``."""

    source: Path
    theme: str | None
    selection: Selection
    density: str | None = None
    lang: str | None = None


class Session:
    """Rebuilds the preview of one source into ``workdir`` and publishes it on ``hub``."""

    def __init__(
        self,
        request: Request,
        renderer: Renderer,
        hub: Hub,
        workdir: Path,
        echo: Callable[[str, bool], None] = lambda line, err: None,
    ) -> None:
        self.request = request
        self.renderer = renderer
        self.hub = hub
        self.images = workdir / "images"
        self.build_dir = workdir / "build"
        self.render_dir = workdir / "render"
        for folder in (self.images, self.build_dir, self.render_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.changed = threading.Event()
        self._echo = echo
        self._title = request.source.stem
        self._slides: list[dict[str, Any]] = []
        self._pages: list[dict[str, Any]] = []
        self._warnings: list[str] = []
        self._report_warnings: list[str] = []
        self._shown_warnings: set[str] = set()
        self._problems: list[str] = []
        self._redrawn: list[int] = []
        self._updated = ""
        self._timings: dict[str, float] = {}
        self._downloads: dict[str, Path] = {}

    def downloads(self) -> dict[str, Path]:
        """The last good deck and report, by the name the page links them with."""
        return self._downloads

    def run(self) -> None:
        """Build now, then again after every save, until interrupted (Ctrl-C)."""
        self.rebuild()
        while True:
            if self.changed.wait(TICK):
                self.changed.clear()
                self.rebuild()
            else:
                self.renderer.keep_alive()

    def rebuild(self) -> None:
        """One update: the deck and its changed slides first (the page shows them at once),
        then the report, unless another save is already waiting."""
        try:
            job, theme = self._slides_step()
            if not self.changed.is_set():
                self._report_step(job, theme)
        except BriefingError as exc:
            self._fail(exc)
        except Exception as exc:  # a bug must not end the session: show it and go on
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            self._fail(
                BriefingError(
                    f"unexpected {type(exc).__name__}: {exc} (please report this; set "
                    "BRIEFING_DEBUG=1 to see the details)"
                )
            )

    def _slides_step(self) -> tuple[Job, Theme]:
        started = time.monotonic()
        self._redrawn = []
        self._publish("building")
        with log.captured() as warnings:
            theme = load_theme(self.request.theme)
            request = self.request
            (job,) = prepare(
                [request.source], request.selection, self.build_dir, request.density, request.lang
            )
            deck = self._export("pptx", job, theme)
        built = time.monotonic()
        slides = read_slides(deck)
        missing = self._missing(slides, "slide")
        if missing:
            self._publish("drawing slides")
            small = subset(deck, missing, self.render_dir / "slides.pptx")
            pdf = self.renderer.to_pdf(small, self.render_dir / "slides.pdf")
            rasterise(
                pdf,
                [(n, self._image("slide", s.fingerprint)) for n, s in enumerate(missing, 1)],
                SLIDE_WIDTH,
            )
        fresh = {s.fingerprint for s in missing}
        self._title = job.base.name
        self._slides = [
            {"number": s.number, "image": self._url("slide", s.fingerprint), "notes": s.notes}
            for s in slides
        ]
        self._redrawn = [s.number for s in slides if s.fingerprint in fresh]
        self._warnings = warnings
        self._problems = []
        self._downloads = {**self._downloads, "deck": deck}  # read by the server's threads
        self._updated = time.strftime("%H:%M:%S")
        self._timings = {"deck": built - started, "slides": time.monotonic() - built}
        self._publish("drawing report")
        self._say_warnings()
        self._echo(
            f"{self._updated} slides: {len(self._redrawn)} of {len(slides)} redrawn "
            f"({time.monotonic() - started:.1f} s)",
            False,
        )
        return job, theme

    def _report_step(self, job: Job, theme: Theme) -> None:
        started = time.monotonic()
        with log.captured() as warnings, _page_numbers_off():
            report = self._export("docx", job, theme)
        pdf = self.renderer.to_pdf(report, self.render_dir / "report.pdf")
        prints = page_fingerprints(pdf)
        needed: dict[str, int] = {}
        for number, fingerprint in enumerate(prints, start=1):
            if not self._image("page", fingerprint).is_file():
                needed.setdefault(fingerprint, number)
        rasterise(pdf, [(n, self._image("page", fp)) for fp, n in needed.items()], PAGE_WIDTH)
        self._pages = [
            {"number": n, "image": self._url("page", fp)} for n, fp in enumerate(prints, start=1)
        ]
        self._report_warnings = warnings
        self._downloads = {**self._downloads, "report": report}
        self._timings["report"] = time.monotonic() - started
        self._publish("ready")
        self._say_warnings()
        self._echo(
            f"{time.strftime('%H:%M:%S')} report: {len(needed)} of {len(prints)} pages redrawn "
            f"({time.monotonic() - started:.1f} s)",
            False,
        )

    def _export(self, fmt: str, job: Job, theme: Theme) -> Path:
        with heap.long_lived():
            return run_exporter(exporters.get(fmt), job, theme)[0]

    def _missing(self, slides: Sequence[Slide], kind: str) -> list[Slide]:
        """The slides without a picture yet, each look once, in deck order."""
        missing: dict[str, Slide] = {}
        for slide in slides:
            if not self._image(kind, slide.fingerprint).is_file():
                missing.setdefault(slide.fingerprint, slide)
        return list(missing.values())

    def _image(self, kind: str, fingerprint: str) -> Path:
        return self.images / f"{kind}-{fingerprint}.jpg"

    def _url(self, kind: str, fingerprint: str) -> str:
        return f"/images/{kind}-{fingerprint}.jpg"

    def _fail(self, exc: BriefingError) -> None:
        if isinstance(exc, SourceError):
            self._problems = [str(problem) for problem in exc.problems]
        else:
            self._problems = exc.format_message().splitlines()
        self._publish("ready")
        for line in self._problems:
            self._echo(line, True)
        kept = "the page keeps the last good preview" if self._slides else "nothing to show yet"
        self._echo(f"{time.strftime('%H:%M:%S')} not updated ({kept}); save a fix", True)

    def _say_warnings(self) -> None:
        """Warnings on the terminal once each (the page lists them all, every time)."""
        for warning in [*self._warnings, *self._report_warnings]:
            if warning not in self._shown_warnings:
                self._shown_warnings.add(warning)
                self._echo(f"Warning: {warning}", True)

    def _publish(self, phase: str) -> None:
        self.hub.publish(
            {
                "title": self._title,
                "source": shown(self.request.source),
                "phase": phase,
                "slides": self._slides,
                "pages": self._pages,
                "warnings": [*self._warnings, *self._report_warnings],
                "problems": self._problems,
                "redrawn": self._redrawn,
                "updated": self._updated,
                "timings": {k: round(v, 3) for k, v in self._timings.items()},
                "downloads": {name: f"/download/{name}" for name in sorted(self._downloads)},
            }
        )


@contextmanager
def _page_numbers_off() -> Iterator[None]:
    """The report without its contents' page numbers: numbering them lays the report out
    once more with LibreOffice, seconds on every save."""
    from briefing.exporters.docx.pagenumbers import SETTING

    before = os.environ.get(SETTING)
    os.environ[SETTING] = "off"
    try:
        yield
    finally:
        if before is None:
            del os.environ[SETTING]
        else:
            os.environ[SETTING] = before
