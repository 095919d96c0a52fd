"""Native, editable bar charts of a session's figures that share a unit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Pt

from briefing.exporters.pptx.packaging import Parts, set_alt_text
from briefing.exporters.pptx.text import rgb
from briefing.model import Stat

if TYPE_CHECKING:
    from pptx.slide import Slide

    from briefing.exporters.pptx.chrome import Rect
    from briefing.exporters.pptx.style import Style

CHART_TEXT = 14.0


def charted(stats: Sequence[Stat]) -> tuple[list[Stat], list[Stat]]:
    """Split figures into those charted together (the largest group of two or more sharing a
    unit) and the rest, which become big-number callouts; source order is kept in both."""
    groups: dict[str, list[Stat]] = {}
    for stat in stats:
        if stat.unit:
            groups.setdefault(stat.unit, []).append(stat)
    best = max(groups.values(), key=len, default=[])
    if len(best) < 2:
        return [], list(stats)
    chosen = {id(s) for s in best}
    return best, [s for s in stats if id(s) not in chosen]


def chart_height(count: int) -> float:
    """Points of height a chart of ``count`` bars needs to stay legible."""
    return 70.0 + 52.0 * count


def add_chart(parts: Parts, slide: Slide, rect: Rect, stats: Sequence[Stat], style: Style) -> Any:
    """A bar chart of ``stats`` (one unit), each bar labelled with its value, with alt text."""
    from briefing.exporters.pptx.chrome import emu

    unit = stats[0].unit or ""
    data: Any = CategoryChartData()  # type: ignore[no-untyped-call]
    data.categories = [_label(s) for s in stats]
    data.add_series(unit, [s.value for s in stats])
    frame = parts.chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        data,
        emu(rect.x),
        emu(rect.y),
        emu(rect.w),
        emu(rect.h),
    )
    frame.name = f"Chart: figures in {unit}"
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(CHART_TEXT)
    chart.font.name = style.body_font
    chart.font.color.rgb = rgb(style.text)
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = _number_format(stats[0])
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(CHART_TEXT + 2)
    labels.font.bold = True
    labels.font.color.rgb = rgb(style.stat_color)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = rgb(style.primary)
    series.invert_if_negative = False
    values = chart.value_axis
    values.visible = False
    values.has_major_gridlines = False
    values.minimum_scale = 0 if min(s.value for s in stats) >= 0 else None
    values.maximum_scale = (
        max(s.value for s in stats) * 1.6 if max(s.value for s in stats) > 0 else None
    )
    categories = chart.category_axis
    categories.reverse_order = True  # the first figure on top, as in the source
    categories.has_major_gridlines = False
    categories.format.line.fill.background()
    categories.tick_labels.font.size = Pt(CHART_TEXT)
    categories.tick_labels.font.color.rgb = rgb(style.text)
    set_alt_text(frame, alt_text(stats))
    return frame


def _number_format(stat: Stat) -> str:
    """Values shown as the source writes them: '25.3 million', '63%'."""
    from briefing.model import TIGHT_UNITS

    unit = (stat.unit or "").replace('"', "'")
    glue = "" if stat.unit in TIGHT_UNITS else " "
    return f'#,##0.###"{glue}{unit}"' if unit else "#,##0.###"


def _label(stat: Stat) -> str:
    return stat.label.plain


def alt_text(stats: Sequence[Stat]) -> str:
    unit = stats[0].unit or ""
    parts = "; ".join(f"{s.label.plain}: {s.display}" for s in stats)
    return f"Bar chart of {len(stats)} figures in {unit}. {parts}."
