"""A corpus of real-world deck templates for the render tests, made at test time.

LibreOffice's own Impress templates (converted to .pptx in one LibreOffice run), pandoc's
reference deck, and templates made here with python-pptx for the shapes corporate templates
come in: a dark master, a photo as the master background, a master with only a title layout,
and layouts named in German and in French.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.libreoffice import find_soffice
from tests.render import convert_all

# The Impress templates LibreOffice 7.x ships (share/template/common/presnt/*.otp); a test
# checks this list against the installed folder so a new one is not silently left out.
IMPRESS = (
    "Beehive",
    "Blue_Curve",
    "Blueprint_Plans",
    "Candy",
    "DNA",
    "Focus",
    "Forestbird",
    "Freshes",
    "Grey_Elegant",
    "Growing_Liberty",
    "Inspiration",
    "Lights",
    "Metropolis",
    "Midnightblue",
    "Nature_Illustration",
    "Pencil",
    "Piano",
    "Portfolio",
    "Progress",
    "Sunset",
    "Vintage",
    "Vivid",
    "Yellow_Idea",
)
PANDOC = "pandoc-reference"
MADE = ("dark", "picture-background", "title-only", "german-layouts", "french-layouts")
NAMES = (*IMPRESS, PANDOC, *MADE)
GERMAN = {
    "Title Slide": "Titelfolie",
    "Title and Content": "Titel und Inhalt",
    "Section Header": "Abschnittsüberschrift",
    "Two Content": "Zwei Inhalte",
    "Comparison": "Vergleich",
    "Title Only": "Nur Titel",
    "Blank": "Leer",
    "Content with Caption": "Inhalt mit Überschrift",
    "Picture with Caption": "Bild mit Überschrift",
    "Title and Vertical Text": "Titel und vertikaler Text",
    "Vertical Title and Text": "Vertikaler Titel und Text",
}
FRENCH = {
    "Title Slide": "Diapositive de titre",
    "Title and Content": "Titre et contenu",
    "Section Header": "En-tête de section",
    "Two Content": "Deux contenus",
    "Comparison": "Comparaison",
    "Title Only": "Titre seul",
    "Blank": "Vide",
    "Content with Caption": "Contenu avec légende",
    "Picture with Caption": "Image avec légende",
    "Title and Vertical Text": "Titre et texte vertical",
    "Vertical Title and Text": "Titre vertical et texte",
}
DARK_BACKGROUND = "141414"
_WIDE = (12192000, 6858000)  # 16:9 in EMU, as PowerPoint's own templates
_INSTALLED = (
    "share/template/common/presnt",  # Linux packages and the LibreOffice tarballs
    "Resources/template/common/presnt",  # macOS: soffice lives in Contents/MacOS
)


def impress_folder() -> Path | None:
    """The folder holding the installed LibreOffice's Impress templates, if any."""
    soffice = find_soffice()
    if soffice is None:
        return None
    root = Path(soffice).resolve().parent.parent
    return next((root / p for p in _INSTALLED if (root / p).is_dir()), None)


def impress_templates() -> dict[str, Path]:
    """Every installed Impress template, by name."""
    folder = impress_folder()
    return {p.stem: p for p in sorted(folder.glob("*.otp"))} if folder else {}


def make_corpus(folder: Path) -> dict[str, Path]:
    """Every template of the corpus as a .pptx in ``folder``, by name.

    The Impress templates are converted by one LibreOffice process; one it could not convert
    is left out (the tests name it). pandoc's deck is there only when pandoc is installed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    installed = impress_templates()
    converted = convert_all(list(installed.values()), folder / "impress", "pptx")
    corpus = {name: converted[otp] for name, otp in installed.items() if otp in converted}
    if shutil.which("pandoc"):
        corpus[PANDOC] = pandoc_reference(folder / f"{PANDOC}.pptx")
    made: dict[str, Callable[[Path], Path]] = {
        "dark": dark_template,
        "picture-background": picture_template,
        "title-only": title_only_template,
        "german-layouts": lambda path: renamed_template(path, GERMAN),
        "french-layouts": lambda path: renamed_template(path, FRENCH),
    }
    for name, make in made.items():
        corpus[name] = make(folder / f"{name}.pptx")
    return corpus


def pandoc_reference(path: Path) -> Path:
    """pandoc's default reference deck, the template of every deck pandoc writes."""
    subprocess.run(
        ["pandoc", "-o", str(path), "--print-default-data-file", "reference.pptx"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return path


def dark_template(path: Path) -> Path:
    """A master with a near-black background whose text is white through the colour map
    (text 1 is light 1), as dark corporate templates are made: a deck that sets its own
    black text on it is unreadable."""
    prs = widescreen()
    master = prs.slide_masters[0]
    _dark_colour_map(master)
    master.background.fill.solid()
    from pptx.dml.color import RGBColor

    master.background.fill.fore_color.rgb = RGBColor.from_string(DARK_BACKGROUND)
    prs.save(str(path))
    return path


def picture_template(path: Path) -> Path:
    """A master whose background is a dark, photo-like picture (``p:bg/p:bgPr/a:blipFill``),
    with white text through the colour map."""
    from lxml import etree

    prs = widescreen()
    master = prs.slide_masters[0]
    _dark_colour_map(master)
    _, rel = master.part.get_or_add_image_part(io.BytesIO(dark_photo()))
    ns = {
        "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    background = etree.fromstring(
        f'<p:bg xmlns:p="{ns["p"]}" xmlns:a="{ns["a"]}" xmlns:r="{ns["r"]}"><p:bgPr>'
        f'<a:blipFill dpi="0" rotWithShape="1"><a:blip r:embed="{rel}"/><a:srcRect/>'
        "<a:stretch><a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>"
    )
    common = master.element.find("p:cSld", ns)
    for old in common.findall("p:bg", ns):
        common.remove(old)
    common.insert(0, background)
    prs.save(str(path))
    return path


def title_only_template(path: Path) -> Path:
    """A master with one layout, "Title Slide": every other layout is removed with its part,
    its relationship and its entry in the master's layout list."""
    prs = widescreen()
    master = prs.slide_masters[0]
    for layout in list(master.slide_layouts):
        if layout.name != "Title Slide":
            master.slide_layouts.remove(layout)
    prs.save(str(path))
    return path


def renamed_template(path: Path, names: dict[str, str]) -> Path:
    """The default master with its layouts named as a localised PowerPoint names them."""
    prs = widescreen()
    for layout in prs.slide_layouts:
        layout.name = names[layout.name]
    prs.save(str(path))
    return path


def widescreen() -> Any:
    """python-pptx's default presentation made 16:9, its masters and layouts widened."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(_WIDE[0]), Emu(_WIDE[1])
    for master in prs.slide_masters:
        for owner in (master, *master.slide_layouts):
            for shape in owner.shapes:
                # Only positions the shape sets itself: the others follow the master's.
                if shape.element.xpath("./*[2]/a:xfrm"):
                    shape.left = Emu(int(shape.left * 4 / 3))
                    shape.width = Emu(int(shape.width * 4 / 3))
    return prs


def _dark_colour_map(master: Any) -> None:
    """Map background 1 to dark 1 and text 1 to light 1: white text on a dark master."""
    colour_map = master.element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}clrMap"
    )
    colour_map.set("bg1", "dk1")
    colour_map.set("tx1", "lt1")
    colour_map.set("bg2", "dk2")
    colour_map.set("tx2", "lt2")


def dark_photo(size: tuple[int, int] = (1280, 720), seed: int = 2019) -> bytes:
    """A dark, photo-like JPEG: a diagonal gradient, blurred lights and grain."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    width, height = size
    down = Image.linear_gradient("L").resize(size)
    across = Image.linear_gradient("L").rotate(90).resize(size)
    mask = ImageChops.add(down, across, scale=2)
    photo = Image.composite(
        Image.new("RGB", size, (46, 36, 70)), Image.new("RGB", size, (8, 12, 26)), mask
    )
    lights = Image.new("RGB", size, (0, 0, 0))
    draw = ImageDraw.Draw(lights)
    rng = random.Random(seed)
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(30, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(34, 40, 58))
    photo = ImageChops.add(photo, lights.filter(ImageFilter.GaussianBlur(40)))
    grain = Image.frombytes("L", size, rng.randbytes(width * height))
    photo = Image.blend(photo, Image.merge("RGB", (grain, grain, grain)), 0.07)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=85)
    return out.getvalue()
