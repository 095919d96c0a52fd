"""An update of the live preview, from save to page state, with a stand-in for LibreOffice
that records what it was asked to draw."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.selection import Selection
from briefing.watch.server import Hub
from briefing.watch.session import Request, Session
from tests.conftest import require_tool
from tests.watch.helpers import (
    BROKEN_FROM,
    BROKEN_TO,
    EDITED,
    KEY_POINT,
    deck,
    edit,
    slide_texts,
    write_pdf,
)

SOURCE = Path("sources/reinvent-2019.yaml")


class Recorder:
    """Makes a PDF of as many pages as a deck has slides (a report: two pages, the second
    depending on its text), and records the slides' texts of every deck it was given."""

    def __init__(self) -> None:
        self.decks: list[list[str]] = []
        self.reports = 0
        self.on_deck: Any = None

    def to_pdf(self, document: Path, target: Path) -> Path:
        if document.suffix == ".pptx":
            texts = slide_texts(document)
            self.decks.append(texts)
            if self.on_deck:
                self.on_deck()
            return write_pdf(target, [f"slide {n}" for n in range(1, len(texts) + 1)])
        self.reports += 1
        with zipfile.ZipFile(document) as report:
            text = hashlib.sha256(report.read("word/document.xml")).hexdigest()[:12]
        return write_pdf(target, ["report", text])

    def keep_alive(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def session(workdir: Path) -> tuple[Session, Recorder, Hub]:
    require_tool("pdftoppm", "apt-get install poppler-utils")
    recorder, hub = Recorder(), Hub()
    request = Request(SOURCE, None, Selection())
    return Session(request, recorder, hub, workdir / "preview"), recorder, hub


def state(hub: Hub) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(hub.current()[1])
    return result


def images(hub: Hub) -> list[str]:
    return [slide["image"] for slide in state(hub)["slides"]]


def test_an_edit_redraws_only_its_slide_and_a_mistake_keeps_the_last_good_preview(
    session: tuple[Session, Recorder, Hub], workdir: Path
) -> None:
    preview, recorder, hub = session
    preview.rebuild()
    expected = slide_texts(deck(SOURCE, workdir / "independent"))
    first = state(hub)
    assert first["phase"] == "ready" and first["problems"] == []
    assert len(first["slides"]) == len(expected)
    assert recorder.decks == [expected]  # every slide drawn, once
    assert all((preview.images / Path(url).name).is_file() for url in images(hub))
    assert [page["number"] for page in first["pages"]] == [1, 2]

    edit(SOURCE, KEY_POINT, EDITED)
    preview.rebuild()
    (drawn,) = recorder.decks[1]  # one slide drawn: the one with the edit
    assert EDITED in drawn
    second = state(hub)
    before = [s["image"] for s in first["slides"]]
    moved = [n for n, (a, b) in enumerate(zip(images(hub), before, strict=True), 1) if a != b]
    assert moved == second["redrawn"]
    assert len(moved) == 1 and EDITED in slide_texts(deck(SOURCE, workdir / "again"))[moved[0] - 1]

    edit(SOURCE, BROKEN_FROM, BROKEN_TO)
    preview.rebuild()
    validated = CliRunner().invoke(cli, ["validate", str(SOURCE)])
    broken = state(hub)
    assert broken["problems"] == validated.stderr.splitlines()[:-1]
    line = SOURCE.read_text("utf-8").splitlines().index("      " + BROKEN_TO) + 1
    assert broken["problems"][0].startswith(f"{SOURCE}:{line}:")
    assert images(hub) == [s["image"] for s in second["slides"]]  # the last good preview
    assert len(recorder.decks) == 2

    edit(SOURCE, BROKEN_TO, BROKEN_FROM)
    preview.rebuild()
    fixed = state(hub)
    assert fixed["problems"] == []
    assert images(hub) == [s["image"] for s in second["slides"]]
    assert len(recorder.decks) == 2  # every slide's picture was there already


def test_a_save_while_the_slides_are_drawn_leaves_the_report_for_the_next_update(
    session: tuple[Session, Recorder, Hub],
) -> None:
    preview, recorder, hub = session
    recorder.on_deck = preview.changed.set
    preview.rebuild()
    assert recorder.reports == 0
    assert state(hub)["slides"] and not state(hub)["pages"]
    preview.changed.clear()
    recorder.on_deck = None
    preview.rebuild()
    assert recorder.reports == 1 and state(hub)["pages"]


def test_warnings_of_the_build_are_on_the_page(session: tuple[Session, Recorder, Hub]) -> None:
    preview, _, hub = session
    preview.rebuild()
    warnings = state(hub)["warnings"]
    built = CliRunner().invoke(cli, ["build", str(SOURCE), "-o", "elsewhere"])
    shown = [line.removeprefix("Warning: ") for line in built.stderr.splitlines()]
    assert warnings and sorted(warnings) == sorted(shown)
