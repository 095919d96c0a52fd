"""German, whose words are long, rendered by a real client: LibreOffice shows every word of the
deck inside its box (both themes, both densities, a corporate template), and the report's and
the deck's PDFs show every heading, "Seite X von Y", and carry the language."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.cli import cli
from briefing.source import load_briefing
from tests.conftest import SAMPLE, require_tool
from tests.exporters.pptx_helpers import EPOCH, build_dated, make_template, template_theme
from tests.render import broken_words, overlapping_words, problems, read_rendering, render

pytestmark = pytest.mark.render
GERMAN = ("--lang", "de-DE")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("soffice", "apt-get install libreoffice-impress libreoffice-writer")
    return tmp_path_factory.mktemp("german")


@pytest.mark.parametrize(
    ("theme", "density"),
    [("default", "summary"), ("ccoe", "summary"), ("default", "full"), ("ccoe", "full"),
     ("template", "summary")],
)  # fmt: skip
def test_every_german_word_shows_inside_its_box(work: Path, theme: str, density: str) -> None:
    name = f"{theme}-{density}"
    spec = theme
    if theme == "template":
        spec = str(template_theme(work / "template-theme", make_template(work / "corp.pptx")))
    deck = build_dated(SAMPLE, spec, work / name, "--density", density, *GERMAN)
    pdf = render(deck, work / f"{name}-pdf")
    assert problems(deck, pdf) == []
    rendering = read_rendering(deck, pdf)
    assert broken_words(rendering) == []
    assert overlapping_words(rendering) == []
    text = " ".join(word.text for page in rendering.pages for word in page.words)
    assert "kernpunkte" in text and "erkenntnisse" in text  # pdftotext's words, case-folded


@pytest.fixture(scope="module")
def pdfs(work: Path) -> dict[str, Path]:
    """The sample's deck and report in German as the pdf exporter writes them."""
    out = work / "pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(
            cli, ["build", str(SAMPLE), "-f", "pdf", "-t", "ccoe", "-o", str(out), *GERMAN]
        )
    assert result.exit_code == 0, result.output
    return {"deck": out / "reinvent-2019-deck.pdf", "report": out / "reinvent-2019-report.pdf"}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("part", ["deck", "report"])
def test_the_pdfs_carry_the_language(pdfs: dict[str, Path], part: str) -> None:
    reader = PdfReader(io.BytesIO(pdfs[part].read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"


def test_the_german_report_shows_its_headings_and_page_numbers(pdfs: dict[str, Path]) -> None:
    pages = _pages(pdfs["report"])
    text = " ".join(pages)
    for heading in ("Das Wichtigste in Kürze", "Inhalt", "Anhang: Verzeichnis der Vorträge",
                    "Kernpunkte", "Erkenntnisse", "Bedeutung für uns", "In Zahlen"):  # fmt: skip
        assert heading in text, heading
    for session in load_briefing(SAMPLE).sessions:
        assert session.code in text
    assert "Seite 1 von" not in pages[0]  # the cover has no footer
    for number, page in enumerate(pages[1:], start=2):
        assert f"Seite {number} von {len(pages)}" in page
    assert "20. Dezember 2019" in pages[0]
