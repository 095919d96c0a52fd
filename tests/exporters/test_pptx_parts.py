"""The deck's parts written from templates match what the libraries they replace write: charts
and their workbooks as python-pptx (with XlsxWriter) makes them, and a package any ZIP reader
opens."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from briefing.exporters.pptx import charts
from briefing.exporters.pptx.style import make_style
from briefing.model import Stat
from briefing.output import write_zip
from briefing.richtext import RichText
from briefing.themes import load_theme
from tests.conftest import THEMES
from tests.golden import canonical_xml


def stat(value: float, unit: str | None, label: str) -> Stat:
    return Stat.model_validate({"value": value, "unit": unit, "label": label})


FIGURES = {
    "millions": [stat(25.3, "million", "concurrent streams at peak"), stat(3.1, "million", "x")],
    "whole numbers": [stat(3000, "ms", "p99"), stat(120, "ms", "p50"), stat(15, "ms", "p10")],
    "a tight unit": [stat(63, "%", "adoption"), stat(12.5, "%", "churn")],
    "negative and zero": [stat(-4, "k", "lost"), stat(0, "k", "flat"), stat(7, "k", "won")],
    "all below zero": [stat(-4.5, "k", "a"), stat(-1, "k", "b")],
    "markup in labels": [
        stat(1, "million", 'AT&T <"east"> & more'),
        stat(2, "million", "  padded label  "),
        stat(3, "million", 'AT&T <"east"> & more'),  # the same label twice
    ],
    "a quote in the unit": [stat(5, 'in"', "width"), stat(6, 'in"', "height")],
}


def python_pptx_chart(figures: list[Stat], style: Any) -> tuple[bytes, bytes]:
    """The chart part and workbook python-pptx makes, styled as the deck styled charts before
    they were written from templates (the reference)."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Pt

    def rgb(color: str) -> RGBColor:
        return RGBColor.from_string(color.lstrip("#").upper())

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data: Any = CategoryChartData()  # type: ignore[no-untyped-call]
    data.categories = [s.label.plain for s in figures]
    data.add_series(figures[0].unit or "", [s.value for s in figures])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, 100, 100, data)
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(charts.CHART_TEXT)
    chart.font.name = style.body_font
    chart.font.color.rgb = rgb(style.text)
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = charts.number_format(figures[0])
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(charts.CHART_TEXT + 2)
    labels.font.bold = True
    labels.font.color.rgb = rgb(style.stat_color)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = rgb(style.primary)
    series.invert_if_negative = False
    values = chart.value_axis
    values.visible = False
    values.has_major_gridlines = False
    low, high = min(s.value for s in figures), max(s.value for s in figures)
    values.minimum_scale = 0 if low >= 0 else None
    values.maximum_scale = high * 1.6 if high > 0 else None
    categories = chart.category_axis
    categories.reverse_order = True
    categories.has_major_gridlines = False
    categories.format.line.fill.background()
    categories.tick_labels.font.size = Pt(charts.CHART_TEXT)
    categories.tick_labels.font.color.rgb = rgb(style.text)
    part = chart.part
    return part.blob, part.chart_workbook.xlsx_part.blob


def workbook_parts(blob: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        return {name: canonical_xml(book.read(name)) for name in book.namelist()}


@pytest.fixture(scope="module")
def style() -> Any:
    return make_style(load_theme(str(THEMES / "ccoe")))


@pytest.mark.parametrize("case", sorted(FIGURES))
def test_the_chart_workbook_is_python_pptxs(case: str, style: Any) -> None:
    figures = FIGURES[case]
    _, workbook = python_pptx_chart(figures, style)
    assert workbook_parts(charts.workbook(figures)) == workbook_parts(workbook)


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.mark.parametrize("case", sorted(FIGURES))
def test_charts_read_from_the_back_of_the_room(case: str, style: Any) -> None:
    """Titled, bars from zero with room for their labels on the side they fall, labels at
    18 pt or more on one line, axis ids the schema accepts."""
    from lxml import etree

    figures = FIGURES[case]
    root = etree.fromstring(charts.chart_xml(figures, style, "Streams").encode())
    title = root.find(f"{C}chart/{C}title")
    assert title is not None and "".join(title.itertext()) == "Streams"
    assert root.find(f"{C}chart/{C}autoTitleDeleted").get("val") == "0"
    ids = {int(e.get("val")) for e in root.iter(f"{C}axId", f"{C}crossAx")}
    assert len(ids) == 2 and min(ids) >= 0
    sizes = [int(e.get("sz")) / 100 for e in root.iter(f"{A}defRPr") if e.get("sz")]
    assert sizes and min(sizes) >= 18
    labels = root.find(f".//{C}dLbls")
    assert labels.find(f"{C}dLblPos").get("val") == "outEnd"
    assert labels.find(f"{C}txPr/{A}bodyPr").get("wrap") == "none"
    scaling = root.find(f"{C}chart/{C}plotArea/{C}valAx/{C}scaling")
    low = float(scaling.find(f"{C}min").get("val"))
    high = float(scaling.find(f"{C}max").get("val"))
    values = [s.value for s in figures]
    assert low <= min(0, *values) and high >= max(0, *values)
    if min(values) >= 0:
        assert low == 0  # from zero
    else:  # a negative bar's label goes beyond its end, inside the plot
        assert low < min(values)
    if max(values) > 0:
        assert high > max(values)
    untitled = etree.fromstring(charts.chart_xml(figures, style).encode())
    assert untitled.find(f"{C}chart/{C}title") is None


def test_a_label_that_looks_like_a_formula_or_link_stays_text() -> None:
    """XlsxWriter would turn these into a formula and a hyperlink; the data is text."""
    figures = [stat(1, "x", "=SUM(A1:A9)"), stat(2, "x", "https://example.com/a")]
    sheet = workbook_parts(charts.workbook(figures))["xl/worksheets/sheet1.xml"]
    strings = workbook_parts(charts.workbook(figures))["xl/sharedStrings.xml"]
    assert "<f>" not in sheet and "hyperlink" not in sheet
    assert "=SUM(A1:A9)" in strings and "https://example.com/a" in strings


def test_the_workbook_is_dated_by_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    book = charts.workbook(FIGURES["millions"])
    with zipfile.ZipFile(io.BytesIO(book)) as package:
        assert b"2019-12-20T00:00:00Z" in package.read("docProps/core.xml")
    assert charts.workbook(FIGURES["millions"]) == book


# --- the ZIP package --------------------------------------------------------------------


def test_packages_are_written_in_order_with_fixed_dates_and_attributes() -> None:
    parts = {"[Content_Types].xml": b"<Types/>", "ppt/ü.xml": "é".encode() * 5000, "e": b""}
    data = write_zip(parts.items(), (2019, 12, 20, 13, 45, 30))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == list(parts)
        assert all(archive.read(name) == content for name, content in parts.items())
        for info in archive.infolist():
            assert info.date_time == (2019, 12, 20, 13, 45, 30)
            assert info.external_attr == 0o644 << 16
            assert info.compress_type == zipfile.ZIP_DEFLATED
    assert write_zip(parts.items(), (2019, 12, 20, 13, 45, 30)) == data


def test_more_entries_than_a_plain_zip_holds() -> None:
    """A catalog of thousands of sessions has more than 65,535 parts: ZIP64 then."""
    data = write_zip(((f"p{number}", b"") for number in range(70_000)), (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert len(names) == 70_000 and names[-1] == "p69999"


def test_plain_text_is_escaped_for_xml() -> None:
    from briefing.exporters.pptx.ooxml import attr, notes_paragraphs, run_text

    assert run_text('a < b & "c"\x07') == 'a &lt; b &amp; "c"_x0007_'
    assert attr('say "hi"\n') == "say &quot;hi&quot;&#10;"
    run = '<a:r><a:rPr lang="de-DE"/><a:t>'
    assert notes_paragraphs("one\n\ntwo\vthree", "de-DE") == (
        f"<a:p>{run}one</a:t></a:r></a:p><a:p/>"
        f"<a:p>{run}two</a:t></a:r><a:br/>{run}three</a:t></a:r></a:p>"
    )
    assert RichText.plain_text("x").plain == "x"
