"""The report rendered by a real client: LibreOffice turns it into a PDF in both themes and in
a theme whose reference document LibreOffice itself saved; every session and heading shows."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from briefing.exporters.docx import DocxExporter
from briefing.libreoffice import convert
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import SAMPLE, THEMES, require_tool
from tests.exporters.docx_helpers import (
    EPOCH,
    all_paragraphs,
    headings,
    open_docx,
    paragraph_text,
    styles_named,
)

pytestmark = pytest.mark.render

# A reference document as people make them in LibreOffice: its own style names, no list or
# hyperlink styles, US Letter with wide margins, a header, and sample content.
REFERENCE_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm"/>
   <style:text-properties fo:font-size="10.5pt" style:font-name="Liberation Serif"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1"
    style:family="paragraph" style:default-outline-level="1">
   <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.3cm"/>
   <style:text-properties fo:color="#7b1fa2" fo:font-size="20pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2"
    style:family="paragraph" style:default-outline-level="2">
   <style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.2cm"/>
   <style:text-properties fo:color="#7b1fa2" fo:font-size="14pt" fo:font-style="italic"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21.59cm" fo:page-height="27.94cm"
     fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="3cm" fo:margin-right="3cm"/>
   <style:header-style>
    <style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/>
   </style:header-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p text:style-name="Standard">ACME CORPORATE HEADER</text:p></style:header>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
   <text:h text:style-name="Heading_20_1" text:outline-level="1">Sample heading</text:h>
   <text:p text:style-name="Standard">SAMPLE BODY CONTENT the report must not keep.</text:p>
  </office:text>
 </office:body>
</office:document>
"""


@pytest.fixture(scope="module")
def tools() -> None:
    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("pdfinfo", "apt-get install poppler-utils")
    require_tool("soffice", "apt-get install libreoffice-writer")


@pytest.fixture(scope="module")
def reference(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx reference saved by LibreOffice, in a theme folder of its own."""
    folder = tmp_path_factory.mktemp("corp")
    source = folder / "corp.fodt"
    source.write_text(REFERENCE_FODT, encoding="utf-8")
    saved = convert(source, folder, "docx")
    (folder / "logo.png").write_bytes((THEMES / "default" / "logo.png").read_bytes())
    (folder / "theme.yaml").write_text(
        "name: corp\ndocx_template: corp.docx\nlogo: logo.png\nfooter: ACME confidential\n",
        encoding="utf-8",
    )
    return saved


@pytest.fixture(scope="module")
def rendered(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each theme's report and the text of its PDF, one LibreOffice run per theme."""
    out = tmp_path_factory.mktemp("render")
    briefing = load_briefing(SAMPLE)
    themes = {"default": "default", "ccoe": "ccoe", "reference": str(reference.parent)}
    results = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name, spec in themes.items():
            (docx,) = DocxExporter().export(briefing, load_theme(spec), out / name)
            pdf = convert(docx, out / f"{name}-pdf")
            results[name] = {"docx": docx, "pdf": pdf, "pages": _pages(pdf)}
    return results


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def _pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in out.stdout.splitlines())
    }


@pytest.mark.parametrize("theme", ["default", "ccoe", "reference"])
def test_every_session_and_heading_is_in_the_pdf(rendered: dict[str, Any], theme: str) -> None:
    result = rendered[theme]
    text = " ".join(result["pages"])
    document = open_docx(result["docx"])
    for session in load_briefing(SAMPLE).sessions:
        assert session.code in text
    found = headings(document)
    assert len(found) > 12 + 3
    for _, heading in found:
        assert " ".join(heading.split()) in text, heading


@pytest.mark.parametrize("theme", ["default", "ccoe", "reference"])
def test_pages_after_the_cover_are_numbered(rendered: dict[str, Any], theme: str) -> None:
    pages = rendered[theme]["pages"]
    count = int(_pdf_info(rendered[theme]["pdf"])["Pages"])
    assert len(pages) == count >= 6
    assert "Page 1 of" not in pages[0]  # the cover has no running header or footer
    assert pages[0].count("AWS re:Invent 2019") >= 1
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {count}" in page
        assert page.count("AWS re:Invent 2019") >= 1  # the header's title


def test_libreoffice_reference_keeps_its_page_and_headings(
    reference: Path, rendered: dict[str, Any]
) -> None:
    saved = open_docx(reference)
    assert not styles_named(saved, "List Bullet")  # LibreOffice writes none
    with pytest.raises(KeyError):
        saved.styles["Heading 1"]  # it names headings "Heading 1", which python-docx misses
    report = open_docx(rendered["reference"]["docx"])
    for name in ("Heading 1", "Heading 2"):
        assert len(styles_named(report, name)) == 1, name
        (ours,) = styles_named(report, name)
        (theirs,) = styles_named(saved, name)
        assert ours.style_id == theirs.style_id
        assert ours.font.color.rgb == theirs.font.color.rgb
    assert len(styles_named(report, "List Bullet")) == 1
    ours_section, theirs_section = report.sections[-1], saved.sections[-1]
    for attribute in ("page_width", "page_height", "left_margin", "right_margin", "top_margin"):
        assert getattr(ours_section, attribute) == getattr(theirs_section, attribute), attribute
    assert _pdf_info(rendered["reference"]["pdf"])["Page size"].startswith("612 x 792")
    texts = [paragraph_text(p) for p in all_paragraphs(report)]
    assert not any("SAMPLE BODY CONTENT" in t or "Sample heading" in t for t in texts)
    assert "SAMPLE BODY CONTENT" not in " ".join(rendered["reference"]["pages"])
    assert "ACME confidential" in rendered["reference"]["pages"][1]
