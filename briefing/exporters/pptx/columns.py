"""A session's columns measured at one size: the paragraphs and pieces, and their heights.

The first slide has two columns: key points and takeaways on the left; figures (callouts, or
a chart when two or more share a unit), "why it matters" and the video on the right. A
continuation slide takes the whole width, unless figures spill over onto it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from briefing.exporters.pptx.charts import chart_height, charted
from briefing.exporters.pptx.paginate import balance, pages_needed
from briefing.exporters.pptx.style import BODY_FLOOR, SMALL, Style
from briefing.exporters.pptx.text import TextPara
from briefing.model import Session, Stat
from briefing.richtext import RichText
from briefing.textfit import Box, Para, split_text

SIZES = (24.0, 23.0, 22.0, 21.0, 20.0, 19.0, 18.0)
FALLBACK_SIZES = (17.0, 16.0, 15.0, 14.0)
KEY_POINTS, SUMMARY, TAKEAWAYS, WHY = "Key points", "Summary", "Takeaways", "Why it matters"
NOTHING = "No key points were noted for this session."
GAP = 14.0
QR_SIZE = 84.0
NO_VIDEO_HEIGHT = 30.0
# Scores added for breaking inside a group rather than between groups: the key points are
# meant to be read together on the session's first slide.
MID_GROUP_BREAK = 0.25
MID_KEY_POINTS_BREAK = 0.5
STAT_NUMBER = (40.0, 26.0)  # largest and smallest size of a big number
TINTED = (14.0, 14.0, 10.0, 12.0)  # left, right, top, bottom insets of a tinted box
NO_INSETS = (0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Group:
    name: str
    tinted: bool
    bullet: str | None

    @property
    def insets(self) -> tuple[float, float, float, float]:
        return TINTED if self.tinted else NO_INSETS


@dataclass(frozen=True)
class Item:
    """One paragraph of the left column, measured in a narrow and in a wide column."""

    group: int
    para: TextPara
    narrow: float  # its lines plus its space before, in the left column
    wide: float  # the same across the whole width


@dataclass(frozen=True)
class Block:
    """One piece of the right column: a callout, a chart or the "why it matters" box."""

    kind: str
    height: float
    stats: tuple[Stat, ...] = ()
    paras: tuple[TextPara, ...] = ()
    box: Box | None = None


@dataclass
class Page:
    size: float
    wide: bool  # True: no right column, the left one takes the whole width
    groups: list[Group]
    items: list[Item] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """The columns' widths, the height they can use and what the video keeps free."""

    left: float
    right: float
    gap: float
    height: float
    video: float  # height kept free at the bottom of the first slide's right column

    @property
    def whole(self) -> float:
        return self.left + self.gap + self.right

    def right_room(self, page: int) -> float:
        return self.height - (self.video + GAP if page == 0 else 0.0)


class Layout:
    """A session's columns measured at one body size."""

    def __init__(
        self, session: Session, style: Style, columns: Columns, size: float, why_right: bool
    ) -> None:
        self.session, self.style, self.columns = session, style, columns
        self.size, self.why_right = size, why_right
        self.groups: list[Group] = []
        self.items: list[Item] = []
        self.heading_height = style.typesetter.height(
            [self.heading_para(Group(KEY_POINTS, False, None)).para], columns.left
        )
        if session.key_points:
            self._add_group(Group(KEY_POINTS, False, "•"), session.key_points)
        elif session.summary and not (session.takeaways or session.stats):
            self._add_group(Group(SUMMARY, False, None), (session.summary,))
        elif not (session.takeaways or session.stats or session.relevance):
            self._add_group(Group(KEY_POINTS, False, None), (RichText.plain_text(NOTHING),))
        self._add_group(Group(TAKEAWAYS, True, "→"), session.takeaways)
        if session.relevance and not why_right:
            self._add_group(Group(WHY, True, None), (session.relevance,))
        self.blocks = self._blocks()
        self.fits = True
        self.right_runs = self._fill_right()

    # --- paragraphs ----------------------------------------------------------------------

    def heading_para(self, group: Group) -> TextPara:
        return TextPara(
            Para(
                RichText.plain_text(group.name.upper()),
                heading_size(self.size),
                self.style.body_font,
                bold=True,
            ),
            color=self.style.primary,
        )

    def item_para(self, group: Group, text: RichText, bullet: bool = True) -> TextPara:
        size = self.size
        indent = bullet_indent(self.style, group.bullet, size) if group.bullet else 0.0
        return TextPara(
            Para(text, size, self.style.body_font, indent=indent, space_before=round(size * 0.4)),
            color=self.style.text,
            bullet=group.bullet if bullet else None,
            bullet_color=self.style.accent if group.name == KEY_POINTS else self.style.primary,
            link_color=self.style.link,
        )

    # --- left column ---------------------------------------------------------------------

    def inner(self, group: Group, wide: bool) -> float:
        width = self.columns.whole if wide else self.columns.left
        return width - group.insets[0] - group.insets[1]

    def overhead(self, index: int) -> float:
        insets = self.groups[index].insets
        return self.heading_height + insets[2] + insets[3]

    def _add_group(self, group: Group, texts: Sequence[RichText]) -> None:
        if not texts:
            return
        index = len(self.groups)
        self.groups.append(group)
        typesetter = self.style.typesetter
        room = self.columns.height - self.overhead(index)
        for text in texts:
            para = self.item_para(group, text)
            lines = typesetter.lines(para.para, self.inner(group, False))
            pitch, before = para.para.pitch, para.para.space_before
            if before + len(lines) * pitch <= room:
                self.items.append(self._item(index, para))
                continue
            # Taller than a whole column: the paragraph continues on the next slide.
            per_slide = max(1, int((room - before) // pitch))
            for first in range(0, len(lines), per_slide):
                chunk = lines[first : first + per_slide]
                piece = split_text(text, chunk[0].start, chunk[-1].end)
                self.items.append(self._item(index, self.item_para(group, piece, first == 0)))

    def _item(self, index: int, para: TextPara) -> Item:
        group = self.groups[index]
        heights = [
            para.para.space_before
            + len(self.style.typesetter.lines(para.para, self.inner(group, wide))) * para.para.pitch
            for wide in (False, True)
        ]
        return Item(index, para, heights[0], heights[1])

    def wide(self, page: int) -> bool:
        """Continuation slides without figures take the whole width."""
        return page > 0 and page >= len(self.right_runs)

    def left_height(self, start: int, end: int, wide: bool) -> float:
        total, current = 0.0, None
        for item in self.items[start:end]:
            if item.group != current:
                if current is not None:
                    total += GAP
                total += self.overhead(item.group)
                current = item.group
            total += item.wide if wide else item.narrow
        return total

    def left_cost(self, start: int, end: int, page: int) -> float:
        return self.left_height(start, end, self.wide(page))

    def left_penalty(self, index: int) -> float:
        if index == 0 or index >= len(self.items):
            return 0.0
        group = self.items[index].group
        if group != self.items[index - 1].group:
            return 0.0
        return MID_KEY_POINTS_BREAK if self.groups[group].name == KEY_POINTS else MID_GROUP_BREAK

    # --- right column --------------------------------------------------------------------

    def _blocks(self) -> list[Block]:
        in_chart, callouts = charted(self.session.stats)
        blocks = []
        if in_chart:
            height = min(chart_height(len(in_chart)), self.columns.right_room(0))
            blocks.append(Block("chart", height, tuple(in_chart)))
        blocks.extend(self.callout(stat) for stat in callouts)
        if self.session.relevance and self.why_right:
            blocks.append(self.why_block(self.session.relevance))
        return blocks

    def callout(self, stat: Stat) -> Block:
        typesetter = self.style.typesetter
        box = Box(self.columns.right, 0, 14.0, 0.0, 0.0, 0.0)
        number_text = RichText.plain_text(stat.display)

        def number(size: float) -> Para:
            return Para(number_text, size, self.style.heading_font, bold=True)

        number_size = STAT_NUMBER[1]
        for size in range(int(STAT_NUMBER[0]), int(STAT_NUMBER[1]) - 1, -2):
            if len(typesetter.lines(number(size), box.inner_width)) == 1:
                number_size = float(size)
                break
        label = TextPara(
            Para(
                stat.label, max(BODY_FLOOR, self.size - 2), self.style.body_font, space_before=2.0
            ),
            color=self.style.text,
            link_color=self.style.link,
        )
        paras = (TextPara(number(number_size), color=self.style.stat_color), label)
        height = typesetter.height([p.para for p in paras], box.inner_width)
        room = self.columns.right_room(0)
        if height > room:  # an absurdly long label: cut it; the notes keep it whole
            label = cut_to(label, box.inner_width, room - paras[0].para.pitch, self.style)
            paras = (paras[0], label)
            height = typesetter.height([p.para for p in paras], box.inner_width)
        return Block("stat", height, (stat,), paras, replace(box, height=height))

    def why_block(self, text: RichText) -> Block:
        group = Group(WHY, True, None)
        box = Box(self.columns.right, 0, *TINTED)
        body = self.item_para(group, text)
        paras = (self.heading_para(group), replace(body, para=replace(body.para, space_before=4.0)))
        height = self.style.typesetter.height([p.para for p in paras], box.inner_width)
        height += TINTED[2] + TINTED[3]
        return Block("why", height, (), paras, replace(box, height=height))

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
            if end == start:  # too tall for any right column ("why it matters" goes left then)
                self.fits = False
                end = start + 1
            runs.append((start, end))
            start = end
        return runs

    # --- slides --------------------------------------------------------------------------

    def pages_needed(self) -> int | None:
        left = pages_needed(len(self.items), self.left_cost, lambda _: self.columns.height)
        if left is None or not self.fits:
            return None
        return max(left, len(self.right_runs), 1)

    def split(self, pages: int) -> list[Page]:
        used = min(pages, len(self.items))
        runs = (
            balance(
                len(self.items),
                self.left_cost,
                lambda _: self.columns.height,
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
        return [self.page(k, range(*runs[k]), range(*right[k]), self.wide(k)) for k in range(pages)]

    def page(self, index: int, items: range, blocks: range, wide: bool) -> Page:
        return Page(
            size=self.size,
            wide=wide,
            groups=self.groups,
            items=self.items[items.start : items.stop],
            blocks=self.blocks[blocks.start : blocks.stop],
        )


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
