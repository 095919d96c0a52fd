"""Shared by the pptx tests: building decks, a corporate-style template and reading slides."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from tests.conftest import SAMPLE, THEMES

EPOCH = "1576800000"
LOGO = THEMES / "ccoe" / "ccoe-logo.png"
TEMPLATE_ACCENT = "5B2C6F"  # the template's accent1: the deck's primary colour with it
RENAMED = {
    "Title Slide": "Cover",
    "Title and Content": "Title, Content",
    "Section Header": "Section Title",
    "Title Only": "1_Title Only",
}
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_SECTIONS = """<p:extLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">
 <p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}">
  <p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">
   <p14:section name="Samples" id="{11111111-2222-3333-4444-555555555555}">
    <p14:sldIdLst>%s</p14:sldIdLst>
   </p14:section>
  </p14:sectionLst>
 </p:ext>
</p:extLst>"""


def make_template(path: Path) -> Path:
    """A 16:9 template shaped like a corporate one: renamed layouts, a placeholder idx shared
    within a layout, its own colours and fonts, sample slides with a picture, notes and a
    section listing them."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    for master in prs.slide_masters:
        for owner in (master, *master.slide_layouts):
            for shape in owner.shapes:
                if shape._element.xpath("./*[2]/a:xfrm"):
                    x, y, w, h = shape.left, shape.top, shape.width, shape.height
                    shape.left, shape.top = Emu(int(x * 4 / 3)), y
                    shape.width, shape.height = Emu(int(w * 4 / 3)), h
    for layout in prs.slide_layouts:
        layout.name = RENAMED.get(layout.name, layout.name)
        if layout.name == "Section Title":  # every placeholder with the same idx
            for ph in layout.placeholders:
                ph._element.ph.set("idx", "1")
    _retheme(prs)
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Sample cover to be removed"
    cover.shapes.add_picture(str(THEMES / "default" / "logo.png"), Pt(10), Pt(10), Pt(100))
    cover.notes_slide.notes_text_frame.text = "Sample notes to be removed"
    second = prs.slides.add_slide(prs.slide_layouts[1])
    second.shapes.title.text = "Second sample slide"
    ids = "".join(f'<p14:sldId id="{s.get("id")}"/>' for s in prs.slides._sldIdLst)
    prs.part._element.append(etree.fromstring(_SECTIONS % ids))
    prs.save(str(path))
    add_outline_view(path)
    return path


def _retheme(prs: Any) -> None:
    """Purple and orange, Arial throughout: so the template's colours and fonts show."""
    for rel in prs.slide_masters[0].part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            xml = re.sub(
                r'(<a:accent1>\s*<a:srgbClr val=")[0-9A-F]{6}', rf"\g<1>{TEMPLATE_ACCENT}", xml
            )
            xml = re.sub(r'(<a:accent2>\s*<a:srgbClr val=")[0-9A-F]{6}', r"\g<1>D35400", xml)
            xml = re.sub(
                r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*', r"\g<1>Arial", xml
            )
            part._blob = xml.encode("utf-8")


def template_theme(folder: Path, template: Path) -> Path:
    """A theme folder using ``template``, with a logo and a footer of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.name
    if template.resolve() != target.resolve():
        target.write_bytes(template.read_bytes())
    (folder / "logo.png").write_bytes(LOGO.read_bytes())
    (folder / "theme.yaml").write_text(
        f"name: corporate\nlogo: logo.png\npptx_template: {template.name}\n"
        "footer: ACME Corp · Confidential\n",
        encoding="utf-8",
    )
    return folder


def build(source: Path, theme: str, out: Path, *selection: str) -> Path:
    """Build the deck of ``source`` through the CLI; return the .pptx written."""
    from click.testing import CliRunner

    from briefing.cli import cli

    result = CliRunner().invoke(
        cli, ["build", str(source), "-f", "pptx", "-t", theme, "-o", str(out), *selection]
    )
    assert result.exit_code == 0, result.output
    return next(out.glob("*.pptx"))


def build_dated(source: Path, theme: str, out: Path, *options: str) -> Path:
    """``build`` under SOURCE_DATE_EPOCH, for fixtures that cannot take ``monkeypatch``."""
    import pytest

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build(source, theme, out, *options)


def sample() -> Path:
    return SAMPLE


def package_parts(data: bytes) -> tuple[list[str], set[str]]:
    """The package's entries, and every part some relationship points at."""
    targets: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        for name in names:
            if not name.endswith(".rels"):
                continue
            base = name.replace("_rels/", "").removesuffix(".rels")
            folder = base.rsplit("/", 1)[0] if "/" in base else ""
            for rel in etree.fromstring(package.read(name)):
                if rel.get("TargetMode") == "External":
                    continue
                targets.add(_join(folder, rel.get("Target", "")))
    return names, targets


def _join(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def texts(slide: Any) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def runs(slide: Any) -> list[Any]:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                found.extend(paragraph.runs)
    return found


def alt_texts(slide: Any) -> list[str]:
    return [
        str(el.get("descr", ""))
        for el in slide._element.xpath(
            ".//p:pic/p:nvPicPr/p:cNvPr | .//p:graphicFrame/p:nvGraphicFramePr/p:cNvPr"
        )
    ]


def add_outline_view(path: Path) -> None:
    """Give the template an outline view listing its slides, as PowerPoint saves them: the
    view's own relationships then point at the sample slides."""
    import shutil

    original = path.with_suffix(".orig")
    shutil.copy(path, original)
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "ppt/viewProps.xml":
                # In schema order: after the slide view, before the notes text view.
                data = data.replace(
                    b"<p:notesTextViewPr>",
                    b'<p:outlineViewPr><p:cViewPr><p:scale><a:sx n="33" d="100"/>'
                    b'<a:sy n="33" d="100"/></p:scale><p:origin x="0" y="0"/></p:cViewPr>'
                    b'<p:sldLst><p:sld r:id="rId1" collapse="1"/><p:sld r:id="rId2"/>'
                    b"</p:sldLst></p:outlineViewPr><p:notesTextViewPr>",
                )
            target.writestr(info, data)
        target.writestr(
            "ppt/_rels/viewProps.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/slide" Target="slides/slide1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/slide" Target="slides/slide2.xml"/></Relationships>',
        )
    original.unlink()
