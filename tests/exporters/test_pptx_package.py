"""The deck's package as written part by part: logos in each image format, every part listed
with its content type, slide ids and relationships as python-pptx numbers them."""

from __future__ import annotations

import ast
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from briefing.cli import cli
from tests.conftest import SAMPLE, THEMES
from tests.exporters.pptx_helpers import package_parts

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def theme_with_logo(folder: Path, image_format: str, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(THEMES / "ccoe" / "ccoe-logo.png") as logo:
        logo.convert("RGB").save(folder / name, format=image_format)
    (folder / "theme.yaml").write_text(f"name: logos\nlogo: {name}\n", encoding="utf-8")
    return folder


def build(tmp_path: Path, theme: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(theme), "-o", str(out)]
    )
    return result.exit_code, result.output, out / "reinvent-2019.pptx"


@pytest.mark.parametrize(
    ("image_format", "name", "part", "content_type"),
    [
        ("JPEG", "logo.jpg", "briefing-image1.jpg", "image/jpeg"),
        ("GIF", "logo.gif", "briefing-image1.gif", "image/gif"),
        ("BMP", "logo.bmp", "briefing-image1.bmp", "image/bmp"),
    ],
)
def test_logos_keep_their_format(
    image_format: str, name: str, part: str, content_type: str, tmp_path: Path
) -> None:
    code, output, deck = build(tmp_path, theme_with_logo(tmp_path / "t", image_format, name))
    assert code == 0, output
    with zipfile.ZipFile(deck) as package:
        assert f"ppt/media/{part}" in package.namelist()
        defaults, _ = content_types(package)
    assert defaults[part.rsplit(".", 1)[1]] == content_type


def content_types(package: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """The package's default content types by extension, and its overrides by part."""
    types = etree.fromstring(package.read("[Content_Types].xml"))
    defaults = {e.get("Extension"): e.get("ContentType") for e in types if "Default" in e.tag}
    overrides = {e.get("PartName"): e.get("ContentType") for e in types if "Override" in e.tag}
    return defaults, overrides


def test_a_logo_powerpoint_cannot_show_is_one_clear_error(tmp_path: Path) -> None:
    code, output, _ = build(tmp_path, theme_with_logo(tmp_path / "t", "WEBP", "logo.png"))
    assert code == 1
    assert "is a WEBP image PowerPoint cannot show; export it as PNG or JPEG" in output
    assert "Traceback" not in output


def test_every_part_has_a_content_type_and_every_slide_an_id(tmp_path: Path) -> None:
    code, output, deck = build(tmp_path, THEMES / "ccoe")
    assert code == 0, output
    data = deck.read_bytes()
    names, targets = package_parts(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        defaults, overrides = content_types(package)
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
        rels = etree.fromstring(package.read("ppt/_rels/presentation.xml.rels"))
    for name in names:
        if name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[1] in defaults, name
    slides = sorted(
        (n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
        key=lambda n: int(re.findall(r"\d+", n)[0]),
    )
    assert all(overrides[f"/{slide}"].endswith("slide+xml") for slide in slides)
    target_of = {rel.get("Id"): rel.get("Target") for rel in rels}
    listed = presentation.findall(f"{{{P}}}sldIdLst/{{{P}}}sldId")
    assert [int(s.get("id")) for s in listed] == list(range(256, 256 + len(slides)))
    assert [f"ppt/{target_of[s.get(R_ID)]}" for s in listed] == slides
    assert all(slide in targets for slide in slides)


def test_python_pptx_is_the_version_its_internals_were_read_for() -> None:
    """internals.py reaches into python-pptx (pinned); on any other version, check it (and
    the golden files) again before moving the pin."""
    from importlib.metadata import version

    from briefing.exporters.pptx import internals

    assert version("python-pptx") == internals.WRITTEN_FOR
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"python-pptx=={internals.WRITTEN_FOR}"' in pyproject


def private_uses(source: str) -> list[str]:
    """What a module's code takes from python-pptx's insides: an import from its ``oxml``,
    ``opc`` or ``parts`` modules, or an ``_attribute`` of an object other than ``self``,
    ``cls`` or the standard library's ``os`` (whose ``_exit`` is public), and not a dunder."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[:2] in (["pptx", "oxml"], ["pptx", "opc"], ["pptx", "parts"]):
                found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            owner = node.value
            if node.attr.startswith("__") or (
                isinstance(owner, ast.Name) and owner.id in ("self", "cls", "os")
            ):
                continue
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def test_only_the_adapter_touches_python_pptx_internals() -> None:
    folder = Path(__file__).parents[2] / "briefing" / "exporters" / "pptx"
    modules = sorted(folder.glob("*.py"))
    assert len(modules) > 10
    uses = {m.name: private_uses(m.read_text(encoding="utf-8")) for m in modules}
    assert uses.pop("internals.py"), "the adapter is where python-pptx's insides are used"
    assert {name: found for name, found in uses.items() if found} == {}


def test_the_private_use_scan_finds_what_it_looks_for() -> None:
    source = "from pptx.oxml.ns import qn\nx = shape._element\ny = self._cache\nz = a.__class__\n"
    assert private_uses(source) == ["line 1: from pptx.oxml.ns import ...", "line 2: ._element"]
