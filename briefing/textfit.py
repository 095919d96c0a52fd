"""Measuring rich text with real font metrics: run widths, line wrapping, box heights, best fit.

Every size an exporter picks comes from here, so text never runs out of its box: widths are
the fonts' own advance widths (see ``briefing.fonts`` for which files), lines break only where
PowerPoint and LibreOffice may also break them (spaces, between CJK characters, inside a word
too long for a line), and a line is counted 1.22 times the font size tall (LibreOffice sets
single lines 1.2 apart, PowerPoint by the font's line height). Everything is in points.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import fonts
from briefing.richtext import RichText, Span

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

# LibreOffice spaces single lines 1.2 times the font size; PowerPoint uses the font's own line
# height, 1.22 em for Calibri. Measuring with the larger keeps text inside its box in both.
LINE_PITCH = 1.22
CODE_FONT = "Consolas"
_REF_SIZE = 1000  # fonts are loaded once at this size; widths scale linearly with the size
# Measured widths are padded: renderers round advances to their own units, and a line that
# fits by a hair in one may wrap in another.
WIDTH_SLACK = 1.02
_SPACES = " \t\u200b"  # the zero-width space is a break opportunity of no width
ZWSP = "\u200b"


@dataclass(frozen=True)
class Para:
    """One paragraph to measure: its text, the font it is set in and its spacing."""

    text: RichText
    size: float
    font: str
    bold: bool = False
    italic: bool = False
    indent: float = 0.0  # left margin of every line (a bullet hangs inside it)
    space_before: float = 0.0  # ignored on a box's first paragraph, as renderers do
    line_spacing: float = 1.0  # multiple of single spacing
    code_font: str = CODE_FONT

    @property
    def pitch(self) -> float:
        return LINE_PITCH * self.size * self.line_spacing


@dataclass(frozen=True)
class Line:
    """A wrapped line: where it starts and ends in the paragraph's plain text, and its width."""

    start: int
    end: int
    width: float


@dataclass(frozen=True)
class Box:
    """A text box: outer size and the insets its text keeps from the edges."""

    width: float
    height: float
    inset_left: float = 7.2
    inset_right: float = 7.2
    inset_top: float = 3.6
    inset_bottom: float = 3.6

    @property
    def inner_width(self) -> float:
        return self.width - self.inset_left - self.inset_right

    @property
    def inner_height(self) -> float:
        return self.height - self.inset_top - self.inset_bottom


@dataclass
class Typesetter:
    """Measures text for one theme: its ``fonts/`` folder is searched first for font files."""

    folder: Path | None = None
    _faces: dict[str, fonts.FontFace] = field(default_factory=dict, repr=False)
    # The same paragraph is measured at the same width many times while sizes are tried.
    _lines: dict[tuple[Para, float], list[Line]] = field(default_factory=dict, repr=False)

    def face(self, family: str) -> fonts.FontFace:
        if family not in self._faces:
            self._faces[family] = fonts.resolve(family, self.folder)
        return self._faces[family]

    def width(
        self, text: str, family: str, size: float, bold: bool = False, italic: bool = False
    ) -> float:
        """The advance width of ``text`` set in one style, in points."""
        path = self.face(family).file(bold, italic)
        return _width_at_ref(text, path) * size / _REF_SIZE * WIDTH_SLACK

    def span_width(self, text: str, span: Span, para: Para) -> float:
        family = para.code_font if span.code else para.font
        return self.width(
            text, family, para.size, span.bold or para.bold, span.italic or para.italic
        )

    def lines(self, para: Para, width: float) -> list[Line]:
        """Wrap ``para`` greedily into lines no wider than ``width`` (its indent taken off)."""
        key = (para, width)
        if key not in self._lines:
            if len(self._lines) > 50_000:  # a bound on memory for very large briefings
                self._lines.clear()
            self._lines[key] = self._wrap(para, width)
        return self._lines[key]

    def _wrap(self, para: Para, width: float) -> list[Line]:
        available = max(width - para.indent, 1.0)
        lines: list[Line] = []
        start = 0  # where the current line starts in the plain text
        used = 0.0  # width of the current line, trailing spaces left out (they hang)
        pending = 0.0  # width of the spaces since the last word
        has_words = False
        for token in _tokens(para.text):
            if token.text == "\n":
                lines.append(Line(start, token.start, used))
                start, used, pending, has_words = token.end, 0.0, 0.0, False
                continue
            if token.space:
                if has_words or start == 0:
                    pending += self.span_width(token.text, token.span, para)
                continue
            word = self.span_width(token.text, token.span, para)
            if used + pending + word <= available:
                used += pending + word
                pending, has_words = 0.0, True
                continue
            if word > available:
                # A word wider than a line (a long URL) breaks between any two characters;
                # soften() marks those breaks so every renderer takes the same ones.
                used += pending if has_words else 0.0
                offset = token.start
                for char in token.text:
                    char_width = self.span_width(char, token.span, para)
                    if used + char_width > available and (used > 0 or has_words):
                        lines.append(Line(start, offset, used))
                        start, used, has_words = offset, 0.0, False
                    used += char_width
                    offset += len(char)
                pending, has_words = 0.0, True
                continue
            lines.append(Line(start, token.start, used))
            start, used, pending, has_words = token.start, word, 0.0, True
        lines.append(Line(start, len(para.text.plain), used))
        return lines

    def soften(self, para: Para, width: float) -> Para:
        """``para`` with a zero-width space wherever ``lines()`` breaks a word too wide for a
        line, so renderers break it there too (and nowhere else inside it)."""
        available = max(width - para.indent, 1.0)
        long_words = [
            (token.start, token.end)
            for token in _tokens(para.text)
            if not token.space
            and token.text != "\n"
            and self.span_width(token.text, token.span, para) > available
        ]
        if not long_words:
            return para
        breaks = {
            line.start
            for line in self.lines(para, width)[1:]
            if any(start < line.start < end for start, end in long_words)
        }
        spans = []
        offset = 0
        for span in para.text.spans:
            out = []
            for char in span.text:
                out.append(ZWSP + char if offset in breaks else char)
                offset += len(char)
            spans.append(replace(span, text="".join(out)))
        return replace(para, text=RichText(tuple(spans), para.text.source))

    def height(self, paras: Sequence[Para], width: float) -> float:
        """The height the paragraphs take in a column ``width`` wide (without box insets)."""
        total = 0.0
        for index, para in enumerate(paras):
            if index:
                total += para.space_before
            total += len(self.lines(para, width)) * para.pitch
        return total

    def fits(self, paras: Sequence[Para], box: Box, break_words: bool = True) -> bool:
        """Whether ``paras`` fit ``box``; with ``break_words`` False, also without breaking
        any word between characters."""
        if not break_words and any(self.breaks_words(p, box.inner_width) for p in paras):
            return False
        return self.height(paras, box.inner_width) <= box.inner_height + 0.01

    def breaks_words(self, para: Para, width: float) -> bool:
        """Whether some word of ``para`` is too wide for a line and must break."""
        available = max(width - para.indent, 1.0)
        return any(
            not token.space
            and token.text != "\n"
            and self.span_width(token.text, token.span, para) > available
            for token in _tokens(para.text)
        )

    def fit_size(
        self,
        make: Callable[[float], Sequence[Para]],
        box: Box,
        smallest: float,
        largest: float,
        step: float = 1.0,
    ) -> float | None:
        """The largest size in [smallest, largest] (in ``step``s) at which ``make(size)`` fits,
        whole words first: a word is broken between characters only if no size avoids it."""
        for break_words in (False, True):
            size = largest
            while size >= smallest - 1e-9:
                if self.fits(make(size), box, break_words):
                    return size
                size -= step
        return None

    def widest_line(self, para: Para, width: float) -> float:
        return max((line.width for line in self.lines(para, width)), default=0.0)


@dataclass(frozen=True)
class _Token:
    text: str
    span: Span
    start: int
    end: int
    space: bool = False


@lru_cache(maxsize=4096)
def _tokens(text: RichText) -> tuple[_Token, ...]:
    return tuple(_scan(text))


def _scan(text: RichText) -> Iterable[_Token]:
    """Words, runs of spaces and forced breaks, each within one span.

    A CJK character starts a token of its own (lines may break before it); punctuation and
    other characters after it stay with it, since lines may not break before them.
    """
    offset = 0
    for span in text.spans:
        chunk = span.text
        i = 0
        while i < len(chunk):
            if chunk[i] == "\n":
                yield _Token("\n", span, offset + i, offset + i + 1)
                i += 1
                continue
            space = chunk[i] in _SPACES
            j = i + 1
            while j < len(chunk) and chunk[j] != "\n" and (chunk[j] in _SPACES) == space:
                if not space and _breaks_before(chunk[j]):
                    break
                j += 1
            yield _Token(chunk[i:j], span, offset + i, offset + j, space=space)
            i = j
        offset += len(chunk)


def _breaks_before(char: str) -> bool:
    """Whether a line may break before ``char``: CJK ideographs, kana and hangul."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


@lru_cache(maxsize=8)
def _font(path: Path) -> FreeTypeFont:
    from PIL import ImageFont

    # The basic layout applies no GPOS kerning, so words measure a little wide: the safe side.
    return ImageFont.truetype(str(path), _REF_SIZE, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def _width_at_ref(text: str, path: Path) -> float:
    """Width at the reference size; glyphs the font lacks are measured in a fallback font."""
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
        sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else _REF_SIZE for ch in text)
    )


def split_text(text: RichText, start: int, end: int) -> RichText:
    """The part of ``text`` between plain-text offsets ``start`` and ``end``, formatting kept."""
    spans: list[Span] = []
    offset = 0
    for span in text.spans:
        low, high = max(start, offset), min(end, offset + len(span.text))
        if low < high:
            spans.append(replace(span, text=span.text[low - offset : high - offset]))
        offset += len(span.text)
    plain = "".join(s.text for s in spans)
    return RichText(tuple(spans), plain)
