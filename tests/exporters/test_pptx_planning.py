"""The faster planning gives the plans the straightforward one gave: the balanced split over
slides, the search for a title's size, and text split into words."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from briefing.exporters.pptx.paginate import balance, pages_needed
from briefing.richtext import RichText, Span, parse
from briefing.typeset.metrics import SPACES, Line, _scan
from briefing.typeset.wrap import Box, Para, Typesetter

Cost = Callable[[int, int, int], float]
Penalty = Callable[[int], float]


def every_split(
    count: int,
    cost: Cost,
    capacity: Callable[[int], float],
    pages: int,
    penalty: Callable[[int], float] | None,
) -> list[tuple[int, int]] | None:
    """The balanced split found by trying every start for every end (the reference)."""
    if count == 0:
        return [(0, 0)] * pages if pages else []
    if pages <= 0 or pages > count:
        return None
    inf = float("inf")
    best = [[inf] * (count + 1) for _ in range(pages + 1)]
    back = [[0] * (count + 1) for _ in range(pages + 1)]
    best[0][0] = 0.0
    for k in range(1, pages + 1):
        for j in range(k, count + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf:
                    continue
                height, room = cost(i, j, k - 1), capacity(k - 1)
                if height > room + 1e-6:
                    continue
                extra = penalty(i) if (penalty and i > 0) else 0.0
                score = best[k - 1][i] + (height / room) ** 2 + extra
                if score < best[k][j] - 1e-9:
                    best[k][j], back[k][j] = score, i
    if best[pages][count] == inf:
        return None
    runs, end = [], count
    for k in range(pages, 0, -1):
        runs.append((back[k][end], end))
        end = back[k][end]
    return list(reversed(runs))


def random_column(rng: random.Random) -> tuple[int, Cost, Callable[[int], float], Penalty]:
    """Items of random heights in groups, on slides of random (or equal) heights; later
    slides may be wider, so the same items take less height there."""
    count = rng.randint(1, 30)
    heights = [rng.choice([rng.uniform(1, 40), float(rng.randint(5, 30))]) for _ in range(count)]
    groups = sorted(rng.randint(0, 3) for _ in range(count))
    narrower = rng.random() < 0.5
    rooms = [rng.uniform(40, 120) for _ in range(40)]
    uniform = rng.random() < 0.5

    def cost(i: int, j: int, page: int) -> float:
        scale = 0.7 if (narrower and page > 0) else 1.0
        # a group's heading adds height once per group on the slide, as the columns' do
        return sum(heights[i:j]) * scale + 6.0 * len(set(groups[i:j]))

    def capacity(page: int) -> float:
        return rooms[0] if uniform else rooms[page]

    def penalty(index: int) -> float:
        return 0.5 if groups[index] == groups[index - 1] else 0.0

    return count, cost, capacity, penalty


def test_balanced_splits_are_those_of_trying_every_start() -> None:
    rng = random.Random(11)
    for _ in range(1200):
        count, cost, capacity, penalty = random_column(rng)
        needed = pages_needed(count, cost, capacity) or count
        for pages in {needed, needed + 1, rng.randint(1, count)}:
            for with_penalty in (penalty, None):
                expected = every_split(count, cost, capacity, pages, with_penalty)
                assert balance(count, cost, capacity, pages, with_penalty) == expected


def test_a_titles_size_is_found_by_halving_as_by_trying_each() -> None:
    typesetter = Typesetter()
    rng = random.Random(5)
    words = [
        "resilience",
        "at",
        "scale",
        "·",
        "大規模",
        "observability",
        "p99",
        "latency-budget",
        "supercalifragilistic",
    ]
    for _ in range(300):
        text = RichText.plain_text(" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))))
        box = Box(rng.uniform(60, 900), rng.uniform(20, 160), 0, 0, 2, 2)

        def make(size: float, text: RichText = text) -> list[Para]:
            return [Para(text, size, "Calibri", bold=True)]

        linear = typesetter.fit_size(make, box, 12, 44, 1.0)
        assert typesetter.fit_size(make, box, 12, 44, 1.0, monotone=True) == linear


def char_by_char(text: RichText) -> list[tuple[str, int, int, bool]]:
    """Words, spaces and breaks scanned one character at a time (the reference)."""

    def breaks_before(char: str) -> bool:
        code = ord(char)
        return (
            0x3040 <= code <= 0x30FF
            or 0x3400 <= code <= 0x4DBF
            or 0x4E00 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF
            or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF
        )

    tokens, offset = [], 0
    for span in text.spans:
        chunk, i = span.text, 0
        while i < len(chunk):
            if chunk[i] == "\n":
                tokens.append(("\n", offset + i, offset + i + 1, False))
                i += 1
                continue
            space = chunk[i] in SPACES
            j = i + 1
            while j < len(chunk) and chunk[j] != "\n" and (chunk[j] in SPACES) == space:
                if not space and breaks_before(chunk[j]):
                    break
                j += 1
            tokens.append((chunk[i:j], offset + i, offset + j, space))
            i = j
        offset += len(chunk)
    return tokens


@pytest.mark.parametrize("seed", range(4))
def test_text_splits_into_the_words_a_character_scan_finds(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["word", " ", "  ", "\t", "\u200b", "\n", "日本語", "한국어", "。", "😀", "a-b", "é"]
    for _ in range(500):
        spans = tuple(
            Span(
                "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))),
                bold=rng.random() < 0.3,
            )
            for _ in range(rng.randint(1, 4))
        )
        text = RichText(spans, "")
        found = [(token, start, end, space) for token, _, start, end, space in _scan(text)]
        assert found == char_by_char(text)


def measured_each_time(typesetter: Typesetter, para: Para, width: float) -> list[Line]:
    """Greedy wrapping that measures every word as it goes (the reference)."""
    available = max(width - para.indent, 1.0)
    spans = [span for span in para.text.spans for _ in range(1)]
    tokens = []
    offset = 0
    for span in spans:  # char_by_char's tokens, each with its span
        for token, start, end, space in char_by_char(RichText((span,), "")):
            tokens.append((token, span, start + offset, end + offset, space))
        offset += len(span.text)
    lines: list[Line] = []
    start, used, pending, has_words = 0, 0.0, 0.0, False
    for token, span, first, end, space in tokens:
        if token == "\n":
            lines.append(Line(start, first, used))
            start, used, pending, has_words = end, 0.0, 0.0, False
            continue
        if space:
            if has_words or start == 0:
                pending += typesetter.span_width(token, span, para)
            continue
        word = typesetter.span_width(token, span, para)
        if used + pending + word <= available:
            used += pending + word
            pending, has_words = 0.0, True
            continue
        if word > available:
            used += pending if has_words else 0.0
            offset = first
            for char in token:
                char_width = typesetter.span_width(char, span, para)
                if used + char_width > available and (used > 0 or has_words):
                    lines.append(Line(start, offset, used))
                    start, used, has_words = offset, 0.0, False
                used += char_width
                offset += len(char)
            pending, has_words = 0.0, True
            continue
        lines.append(Line(start, first, used))
        start, used, pending, has_words = first, word, 0.0, True
    lines.append(Line(start, len(para.text.plain), used))
    return lines


@pytest.mark.parametrize(
    "markup",
    [
        "Load generation on **3,000** EC2 machines, `s2n` and *a* very-long-hyphenated-word",
        "Ελληνικά και Кириллица: η ανθεκτικότητα στην πράξη / устойчивость на практике",
        "大規模なシステムの可観測性と回復力、そして 2024 年の教訓",
        "https://example.com/an/address/far/too/long/for/any/column/whatever/its/size/is",
        "two lines  \nof text, with  double  spaces",
    ],
)
def test_lines_from_words_measured_once_are_those_of_measuring_each_word(markup: str) -> None:
    typesetter = Typesetter()
    text = parse(markup)
    for size in (14.0, 21.0, 36.0):
        for width in (60.0, 150.0, 333.3, 1000.0):
            para = Para(text, size, "Calibri", indent=12.0)
            assert typesetter.lines(para, width) == measured_each_time(typesetter, para, width)
