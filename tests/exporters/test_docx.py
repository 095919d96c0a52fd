"""The docx exporter: the report's structure, fields, links, lists, tables, styles and bytes."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx.enum.section import WD_SECTION

from briefing import exporters
from briefing.cli import cli
from briefing.errors import ThemeError
from briefing.exporters.docx import DocxExporter
from briefing.exporters.docx.report import render
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import SAMPLE
from tests.exporters.docx_helpers import (
    EPOCH,
    W,
    all_paragraphs,
    heading_level,
    headings,
    instructions,
    open_docx,
    paragraph_text,
    style_name,
    styles_named,
)

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
TRACKS = ["Reliability and Scalability", "Machine Learning", "Financial Management"]
CODES = [
    "DAT404-R", "CMY302", "ARC335", "ENT233-S", "DOP208", "AIM212",
    "GAM302", "ARC210", "PNU301", "ENT204", "STP15", "DOP310",
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample report in both themes, built once for the module."""
    out = tmp_path_factory.mktemp("docx")
    briefing = load_briefing(SAMPLE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {
            name: DocxExporter().export(briefing, load_theme(name), out / name)[0]
            for name in ("default", "ccoe")
        }


@pytest.fixture(scope="module")
def report(built: dict[str, Path]) -> Any:
    return open_docx(built["default"])


def test_headings_form_an_outline_track_then_sessions(report: Any) -> None:
    found = headings(report)
    level_one = [text for level, text in found if level == 1]
    assert level_one == ["Executive summary", *TRACKS, "Appendix: session index"]
    sessions_by_track: dict[str, list[str]] = {}
    current = ""
    for level, text in found:
        if level == 1:
            current = text
        elif level == 2 and current in TRACKS:
            sessions_by_track.setdefault(current, []).append(text.split(":")[0])
    assert sessions_by_track == {
        TRACKS[0]: CODES[:5],
        TRACKS[1]: CODES[5:9],
        TRACKS[2]: CODES[9:],
    }
    assert (2, "CMY302: Scaling Hotstar.com for 25 million concurrent viewers") in found
    # A proper outline never skips a level on the way down.
    levels = [level for level, _ in found]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False))


def test_cover_comes_first_and_ends_with_a_page_break(report: Any) -> None:
    texts = [paragraph_text(p) for p in all_paragraphs(report)[:12]]
    assert "AWS re:Invent 2019" in texts
    title = next(p for p in all_paragraphs(report) if paragraph_text(p) == "AWS re:Invent 2019")
    assert style_name(report, title) == "Title"
    cover_lines = " ".join(texts)
    for fact in ("Las Vegas, NV", "20 December 2019", "Group AWS Programme Manager", "StepStone"):
        assert fact in cover_lines
    contents = next(p for p in all_paragraphs(report) if paragraph_text(p) == "Contents")
    assert contents.paragraph_format.page_break_before
    assert report.inline_shapes[0]._inline.docPr.get("descr") == "StepStone logo"


def test_contents_is_a_toc_field_pre_filled_with_linked_headings(report: Any) -> None:
    body = report.element.body
    toc = [i for i in instructions(body) if i.startswith("TOC ")]
    assert toc == ['TOC \\o "1-2" \\h \\z \\u']
    entries = [p for p in all_paragraphs(report) if style_name(report, p) in ("toc 1", "toc 2")]
    assert [paragraph_text(p) for p in entries] == [
        text for level, text in headings(report) if level <= 2
    ]
    assert len(entries) > len(TRACKS) + len(CODES)
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    for entry in entries:
        (link,) = entry._p.findall(f"{W}hyperlink")
        assert link.get(f"{W}anchor") in bookmarks
    # The field begins in the first entry and ends in the last, around the entries.
    kinds = [c.get(f"{W}fldCharType") for c in entries[0]._p.iter(f"{W}fldChar")]
    assert kinds[:2] == ["begin", "separate"]
    assert [c.get(f"{W}fldCharType") for c in entries[-1]._p.iter(f"{W}fldChar")][-1] == "end"
    # Word is not asked to update fields on opening (it would ask the reader first).
    assert report.settings.element.find(f"{W}updateFields") is None


def test_footer_has_page_x_of_y_and_headers_name_the_track(report: Any) -> None:
    first, *tracks, appendix = report.sections
    assert len(tracks) == len(TRACKS)
    assert first.different_first_page_header_footer  # the cover has neither
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    assert not instructions(first.first_page_footer._element)
    footer = first.footer
    assert not footer.is_linked_to_previous
    assert instructions(footer._element) == ["PAGE", "NUMPAGES"]
    assert "Internal briefing" in paragraph_text(footer.paragraphs[0])
    assert "Page 1 of 1" in paragraph_text(footer.paragraphs[0])  # until a reader updates it
    assert paragraph_text(first.header.paragraphs[0]).strip() == "AWS re:Invent 2019"
    for section, name in zip(
        [*tracks, appendix], [*TRACKS, "Appendix: session index"], strict=True
    ):
        assert not section.different_first_page_header_footer
        assert section.footer.is_linked_to_previous  # Page X of Y runs on
        header = paragraph_text(section.header.paragraphs[0]).strip()
        assert header == f"{name}  ·  AWS re:Invent 2019"
        assert section.start_type == WD_SECTION.NEW_PAGE
    pictures = [
        pic
        for section in report.sections
        for pic in section.header._element.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert len(pictures) == len(report.sections)
    assert {pic.get("descr") for pic in pictures} == {"StepStone logo"}
    ids = [int(pic.get("id")) for pic in pictures]
    ids += [shape._inline.docPr.id for shape in report.inline_shapes]
    assert len(set(ids)) == len(ids)  # picture ids are unique across parts


def test_page_is_a4_portrait(report: Any) -> None:
    section = report.sections[-1]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_data_tables_mark_their_header_row(report: Any) -> None:
    tables = [t for t in report.tables if caption(t) in ("Sessions per track", "Session index")]
    assert len(tables) == 2
    for table in tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(f"{W}tblHeader") is not None
        shading = first.tc_lst[0].tcPr.find(f"{W}shd")
        assert shading.get(f"{W}fill") == "1B365D"
        for row in table.rows[1:]:
            assert row._tr.trPr.find(f"{W}tblHeader") is None
    index = tables[-1]
    assert [paragraph_text(c.paragraphs[0]) for c in index.rows[0].cells] == [
        "Code", "Title", "Track", "Level", "Video"
    ]  # fmt: skip
    assert [paragraph_text(r.cells[0].paragraphs[0]) for r in index.rows[1:]] == CODES
    arc210 = index.rows[1 + CODES.index("ARC210")]
    assert paragraph_text(arc210.cells[4].paragraphs[0]) == "Not yet available"


def test_each_session_is_a_table_of_rows_that_never_split(report: Any) -> None:
    sessions = [
        t
        for t in report.tables
        if caption(t).startswith("Session ") and caption(t) != "Session index"
    ]
    assert [caption(t).removeprefix("Session ") for t in sessions] == CODES
    for table in sessions:
        rows = [row._tr for row in table.rows]
        assert all(tr.trPr.find(f"{W}cantSplit") is not None for tr in rows)
        # The heading row repeats on a page the session continues on.
        assert rows[0].trPr.find(f"{W}tblHeader") is not None
        assert all(tr.trPr.find(f"{W}tblHeader") is None for tr in rows[1:])
        heading = table.rows[0].cells[0].paragraphs[0]
        assert heading_level(report, heading) == 2
        borders = table._tbl.tblPr.find(f"{W}tblBorders")
        assert {b.get(f"{W}val") for b in borders} == {"nil"}
        # Laid out as on the page: no padding, no indent, the width between the margins.
        margins = table._tbl.tblPr.find(f"{W}tblCellMar")
        assert {m.get(f"{W}w") for m in margins} == {"0"}
        # LibreOffice will not break a table where a paragraph keeps with the next.
        for p in table._tbl.iter(f"{W}p"):
            keep = p.find(f"{W}pPr/{W}keepNext")
            assert keep is not None and keep.get(f"{W}val") == "0"
    cmy302 = sessions[CODES.index("CMY302")]
    parts = [" | ".join(paragraph_text(p) for p in row.cells[0].paragraphs) for row in cmy302.rows]
    assert parts[0].startswith("CMY302: Scaling Hotstar.com")
    assert parts[2].startswith("Key points | ")
    assert parts[3] == (
        "In numbers | 25.3 million\tconcurrent streams at peak on Hotstar"
        " | 3.1 million\tconcurrent streams for the Super Bowl"
        " | 3,000\tEC2 machines used for load generation"
    )
    assert parts[4].startswith("Takeaways | ")
    assert parts[5].startswith("Why it matters")


def test_a_single_figure_is_a_bold_line_not_a_table(report: Any) -> None:
    gam302 = next(t for t in report.tables if caption(t) == "Session GAM302")
    assert not gam302._tbl.findall(f".//{W}tbl")  # no table inside
    (figure,) = [
        p
        for row in gam302.rows
        for p in row.cells[0].paragraphs
        if style_name(report, p) == "Key Figure"
    ]
    assert paragraph_text(figure) == "20 million\u2002queries per minute for Monster Hunter Explore"
    assert figure.runs[0].bold and figure.runs[0].text == "20 million"
    texts = [paragraph_text(p) for row in gam302.rows for p in row.cells[0].paragraphs]
    assert "In numbers" not in texts


def caption(table: Any) -> str:
    found = table._tbl.tblPr.find(f"{W}tblCaption")
    return found.get(f"{W}val") if found is not None else ""


def test_hyperlinks_are_real_and_only_web_or_mail(report: Any, built: dict[str, Path]) -> None:
    part = report.part
    body = report.element.body
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    external = []
    for link in body.iter(f"{W}hyperlink"):
        assert link.get(f"{W}history") == "1"
        if link.get(f"{W}anchor"):
            assert link.get(f"{W}anchor") in bookmarks
            continue
        rel = part.rels[link.get(R_ID)]
        assert rel.is_external
        assert rel.target_ref.split(":")[0] in ("http", "https", "mailto")
        styles = {r.get(f"{W}val") for r in link.iter(f"{W}rStyle")}
        assert styles == {"Hyperlink"}
        external.append(rel.target_ref)
    assert "https://www.youtube.com/results?search_query=AWS+re%3AInvent+2019+CMY302" in external
    assert "https://en.wikipedia.org/wiki/Smart_meter" in external
    # Videos in session details and in the index table: 11 sessions have one.
    assert sum("youtube.com" in url for url in external) == 22
    # The index links each code to its session's heading.
    index_links = [link.get(f"{W}anchor") for link in report.tables[-1]._tbl.iter(f"{W}hyperlink")]
    assert len([a for a in index_links if a]) == len(CODES)


def test_inline_markup_becomes_bold_italic_and_code(report: Any) -> None:
    summary = next(
        p for p in all_paragraphs(report) if paragraph_text(p).startswith("Our Group AWS")
    )
    runs = {r.text: r for r in summary.runs}
    assert runs["35%"].bold
    assert runs["Do AWS Right"].italic
    s2n = next(r for p in all_paragraphs(report) for r in p.runs if r.text == "s2n")
    assert s2n.style.name == "Code"
    assert s2n.style.font.name == "Consolas"


def test_bullets_are_a_real_word_list(report: Any) -> None:
    (bullet,) = styles_named(report, "List Bullet")
    num_id = bullet.element.pPr.numPr.numId.val
    numbering = report.part.numbering_part.element
    num = next(n for n in numbering.num_lst if n.numId == num_id)
    abstract = next(
        a for a in numbering.findall(f"{W}abstractNum")
        if a.get(f"{W}abstractNumId") == str(num.abstractNumId.val)
    )  # fmt: skip
    level = abstract.find(f"{W}lvl")
    assert level.find(f"{W}numFmt").get(f"{W}val") == "bullet"
    assert level.find(f"{W}pStyle").get(f"{W}val") == bullet.style_id
    key_point = next(p for p in all_paragraphs(report) if "3,000 EC2 machines" in paragraph_text(p))
    assert style_name(report, key_point) == "List Bullet"
    # Bullets come from the style; no paragraph carries its own numbering.
    assert not list(report.element.body.iter(f"{W}numPr"))


def test_theme_colours_and_fonts_reach_the_styles(built: dict[str, Path]) -> None:
    ccoe = open_docx(built["ccoe"])
    (heading,) = styles_named(ccoe, "Heading 1")
    assert str(heading.font.color.rgb) == "005F5A"
    assert heading.font.name == "Arial"
    (title,) = styles_named(ccoe, "Title")
    assert (title.font.name, str(title.font.color.rgb)) == ("Arial", "005F5A")
    (normal,) = styles_named(ccoe, "Normal")
    assert (normal.font.name, normal.font.size.pt) == ("Calibri", 11)
    assert str(normal.font.color.rgb) == "1A1A1A"
    # Theme fonts would override the explicit ones in Word: none are left on the headings.
    fonts = heading.element.rPr.rFonts
    assert fonts.get(f"{W}asciiTheme") is None
    (table,) = styles_named(ccoe, "Table Grid")
    assert table.type == 3  # WD_STYLE_TYPE.TABLE
    shading = ccoe.tables[0].rows[0]._tr.tc_lst[0].tcPr.find(f"{W}shd")
    assert shading.get(f"{W}fill") == "005F5A"
    assert "Cloud Center of Excellence · Internal" in paragraph_text(
        ccoe.sections[-1].footer.paragraphs[0]
    )


def test_document_properties_come_from_the_source(report: Any) -> None:
    props = report.core_properties
    assert props.title == "AWS re:Invent 2019"
    assert props.author == "Cloud Center of Excellence"
    assert props.subject.startswith("Breakout sessions worth knowing about")
    assert "Machine Learning" in props.keywords
    assert props.created.isoformat() == "2019-12-20T00:00:00+00:00"
    assert props.modified == props.created == props.last_printed
    assert props.revision == 1
    assert len(props.comments) <= 255 and props.comments.startswith("Our Group AWS")


def test_same_source_and_epoch_give_the_same_bytes(
    built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    briefing = load_briefing(SAMPLE)
    theme = load_theme("default")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert render(briefing, theme) == built["default"].read_bytes()
    with zipfile.ZipFile(built["default"]) as package:
        assert {info.date_time for info in package.infolist()} == {(2019, 12, 20, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in package.namelist()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert render(briefing, theme) != built["default"].read_bytes()


def test_build_without_format_writes_the_report(workdir: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "sources/reinvent-2019.yaml"])
    assert result.exit_code == 0, result.output
    written = result.stdout.splitlines()
    assert "output/reinvent-2019.docx" in written
    expected = [f"output/reinvent-2019.{f}" for f in ("pptx", "docx") if f in exporters.discover()]
    assert written == expected


def test_build_one_track(workdir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "sources/reinvent-2019.yaml", "-f", "docx", "--track", "machine-learning"]
    )
    assert result.exit_code == 0, result.output
    document = open_docx(workdir / "output" / "reinvent-2019-machine-learning.docx")
    level_one = [text for level, text in headings(document) if level == 1]
    assert level_one == ["Executive summary", "Machine Learning", "Appendix: session index"]
    assert len(document.tables[-1].rows) == 1 + 4


def test_a_minimal_source_builds(workdir: Path) -> None:
    source = workdir / "sources" / "tiny.yaml"
    source.write_text(
        "briefing: {title: Tiny}\n"
        "tracks: [{id: t, name: T}]\n"
        "sessions: [{code: X1, title: 'Only one', track: t}]\n",
        encoding="utf-8",
    )
    (workdir / "themes" / "bare").mkdir()
    (workdir / "themes" / "bare" / "theme.yaml").write_text("name: bare\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "-f", "docx", "-t", "bare"])
    assert result.exit_code == 0, result.output
    document = open_docx(workdir / "output" / "tiny.docx")
    assert headings(document) == [
        (1, "Executive summary"),
        (1, "T"),
        (2, "X1: Only one"),
        (1, "Appendix: session index"),
    ]
    assert not document.inline_shapes  # no logo in the theme, none in the report
    assert "Video not yet available" in [paragraph_text(p) for p in all_paragraphs(document)]


def test_an_unreadable_logo_is_one_clear_error(workdir: Path) -> None:
    # Theme loading refuses such a logo first (tests/test_themes.py); the exporter still
    # guards against one that goes bad after the theme was loaded.
    logo = workdir / "logo.png"
    logo.write_bytes(b"not a png")
    theme = dataclasses.replace(load_theme("default"), logo=logo)
    with pytest.raises(ThemeError) as raised:
        DocxExporter().export(load_briefing(SAMPLE), theme, workdir / "output" / "report")
    message = str(raised.value.message)
    assert message.startswith(f"logo {logo} cannot be placed in a Word document")
    assert message.endswith("use a PNG or JPEG image")
    assert "\n" not in message
    assert not (workdir / "output" / "report.docx").exists()


def test_the_exporter_class_imports_without_python_docx() -> None:
    code = (
        "import sys, briefing.exporters.docx as m; "
        "print(m.DocxExporter.name, m.DocxExporter.extensions, 'docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["docx", "('docx',)", "False"]


@pytest.mark.parametrize("theme", ["default", "ccoe"])
def test_word_opens_the_report_without_repair(built: dict[str, Path], theme: str) -> None:
    """openxml-audit (a port of the Open XML SDK's validator, with the checks that predict
    Word's repair prompt) finds nothing: no stylesWithEffects part out of step with the
    styles the report adds."""
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(built[theme]))
    assert result.is_valid, [str(error) for error in result.errors[:10]]


def test_recommendations_in_the_source_lead_the_summary(workdir: Path) -> None:
    source = workdir / "sources" / "rec.yaml"
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "  duration: 45",
        "  recommendations:\n"
        "    - Rehearse failure before customers find it\n"
        "    - Pilot **Personalize** on the job-search page\n"
        "  duration: 45",
    )
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "-f", "docx"])
    assert result.exit_code == 0, result.output
    document = open_docx(workdir / "output" / "rec.docx")
    paragraphs = all_paragraphs(document)
    texts = [paragraph_text(p) for p in paragraphs]
    start = texts.index("Executive summary")
    assert texts[start + 1 : start + 4] == [
        "What we recommend",
        "Rehearse failure before customers find it",
        "Pilot Personalize on the job-search page",
    ]
    assert texts[start + 4].startswith("Our Group AWS")
    lines = paragraphs[start + 2 : start + 4]
    assert {style_name(document, p) for p in lines} == {"Recommendation"}
    assert styles_named(document, "Recommendation")[0].font.bold
    assert "In brief" not in texts


def test_without_recommendations_each_track_s_headline_leads(report: Any) -> None:
    texts = [paragraph_text(p) for p in all_paragraphs(report)]
    start = texts.index("In brief")
    assert [t[:40] for t in texts[start + 1 : start + 4]] == [
        "Resilience is designed in and rehearsed ",
        "Managed services such as Forecast and Pe",
        "With reports that 35% of cloud spend is ",
    ]
