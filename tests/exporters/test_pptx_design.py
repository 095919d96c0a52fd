"""Choosing a template's master, layouts, content area and colours: against what is really
behind the text (backgrounds, gradients, pictures, artwork), by name in any language, and as
the theme names them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from briefing.cli import cli
from briefing.exporters.pptx.backdrop import Area, paint
from briefing.exporters.pptx.design import design
from briefing.exporters.pptx.layouts import find_layouts
from briefing.exporters.pptx.style import contrast
from tests.conftest import SAMPLE

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
GERMAN = {
    "Title Slide": "Titelfolie",
    "Title and Content": "Titel und Inhalt",
    "Section Header": "Abschnittsüberschrift",
    "Title Only": "Nur Titel",
    "Blank": "Leer",
}


def wide() -> Any:
    """python-pptx's default presentation at 16:9, its shapes stretched to fit."""
    prs = Presentation()
    old = prs.slide_width
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    for master in prs.slide_masters:
        for owner in (master, *master.slide_layouts):
            for shape in owner.shapes:
                if shape._element.xpath("./*[2]/a:xfrm"):
                    shape.left = Emu(int(shape.left * prs.slide_width / old))
                    shape.width = Emu(int(shape.width * prs.slide_width / old))
    return prs


def set_background(master: Any, fill_xml: str) -> None:
    """A master background (``p:bg/p:bgPr``) holding ``fill_xml``."""
    c_sld = master._element.find(f"{{{_P}}}cSld")
    for old in c_sld.findall(f"{{{_P}}}bg"):
        c_sld.remove(old)
    bg = etree.fromstring(
        f'<p:bg xmlns:p="{_P}" xmlns:a="{_A}"><p:bgPr>{fill_xml}<a:effectLst/></p:bgPr></p:bg>'
    )
    c_sld.insert(0, bg)


def white_text(master: Any) -> None:
    """The master's text styles set text in white (as dark templates do)."""
    for style in master._element.xpath("./p:txStyles/*/a:lvl1pPr"):
        defaults = style.find(f"{{{_A}}}defRPr")
        if defaults is None:
            defaults = etree.SubElement(style, f"{{{_A}}}defRPr")
        for child in list(defaults):
            if etree.QName(child).localname == "solidFill":
                defaults.remove(child)
        fill = etree.fromstring(
            f'<a:solidFill xmlns:a="{_A}"><a:srgbClr val="FFFFFF"/></a:solidFill>'
        )
        defaults.insert(0, fill)


def layout_named(prs: Any, name: str) -> Any:
    return next(lay for lay in prs.slide_layouts if lay.name == name)


def test_a_dark_master_gets_light_text_on_its_dark_paper() -> None:
    prs = wide()
    set_background(prs.slide_masters[0], '<a:solidFill><a:srgbClr val="101820"/></a:solidFill>')
    white_text(prs.slide_masters[0])
    plan = design(prs, [])
    surface = plan.surfaces["title_only"]
    assert surface.paper == "#101820"
    assert surface.text == "#FFFFFF"
    assert surface.title_color == "#FFFFFF"
    assert not surface.card


def test_text_keeps_off_artwork_in_the_content_area() -> None:
    prs = wide()
    layout = layout_named(prs, "Title and Content")
    body = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    # A decorative bar on the master over the left quarter of the body, in a colour black
    # text reads on.
    left, top, width, height = body.left, body.top, body.width // 4, body.height
    prs.slide_masters[0].shapes._spTree.append(
        etree.fromstring(
            f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr><p:cNvPr id="99" name="Bar"/>'
            f'<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{left}" y="{top}"/>'
            f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            '</a:prstGeom><a:solidFill><a:srgbClr val="FFE080"/></a:solidFill></p:spPr></p:sp>'
        )
    )
    plan = design(prs, [])
    area = plan.surfaces["title_only"].content
    bar_right = (left + width) / 12700
    assert area.x >= bar_right  # not on the bar, though text would read on it
    assert area.right <= (body.left + body.width) / 12700 + 0.5
    assert area.w > 0.6 * body.width / 12700


def test_a_gradient_background_is_painted_across_the_slide() -> None:
    prs = wide()
    set_background(
        prs.slide_masters[0],
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst>'
        '<a:lin ang="0"/></a:gradFill>',
    )
    backdrop = paint(layout_named(prs, "Title Only"), 960, 540)
    left = backdrop.dominant(Area(10, 200, 40, 40))
    right = backdrop.dominant(Area(910, 200, 40, 40))
    assert contrast(left, "#000000") < 1.3
    assert contrast(right, "#FFFFFF") < 1.3
    # Black reads on the light half only.
    found = backdrop.readable(Area(0, 100, 960, 300), "#000000", 4.5)
    assert found is not None and found.x > 300 and found.right > 900


def test_a_picture_background_is_read_where_text_goes() -> None:
    prs = wide()
    picture = Image.new("RGB", (64, 36), "#F0F0F0")
    for x in range(32):
        for y in range(36):
            picture.putpixel((x, y), (20, 20, 40))  # the left half dark
    blob = io.BytesIO()
    picture.save(blob, "PNG")
    master = prs.slide_masters[0]
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.image import ImagePart

    image_part = ImagePart.new(master.part.package, _Image(blob.getvalue()))
    rid = master.part.relate_to(image_part, RT.IMAGE)
    set_background(
        master,
        f'<a:blipFill xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships"><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        "</a:blipFill>",
    )
    backdrop = paint(layout_named(prs, "Title Only"), 960, 540)
    assert contrast(backdrop.dominant(Area(50, 200, 100, 100)), "#141428") < 1.2
    assert contrast(backdrop.dominant(Area(700, 200, 100, 100)), "#F0F0F0") < 1.2
    assert backdrop.worst(Area(0, 0, 960, 540), "#000000") < 2


class _Image:
    """What python-pptx's ImagePart.new needs of an image."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self.content_type = "image/png"
        self.ext = "png"
        self.filename = "background.png"
        self.sha1 = "0" * 40
        self.dpi = (72, 72)
        self.size = (64, 36)


def test_layouts_are_found_by_their_german_names() -> None:
    prs = wide()
    for layout in prs.slide_layouts:
        layout.name = GERMAN.get(layout.name, layout.name)
    choices = find_layouts(prs)
    assert choices["title"].layout.name == "Titelfolie"
    assert choices["content"].layout.name == "Titel und Inhalt"
    assert choices["section"].layout.name == "Abschnittsüberschrift"
    assert choices["title_only"].layout.name == "Nur Titel"
    assert choices["blank"].layout.name == "Leer"
    assert all(c.how.startswith("by name") for c in choices.values())


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("TITRE ET CONTENU", "content"),
        ("Título y objetos", "content"),
        ("Titolo e contenuto", "content"),
        ("Titel en object", "content"),
        ("Título e Conteúdo", "content"),
        ("En-tête de section", "section"),
        ("Solo el título", "title_only"),
        ("diapositiva titolo", "title"),
    ],
)
def test_layout_names_match_in_any_case_and_language(name: str, role: str) -> None:
    prs = wide()
    target = {
        "content": "Title and Content",
        "section": "Section Header",
        "title_only": "Title Only",
        "title": "Title Slide",
    }[role]
    layout_named(prs, target).name = name
    assert find_layouts(prs)[role].layout.name == name


def theme_with(folder: Path, template: Path, extra: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.pptx").write_bytes(template.read_bytes())
    (folder / "theme.yaml").write_text(
        f"name: named\npptx_template: t.pptx\n{extra}", encoding="utf-8"
    )
    return folder


def test_the_theme_names_the_layouts_in_any_case(tmp_path: Path) -> None:
    prs = wide()
    path = tmp_path / "plain.pptx"
    prs.save(str(path))
    folder = theme_with(
        tmp_path / "theme",
        path,
        "pptx_layouts: {content: title and content, section: TITLE ONLY}\n",
    )
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(folder), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "o" / "reinvent-2019.pptx"))
    used = [s.slide_layout.name for s in deck.slides]
    assert used[1] == "Title and Content"  # the agenda
    assert "Section Header" not in used
    assert used.count("Title Only") >= 3  # the dividers


def test_a_master_the_template_lacks_is_named_with_those_it_has(tmp_path: Path) -> None:
    prs = wide()
    path = tmp_path / "plain.pptx"
    prs.save(str(path))
    folder = theme_with(tmp_path / "theme", path, "pptx_master: Corporate Content\n")
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(folder), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "pptx_master 'Corporate Content' is not a master of the template" in result.stderr
    assert "master 1" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_check_template_names_the_content_master_and_what_falls_back(tmp_path: Path) -> None:
    prs = wide()
    set_background(prs.slide_masters[0], '<a:solidFill><a:srgbClr val="101820"/></a:solidFill>')
    path = tmp_path / "dark.pptx"
    prs.save(str(path))
    result = CliRunner().invoke(cli, ["check-template", str(path)])
    assert result.exit_code == 0, result.output
    assert "Content master: master 1" in result.output
    assert "agenda and session slides" in result.output
    assert "text #FFFFFF on #101820" in result.output  # black would not read there
    assert "Falls back:" in result.output
