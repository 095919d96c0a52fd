"""Planning a session's slides: the fewest slides at 18 pt or more, split evenly, each set as
large as it fits.

Sizes are measured, never guessed: every candidate size and place for "why it matters" is
laid out (``columns.Layout``), the options needing the fewest slides are kept, the one that
breaks lists least, is largest and fills its slides most evenly wins, and then each slide's
columns grow while they still fit. Fifteen key points become 8 + 7, never 14 + 1.
"""

from __future__ import annotations

from briefing.exporters.pptx.columns import (
    FALLBACK_SIZES,
    SIZES,
    Columns,
    Layout,
    Page,
)
from briefing.exporters.pptx.style import Style
from briefing.model import Session


def plan_session(session: Session, style: Style, columns: Columns) -> list[Page]:
    """The fewest slides at the largest size that fits, the left column split evenly."""
    has_why = bool(session.relevance)
    options = []
    for sizes in (SIZES, FALLBACK_SIZES):
        for size in sizes:
            for why_right in (True, False) if has_why else (False,):
                layout = Layout(session, style, columns, size, why_right)
                pages = layout.pages_needed()
                if pages is not None:
                    options.append((pages, -size, 0 if why_right else 1, layout))
        if options:
            break
    if not options:  # cannot happen: at the floor size every paragraph is split to fit
        raise RuntimeError(f"session {session.code} cannot be laid out")
    fewest = min(o[0] for o in options)
    # Among the splits over the fewest slides, prefer breaking between groups (key points |
    # takeaways) to a larger size, then slides about as full as each other, then "why it
    # matters" on the right.
    ranked = []
    for pages, size, why, layout in options:
        if pages == fewest:
            plan = layout.split(pages)
            balance = _imbalance(layout, plan)
            ranked.append((_break_penalty(layout, plan), size, balance, why, plan, layout))
    *_, plan, layout = min(ranked, key=lambda r: r[:4])
    return [_grow(session, style, columns, layout, plan, index) for index in range(len(plan))]


def _imbalance(layout: Layout, plan: list[Page]) -> float:
    """How much fuller the fullest slide is than the emptiest, in tenths (0 when alone)."""
    fills = []
    start = block = 0
    for index, page in enumerate(plan):
        left = layout.left_height(start, start + len(page.items), page.wide)
        right = layout.right_cost(block, block + len(page.blocks))
        fills.append(max(left / layout.columns.height, right / layout.columns.right_room(index)))
        start, block = start + len(page.items), block + len(page.blocks)
    return round(max(fills) - min(fills), 1)


def _break_penalty(layout: Layout, plan: list[Page]) -> float:
    """The penalties of the slide breaks that fall inside a group."""
    total, start = 0.0, 0
    for page in plan[:-1]:
        start += len(page.items)
        total += layout.left_penalty(start)
    return round(total, 6)


def _grow(
    session: Session,
    style: Style,
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
        layout = Layout(session, style, columns, size, base.why_right)
        if len(layout.items) != len(base.items) or len(layout.blocks) != len(base.blocks):
            continue  # paragraphs split differently at this size
        grown = layout.page(index, items, blocks, page.wide)
        if left is None and layout.left_height(items.start, items.stop, page.wide) <= (
            columns.height + 1e-6
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
