"""Native, editable bar charts of a session's figures that share a unit.

Each chart is the chart part python-pptx writes for a clustered bar chart, styled as the deck
styles it, and an embedded workbook holding its data (so PowerPoint's Edit Data opens it). Both
are written from templates: the workbook's fixed parts are the ones XlsxWriter writes, made
once per process; only its sheet and its strings are written per chart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.exporters.pptx import ooxml
from briefing.exporters.pptx.ooxml import attr, text
from briefing.exporters.pptx.text import hex_color
from briefing.i18n import Messages, messages
from briefing.model import Stat
from briefing.output import build_time, write_zip

if TYPE_CHECKING:
    from briefing.exporters.pptx.style import Style

CHART_TEXT = 18.0  # category labels; values 2 pt larger, the title as large as the values
AXES = ("500000001", "500000002")  # category and value axis ids (the schema wants 0 or more)


def charted(stats: Sequence[Stat]) -> tuple[list[Stat], list[Stat]]:
    """Split a session's figures, when it asks for a chart, into those charted together (the
    stats with a unit, which validation holds to one) and the rest, which become big-number
    callouts; source order is kept in both."""
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
    """Points of height a chart of ``count`` bars needs to stay legible: its title, and each
    bar with a two-line label."""
    return 80.0 + 60.0 * count


def chart_xml(stats: Sequence[Stat], style: Style, title: str = "") -> str:
    """The chart part: one series of bars from zero, first figure on top, values labelled in
    the unit on one line (outside the bars' ends, negative ones too), no value axis or
    legend; the session's title for it; the deck's colours and font."""
    count = len(stats)
    unit = text(style.words.unit_name(stats[0].unit or ""))
    labels = "".join(
        f'<c:pt idx="{i}"><c:v>{text(s.label.plain)}</c:v></c:pt>' for i, s in enumerate(stats)
    )
    values = "".join(f'<c:pt idx="{i}"><c:v>{s.value}</c:v></c:pt>' for i, s in enumerate(stats))
    low, high = min(s.value for s in stats), max(s.value for s in stats)
    # From zero, with room beyond each bar's end for its label, on whichever side it falls.
    span = max(high, 0) - min(low, 0) or 1.0
    top = float(high + span * 0.6) if high > 0 else 0.0
    bottom = float(low - span * 0.6) if low < 0 else 0.0
    scaling = f'<c:max val="{top}"/><c:min val="{bottom}"/>' if top > bottom else ""
    primary, ink, figures = (
        hex_color(style.primary),
        hex_color(style.text),
        hex_color(style.stat_color),
    )
    size = int(CHART_TEXT * 100)
    lang = attr(style.lang)
    heading = (
        f'<c:title><c:tx><c:rich><a:bodyPr wrap="square"/><a:lstStyle/><a:p><a:pPr><a:defRPr '
        f'sz="{size + 200}" b="1"/></a:pPr><a:r><a:rPr lang="{lang}" sz="{size + 200}" b="1">'
        f'<a:solidFill><a:srgbClr val="{ink}"/></a:solidFill></a:rPr><a:t>{text(title)}</a:t>'
        '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        if title
        else '<c:autoTitleDeleted val="1"/>'
    )
    category, value = AXES
    return (
        f'{ooxml.DECLARATION}<c:chartSpace xmlns:c="{ooxml.NS_C}" xmlns:a="{ooxml.NS_A}" '
        f'xmlns:r="{ooxml.NS_R}"><c:date1904 val="0"/><c:lang val="{lang}"/><c:chart>{heading}'
        '<c:plotArea><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef>'
        '<c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0">'
        f"<c:v>{unit}</c:v></c:pt></c:strCache></c:strRef></c:tx><c:spPr><a:solidFill>"
        f'<a:srgbClr val="{primary}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${count + 1}</c:f><c:strCache>"
        f'<c:ptCount val="{count}"/>{labels}</c:strCache></c:strRef></c:cat><c:val><c:numRef>'
        f"<c:f>Sheet1!$B$2:$B${count + 1}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{count}"/>{values}</c:numCache></c:numRef></c:val></c:ser><c:dLbls>'
        f'<c:numFmt formatCode="{attr(number_format(stats[0], style.words))}" sourceLinked="0"/>'
        "<c:txPr>"
        f'<a:bodyPr wrap="none"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size + 200}" b="1">'
        "<a:solidFill>"
        f'<a:srgbClr val="{figures}"/></a:solidFill></a:defRPr></a:pPr></a:p></c:txPr>'
        '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/><c:showLeaderLines val="1"/></c:dLbls>'
        f'<c:gapWidth val="50"/><c:axId val="{category}"/><c:axId val="{value}"/>'
        f'</c:barChart><c:catAx><c:axId val="{category}"/>'
        '<c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        # Category names at the plot's edge: a bar below zero never runs over them.
        '<c:tickLblPos val="low"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:txPr>'
        f'<a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"><a:solidFill>'
        f'<a:srgbClr val="{ink}"/></a:solidFill></a:defRPr></a:pPr></a:p></c:txPr>'
        f'<c:crossAx val="{value}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{value}"/><c:scaling><c:orientation val="minMax"/>{scaling}'
        '</c:scaling><c:delete val="1"/>'
        '<c:axPos val="b"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/><c:crossAx val="{category}"/><c:crosses val="autoZero"/>'
        '</c:valAx></c:plotArea><c:dispBlanksAs val="gap"/></c:chart><c:txPr><a:bodyPr/>'
        f'<a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"><a:solidFill><a:srgbClr val="{ink}"/>'
        f'</a:solidFill><a:latin typeface="{attr(style.body_font)}"/></a:defRPr></a:pPr>'
        f'<a:endParaRPr lang="{lang}"/></a:p></c:txPr><c:externalData r:id="rId1">'
        '<c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
    )


def number_format(stat: Stat, words: Messages | None = None) -> str:
    """Values shown as callouts show them: '25.3 million', '25,3 Mio.', '63 %' (the decimal
    separator is the reader's)."""
    return (words or messages()).chart_format(stat.unit)


def alt_text(stats: Sequence[Stat], words: Messages | None = None) -> str:
    said = words or messages()
    unit = stats[0].unit or ""
    parts = "; ".join(said.labelled(s.label.plain, said.figure(s.value, s.unit)) for s in stats)
    named = said.unit_name(unit)
    return f"{said.count('chart_alt', len(stats), unit=named)} {parts}."


# --- the embedded workbook -------------------------------------------------------------------

_SHEET = "xl/worksheets/sheet1.xml"
_STRINGS = "xl/sharedStrings.xml"
_CORE = "docProps/core.xml"
_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_WORKBOOK_DATE = (1980, 1, 1, 0, 0, 0)
_PRESERVE = ' xml:space="preserve"'  # XlsxWriter keeps leading and trailing spaces so


def workbook(stats: Sequence[Stat], unit: str | None = None) -> bytes:
    """The chart's data as an .xlsx: categories in column A, the unit (as ``unit`` names it,
    by default as the source does) over the values in B, as python-pptx lays them out (with
    XlsxWriter)."""
    strings: dict[str, int] = {}
    references = 0
    series = unit if unit is not None else stats[0].unit or ""

    def shared(value: str) -> int:
        nonlocal references
        references += 1
        return strings.setdefault(value, len(strings))

    rows = []
    for row, stat in enumerate(stats, start=2):
        label = stat.label.plain
        first = (
            f'<c r="A{row}" s="1" t="s"><v>{shared(label)}</v></c>'
            if label
            else f'<c r="A{row}" s="1"/>'
        )
        value = f'<c r="B{row}" s="1"><v>{stat.value:.16G}</v></c>'
        rows.append(f'<row r="{row}" spans="1:2">{first}{value}</row>')
    heading = f'<row r="1" spans="1:2"><c r="B1" t="s"><v>{shared(series)}</v></c></row>'
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:B{len(stats) + 1}"/><sheetViews><sheetView tabSelected="1" '
        'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>'
        '<col min="1" max="1" width="10.7109375" customWidth="1"/></cols><sheetData>'
        f'{heading}{"".join(rows)}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" '
        'bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    items = "".join(
        f"<si><t{_PRESERVE if value != value.strip() else ''}>{text(value)}</t></si>"
        for value in strings
    )
    shared_strings = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{references}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    stamp = build_time().strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    written = {
        _SHEET: sheet.encode("utf-8"),
        _STRINGS: shared_strings.encode("utf-8"),
        _CORE: _STAMP.sub(stamp, dict(_raw_parts())[_CORE]),  # dated as the build, not today
    }
    return write_zip(
        ((name, written.get(name, data)) for name, data in _raw_parts()), _WORKBOOK_DATE
    )


@lru_cache(maxsize=1)
def _raw_parts() -> tuple[tuple[str, bytes], ...]:
    """The entries of a workbook XlsxWriter writes for a category chart, in its order."""
    import io
    import zipfile

    from pptx.chart.data import CategoryChartData

    data = CategoryChartData()  # type: ignore[no-untyped-call]
    data.categories = ["a", "b"]
    data.add_series("unit", [1, 2])  # type: ignore[no-untyped-call]
    with zipfile.ZipFile(io.BytesIO(data.xlsx_blob)) as package:
        return tuple((name, package.read(name)) for name in package.namelist())
