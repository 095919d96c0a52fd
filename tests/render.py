"""Render checks with a real client: a deck converted by LibreOffice must show every word.

For each slide, every word of each of its text shapes must be found on the rendered PDF page
(``pdftotext -bbox``) inside that shape's box: a word that is missing was clipped, and one
found only outside its box ran out of it. No word may lie outside the page.

Measured on the same page: no two words may be drawn over each other; each word must stand
out from what is behind it (WCAG contrast of the colours found in the word's box on the page
rasterised by ``pdftoppm``); and, reported rather than required, the deck's words should not
lie across the template's artwork (the layout's and master's shapes that are not placeholders),
be broken between two letters, or share the page with template text showing through.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from briefing.exporters.pptx.style import contrast
from briefing.libreoffice import (
    ConversionError,
    convert,
    convert_command,
    find_soffice,
    missing_reason,
    run_soffice,
)

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
            if _off_page(word, page):
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
    inside = [w for w in page.words if _inside(w, shape)]
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
    from briefing.typeset import fonts

    return "".join(ch if ch.isspace() or fonts.fallback_for(ch) is not None else " " for ch in word)


def _alnum(word: str) -> str:
    return "".join(ch for ch in word if ch.isalnum()) or word


def _right_to_left(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


# Many documents, one LibreOffice ---------------------------------------------------------------

CONVERT_TIMEOUT = 1200.0  # seconds for a whole batch: about 30 decks of 40 slides


def convert_all(
    sources: Sequence[Path], target_dir: Path, fmt: str = "pdf", timeout: float = CONVERT_TIMEOUT
) -> dict[Path, Path]:
    """Every source converted into ``target_dir`` by one LibreOffice process.

    Starting LibreOffice is most of what a small conversion costs, so a batch shares one
    start; the process gets a private profile, as :func:`briefing.libreoffice.convert` does.
    Returns each source LibreOffice converted with its converted file; one it could not
    convert is left out. The sources' names must differ, as their outputs share a folder.
    """
    clashes = sorted(stem for stem, n in Counter(p.stem for p in sources).items() if n > 1)
    if clashes:
        raise ValueError(f"sources share a name, their outputs would too: {clashes}")
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(missing_reason() or "LibreOffice was not found")
    target_dir.mkdir(parents=True, exist_ok=True)
    if not sources:
        return {}
    with tempfile.TemporaryDirectory(prefix="briefing-lo-") as profile:
        command = convert_command(soffice, Path(profile), fmt, target_dir, list(sources))
        run_soffice(command, profile, timeout)
    suffix = fmt.split(":")[0]
    converted = {source: target_dir / f"{source.stem}.{suffix}" for source in sources}
    return {source: out for source, out in converted.items() if out.is_file()}


# A rendered deck, read once for every check ---------------------------------------------------

OVERLAP = 1.0  # points two words' boxes may share across and down (touching neighbours, kerning)
OVERLAP_SHARE = 0.15  # and the share of the smaller box they may share
LOW_CONTRAST = 3.0  # WCAG's minimum for large text; body text needs 4.5
TEXT_SHARE = 0.08  # of a word box's pixels, for a colour to count as the text's
NEAR = 24  # of 255 in each channel: colours this close are one colour of a word's box
DPI = 72  # a pixel a point: enough for 9 pt text, and quick
BACKGROUND_SHARE = 0.9  # a template shape covering this much of the slide is a background
LINE = 2.0  # points: the width given to a line's zero-width box


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    def overlap(self, other: Box) -> tuple[float, float]:
        """How far the two boxes share across and down (negative when apart)."""
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        down = min(self.y1, other.y1) - max(self.y0, other.y0)
        return across, down


@dataclass(frozen=True)
class Artwork:
    """A template shape drawn on a slide that is not a placeholder: a picture, a drawing."""

    owner: str  # "layout 'Title Only'" or "master"
    name: str
    box: Box


@dataclass(frozen=True)
class Rendering:
    """A deck and the PDF LibreOffice made of it: the pages' words and the slides' shapes."""

    deck: Path
    pdf: Path
    pages: tuple[Page, ...]
    slides: tuple[tuple[ShapeText, ...], ...]


def read_rendering(deck: Path, pdf: Path) -> Rendering:
    """The deck's text shapes and the words of the PDF's pages, read once."""
    pages = tuple(pdf_pages(pdf))
    slides = tuple(tuple(shapes) for shapes in slide_shapes(deck))
    return Rendering(deck, pdf, pages, slides)


def trimmed(word: Word) -> Box:
    """The word's box without the leading pdftotext adds above and below the glyphs."""
    cut = TRIM * (word.y1 - word.y0)
    return Box(word.x0, word.y0 + cut, word.x1, word.y1 - cut)


def _inside(word: Word, shape: ShapeText) -> bool:
    """Whether the word lies in the shape's box, give or take ``TOLERANCE``."""
    box = trimmed(word)
    return (
        box.x0 >= shape.x0 - TOLERANCE
        and box.x1 <= shape.x1 + TOLERANCE
        and box.y0 >= shape.y0 - TOLERANCE
        and box.y1 <= shape.y1 + TOLERANCE
    )


def _off_page(word: Word, page: Page) -> bool:
    return (
        word.x0 < -0.5
        or word.y0 < -0.5
        or word.x1 > page.width + 0.5
        or word.y1 > page.height + 0.5
    )


# Clipped and misplaced words ------------------------------------------------------------------


def misplaced_words(rendering: Rendering) -> tuple[list[str], list[str]]:
    """The words not drawn at all (clipped), and those drawn outside their shape or the page,
    one line each.

    A shape's word missing from its box is drawn outside it when the page shows it outside
    every text shape of the slide; otherwise it was not drawn.
    """
    if len(rendering.pages) != len(rendering.slides):
        count = f"{len(rendering.slides)} slides rendered as {len(rendering.pages)} pages"
        return [count], []
    clipped: list[str] = []
    outside: list[str] = []
    for number, (page, shapes) in enumerate(
        zip(rendering.pages, rendering.slides, strict=True), start=1
    ):
        stray = [w for w in page.words if not any(_inside(w, s) for s in shapes)]
        loose = Counter(w.text for w in stray)
        loose_text = " ".join(w.text for w in stray)
        for word in page.words:
            if _off_page(word, page):
                outside.append(f"slide {number}: {word.text!r} lies off the page")
        for shape in shapes:
            for word in missing_words(shape, page):
                where = f"slide {number}, shape {shape.name!r}: {word!r}"
                if loose[word] > 0:
                    loose[word] -= 1
                    outside.append(f"{where} is drawn outside its box")
                elif word in loose_text:
                    outside.append(f"{where} is drawn outside its box (broken over lines)")
                else:
                    clipped.append(f"{where} is not drawn (clipped)")
    return clipped, outside


def clipped_words(rendering: Rendering) -> list[str]:
    """Every word of a text shape that the rendered page does not show at all."""
    return misplaced_words(rendering)[0]


def outside_words(rendering: Rendering) -> list[str]:
    """Every word drawn outside its shape's box, or off the page."""
    return misplaced_words(rendering)[1]


def broken_words(rendering: Rendering) -> list[str]:
    """Every word of a text shape drawn broken over two lines between two letters (as a
    too-narrow box makes LibreOffice do), one line each."""
    found = []
    for number, (page, shapes) in enumerate(
        zip(rendering.pages, rendering.slides, strict=False), start=1
    ):
        for shape in shapes:
            inside = [w for w in page.words if _inside(w, shape)]
            whole = Counter(w.text for w in inside)
            for word in (part for w in shape.words for part in renderable(w).split()):
                if whole[word] > 0:
                    whole[word] -= 1
                    continue
                pieces = _pieces(word, inside)
                if pieces:
                    shown = " + ".join(repr(p) for p in pieces)
                    found.append(
                        f"slide {number}, shape {shape.name!r}: {word!r} is broken as {shown}"
                    )
    return found


def _pieces(word: str, inside: list[Word]) -> list[str]:
    """The consecutive words on more than one line that spell ``word`` with a break between
    two letters; none when there are none."""
    for start, first in enumerate(inside):
        if not word.startswith(first.text) or first.text == word:
            continue
        spelled, run = first.text, [first]
        for piece in inside[start + 1 :]:
            if not word.startswith(spelled + piece.text):
                break
            spelled, run = spelled + piece.text, [*run, piece]
            if spelled == word:
                pairs = list(itertools.pairwise(run))
                if any(_next_line(a, b) and a.text[-1].isalpha() for a, b in pairs):
                    return [p.text for p in run]
                break
    return []


def _next_line(before: Word, after: Word) -> bool:
    """Whether ``after`` starts a line below ``before``'s and its first character is a letter."""
    a, b = trimmed(before), trimmed(after)
    return b.y0 > a.y0 + 0.5 * (a.y1 - a.y0) and after.text[:1].isalpha()


# Words drawn over each other ------------------------------------------------------------------


def overlapping_words(rendering: Rendering) -> list[str]:
    """Every pair of words drawn over each other on a page, one line each."""
    found = []
    for number, page in enumerate(rendering.pages, start=1):
        for first, second in _overlapping_pairs(page):
            box = trimmed(first)
            found.append(
                f"slide {number}: {first.text!r} and {second.text!r} are drawn over each other"
                f" at ({box.x0:.0f}, {box.y0:.0f}) pt"
            )
    return found


def _overlapping_pairs(page: Page) -> Iterator[tuple[Word, Word]]:
    words = sorted(page.words, key=lambda w: w.x0)
    boxes = [trimmed(w) for w in words]
    for i, (first, a) in enumerate(zip(words, boxes, strict=True)):
        for second, b in zip(words[i + 1 :], boxes[i + 1 :], strict=True):
            if b.x0 >= a.x1:
                break  # sorted by left edge: no later word reaches back to this one
            if _overlap(first, a, second, b):
                yield first, second


def _overlap(first: Word, a: Box, second: Word, b: Box) -> bool:
    across, down = a.overlap(b)
    if across <= OVERLAP or down <= OVERLAP:
        return False
    if across * down <= OVERLAP_SHARE * min(a.area, b.area):
        return False
    if first.text == second.text:
        return False  # one word drawn twice: a shadow, or a word with its outline
    if _is_mark(first.text) or _is_mark(second.text):
        return False  # pdftotext gave a combining accent as a word of its own
    narrower = min(a.x1 - a.x0, b.x1 - b.x0)
    same_line = abs(a.y0 - b.y0) < 0.5 and abs(a.y1 - b.y1) < 0.5
    # pdftotext splits a word where its font changes; the pieces touch on one baseline.
    return not (same_line and across < 0.3 * narrower)


def _is_mark(text: str) -> bool:
    return all(unicodedata.category(ch).startswith("M") for ch in text)


# Contrast -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contrast:
    """A word as drawn: the colour of its text, what is behind it, and their contrast."""

    slide: int
    word: str
    text: str  # "#RRGGBB"
    background: str
    ratio: float


def word_contrasts(rendering: Rendering, dpi: int = DPI) -> list[Contrast]:
    """The contrast of every word on the page as ``pdftoppm`` draws it.

    In each word's box, the commonest colour is the background, and of the colours covering at
    least ``TEXT_SHARE`` of the box (or else the next few commonest) the one that contrasts
    most with it is the text.
    """
    from PIL import Image

    found = []
    owned = _deck_boxes(rendering.deck)
    with tempfile.TemporaryDirectory(prefix="briefing-pages-") as folder:
        root = f"{folder}/page"
        subprocess.run(
            # No anti-aliasing: a glyph's pixels have the text's colour, not blends of it,
            # and shapes' edges, which need none here, draw twice as fast.
            ["pdftoppm", "-r", str(dpi), "-aa", "no", "-aaVector", "no", str(rendering.pdf), root],
            check=True,
            capture_output=True,
            timeout=600,
        )
        images = sorted(Path(folder).glob("page-*.ppm"))  # numbers padded to one width
        for number, (page, path) in enumerate(zip(rendering.pages, images, strict=False), 1):
            with Image.open(path) as opened:
                image = opened.convert("RGB")
            scale_x, scale_y = image.width / page.width, image.height / page.height
            for word in page.words:
                if not any(ch.isalnum() for ch in word.text):
                    continue  # bullets, arrows, separators: not read
                box = trimmed(word)
                middle = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
                if number <= len(owned) and not any(
                    b.x0 <= middle[0] <= b.x1 and b.y0 <= middle[1] <= b.y1
                    for b in owned[number - 1]
                ):
                    continue  # the template's own text (a number in its artwork), not the deck's
                pixels = (
                    max(0, round(box.x0 * scale_x)),
                    max(0, round(box.y0 * scale_y)),
                    min(image.width, round(box.x1 * scale_x)),
                    min(image.height, round(box.y1 * scale_y)),
                )
                if pixels[2] - pixels[0] < 1 or pixels[3] - pixels[1] < 1:
                    continue  # off the page
                text, background = text_and_background(image.crop(pixels))
                found.append(
                    Contrast(number, word.text, text, background, contrast(text, background))
                )
    return found


def _deck_boxes(deck: Path) -> list[list[Box]]:
    """For each slide, the boxes of the shapes the deck put on it (text, pictures, charts)."""
    from pptx import Presentation

    boxes = []
    for slide in Presentation(str(deck)).slides:
        found = []
        for shape in slide.shapes:
            if shape.left is None or shape.width is None:
                continue
            x0, y0 = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
            found.append(
                Box(x0, y0, x0 + shape.width / EMU_PER_POINT, y0 + shape.height / EMU_PER_POINT)
            )
        boxes.append(found)
    return boxes


def text_and_background(box: Any) -> tuple[str, str]:
    """The text's and the background's colours in a word's box of an RGB image."""
    total = box.width * box.height
    # Colours within NEAR of a commoner one join its group: a photo's grain, a gradient's
    # steps and JPEG noise stay with the colour they vary around.
    groups: list[list[Any]] = []  # [pixels, the group's commonest colour]
    for count, colour in sorted(box.getcolors(total), reverse=True):
        near = next((g for g in groups if _distance(g[1], colour) <= NEAR), None)
        if near is None:
            groups.append([count, colour])
        else:
            near[0] += count
    groups.sort(key=lambda g: g[0], reverse=True)
    background = _hex(groups[0][1])
    others = groups[1:]
    frequent = [g for g in others if g[0] >= TEXT_SHARE * total] or others[:3]
    if not frequent:
        return background, background  # nothing but one colour: the text does not show
    text = max((_hex(g[1]) for g in frequent), key=lambda c: contrast(c, background))
    return text, background


def _distance(first: tuple[int, ...], second: tuple[int, ...]) -> int:
    return max(abs(a - b) for a, b in zip(first[:3], second[:3], strict=True))


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*colour[:3])


def low_contrast_words(
    rendering: Rendering, minimum: float = LOW_CONTRAST, measured: list[Contrast] | None = None
) -> list[str]:
    """Every word whose text contrasts with its background less than ``minimum``."""
    measured = word_contrasts(rendering) if measured is None else measured
    return [
        f"slide {c.slide}: {c.word!r} in {c.text} on {c.background} has a contrast of "
        f"{c.ratio:.1f}:1"
        for c in measured
        if c.ratio < minimum
    ]


# Words over the template's artwork ------------------------------------------------------------


def template_artwork(deck: Path) -> list[tuple[list[Artwork], list[Box]]]:
    """For each slide, the shapes its layout and master draw on it that are not placeholders
    (but not one covering the slide: that is a background, the contrast check judges it),
    and the boxes of the slide's own shapes that hide what lies under them: pictures, charts,
    tables and filled shapes."""
    from pptx import Presentation

    presentation = Presentation(str(deck))
    width, height = presentation.slide_width, presentation.slide_height
    page = Box(0, 0, width / EMU_PER_POINT, height / EMU_PER_POINT)
    slides = []
    for slide in presentation.slides:
        layout = slide.slide_layout
        owners: list[tuple[str, Any]] = []
        if _shows_master_shapes(slide):
            owners.append((f"layout {layout.name!r}", layout))
            if _shows_master_shapes(layout):
                owners.append(("master", layout.slide_master))
        art = []
        for owner, part in owners:
            for shape, box in _drawn(part.shapes):
                if box.area < BACKGROUND_SHARE * page.area:
                    name = shape.name or f"{shape.shape_type} {shape.shape_id}".lower()
                    art.append(Artwork(owner, name, box))
        covers = [_box_of(s) for s in slide.shapes if s.left is not None and _opaque(s)]
        slides.append((art, covers))
    return slides


def _drawn(shapes: Any, place: Callable[[Box], Box] | None = None) -> Iterator[tuple[Any, Box]]:
    """The shapes that are not placeholders, with their boxes on the slide: a group's own
    shapes each with its box (a group's box holds the gaps between them)."""
    for shape in shapes:
        if shape.is_placeholder or shape.left is None or shape.width is None:
            continue
        box = place(_box_of(shape)) if place else _box_of(shape)
        offset = shape.element.xpath("./p:grpSpPr/a:xfrm/a:chOff")
        extent = shape.element.xpath("./p:grpSpPr/a:xfrm/a:chExt")
        if not (offset and extent):  # not a group
            yield shape, box
            continue
        origin = (int(offset[0].get("x")) / EMU_PER_POINT, int(offset[0].get("y")) / EMU_PER_POINT)
        size = (int(extent[0].get("cx")) / EMU_PER_POINT, int(extent[0].get("cy")) / EMU_PER_POINT)
        yield from _drawn(shape.shapes, _group_placer(box, origin, size))


def _group_placer(
    group: Box, origin: tuple[float, float], size: tuple[float, float]
) -> Callable[[Box], Box]:
    """Where a group's child box lands on the slide: from the group's child space
    (``origin``, ``size``) to the group's box."""
    sx = (group.x1 - group.x0) / size[0] if size[0] else 1.0
    sy = (group.y1 - group.y0) / size[1] if size[1] else 1.0

    def place(child: Box) -> Box:
        return Box(
            group.x0 + (child.x0 - origin[0]) * sx,
            group.y0 + (child.y0 - origin[1]) * sy,
            group.x0 + (child.x1 - origin[0]) * sx,
            group.y0 + (child.y1 - origin[1]) * sy,
        )

    return place


def _shows_master_shapes(slide_or_layout: Any) -> bool:
    return slide_or_layout.element.get("showMasterSp") not in ("0", "false")


def _opaque(shape: Any) -> bool:
    """Whether the shape paints over what is under it."""
    tag = shape.element.tag.rsplit("}", 1)[-1]
    if tag in ("pic", "graphicFrame"):
        return True
    if tag != "sp":
        return False
    from pptx.enum.dml import MSO_FILL

    fill = shape.fill.type
    if fill is None:  # no fill of its own: the shape style's, if any (add_shape sets one)
        return bool(shape.element.xpath("./p:style/a:fillRef[@idx!='0']"))
    return bool(fill != MSO_FILL.BACKGROUND)


def _box_of(shape: Any) -> Box:
    x0, y0 = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
    width = max(shape.width / EMU_PER_POINT, LINE)
    height = max(shape.height / EMU_PER_POINT, LINE)
    if shape.width / EMU_PER_POINT < LINE:
        x0 -= width / 2
    if shape.height / EMU_PER_POINT < LINE:
        y0 -= height / 2
    return Box(x0, y0, x0 + width, y0 + height)


def words_over_artwork(rendering: Rendering) -> list[str]:
    """Every word of the deck's text shapes drawn across the edge of the template's artwork,
    where no filled shape or picture of the slide lies between them.

    Boxes stand for shapes: a word near a drawing's edge may be on its empty corner.
    """
    found = []
    layers = template_artwork(rendering.deck)
    for number, (page, shapes, (art, covers)) in enumerate(
        zip(rendering.pages, rendering.slides, layers, strict=False), start=1
    ):
        for word in page.words:
            shape = next((s for s in shapes if _inside(word, s)), None)
            if shape is None:
                continue  # the template's own text, or a word the other checks report
            box = trimmed(word)
            if any(_contains(cover, box) for cover in covers):
                continue
            under = next((a for a in art if _crosses(box, a.box)), None)
            if under is not None:
                found.append(
                    f"slide {number}: {word.text!r} of {shape.name!r} lies across {under.owner}"
                    f" artwork {under.name!r}"
                )
    return found


def _crosses(word: Box, art: Box) -> bool:
    """Whether the word lies partly on the artwork: a word wholly on a shape (a title on a
    band) is what the template meant, and the contrast check judges it."""
    return min(word.overlap(art)) > OVERLAP and not _contains(art, word)


def stray_words(rendering: Rendering) -> list[str]:
    """Every word the page shows outside all the slide's own shapes: the template's text
    showing through (a "<date/time>" field, a sample caption), or text run far off its box."""
    found = []
    layers = template_artwork(rendering.deck)
    for number, (page, shapes, (_, covers)) in enumerate(
        zip(rendering.pages, rendering.slides, layers, strict=False), start=1
    ):
        for word in page.words:
            box = trimmed(word)
            if not any(_inside(word, s) for s in shapes) and not any(
                _contains(cover, box) for cover in covers
            ):
                found.append(f"slide {number}: {word.text!r} is in none of the slide's shapes")
    return found


def _contains(outer: Box, inner: Box) -> bool:
    return (
        inner.x0 >= outer.x0 - TOLERANCE
        and inner.x1 <= outer.x1 + TOLERANCE
        and inner.y0 >= outer.y0 - TOLERANCE
        and inner.y1 <= outer.y1 + TOLERANCE
    )


# All of it ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """How many of a rendered deck's words each check finds at fault."""

    words: int
    clipped: int
    outside: int
    overlapping: int
    low_contrast: int
    measured: int  # words whose contrast was measured: those with a letter or digit
    over_artwork: int
    broken: int
    stray: int

    @property
    def low_contrast_share(self) -> float:
        return self.low_contrast / self.measured if self.measured else 0.0


def summarise(rendering: Rendering, measured: list[Contrast] | None = None) -> Summary:
    clipped, outside = misplaced_words(rendering)
    overlapping = {
        (number, word)
        for number, page in enumerate(rendering.pages)
        for pair in _overlapping_pairs(page)
        for word in pair
    }
    measured = word_contrasts(rendering) if measured is None else measured
    return Summary(
        words=sum(len(page.words) for page in rendering.pages),
        clipped=len(clipped),
        outside=len(outside),
        overlapping=len(overlapping),
        low_contrast=sum(c.ratio < LOW_CONTRAST for c in measured),
        measured=len(measured),
        over_artwork=len(words_over_artwork(rendering)),
        broken=len(broken_words(rendering)),
        stray=len(stray_words(rendering)),
    )
