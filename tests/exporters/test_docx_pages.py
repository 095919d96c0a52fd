"""The report as leadership reads it, rendered by LibreOffice: the executive summary on page 2,
contents whose page numbers are the pages the headings are on, no page opening mid-session
without the session named, running headers that name the track, the callout on the
column's edges, and no prompt from Word on opening."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.exporters.docx.theming import tint
from briefing.libreoffice import convert
from briefing.themes import load_theme
from tests.conftest import SAMPLE
from tests.exporters.docx_helpers import EPOCH, W, all_paragraphs, open_docx, paragraph_text

pytestmark = pytest.mark.render

TITLE = "AWS re:Invent 2019"
TRACKS = ("Reliability and Scalability", "Machine Learning", "Financial Management")
SESSION_HEADING = re.compile(r"^[A-Z]{2,}[0-9]+(?:-[A-Z])?: ")
SUB_HEADINGS = ("Key points", "In numbers", "Takeaways", "Further reading", "Why it matters")


def build(tmp: Path, *args: str, env: dict[str, str | None] | None = None) -> Any:
    return CliRunner().invoke(
        cli,
        ["build", str(SAMPLE), "-t", "ccoe", "-f", "docx", "-o", str(tmp), *args],
        env={"SOURCE_DATE_EPOCH": EPOCH, "BRIEFING_PAGE_NUMBERS": None, **(env or {})},
    )


@pytest.fixture(scope="module")
def numbered(soffice_module: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The ccoe report built as a user builds it (LibreOffice available), and its PDF."""
    out = tmp_path_factory.mktemp("pages")
    result = build(out)
    assert result.exit_code == 0, result.output
    docx = out / "reinvent-2019.docx"
    pdf = convert(docx, out / "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [
        [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        for page in text.split("\f")
        if page.strip()
    ]
    return {"docx": docx, "pdf": pdf, "pages": pages, "stderr": result.stderr}


@pytest.fixture(scope="module")
def soffice_module() -> None:
    from tests.conftest import require_tool

    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("pdftoppm", "apt-get install poppler-utils")
    require_tool("soffice", "apt-get install libreoffice-writer")


def body_lines(page: list[str]) -> list[str]:
    """A page's lines without its running header (the first line) and footer (the last)."""
    assert TITLE in page[0], page[0]
    assert re.search(r"Page \d+ of \d+", page[-1]), page[-1]
    return page[1:-1]


def contents_entries(docx: Path) -> list[tuple[str, str | None]]:
    """(text, page number or None) of each contents entry, as the TOC field holds them."""
    document = open_docx(docx)
    entries = []
    for paragraph in all_paragraphs(document):
        style = paragraph._p.style or ""
        if not style.startswith("TOC") or style == "TOCHeading":
            continue
        link = paragraph._p.find(f"{W}hyperlink")
        assert link is not None, "each entry links to its heading"
        texts = [t.text or "" for t in link.iter(f"{W}t")]
        fields = [t.text or "" for t in link.iter(f"{W}instrText")]
        if fields:
            assert fields[0].strip().startswith("PAGEREF _Toc")
            entries.append(("".join(texts[:-1]), texts[-1]))
        else:
            entries.append(("".join(texts), None))
    return entries


def heads(line: str, heading: str) -> bool:
    """Whether ``line`` of a page is ``heading`` (or, for a heading that wraps, starts it)."""
    return line == heading or (len(heading) > 40 and line.startswith(heading[:40]))


def test_page_two_is_the_executive_summary_led_by_three_bold_lines(
    numbered: dict[str, Any],
) -> None:
    page = body_lines(numbered["pages"][1])
    assert page[0] == "Executive summary"
    assert page[1] == "In brief"
    text = " ".join(page)
    assert "Resilience is designed in and rehearsed from the start" in text
    assert "12 sessions in 3 tracks" in text
    assert text.index("In brief") < text.index("Our Group AWS") < text.index("12 sessions")
    assert body_lines(numbered["pages"][2])[0] == "Contents"
    document = open_docx(numbered["docx"])
    lines = [p for p in all_paragraphs(document) if p.style.name == "Recommendation"]
    assert len(lines) == 3
    assert all(run.bold is not False for p in lines for run in p.runs)


def test_contents_numbers_are_the_pages_the_headings_are_on(numbered: dict[str, Any]) -> None:
    entries = contents_entries(numbered["docx"])
    assert len(entries) == 1 + 3 + 12 + 1
    assert all(number is not None and number.isdigit() for _, number in entries), entries
    pages = numbered["pages"]
    contents_page = next(
        i for i, page in enumerate(pages[1:], start=1) if body_lines(page)[0] == "Contents"
    )
    for text, number in entries:
        assert number is not None
        found = [
            index + 1
            for index, page in enumerate(pages)
            if index not in (0, contents_page)
            and any(heads(line, text) for line in body_lines(page))
        ]
        assert found, text
        assert found[0] == int(number), (text, number, found)
    # The numbers are printed on the contents page too, after the dot leaders.
    printed = " ".join(pages[contents_page])
    assert re.search(r"DAT404-R: Aurora Multi Master .*\.{5,} ?4\b", printed), printed


def test_no_page_opens_mid_session_and_headers_name_the_track(numbered: dict[str, Any]) -> None:
    pages = numbered["pages"]
    track = None
    openings = []
    for page in pages[3:]:
        lines = body_lines(page)
        first = lines[0]
        openings.append(first)
        if first in TRACKS:
            track = first
        elif first.startswith("Appendix"):
            track = "Appendix"
        assert track is not None
        assert track in page[0], (track, page[0])
        if track in TRACKS:
            assert first in TRACKS or SESSION_HEADING.match(first), first
            assert not first.startswith((*SUB_HEADINGS, "•")), first
    # Sessions do continue over a page: the page then opens on the session's heading again.
    codes = [first.split(":")[0] for first in openings if SESSION_HEADING.match(first)]
    assert codes, openings
    assert not any(page[0].strip() == TITLE for page in pages[3:-1])


def test_the_callout_and_the_tables_share_the_column_edges(numbered: dict[str, Any]) -> None:
    from PIL import Image

    folder = numbered["pdf"].parent
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "2", "-l", "4", "-png", str(numbered["pdf"]),
         str(folder / "page")],
        check=True,
    )  # fmt: skip
    theme = load_theme("ccoe")
    primary = theme.colors.primary.lstrip("#")
    box = tint(primary.upper(), 0.9)

    def extent(path: Path, hex_colour: str) -> tuple[int, int]:
        image = Image.open(path).convert("RGB")
        want = tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
        xs = [
            x
            for y in range(0, image.height, 2)
            for x in range(image.width)
            if all(abs(a - b) <= 4 for a, b in zip(image.getpixel((x, y)), want, strict=True))
        ]
        assert xs, f"no {hex_colour} on {path.name}"
        return min(xs), max(xs)

    pngs = sorted(folder.glob("page-*.png"))
    table_left, table_right = extent(pngs[0], primary)  # the sessions-per-track header row
    callout_left, _ = extent(pngs[2], primary)  # the callout's bar (and headings' rule)
    _, callout_right = extent(pngs[2], box)
    assert abs(callout_left - table_left) <= 2, (callout_left, table_left)
    assert abs(callout_right - table_right) <= 2, (callout_right, table_right)


def test_word_is_not_asked_to_update_fields(numbered: dict[str, Any], tmp_path: Path) -> None:
    settings = zipfile.ZipFile(numbered["docx"]).read("word/settings.xml").decode()
    assert "updateFields" not in settings
    result = build(tmp_path, env={"BRIEFING_PAGE_NUMBERS": "off"})
    assert result.exit_code == 0, result.output
    settings = zipfile.ZipFile(tmp_path / "reinvent-2019.docx").read("word/settings.xml")
    assert b"updateFields" not in settings


def test_without_libreoffice_the_contents_are_links_and_one_line_says_so(
    numbered: dict[str, Any], tmp_path: Path
) -> None:
    assert "page numbers" not in numbered["stderr"]
    result = build(tmp_path, env={"BRIEFING_SOFFICE": str(tmp_path / "no-soffice")})
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "page numbers" in line]
    assert len(said) == 1, result.stderr
    assert "LibreOffice" in said[0] and "Update Field" in said[0]
    entries = contents_entries(tmp_path / "reinvent-2019.docx")
    assert [text for text, _ in entries] == [text for text, _ in contents_entries(numbered["docx"])]
    assert all(number is None for _, number in entries)


def test_the_numbered_report_is_valid_open_xml(numbered: dict[str, Any]) -> None:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(numbered["docx"]))
    assert result.is_valid, [str(error) for error in result.errors][:10]


def test_the_same_source_gives_the_same_numbered_report(
    numbered: dict[str, Any], tmp_path: Path
) -> None:
    result = build(tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reinvent-2019.docx").read_bytes() == numbered["docx"].read_bytes()
    texts = [paragraph_text(p) for p in all_paragraphs(open_docx(numbered["docx"]))]
    assert "Contents" in texts
