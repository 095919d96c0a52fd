"""Planning a session's slides: the fewest slides at 18 pt or more, split evenly, each set as
large as it fits.

Sizes are measured, never guessed: every candidate size and place for "why it matters" is
laid out (``columns.Layout``), the options needing the fewest slides are kept, the one that
breaks lists least, is largest and fills its slides most evenly wins, and then each slide's
columns grow while they still fit. Fifteen key points become 8 + 7, never 14 + 1.
"""

from __future__ import annotations

from collections.abc import Callable

from briefing.exporters.pptx.columns import FALLBACK_SIZES, SIZES, Layout
from briefing.exporters.pptx.pieces import Columns, Page
from briefing.exporters.pptx.style import Style
from briefing.model import Session

Run = tuple[int, int]  # the first item (or block) on a slide, and the one after its last


class Unplannable(Exception):
    """A session's content does not fit the content area at any size, however it is split."""

    def __init__(self, code: str, columns: Columns) -> None:
        super().__init__(code)
        self.code = code
        self.columns = columns


def plan_session(session: Session, style: Style, columns: Columns) -> list[Page]:
    """The fewest slides at the largest size that fits, the left column split evenly."""
    has_why = bool(session.relevance)
    made: dict[tuple[float, bool], Layout] = {}  # each size and place measured once
    shared: dict[object, object] = {}  # what does not depend on the size (see Layout)

    def layout_at(size: float, why_right: bool) -> Layout:
        if (size, why_right) not in made:
            made[size, why_right] = Layout(session, style, columns, size, why_right, shared)
        return made[size, why_right]

    options = []
    for sizes in (SIZES, FALLBACK_SIZES):
        for size in sizes:
            for why_right in (True, False) if has_why else (False,):
                layout = layout_at(size, why_right)
                pages = layout.pages_needed()
                if pages is not None:
                    options.append((pages, -size, 0 if why_right else 1, layout))
        if options:
            break
    if not options:  # a content area too small for a figure, a QR code or one line
        raise Unplannable(session.code, columns)
    fewest = min(o[0] for o in options)
    # Among the splits over the fewest slides, prefer breaking between groups (key points |
    # takeaways) to a larger size, then slides about as full as each other, then "why it
    # matters" on the right.
    # The options come largest first: once the best so far breaks no group, no smaller size
    # can beat it, and the rest need not be split.
    best: tuple[float, float, float, int] | None = None
    chosen: Layout | None = None
    for pages, size, why, layout in options:
        if pages != fewest:
            continue
        if best is not None and best[0] == 0 and size > best[1]:
            break
        left, right = layout.runs(pages)
        key = (_break_penalty(layout, left), size, _imbalance(layout, left, right), why)
        if best is None or key < best:
            best, chosen = key, layout
    assert chosen is not None
    layout = chosen
    plan = layout.split(fewest)
    return [_grow(layout_at, columns, layout, plan, index) for index in range(len(plan))]


def _imbalance(layout: Layout, left: list[Run], right: list[Run]) -> float:
    """How much fuller the fullest slide is than the emptiest, in tenths (0 when alone)."""
    fills = []
    for index, (items, blocks) in enumerate(zip(left, right, strict=True)):
        height = layout.left_height(items[0], items[1], layout.wide(index))
        figures = layout.right_cost(blocks[0], blocks[1])
        fills.append(
            max(
                height / layout.columns.left_room(index), figures / layout.columns.right_room(index)
            )
        )
    return round(max(fills) - min(fills), 1)


def _break_penalty(layout: Layout, left: list[Run]) -> float:
    """The penalties of the slide breaks that fall inside a group."""
    total = 0.0
    for _, end in left[:-1]:
        total += layout.left_penalty(end)
    return round(total, 6)


def _grow(
    layout_at: Callable[[float, bool], Layout],
    columns: Columns,
    base: Layout,
    plan: list[Page],
    index: int,
) -> Page:
    """Page ``index`` of ``plan`` with each column set as large as it still fits.

    The columns grow separately: the key points may grow while the figures beside them keep
    their size.
    """
    page = plan[index]
    first_item = sum(len(p.items) for p in plan[:index])
    first_block = sum(len(p.blocks) for p in plan[:index])
    items = range(first_item, first_item + len(page.items))
    blocks = range(first_block, first_block + len(page.blocks))
    left: Page | None = None
    right: Page | None = None
    for size in SIZES:
        if size <= page.size or (left and right):
            break
        layout = layout_at(size, base.why_right)
        if len(layout.items) != len(base.items) or len(layout.blocks) != len(base.blocks):
            continue  # paragraphs split differently at this size
        grown = layout.page(index, items, blocks, page.wide)
        if left is None and layout.left_height(items.start, items.stop, page.wide) <= (
            columns.left_room(index) + 1e-6
        ):
            left = grown
        if right is None and layout.right_cost(blocks.start, blocks.stop) <= (
            columns.right_room(index) + 1e-6
        ):
            right = grown
    return Page(
        size=(left or page).size,
        wide=page.wide,
        groups=page.groups,
        items=(left or page).items,
        blocks=(right or page).blocks,
    )
