"""Dates, numbers, percentages and figures with a magnitude, as each locale writes them, in the
deck, the report, the charts and Markdown."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.i18n import messages
from briefing.model import Stat
from tests.exporters.pptx_helpers import EPOCH

DAY = dt.date(2019, 12, 20)


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("en", "20 December 2019"),
        ("en-GB", "20 December 2019"),
        ("en-US", "December 20, 2019"),
        ("de-DE", "20. Dezember 2019"),
        ("de-AT", "20. Dezember 2019"),
        ("fr-FR", "20 décembre 2019"),
        ("es-ES", "20 de diciembre de 2019"),
        ("it", "20 dicembre 2019"),
        ("nl", "20 december 2019"),
        ("pt-PT", "20 de dezembro de 2019"),
    ],
)
def test_dates(lang: str, date: str) -> None:
    assert messages(lang).date(DAY) == date


@pytest.mark.parametrize(
    ("lang", "value", "unit", "shown"),
    [
        # English keeps what the source says, as before.
        ("en", 25.3, "million", "25.3 million"),
        ("en", 63, "%", "63%"),
        ("en", 3000, None, "3,000"),
        ("en", 100, "k", "100k"),
        ("en", 1e21, None, "1e+21"),
        ("en", 2.5, "x", "2.5x"),
        ("en", -1234.5, None, "-1,234.5"),
        # Other languages write numbers their way, and a magnitude in their words.
        ("de-DE", 25.3, "million", "25,3\u00a0Mio."),
        ("de-DE", 200, "million+", "200\u00a0Mio.+"),
        ("de-DE", 3, "billion+", "3\u00a0Mrd.+"),
        ("de-DE", 100, "k", "100.000"),
        ("de-DE", 3000, None, "3.000"),
        ("de-DE", 63, "%", "63\u00a0%"),
        ("de-DE", 99.999, "%", "99,999\u00a0%"),
        ("de-DE", 2.5, "x", "2,5x"),
        ("de-DE", 42, "ms", "42 ms"),
        ("de-DE", 1e21, None, "1e+21"),
        ("fr-FR", 63, "%", "63\u00a0%"),
        ("fr-FR", 25.3, "million", "25,3\u00a0M"),
        ("fr-FR", 3000, None, "3\u202f000"),
        ("es-ES", 25.3, "million", "25,3\u00a0M"),
        ("it-IT", 25.3, "million", "25,3\u00a0Mln"),
        ("nl-NL", 25.3, "million", "25,3\u00a0mln."),
        ("pt-PT", 63, "%", "63%"),
    ],
)
def test_figures(lang: str, value: float, unit: str | None, shown: str) -> None:
    assert messages(lang).figure(value, unit) == shown


def test_english_figures_are_what_the_model_shows() -> None:
    english = messages("en")
    for value, unit in [(25.3, "million"), (0.5, None), (1500, None), (74, "%"), (3, "B+")]:
        stat = Stat.model_validate({"value": value, "unit": unit, "label": "x"})
        assert english.figure(stat.value, stat.unit) == stat.display


@pytest.mark.parametrize(
    ("lang", "unit", "code"),
    [
        ("en", "million", '[$-809]#,##0.###" million"'),
        ("en-US", "%", '[$-409]#,##0.###"%"'),
        ("de-DE", "million", '[$-407]#,##0.###"\u00a0Mio."'),
        ("de-AT", "%", '[$-C07]#,##0.###"\u00a0%"'),
        ("fr-FR", "%", '[$-40C]#,##0.###"\u00a0%"'),
        ("nl", "million", '[$-413]#,##0.###"\u00a0mln."'),
        ("de-DE", "ms", '[$-407]#,##0.###" ms"'),
        ("es-419", None, "[$-40A]#,##0.###"),
    ],
)
def test_chart_number_formats(lang: str, unit: str | None, code: str) -> None:
    assert messages(lang).chart_format(unit) == code


def test_a_german_deck_writes_its_figures_and_chart_in_german(
    tmp_path: Path, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    args = ["build", str(sample), "-f", "pptx", "-f", "md", "-o", str(tmp_path), "-q"]
    result = CliRunner().invoke(cli, [*args, "--lang", "de-DE", "--density", "full"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "reinvent-2019.pptx") as deck:
        slides = " ".join(
            deck.read(n).decode() for n in deck.namelist() if n.startswith("ppt/slides/slide")
        )
        charts = [
            deck.read(n).decode()
            for n in deck.namelist()
            if n.startswith("ppt/charts/briefing-chart") and n.endswith(".xml")
        ]
    assert "200\u00a0Mio.+" in slides and "3\u00a0Mrd.+" in slides  # callouts
    assert "20. Dezember 2019" in slides
    assert "63\u00a0%" in slides or any("\u00a0%" in c for c in charts)
    assert charts, "the sample asks for charts"
    assert all('<c:lang val="de-DE"/>' in chart for chart in charts)
    assert any('formatCode="[$-407]#,##0.###&quot;\u00a0Mio.&quot;"' in c for c in charts)
    markdown = (tmp_path / "reinvent-2019.md").read_text("utf-8")
    assert "**25,3\u00a0Mio.**" in markdown
    assert "20. Dezember 2019" in markdown


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [("en", 1e300, "1e+300%"), ("fr", -1e300, "-1e+300\u00a0%"), ("de", 1e-5, "1e-05\u00a0%")],
)
def test_percentages_beyond_what_a_percentage_is_written_with(
    lang: str, value: float, shown: str
) -> None:
    assert messages(lang).figure(value, "%") == shown
