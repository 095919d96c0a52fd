"""The reference: plain python-pptx building the same titles, bullets and notes as a deck."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def build(source: Path, target: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    # libyaml's loader, as briefing uses: the reference is timed for python-pptx, not PyYAML.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    layout = deck.slide_layouts[1]
    for session in data["sessions"]:
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = f"{session['code']}: {session['title']}"
        body = slide.placeholders[1].text_frame
        body.text = session["key_points"][0]
        for point in session["key_points"][1:]:
            body.add_paragraph().text = point
        slide.notes_slide.notes_text_frame.text = f"{session['summary']}\n\n{session['notes']}"
    deck.save(str(target))


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
