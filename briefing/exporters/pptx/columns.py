"""A session's columns measured at one size: the paragraphs and pieces, and their heights.

The first slide has two columns: key points and takeaways on the left; figures (callouts, or
a chart when two or more share a unit), "why it matters" and the video on the right. A
continuation slide takes the whole width, unless figures spill over onto it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property, lru_cache, partial
from typing import Protocol

from briefing.exporters.pptx.charts import chart_height, charted
from briefing.exporters.pptx.paginate import balance, pages_needed
from briefing.exporters.pptx.pieces import (
    BULLETED_POINTS,
    GAP,
    KEY_POINTS,
    MORE_GROUP,
    PLAIN_POINTS,
    STATEMENT_GROUP,
    SUMMARY_GROUP,
    TAKEAWAYS_GROUP,
    TINTED,
    WHY_GROUP,
    Block,
    Columns,
    Group,
    Item,
    Look,
    Page,
)
from briefing.exporters.pptx.style import BODY_FLOOR, SMALL, Style
from briefing.exporters.pptx.text import TextPara
from briefing.model import Stat
from briefing.richtext import RichText
from briefing.typeset.wrap import LINE_PITCH, Box, Para, split_text

SIZES = (24.0, 23.0, 22.0, 21.0, 20.0, 19.0, 18.0)
FALLBACK_SIZES = (17.0, 16.0, 15.0, 14.0)
QR_SIZE = 116.0  # 1.6 in: scanned from the back of a meeting room
NO_VIDEO_HEIGHT = 30.0
# Scores added for breaking inside a group rather than between groups: the key points are
# meant to be read together on the session's first slide.
MID_GROUP_BREAK = 0.25
MID_KEY_POINTS_BREAK = 0.5
STAT_NUMBER = (40.0, 26.0)  # largest and smallest size of a big number
HERO_NUMBER = (72.0, 40.0)  # the same for a session's only figure
CHART_WIDTH = 320.0  # narrower, a chart's labels crowd its bars
QUOTE_INSET = 18.0  # a pull quote's text from its bar


class Content(Protocol):
    """What of a session its columns show: a ``Session``, or part of one."""

    @property
    def summary(self) -> RichText | None: ...
    @property
    def key_points(self) -> tuple[RichText, ...]: ...
    @property
    def stats(self) -> tuple[Stat, ...]: ...
    @property
    def chart(self) -> RichText | None: ...
    @property
    def takeaways(self) -> tuple[RichText, ...]: ...
    @property
    def relevance(self) -> RichText | None: ...


class Layout:
    """A session's columns measured at one body size."""

    def __init__(
        self,
        session: Content,
        style: Style,
        columns: Columns,
        size: float,
        why_right: bool,
        shared: dict[object, object] | None = None,
        more: RichText | None = None,
        statement: bool = False,
        measured: dict[object, object] | None = None,
    ) -> None:
        self.session, self.style, self.columns = session, style, columns
        self.size, self.why_right = size, why_right
        # A statement: one or two key points set large, "why it matters" as a pull quote.
        self.statement = statement and bool(session.key_points)
        # Measurements every size of one session's layout shares (a figure's callout).
        self.shared = shared if shared is not None else {}
        # Paragraphs measured, by paragraph and place, and each group's setting: the layouts
        # of one session at one size share them (the same columns; see _pieces and _look).
        self.measured = measured if measured is not None else {}
        self.groups: list[Group] = []
        self._texts: list[tuple[tuple[RichText, ...], float]] = []  # each group's, and size
        self._heights: dict[tuple[int, int, bool], float] = {}
        self._overhead_of: dict[int, tuple[Group, float]] = {}
        if self.statement:
            self._add_group(STATEMENT_GROUP, session.key_points, statement_size(size))
        elif session.key_points:
            self._add_group(BULLETED_POINTS, session.key_points)
        elif session.summary and not (session.takeaways or session.stats):
            self._add_group(SUMMARY_GROUP, (session.summary,))
        elif not (session.takeaways or session.stats or session.relevance):
            self._add_group(PLAIN_POINTS, (plain_text(style.words("no_key_points")),))
        self._add_group(TAKEAWAYS_GROUP, session.takeaways)
        if session.relevance and not why_right:
            self._add_group(WHY_GROUP, (session.relevance,))
        if more is not None:  # "(+2 more in the notes)", last in the column
            self._add_group(MORE_GROUP, (more,))

    # --- paragraphs ----------------------------------------------------------------------

    def heading_para(self, group: Group) -> TextPara:
        return TextPara(
            Para(
                plain_text(group.heading_text(self.style.words)),
                heading_size(self.size),
                self.style.body_font,
                bold=True,
            ),
            color=self.style.primary,
        )

    def item_para(self, group: Group, text: RichText, bullet: bool = True) -> TextPara:
        return Look(self.style, group, self.size, self.indent(group)).para(text, bullet)

    # --- left column ---------------------------------------------------------------------

    def indent(self, group: Group) -> float:
        if not group.bullet:
            return 0.0
        key = ("indent", group.bullet, self.size)
        found = self.shared.get(key)
        if not isinstance(found, float):
            found = self.shared[key] = bullet_indent(self.style, group.bullet, self.size)
        return found

    def inner(self, group: Group, wide: bool) -> float:
        width = self.columns.whole if wide else self.columns.left
        return width - group.insets[0] - group.insets[1]

    @cached_property
    def overheads(self) -> list[float]:
        """Each group's heading and insets, as every height of the left column adds them."""
        return [self.overhead(index) for index in range(len(self.groups))]

    def overhead(self, index: int) -> float:
        return self._overhead(self.groups[index])

    def _overhead(self, group: Group) -> float:
        found = self._overhead_of.get(id(group))
        if found is None or found[0] is not group:
            insets = group.insets
            height = (self.heading_height(group) if group.heading else 0.0) + insets[2] + insets[3]
            found = self._overhead_of[id(group)] = (group, height)
        return found[1]

    def heading_height(self, group: Group) -> float:
        """The group's heading in the narrower of its columns (a long heading, in German say,
        may take two lines there)."""
        key = ("heading", self.size, group.name, group.tinted)
        found = self.shared.get(key)
        if not isinstance(found, float):
            para = self.heading_para(group).para
            width = self.inner(group, False)
            found = self.shared[key] = self.style.typesetter.height([para], width)
        return found

    def _add_group(
        self, group: Group, texts: Sequence[RichText], size: float | None = None
    ) -> None:
        if texts:
            self.groups.append(group)
            self._texts.append((tuple(texts), size or self.size))

    @cached_property
    def items(self) -> list[Item]:
        """The left column's paragraphs, measured, group after group (made when first used:
        a layout whose left column overflows is discarded without them, see ``left_total``)."""
        items: list[Item] = []
        for index, (group, (texts, size)) in enumerate(zip(self.groups, self._texts, strict=True)):
            setting = self._look(group, size)
            for text in texts:
                for piece, first, narrow, wide in self._pieces(setting, text, size):
                    items.append(Item(setting[0], index, piece, first, narrow, wide))
        return items

    def left_total(
        self, counts: Mapping[str, int] | None = None, then: tuple[Group, RichText] | None = None
    ) -> float:
        """The whole left column's height on the first slide: ``left_height(0, len(items),
        False)``, added up in the same order.

        With ``counts``, the height with only the first ``counts[name]`` texts of the group of
        that name (a group given none left out), and ``then`` a last group of one text: the
        left column of a layout showing less, which is measured without being made."""
        total, started = 0.0, False
        for name, overhead, texts in self._left_parts:
            shown = texts if counts is None else texts[: counts.get(name)]
            if not shown:
                continue
            if started:
                total += GAP
            started = True
            total += overhead
            for heights in shown:
                for height in heights:
                    total += height
        if then is not None:
            overhead, heights = self._last_group(*then)
            if started:
                total += GAP
            total += overhead
            for height in heights:
                total += height
        return total

    def _last_group(self, group: Group, text: RichText) -> tuple[float, tuple[float, ...]]:
        """A group of one text added last to the left column: its overhead and heights."""
        key = ("last", id(group), self.size, id(text))
        found = self.measured.get(key)
        if not isinstance(found, tuple):
            setting = self._look(group, self.size)
            heights = tuple(piece[2] for piece in self._pieces(setting, text, self.size))
            found = self.measured[key] = (text, self._overhead(group), heights)
        return found[1], found[2]

    @cached_property
    def _left_parts(self) -> list[tuple[str, float, list[tuple[float, ...]]]]:
        """Each group's name, overhead and, for each of its texts, its items' heights in the
        left column."""
        parts = []
        for group, (texts, size) in zip(self.groups, self._texts, strict=True):
            setting = self._look(group, size)
            heights = [tuple(piece[2] for piece in self._pieces(setting, t, size)) for t in texts]
            parts.append((group.name, self._overhead(group), heights))
        return parts

    def _pieces(
        self, setting: tuple[Look, float, float, float, float], text: RichText, size: float
    ) -> list[tuple[RichText, bool, float, float]]:
        """One paragraph of a group measured (``_measure``) as ``setting`` (``_look``) sets
        it; the layouts of one session share the measures (the same columns; ``measured``)."""
        _, indent, narrow, wide, room = setting
        # Keyed by identity: the entry holds the text, so its id is not reused meanwhile.
        key = (id(text), size, indent, narrow, wide, room)
        found = self.measured.get(key)
        if isinstance(found, tuple):
            pieces: list[tuple[RichText, bool, float, float]] = found[1]
            return pieces
        pieces = self._measure(text, size, indent, narrow, wide, room)
        self.measured[key] = (text, pieces)
        return pieces

    def _look(self, group: Group, size: float) -> tuple[Look, float, float, float, float]:
        """How ``group`` is set at ``size``, and the widths and room it is measured in."""
        key = ("look", id(group), self.size, size)
        found = self.measured.get(key)
        if not isinstance(found, tuple):
            indent = self.indent(group)
            found = self.measured[key] = (
                Look(self.style, group, size, indent),
                indent,
                self.inner(group, False),
                self.inner(group, True),
                self.columns.height - self._overhead(group),
            )
        return found

    def _measure(
        self, text: RichText, size: float, indent: float, narrow: float, wide: float, room: float
    ) -> list[tuple[RichText, bool, float, float]]:
        """A paragraph's height in the narrow and in the wide column (its lines and its space
        before), split into pieces where it is taller than a whole column."""
        typesetter, font = self.style.typesetter, self.style.body_font
        # As item_para() sets them: the same text, size, indent and spacing are measured.
        before, pitch = round(size * 0.4), LINE_PITCH * size * 1.0
        measured = typesetter.measure(text, font)
        lines = typesetter.wrap(measured, size, narrow, indent)
        if before + len(lines) * pitch <= room:
            across = len(typesetter.wrap(measured, size, wide, indent))
            return [(text, True, before + len(lines) * pitch, before + across * pitch)]
        # Taller than a whole column: the paragraph continues on the next slide.
        pieces = []
        per_slide = max(1, int((room - before) // pitch))
        for first in range(0, len(lines), per_slide):
            chunk = lines[first : first + per_slide]
            piece = split_text(text, chunk[0].start, chunk[-1].end)
            part = typesetter.measure(piece, font)
            narrow_height, wide_height = (
                before + len(typesetter.wrap(part, size, width, indent)) * pitch
                for width in (narrow, wide)
            )
            pieces.append((piece, first == 0, narrow_height, wide_height))
        return pieces

    def wide(self, page: int) -> bool:
        """Continuation slides without figures take the whole width."""
        return page > 0 and page >= len(self.right_runs)

    def left_height(self, start: int, end: int, wide: bool) -> float:
        key = (start, end, wide)
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = self._left_height(start, end, wide)
        return found

    def _left_height(self, start: int, end: int, wide: bool) -> float:
        total, current = 0.0, -1
        overheads = self.overheads
        for item in self.items[start:end]:
            if item.group != current:
                if current != -1:
                    total += GAP
                total += overheads[item.group]
                current = item.group
            total += item.wide if wide else item.narrow
        return total

    def left_cost(self, start: int, end: int, page: int) -> float:
        """``left_height`` on slide ``page`` (the planners' cost; called very often)."""
        key = (start, end, page > 0 and page >= len(self.right_runs))
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = self._left_height(start, end, key[2])
        return found

    def left_penalty(self, index: int) -> float:
        if index == 0 or index >= len(self.items):
            return 0.0
        group = self.items[index].group
        if group != self.items[index - 1].group:
            return 0.0
        return MID_KEY_POINTS_BREAK if self.groups[group].name == KEY_POINTS else MID_GROUP_BREAK

    # --- right column --------------------------------------------------------------------

    def _blocks(self) -> list[Block]:
        key = ("charted", bool(self.session.chart), *map(id, self.session.stats))
        found = self.shared.get(key)
        if not isinstance(found, tuple):  # (it holds the figures: their ids are not reused)
            found = self.shared[key] = (
                charted(self.session.stats)
                if self.session.chart
                else ([], list(self.session.stats))
            )
        in_chart, callouts = found
        if in_chart and (
            self.columns.right < CHART_WIDTH or self.columns.height < chart_height(len(in_chart))
        ):  # no room for a chart that reads: the figures are callouts
            in_chart, callouts = [], list(self.session.stats)
        blocks = []
        if in_chart:
            # Beside the key points, a chart the session asks for takes the whole column;
            # never squeezed: one that does not fit beside the video goes to the next slide.
            height = (
                self.columns.right_room(0)
                if self.columns.video_left
                else chart_height(len(in_chart))
            )
            blocks.append(Block("chart", height, tuple(in_chart)))
        blocks.extend(self.callout(stat) for stat in callouts)
        if self.session.relevance and self.why_right:
            key = ("why", self.size, self.statement)
            found = self.shared.get(key)
            if not isinstance(found, Block):
                found = self.shared[key] = (
                    self.quote_block(self.session.relevance)
                    if self.statement
                    else self.why_block(self.session.relevance)
                )
            blocks.append(found)
        return blocks

    def callout(self, stat: Stat) -> Block:
        key = ("callout", id(stat), max(BODY_FLOOR, self.size - 2), len(self.session.stats) == 1)
        found = self.shared.get(key)
        if not isinstance(found, Block):
            found = self.shared[key] = self._callout(stat)
        return found

    def _callout(self, stat: Stat) -> Block:
        # A session's only figure is its hero: as large as the column allows, unless its label
        # would then be cut.
        if len(self.session.stats) == 1:
            hero, cut = self._measured_callout(stat, HERO_NUMBER)
            if not cut:
                return hero
        return self._measured_callout(stat, STAT_NUMBER)[0]

    def _measured_callout(self, stat: Stat, sizes: tuple[float, float]) -> tuple[Block, bool]:
        """The callout with its number at the largest of ``sizes`` that keeps it on one line,
        and whether its label had to be cut to fit the column."""
        typesetter, style = self.style.typesetter, self.style
        width = Box(self.columns.right, 0, 14.0, 0.0, 0.0, 0.0).inner_width
        number_text = plain_text(style.words.figure(stat.value, stat.unit))
        largest, smallest = sizes
        key = ("number", id(stat), largest)
        number_size = self.shared.get(key)
        if not isinstance(number_size, float):
            number_size = smallest
            for size in range(int(largest), int(smallest) - 1, -2):
                number = Para(number_text, size, style.heading_font, bold=True)
                if len(typesetter.lines(number, width)) == 1:
                    number_size = float(size)
                    break
            self.shared[key] = number_size
        label_size = max(BODY_FLOOR, self.size - 2)
        # As typesetter.height() adds up the two paragraphs below (number, then label).
        numbers = typesetter.wrap(
            typesetter.measure(number_text, style.heading_font, bold=True), number_size, width
        )
        labels = typesetter.wrap(typesetter.measure(stat.label, style.body_font), label_size, width)
        height = 0.0
        height += len(numbers) * (LINE_PITCH * number_size * 1.0)
        height += 2.0
        height += len(labels) * (LINE_PITCH * label_size * 1.0)
        if height > self.columns.right_room(0):  # an absurdly long label: cut it (rare)
            return self._cut_callout(stat, number_size, label_size), True
        paint = partial(_callout_look, style, stat, number_size, label_size, self.columns.right)
        return Block("stat", height, (stat,), paint=partial(_with_height, paint, height)), False

    def _cut_callout(self, stat: Stat, number_size: float, label_size: float) -> Block:
        """A callout whose label is cut to the room the column has; the notes keep it whole."""
        typesetter = self.style.typesetter
        paras, box = _callout_look(self.style, stat, number_size, label_size, self.columns.right)
        room = self.columns.right_room(0)
        label = cut_to(paras[1], box.inner_width, room - paras[0].para.pitch, self.style)
        paras = (paras[0], label)
        height = typesetter.height([p.para for p in paras], box.inner_width)
        return Block("stat", height, (stat,), paras, replace(box, height=height))

    def why_block(self, text: RichText) -> Block:
        group = WHY_GROUP
        box = Box(self.columns.right, 0, *TINTED)
        body = self.item_para(group, text)
        paras = (self.heading_para(group), replace(body, para=replace(body.para, space_before=4.0)))
        height = self.style.typesetter.height([p.para for p in paras], box.inner_width)
        height += TINTED[2] + TINTED[3]
        return Block("why", height, (), paras, replace(box, height=height))

    def quote_block(self, text: RichText) -> Block:
        """ "Why it matters" as a pull quote: larger, in italics, beside a bar."""
        box = Box(self.columns.right, 0, QUOTE_INSET, 0.0, 0.0, 0.0)
        para = TextPara(
            Para(text, self.size + 4, self.style.body_font, italic=True),
            color=self.style.primary,
            link_color=self.style.link,
        )
        height = self.style.typesetter.height([para.para], box.inner_width)
        return Block("quote", height, (), (para,), replace(box, height=height))

    def right_cost(self, start: int, end: int, _page: int = 0) -> float:
        chosen = self.blocks[start:end]
        return sum(b.height for b in chosen) + GAP * max(0, len(chosen) - 1)

    def _fill_right(self) -> list[tuple[int, int]]:
        """Figures fill the first slide's right column, then spill onto the next slides."""
        runs: list[tuple[int, int]] = []
        start = 0
        while start < len(self.blocks):
            page = len(runs)
            end = start
            while end < len(self.blocks) and (
                self.right_cost(start, end + 1) <= self.columns.right_room(page) + 1e-6
            ):
                end += 1
            if end == start and page == 0 and self.columns.video:
                runs.append((start, start))  # the video leaves too little room: next slide
                start = end
                continue
            if end == start:  # too tall for any right column ("why it matters" goes left then)
                self._fits = False
                end = start + 1
            runs.append((start, end))
            start = end
        return runs

    # --- slides --------------------------------------------------------------------------

    @cached_property
    def blocks(self) -> list[Block]:
        """The right column: a chart, callouts, "why it matters" (worked out when first used:
        a layout whose left column overflows is discarded without them)."""
        return self._blocks()

    @cached_property
    def right_runs(self) -> list[tuple[int, int]]:
        """The blocks on each slide, (start, end)."""
        self._fits = True
        return self._fill_right()

    @property
    def fits(self) -> bool:
        """False when a block is too tall for any right column."""
        self.right_runs  # noqa: B018  # laying the blocks out finds it
        return self._fits

    def on_one_slide(self) -> bool:
        """Whether everything fits one slide (``pages_needed() == 1``); the left column is
        weighed first, as most layouts that do not fit overflow there."""
        if self.groups and self.left_total() > self.columns.left_room(0) + 1e-6:
            return False  # greedy filling (paginate) would need a second slide
        return self.pages_needed() == 1

    def pages_needed(self) -> int | None:
        left = pages_needed(len(self.items), self.left_cost, self.columns.left_room)
        if left is None or not self.fits:
            return None
        return max(left, len(self.right_runs), 1)

    def split(self, pages: int) -> list[Page]:
        left, right = self.runs(pages)
        return [self.page(k, range(*left[k]), range(*right[k]), self.wide(k)) for k in range(pages)]

    def runs(self, pages: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The items and the blocks on each of ``pages`` slides: (start, end) of each."""
        used = min(pages, len(self.items))
        runs = (
            balance(
                len(self.items),
                self.left_cost,
                self.columns.left_room,
                used,
                self.left_penalty,
            )
            if used
            else []
        )
        runs = (runs or []) + [(len(self.items), len(self.items))] * (pages - len(runs or []))
        right = self.right_runs + [(len(self.blocks), len(self.blocks))] * (
            pages - len(self.right_runs)
        )
        return runs, right

    def page(self, index: int, items: range, blocks: range, wide: bool) -> Page:
        return Page(
            size=self.size,
            wide=wide,
            groups=self.groups,
            items=self.items[items.start : items.stop],
            blocks=self.blocks[blocks.start : blocks.stop],
        )


def _callout_look(
    style: Style, stat: Stat, number_size: float, label_size: float, width: float
) -> tuple[tuple[TextPara, ...], Box]:
    """A callout's paragraphs, and its box before its height is known."""
    number = TextPara(
        Para(
            plain_text(style.words.figure(stat.value, stat.unit)),
            number_size,
            style.heading_font,
            bold=True,
        ),
        color=style.stat_color,
    )
    label = TextPara(
        Para(stat.label, label_size, style.body_font, space_before=2.0),
        color=style.text,
        link_color=style.link,
    )
    return (number, label), Box(width, 0, 14.0, 0.0, 0.0, 0.0)


def _with_height(
    look: Callable[[], tuple[tuple[TextPara, ...], Box]], height: float
) -> tuple[tuple[TextPara, ...], Box]:
    paras, box = look()
    return paras, replace(box, height=height)


@lru_cache(maxsize=4096)
def plain_text(text: str) -> RichText:
    """The same rich text object for the same plain text: measured once however often it is
    laid out (headings, figures)."""
    return RichText.plain_text(text)


def statement_size(body: float) -> float:
    """The key points of a statement slide: half as large again as the body."""
    return round(body * 1.5)


def heading_size(body: float) -> float:
    """Group headings: small capital labels, never under the smallest size."""
    return max(SMALL, round(body * 0.7))


def bullet_indent(style: Style, bullet: str, size: float) -> float:
    """Room for the bullet and a clear gap before the text."""
    width = style.typesetter.width(bullet, style.body_font, size)
    return round(width + size * 0.45, 1)


def cut_to(para: TextPara, width: float, room: float, style: Style) -> TextPara:
    """``para`` shortened with an ellipsis to the lines that fit in ``room``."""
    lines = style.typesetter.lines(para.para, width)
    keep = max(1, int(room // para.para.pitch))
    if len(lines) <= keep:
        return para
    text = split_text(para.para.text, 0, lines[keep - 1].end)
    last = text.spans[-1]
    shortened = RichText(
        (*text.spans[:-1], replace(last, text=last.text.rstrip()[:-2] + "…")), text.source
    )
    return replace(para, para=replace(para.para, text=shortened))
