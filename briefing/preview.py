"""Previewing a deck without PowerPoint: every slide as PNG, and a contact sheet of them all."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import BriefingError

if TYPE_CHECKING:
    from PIL import ImageFont

SLIDE_WIDTH = 1280  # pixels: sharp enough to read, small enough to browse
COLUMNS = 4
THUMB_WIDTH = 400
GAP = 24
LABEL_HEIGHT = 34
BACKGROUND = (236, 239, 243)


@dataclass(frozen=True)
class Preview:
    deck: Path
    slides: list[Path]
    contact_sheet: Path


def find_pdftoppm() -> str:
    """Poppler's pdftoppm, or an error saying how to install it."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise BriefingError(
            "pdftoppm was not found; install poppler (Debian/Ubuntu: apt-get install "
            "poppler-utils; macOS: brew install poppler)"
        )
    return pdftoppm


def render_slides(pdf: Path, folder: Path, stem: str, timeout: float = 300) -> list[Path]:
    """Render each page of ``pdf`` to ``folder/<stem>-NN.png`` with poppler's pdftoppm."""
    pdftoppm = find_pdftoppm()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="briefing-png-") as scratch:
        prefix = Path(scratch) / "slide"
        try:
            subprocess.run(
                [pdftoppm, "-png", "-scale-to-x", str(SLIDE_WIDTH), "-scale-to-y", "-1",
                 str(pdf), str(prefix)],
                check=True, capture_output=True, timeout=timeout,
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            detail = (
                exc.stderr.decode("utf-8", "replace").strip() or f"exit status {exc.returncode}"
            )
            raise BriefingError(f"pdftoppm could not render {pdf.name}: {detail}") from None
        except subprocess.TimeoutExpired:
            raise BriefingError(f"pdftoppm did not finish rendering {pdf.name}") from None
        pages = sorted(Path(scratch).glob("slide-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        slides = []
        width = max(2, len(str(len(pages))))
        for number, page in enumerate(pages, start=1):
            target = folder / f"{stem}-{number:0{width}d}.png"
            shutil.move(page, target)
            slides.append(target)
    return slides


def contact_sheet(slides: list[Path], target: Path, title: str = "") -> Path:
    """A grid of numbered thumbnails of ``slides``, written to ``target`` (PNG)."""
    from PIL import Image, ImageDraw

    from briefing.output import atomic_writer

    if not slides:
        raise BriefingError("there are no slides to put on a contact sheet")
    thumbs = []
    for path in slides:
        with Image.open(path) as opened:
            image = opened.convert("RGB")
        height = round(image.height * THUMB_WIDTH / image.width)
        thumbs.append(image.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS))
    cell_h = max(t.height for t in thumbs) + LABEL_HEIGHT
    columns = min(COLUMNS, len(thumbs))
    rows = -(-len(thumbs) // columns)
    header = LABEL_HEIGHT + GAP if title else 0
    sheet = Image.new(
        "RGB",
        (GAP + columns * (THUMB_WIDTH + GAP), header + GAP + rows * (cell_h + GAP)),
        BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    font = _font(22)
    if title:
        draw.text((GAP, GAP), title, fill=(31, 41, 55), font=font)
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        x = GAP + column * (THUMB_WIDTH + GAP)
        y = header + GAP + row * (cell_h + GAP)
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=(190, 196, 204))
        sheet.paste(thumb, (x, y))
        draw.text((x, y + thumb.height + 6), f"{index + 1}", fill=(55, 65, 81), font=font)
    with atomic_writer(target) as handle:
        sheet.save(handle, format="PNG", optimize=True)
    return target


def preview(deck: Path, folder: Path, title: str = "") -> Preview:
    """Render ``deck`` (a .pptx) slide by slide into ``folder`` and compose its contact sheet."""
    from briefing.libreoffice import convert

    with tempfile.TemporaryDirectory(prefix="briefing-preview-") as scratch:
        pdf = convert(deck, Path(scratch))
        slides = render_slides(pdf, folder / f"{deck.stem}-slides", deck.stem)
    sheet = contact_sheet(slides, folder / f"{deck.stem}-contact.png", title)
    return Preview(deck, slides, sheet)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    from briefing.typeset.fonts import resolve

    try:
        return ImageFont.truetype(str(resolve("Calibri").file(bold=True)), size)
    except OSError:
        return ImageFont.load_default(size)
