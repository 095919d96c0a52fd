"""The docx exporter with a reference document (docx_template): its styles, page and header
settings win; its sample content goes; styles it lacks are created, never duplicated."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Cm, Pt, RGBColor

from briefing.cli import cli
from briefing.errors import ThemeError
from briefing.exporters.docx import DocxExporter
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import SAMPLE
from tests.exporters.docx_helpers import (
    W,
    all_paragraphs,
    headings,
    open_docx,
    paragraph_text,
    style_name,
    styles_named,
)

PURPLE = "7B1FA2"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def libreoffice_like_reference(path: Path, *, numbering: bool = True) -> Path:
    """A reference whose headings are named the way LibreOffice writes them ('Heading 1'
    where Word writes 'heading 1') under localised style ids ('Kop1'), with no List Bullet,
    Hyperlink, Table Grid, Title or TOC styles; US Letter, wide margins, a header, and
    sample content the report must not keep."""
    document = Document()
    root = document.styles.element
    for style in list(root.findall(f"{W}style")):
        name = style.find(f"{W}name").get(f"{W}val")
        if name.startswith("heading "):
            # A localised style id (Dutch Word's), so only the shown name can find it.
            style.find(f"{W}name").set(f"{W}val", name.capitalize())
            style.set(f"{W}styleId", "Kop" + name[-1])
        elif name in {"List Bullet", "List Number", "Title", "TOC Heading", "Table Grid"}:
            root.remove(style)
    for ref in root.iter(f"{W}basedOn", f"{W}next", f"{W}link"):
        if ref.get(f"{W}val", "").startswith("Heading") and ref.get(f"{W}val")[-1].isdigit():
            ref.set(f"{W}val", "Kop" + ref.get(f"{W}val")[-1])
    heading = next(s for s in document.styles if s.style_id == "Kop1")
    heading.font.color.rgb = RGBColor.from_string(PURPLE)
    heading.font.name = "Georgia"
    heading.font.size = Pt(20)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    section.left_margin = section.right_margin = Cm(3.0)
    section.top_margin = Cm(1.5)
    section.header.paragraphs[0].text = "ACME CORPORATE HEADER"
    document.add_paragraph("Sample heading to drop", style=heading)
    document.add_paragraph("SAMPLE BODY CONTENT that the report must not keep.")
    if not numbering:
        rels = document.part.rels
        for rid in [rid for rid, rel in rels.items() if rel.reltype == NUMBERING_REL]:
            del rels[rid]
    document.save(str(path))
    return path


def theme_with(folder: Path, reference: Path, extra: str = "") -> str:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / reference.name
    target.write_bytes(reference.read_bytes())
    (folder / "theme.yaml").write_text(
        f"name: corp\ncolors: {{primary: '#C00000'}}\nfonts: {{heading: Arial}}\n"
        f"docx_template: {reference.name}\nfooter: ACME confidential\n{extra}",
        encoding="utf-8",
    )
    return str(folder)


def build(theme: str) -> Any:
    result = CliRunner().invoke(
        cli, ["build", "sources/reinvent-2019.yaml", "-f", "docx", "-t", theme]
    )
    assert result.exit_code == 0, result.output
    return open_docx(Path("output/reinvent-2019.docx"))


def test_reference_styles_page_and_settings_win(workdir: Path) -> None:
    reference = libreoffice_like_reference(workdir / "corp.docx")
    with pytest.raises(KeyError):
        Document(str(reference)).styles["Heading 1"]  # what naive lookups trip over
    report = build(theme_with(workdir / "themes" / "corp", reference))
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert len(styles_named(report, name)) == 1, name
    (heading,) = styles_named(report, "Heading 1")
    assert heading.style_id == "Kop1"
    assert str(heading.font.color.rgb) == PURPLE  # the reference's, not the theme's C00000
    assert heading.font.name == "Georgia"
    level_one = [text for level, text in headings(report) if level == 1]
    assert level_one[0] == "Executive summary" and len(level_one) == 5
    section = report.sections[-1]
    assert round(section.page_width.cm, 2) == 21.59
    assert round(section.page_height.cm, 2) == 27.94
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 3.0
    assert round(section.top_margin.cm, 2) == 1.5
    texts = [paragraph_text(p) for p in all_paragraphs(report)]
    assert not any("SAMPLE BODY CONTENT" in t or "Sample heading" in t for t in texts)
    assert "AWS re:Invent 2019" in paragraph_text(section.header.paragraphs[0])
    # The brand colour of what the exporter draws itself follows the reference's headings.
    shading = report.tables[0].rows[0]._tr.tc_lst[0].tcPr.find(f"{W}shd")
    assert shading.get(f"{W}fill") == PURPLE


def test_missing_styles_are_created_once(workdir: Path) -> None:
    reference = libreoffice_like_reference(workdir / "corp.docx")
    report = build(theme_with(workdir / "themes" / "corp", reference))
    for name in ("List Bullet", "Hyperlink", "Table Grid", "Title", "toc 1", "Callout", "Code"):
        assert len(styles_named(report, name)) == 1, name
    (bullet,) = styles_named(report, "List Bullet")
    assert bullet.element.pPr.numPr is not None
    key_point = next(p for p in all_paragraphs(report) if "3,000 EC2 machines" in paragraph_text(p))
    assert style_name(report, key_point) == "List Bullet"
    (title,) = styles_named(report, "Title")
    assert title.font.name == "Georgia"  # created in the reference's heading font


def test_reference_without_numbering_still_gets_bullets(workdir: Path) -> None:
    reference = libreoffice_like_reference(workdir / "corp.docx", numbering=False)
    with zipfile.ZipFile(reference) as package:
        assert "numbering" not in package.read("word/_rels/document.xml.rels").decode()
    report = build(theme_with(workdir / "themes" / "corp", reference))
    (bullet,) = styles_named(report, "List Bullet")
    num_id = bullet.element.pPr.numPr.numId.val
    assert num_id in [n.numId for n in report.part.numbering_part.element.num_lst]


def test_a_dotx_template_is_used_as_a_document(workdir: Path) -> None:
    docx = libreoffice_like_reference(workdir / "corp.docx")
    dotx = workdir / "corp.dotx"
    out = io.BytesIO()
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCX.encode(), DOTX.encode())
            target.writestr(info, data)
    dotx.write_bytes(out.getvalue())
    report = build(theme_with(workdir / "themes" / "corp", dotx))
    assert len(styles_named(report, "Heading 1")) == 1
    with zipfile.ZipFile("output/reinvent-2019.docx") as package:
        types = package.read("[Content_Types].xml").decode()
    assert DOCX in types and DOTX not in types


def test_a_broken_reference_is_one_clear_error(workdir: Path) -> None:
    # Theme loading refuses such a file first (tests/test_themes.py); the exporter still
    # guards against one that goes bad after the theme was loaded.
    broken = workdir / "corp.docx"
    broken.write_bytes(b"this is not a zip file")
    theme = dataclasses.replace(load_theme("default"), docx_template=broken)
    with pytest.raises(ThemeError) as raised:
        DocxExporter().export(load_briefing(SAMPLE), theme, workdir / "output" / "report")
    message = str(raised.value.message)
    assert message.startswith(f"docx_template {broken} is not a Word document")
    assert "\n" not in message
    assert not (workdir / "output" / "report.docx").exists()


def test_a_reference_list_bullet_bound_to_numbering_is_kept(workdir: Path) -> None:
    plain = workdir / "word.docx"
    Document().save(str(plain))  # Word's own List Bullet, bound to numbering instance 1
    report = build(theme_with(workdir / "themes" / "corp", plain))
    (bullet,) = styles_named(report, "List Bullet")
    assert bullet.element.pPr.numPr.numId.val == 1


def test_a_reference_without_headings_gets_one_of_each(workdir: Path) -> None:
    bare = Document()
    root = bare.styles.element
    for style in list(root.findall(f"{W}style")):
        if style.find(f"{W}name").get(f"{W}val").startswith("heading "):
            root.remove(style)
    bare.save(str(workdir / "bare.docx"))
    report = build(theme_with(workdir / "themes" / "corp", workdir / "bare.docx"))
    for level in (1, 2, 3):
        (heading,) = styles_named(report, f"Heading {level}")
        outline = heading.element.pPr.find(f"{W}outlineLvl")
        assert outline.get(f"{W}val") == str(level - 1)
    (heading,) = styles_named(report, "Heading 1")
    assert str(heading.font.color.rgb) == "C00000"  # the theme fills what the reference lacks
    assert next(text for level, text in headings(report) if level == 1) == "Executive summary"


def test_even_page_headers_of_a_reference_get_the_title_and_page_numbers(workdir: Path) -> None:
    book_style = Document()
    book_style.settings.odd_and_even_pages_header_footer = True
    book_style.save(str(workdir / "book.docx"))
    report = build(theme_with(workdir / "themes" / "corp", workdir / "book.docx"))
    section = report.sections[-1]
    for header in (section.header, section.even_page_header):
        assert "AWS re:Invent 2019" in paragraph_text(header.paragraphs[0])
    for footer in (section.footer, section.even_page_footer):
        assert "Page 1 of 1" in paragraph_text(footer.paragraphs[0])


def test_a_reference_without_page_set_up_gets_a4(workdir: Path) -> None:
    bare = Document()
    body = bare.element.body
    body.remove(body.sectPr)
    bare.save(str(workdir / "nosect.docx"))
    report = build(theme_with(workdir / "themes" / "corp", workdir / "nosect.docx"))
    section = report.sections[-1]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "Page 1 of 1" in paragraph_text(section.footer.paragraphs[0])
