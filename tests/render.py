"""Render checks with a real client: a deck converted by LibreOffice must show every word.

For each slide, every word of each of its text shapes must be found on the rendered PDF page
(``pdftotext -bbox``) inside that shape's box: a word that is missing was clipped, and one
found only outside its box ran out of it. No word may lie outside the page.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from briefing.libreoffice import convert

EMU_PER_POINT = 12700
TOLERANCE = 4.0  # points a word may stick out of its shape (italic overhangs, rounding)
# pdftotext's word boxes are about 1.3 em tall, the lines they sit on 1.2 em: a word's box is
# trimmed by this share of its height, top and bottom, before it is held against its shape.
TRIM = 0.15
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class ShapeText:
    """A text shape of a slide: its name, its box in points and its words."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float
    words: tuple[str, ...]


def normalise(text: str) -> str:
    """Compare words as glyphs: compatibility forms folded (ligatures), invisibles dropped,
    case ignored (templates may set titles in capitals)."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip().casefold()


def render(deck: Path, out: Path) -> Path:
    """The deck converted to PDF by LibreOffice, in ``out``."""
    return convert(deck, out)


def pdf_pages(pdf: Path) -> list[Page]:
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=120
    )
    text = result.stdout.decode("utf-8", "replace")
    pages = []
    for chunk in text.split("<page ")[1:]:
        size = _PAGE.search("<page " + chunk)
        assert size is not None
        words = tuple(
            Word(normalise(unescape(m.group(5))), *(float(m.group(i)) for i in range(1, 5)))
            for m in _WORD.finditer(chunk)
        )
        pages.append(Page(float(size.group(1)), float(size.group(2)), words))
    return pages


def slide_shapes(deck: Path) -> list[list[ShapeText]]:
    """Every slide's text shapes (placeholders, text boxes, shapes with text)."""
    from pptx import Presentation

    presentation = Presentation(str(deck))
    slides = []
    for slide in presentation.slides:
        shapes = []
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.left is None:
                continue
            words = tuple(w for w in (normalise(x) for x in shape.text_frame.text.split()) if w)
            if not words:
                continue
            x0, y0 = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
            x1, y1 = x0 + shape.width / EMU_PER_POINT, y0 + shape.height / EMU_PER_POINT
            shapes.append(ShapeText(shape.name, x0, y0, x1, y1, words))
        slides.append(shapes)
    return slides


def problems(deck: Path, pdf: Path) -> list[str]:
    """Every clipped, overflowing or off-page word of the rendered deck, one line each."""
    pages = pdf_pages(pdf)
    slides = slide_shapes(deck)
    found: list[str] = []
    if len(pages) != len(slides):
        return [f"{len(slides)} slides rendered as {len(pages)} pages"]
    for number, (page, shapes) in enumerate(zip(pages, slides, strict=True), start=1):
        for word in page.words:
            if (
                word.x0 < -0.5
                or word.y0 < -0.5
                or word.x1 > page.width + 0.5
                or (word.y1 > page.height + 0.5)
            ):
                found.append(f"slide {number}: {word.text!r} lies off the page")
        for shape in shapes:
            missing = missing_words(shape, page)
            if missing:
                found.append(
                    f"slide {number}, shape {shape.name!r}: not shown inside its box: "
                    + " ".join(missing[:12])
                )
    return found


def missing_words(shape: ShapeText, page: Page) -> list[str]:
    """The shape's words that the page does not show inside the shape's box."""
    inside = [
        w
        for w in page.words
        if w.x0 >= shape.x0 - TOLERANCE
        and w.x1 <= shape.x1 + TOLERANCE
        and w.y0 + TRIM * (w.y1 - w.y0) >= shape.y0 - TOLERANCE
        and w.y1 - TRIM * (w.y1 - w.y0) <= shape.y1 + TOLERANCE
    ]
    available = Counter(w.text for w in inside)
    joined = "".join(w.text for w in inside)
    letters = Counter(ch for ch in joined if ch.isalnum())
    alnum = "".join(ch for ch in joined if ch.isalnum())
    missing = []
    # A character no font has splits a word where it stood (LibreOffice draws a gap there).
    for word in (part for w in shape.words for part in renderable(w).split()):
        if available[word] > 0:
            available[word] -= 1
        elif word in joined or _alnum(word) in alnum:
            continue  # broken over lines (maybe around a bullet), or brackets mirrored (RTL)
        elif _right_to_left(word) and not Counter(c for c in word if c.isalnum()) - letters:
            continue  # right-to-left text: pdftotext may reorder it, its letters are all there
        else:
            missing.append(word)
    return missing


def renderable(word: str) -> str:
    """``word`` without the characters no installed font has (they cannot show anywhere)."""
    from briefing import fonts

    return "".join(ch if ch.isspace() or fonts.fallback_for(ch) is not None else " " for ch in word)


def _alnum(word: str) -> str:
    return "".join(ch for ch in word if ch.isalnum()) or word


def _right_to_left(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)
