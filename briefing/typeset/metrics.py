"""Words measured in font files: each word's advance width at one reference size, once.

``briefing.typeset.wrap`` wraps and fits text at any size from these widths (they scale
linearly with the size), so a paragraph tried at a dozen sizes is split into words and
measured only once. A
style of a missing font has several candidate files (``fonts.FontFace``): a word is as wide as
it is in the widest of them, so it fits whichever one draws it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefing.richtext import RichText, Span
from briefing.typeset import fonts

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

REF_SIZE = 1000  # fonts are loaded once at this size; widths scale linearly with the size
SPACES = " \t\u200b"  # the zero-width space is a break opportunity of no width


class Line(NamedTuple):
    """A wrapped line: where it starts and ends in the paragraph's plain text, and its width."""

    start: int
    end: int
    width: float


WORD, SPACE, BREAK = 0, 1, 2  # the kinds of token


class Measured:
    """Text's tokens with their widths at the reference size (and the font files each is set
    in), and its wrapped lines by (size, width, indent). Kept as a few flat tuples: a large
    briefing measures tens of thousands of texts."""

    __slots__ = ("ends", "files", "kinds", "length", "lines", "refs", "starts", "text", "widest")

    def __init__(
        self,
        face: Callable[[str], fonts.FontFace],
        text: RichText,
        font: str,
        bold: bool,
        italic: bool,
        code_font: str,
    ) -> None:
        self.text = text
        self.length = len(text.plain)
        kinds, refs, starts, ends, files = [], [], [], [], []
        widest = 0.0
        styles: dict[tuple[bool, bool, bool], fonts.Files] = {}
        for token, span, start, end, space in _scan(text):
            style = (span.code, span.bold or bold, span.italic or italic)
            candidates = styles.get(style)
            if candidates is None:
                family = code_font if span.code else font
                candidates = styles[style] = face(family).files(style[1], style[2])
            if token == "\n":
                kind, ref = BREAK, 0.0
            else:
                kind = SPACE if space else WORD
                ref = width_at_ref(token, candidates)
                if not space:
                    widest = max(widest, ref)
            kinds.append(kind)
            refs.append(ref)
            starts.append(start)
            ends.append(end)
            files.append(candidates)
        self.kinds, self.refs = tuple(kinds), tuple(refs)
        self.starts, self.ends, self.files = tuple(starts), tuple(ends), tuple(files)
        self.widest = widest
        self.lines: dict[tuple[float, float, float], list[Line]] = {}


# Lines may break before a CJK ideograph, kana or hangul (each starts a token of its own);
# punctuation and other characters after it stay with it, since lines may not break there.
BREAKS_BEFORE = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
)
# A forced break, a run of spaces, or a word: any character, then all that may not be broken
# before (not a space, a forced break or a character lines may break before).
_TOKEN = re.compile(rf"\n|[{SPACES}]+|.[^\n{SPACES}{BREAKS_BEFORE}]*", re.DOTALL)


def _scan(text: RichText) -> Iterator[tuple[str, Span, int, int, bool]]:
    """Words, runs of spaces and forced breaks, each within one span, as (text, span, start,
    end, is a run of spaces), with offsets into the plain text."""
    offset = 0
    for span in text.spans:
        if span.href and "\n" not in span.text:
            # LibreOffice sets a link as one field and breaks it between characters when it
            # does not fit the rest of a line, so a link is measured as one unbreakable word.
            yield span.text, span, offset, offset + len(span.text), False
            offset += len(span.text)
            continue
        for match in _TOKEN.finditer(span.text):
            token = match.group()
            yield (
                token,
                span,
                offset + match.start(),
                offset + match.end(),
                token[0] in SPACES,
            )
        offset += len(span.text)


@lru_cache(maxsize=32)  # a missing font's styles take two files each
def _font(path: Path) -> FreeTypeFont:
    from PIL import ImageFont

    # The basic layout applies no GPOS kerning, so words measure a little wide: the safe side.
    return ImageFont.truetype(str(path), REF_SIZE, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def width_at_ref(text: str, files: fonts.Files) -> float:
    """Width at the reference size in the widest of a style's candidate files (one unless the
    font is missing: see ``fonts.FontFace``)."""
    if len(files) == 1:
        return _width_in(text, files[0])
    return max(_width_in(text, path) for path in files)


def _width_in(text: str, path: Path) -> float:
    """Width at the reference size in one font; glyphs it lacks are measured in a fallback."""
    covered = fonts.coverage(path)
    total = 0.0
    run: list[str] = []
    run_path: Path | None = path
    for char in text:
        char_path = path if ord(char) in covered else fonts.fallback_for(char)
        if char_path != run_path:
            total += _run_width("".join(run), run_path)
            run, run_path = [], char_path
        run.append(char)
    return total + _run_width("".join(run), run_path)


def _run_width(text: str, path: Path | None) -> float:
    if not text:
        return 0.0
    if path is not None:
        return float(_font(path).getlength(text))
    # No installed font has these glyphs: count each as one em, unless it takes no space.
    return float(
        sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else REF_SIZE for ch in text)
    )
