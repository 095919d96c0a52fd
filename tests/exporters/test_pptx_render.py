"""Decks rendered by a real client: LibreOffice must show every word, inside its box, on the
page, for the sample in both themes, a template theme, a template LibreOffice saved, and the
stress source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.libreoffice import convert
from tests.conftest import SAMPLE, require_tool
from tests.exporters.pptx_helpers import EPOCH, build, make_template, template_theme
from tests.render import (
    broken_words,
    overlapping_words,
    pdf_pages,
    problems,
    read_rendering,
    render,
)

pytestmark = pytest.mark.render

STRESS = Path(__file__).resolve().parent.parent / "data" / "stress.yaml"
SHAPES = Path(__file__).resolve().parent.parent / "data" / "shapes.yaml"


@pytest.fixture(scope="module")
def tools() -> None:
    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("soffice", "apt-get install libreoffice-impress libreoffice-writer")


@pytest.fixture(scope="module")
def work(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("render")


@pytest.fixture(scope="module")
def templates(work: Path) -> dict[str, Path]:
    """Theme folders on a template made with python-pptx, and on the same one re-saved by
    LibreOffice (its own layout names, every placeholder idx 0, two masters)."""
    made = make_template(work / "corporate.pptx")
    resaved = convert(made, work / "resaved", "pptx")
    return {
        "template": template_theme(work / "template-theme", made),
        "resaved": template_theme(work / "resaved-theme", resaved),
    }


def rendered(work: Path, source: Path, theme: str, name: str, *options: str) -> tuple[Path, Path]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        deck = build(source, theme, work / name, *options)
    finally:
        mp.undo()
    return deck, render(deck, work / name)


@pytest.mark.parametrize(
    ("source", "theme", "density"),
    [
        (SAMPLE, "default", "summary"),
        (SAMPLE, "ccoe", "summary"),
        (SAMPLE, "default", "full"),
        (SAMPLE, "ccoe", "full"),
        (SAMPLE, "template", "summary"),
        (SAMPLE, "resaved", "summary"),
        (STRESS, "default", "summary"),
        (STRESS, "default", "full"),
        (SHAPES, "default", "summary"),
        (SHAPES, "ccoe", "summary"),
    ],
    ids=[
        "sample-default",
        "sample-ccoe",
        "sample-default-full",
        "sample-ccoe-full",
        "sample-template",
        "sample-resaved",
        "stress",
        "stress-full",
        "shapes-default",
        "shapes-ccoe",
    ],
)
def test_every_word_shows_inside_its_box(
    work: Path, templates: dict[str, Path], source: Path, theme: str, density: str
) -> None:
    folder = str(templates[theme]) if theme in templates else theme
    name = f"{source.stem}-{theme}-{density}"
    deck, pdf = rendered(work, source, folder, name, "--density", density)
    assert problems(deck, pdf) == []
    rendering = read_rendering(deck, pdf)
    # The stress source holds a link longer than any line, which has to break, and emoji that
    # LibreOffice draws wider than their advance, over the next word, at any size.
    if source != STRESS:
        assert broken_words(rendering) == []
        assert overlapping_words(rendering) == []
    pages = pdf_pages(pdf)
    assert all(round(p.width) == 960 and round(p.height) == 540 for p in pages)  # 16:9


def test_the_check_finds_clipped_and_overflowing_text(work: Path) -> None:
    """The render check itself: text running out of its box and off the slide is caught."""
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Pt(20), Pt(20), Pt(200), Pt(30))
    box.name = "Overflowing"
    box.text_frame.word_wrap = True
    box.text_frame.text = " ".join(f"word{i}" for i in range(80))
    off = slide.shapes.add_textbox(Pt(700), Pt(300), Pt(400), Pt(30))
    off.name = "Off the slide"
    off.text_frame.text = "near faraway-word-that-runs-off-the-slide"
    deck = work / "broken.pptx"
    prs.save(str(deck))
    found = problems(deck, render(deck, work / "broken"))
    overflow = next(p for p in found if "'Overflowing'" in p)
    assert "word14" in overflow and "word0 " not in overflow  # the first line fitted
    # Beyond the page's edge: pdftotext keeps no clipped word, so it is missing from its box.
    assert any("'Off the slide'" in p and "faraway-word" in p for p in found)
    assert any("lies off the page" in p for p in found)  # words the overflow pushed below


def test_check_template_explains_a_template_libreoffice_saved(
    templates: dict[str, Path],
) -> None:
    resaved = templates["resaved"] / "corporate.pptx"
    result = CliRunner().invoke(cli, ["check-template", str(resaved)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Layouts of master 1:" in out
    assert "'Title, Content': title (idx 0), content (idx 0)" in out
    assert "Content master: master 1" in out
    assert re.search(r"closing slide +'Title, Content' \(by name", out)
    assert re.search(r"agenda and session slides +'Title Only' \(by name\)", out)
    assert "track dividers" in out
    assert "placeholders share an idx" in out
