"""Every import builds: the deck and the report hold each imported session."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from briefing.build import build
from briefing.selection import Selection
from tests.importers import payloads
from tests.importers.helpers import imported

INPUTS = {
    "sessionize": ("all.json", lambda: payloads.dumps(payloads.sessionize_all())),
    "pretalx": ("schedule.json", lambda: payloads.dumps(payloads.pretalx_json())),
    "frab": ("schedule.xml", payloads.frab_xml),
    "ics": ("my.ics", payloads.agenda_ics),
    "csv": ("talks.csv", lambda: payloads.CSV.encode()),
}


@pytest.mark.parametrize("format_name", list(INPUTS))
def test_an_import_builds_a_deck_and_a_report(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, format_name: str
) -> None:
    monkeypatch.setenv("BRIEFING_PAGE_NUMBERS", "off")
    name, payload = INPUTS[format_name]
    (workdir / name).write_bytes(payload())
    _, briefing = imported(format_name, name, "-o", "sources/event.yaml")
    written = build([Path("sources/event.yaml")], ("pptx", "docx"), None, Selection(), Path("out"))
    assert sorted(path.name for path in written) == ["event.docx", "event.pptx"]
    slides = "\n".join(
        shape.text_frame.text
        for slide in Presentation(str(workdir / "out/event.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    report = "\n".join(p.text for p in Document(str(workdir / "out/event.docx")).paragraphs)
    for session in briefing.sessions:
        assert session.title.plain in slides
        assert session.title.plain in report
