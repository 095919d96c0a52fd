"""Measuring rich text with real font metrics: run widths, line wrapping, box heights, best fit.

Every size an exporter picks comes from here, so text never runs out of its box: widths are
the fonts' own advance widths (see ``briefing.typeset.fonts`` for which files), lines break
only where PowerPoint and LibreOffice may also break them (spaces, between CJK characters,
inside a word too long for a line), and a line is counted 1.22 times the font size tall
(LibreOffice sets single lines 1.2 apart, PowerPoint by the font's line height). Everything is
in points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.richtext import RichText, Span
from briefing.typeset import fonts
from briefing.typeset.metrics import BREAK, REF_SIZE, SPACE, WORD, Line, Measured, width_at_ref

# LibreOffice spaces single lines 1.2 times the font size; PowerPoint uses the font's own line
# height, 1.22 em for Calibri. Measuring with the larger keeps text inside its box in both.
LINE_PITCH = 1.22
CODE_FONT = "Consolas"
# Measured widths are padded: renderers round advances to their own units, and a line that
# fits by a hair in one may wrap in another.
WIDTH_SLACK = 1.02
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
    # Each paragraph's words, measured once at the reference size and wrapped at any size and
    # width from those widths: found by the identity of the text (the source's texts are
    # measured at many sizes while sizes are tried), else by its value.
    _by_id: dict[tuple[int, str, bool, bool, str], tuple[RichText, Measured]] = field(
        default_factory=dict, repr=False
    )
    _by_value: dict[tuple[RichText, str, bool, bool, str], Measured] = field(
        default_factory=dict, repr=False
    )

    def face(self, family: str) -> fonts.FontFace:
        if family not in self._faces:
            self._faces[family] = fonts.resolve(family, self.folder)
        return self._faces[family]

    def width(
        self, text: str, family: str, size: float, bold: bool = False, italic: bool = False
    ) -> float:
        """The advance width of ``text`` set in one style, in points."""
        files = self.face(family).files(bold, italic)
        return width_at_ref(text, files) * size / REF_SIZE * WIDTH_SLACK

    def span_width(self, text: str, span: Span, para: Para) -> float:
        family = para.code_font if span.code else para.font
        return self.width(
            text, family, para.size, span.bold or para.bold, span.italic or para.italic
        )

    def measure(
        self,
        text: RichText,
        font: str,
        bold: bool = False,
        italic: bool = False,
        code_font: str = CODE_FONT,
    ) -> Measured:
        """``text``'s words measured in a style, to be wrapped at any size (``wrap``)."""
        key = (id(text), font, bold, italic, code_font)
        known = self._by_id.get(key)
        if known is not None and known[0] is text:
            return known[1]
        if len(self._by_id) > 100_000:  # a bound on memory for very large briefings
            self._by_id.clear()
            self._by_value.clear()
        value_key = (text, font, bold, italic, code_font)
        found = self._by_value.get(value_key)
        if found is None:
            found = self._by_value[value_key] = Measured(
                self.face, text, font, bold, italic, code_font
            )
        self._by_id[key] = (text, found)  # keeps ``text`` alive: its id stays its own
        return found

    def _metrics(self, para: Para) -> Measured:
        return self.measure(para.text, para.font, para.bold, para.italic, para.code_font)

    def lines(self, para: Para, width: float) -> list[Line]:
        """Wrap ``para`` greedily into lines no wider than ``width`` (its indent taken off)."""
        return self.wrap(self._metrics(para), para.size, width, para.indent)

    def wrap(
        self, measured: Measured, size: float, width: float, indent: float = 0.0
    ) -> list[Line]:
        """The lines of measured text set at ``size`` in a column ``width`` wide, less
        ``indent`` (as ``lines`` wraps a paragraph of that text, size and indent)."""
        key = (size, width, indent)
        found = measured.lines.get(key)
        if found is None:
            found = measured.lines[key] = self._wrap(measured, size, width, indent)
        return found

    def _wrap(self, metrics: Measured, size: float, width: float, indent: float) -> list[Line]:
        available = max(width - indent, 1.0)
        lines: list[Line] = []
        start = 0  # where the current line starts in the plain text
        used = 0.0  # width of the current line, trailing spaces left out (they hang)
        pending = 0.0  # width of the spaces since the last word
        has_words = False
        for kind, ref, token_start, token_end, files in zip(
            metrics.kinds, metrics.refs, metrics.starts, metrics.ends, metrics.files, strict=True
        ):
            if kind == BREAK:
                lines.append(Line(start, token_start, used))
                start, used, pending, has_words = token_end, 0.0, 0.0, False
                continue
            # The same arithmetic as width(), so a line breaks where it always did.
            if kind == SPACE:
                if has_words or start == 0:
                    pending += ref * size / REF_SIZE * WIDTH_SLACK
                continue
            word = ref * size / REF_SIZE * WIDTH_SLACK
            if used + pending + word <= available:
                used += pending + word
                pending, has_words = 0.0, True
                continue
            if word > available:
                # A word wider than a line (a long URL) breaks between any two characters;
                # soften() marks those breaks so every renderer takes the same ones.
                used += pending if has_words else 0.0
                offset = token_start
                for char in metrics.text.plain[token_start:token_end]:
                    char_width = width_at_ref(char, files) * size / REF_SIZE * WIDTH_SLACK
                    if used + char_width > available and (used > 0 or has_words):
                        lines.append(Line(start, offset, used))
                        start, used, has_words = offset, 0.0, False
                    used += char_width
                    offset += len(char)
                pending, has_words = 0.0, True
                continue
            lines.append(Line(start, token_start, used))
            start, used, pending, has_words = token_start, word, 0.0, True
        lines.append(Line(start, metrics.length, used))
        return lines

    def soften(self, para: Para, width: float) -> Para:
        """``para`` with a zero-width space wherever ``lines()`` breaks a word too wide for a
        line, so renderers break it there too (and nowhere else inside it)."""
        if not self.breaks_words(para, width):
            return para
        available = max(width - para.indent, 1.0)
        size = para.size
        measured = self._metrics(para)
        long_words = [
            (start, end)
            for kind, ref, start, end in zip(
                measured.kinds, measured.refs, measured.starts, measured.ends, strict=True
            )
            if kind == WORD and ref * size / REF_SIZE * WIDTH_SLACK > available
        ]
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
        return self._metrics(para).widest * para.size / REF_SIZE * WIDTH_SLACK > available

    def fit_size(
        self,
        make: Callable[[float], Sequence[Para]],
        box: Box,
        smallest: float,
        largest: float,
        step: float = 1.0,
        monotone: bool = False,
    ) -> float | None:
        """The largest size in [smallest, largest] (in ``step``s) at which ``make(size)`` fits,
        whole words first: a word is broken between characters only if no size avoids it.

        With ``monotone`` (``make`` gives text that fits at every size below one that fits,
        as one paragraph whose only size-dependent property is its size does), the sizes are
        searched by halving: the same answer in a few measurements.
        """
        sizes = []
        size = largest
        while size >= smallest - 1e-9:
            sizes.append(size)
            size -= step
        for break_words in (False, True):
            if not monotone:
                for size in sizes:
                    if self.fits(make(size), box, break_words):
                        return size
                continue
            low, high = 0, len(sizes)  # the first size that fits is in sizes[low:high]
            while low < high:
                middle = (low + high) // 2
                if self.fits(make(sizes[middle]), box, break_words):
                    high = middle
                else:
                    low = middle + 1
            if low < len(sizes):
                return sizes[low]
        return None

    def widest_line(self, para: Para, width: float) -> float:
        return max((line.width for line in self.lines(para, width)), default=0.0)


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
