"""``lang:`` and ``labels:`` in a source, ``labels:`` in a theme, ``--lang`` on the command
line: what they change, and the located errors a wrong one gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from tests.conftest import SAMPLE, THEMES
from tests.i18n.helpers import deck_texts, report_texts

MINIMAL = """\
briefing:
  title: Notes
{extra}tracks:
  - id: ml
    name: Machine Learning
sessions:
  - code: AIM212
    title: ML in retail
    track: ml
    key_points: [Start small, Reuse the data you have, Measure before you scale]
    stats: [{value: 63, unit: "%", label: of users expect it}]
    takeaways: [Measure first]
"""


def write(folder: Path, extra: str) -> Path:
    source = folder / "notes.yaml"
    source.write_text(MINIMAL.replace("{extra}", extra), encoding="utf-8")
    return source


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    return tmp_path


def test_lang_in_the_source_and_lang_on_the_command_line(here: Path) -> None:
    source = write(here, "  lang: de-de\n")
    assert run("build", str(source), "-f", "md", "-o", "de", "-q")[0] == 0
    german = (here / "de" / "notes.md").read_text("utf-8")
    assert "**Kernpunkte**" in german and "1 Vortrag in 1 Themenblock" in german
    assert run("build", str(source), "-f", "md", "-o", "fr", "-q", "--lang", "fr")[0] == 0
    french = (here / "fr" / "notes.md").read_text("utf-8")
    assert "**Points clés**" in french and "Kernpunkte" not in french


def test_labels_in_the_source_win_over_the_theme_and_the_catalogue(here: Path) -> None:
    theme = here / "themes" / "house"
    shutil.copytree(THEMES / "default", theme)
    with (theme / "theme.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "labels:\n  takeaways: Was wir mitnehmen\n  key_points: Das Wesentliche\n"
            "  continued: '{title} (weiter)'\n"
        )
    source = write(here, "  lang: de-DE\n  labels:\n    key_points: Worum es ging\n")
    code, _, err = run("build", str(source), "-t", "house", "-o", "out", "-q")
    assert code == 0, err
    deck = deck_texts(here / "out" / "notes.pptx")
    report = [text.upper() for text in report_texts(here / "out" / "notes.docx")]
    for paragraphs in (deck, report):
        assert "WAS WIR MITNEHMEN" in paragraphs  # the theme's
        assert "WORUM ES GING" in paragraphs  # the source's, over the theme's
        assert "DAS WESENTLICHE" not in paragraphs
        assert "ERKENNTNISSE" not in paragraphs  # the catalogue's, overridden


def test_labels_apply_in_english_too(here: Path) -> None:
    source = write(here, "  labels:\n    takeaways: What we take home\n")
    assert run("build", str(source), "-f", "md", "-o", "out", "-q")[0] == 0
    text = (here / "out" / "notes.md").read_text("utf-8")
    assert "**What we take home**" in text and "**Takeaways**" not in text


def test_an_unknown_label_is_a_located_error_with_a_did_you_mean(here: Path) -> None:
    source = write(here, "  labels:\n    takeawys: Was wir mitnehmen\n")
    code, _, err = run("validate", str(source))
    assert code == 1
    assert err.startswith(
        "notes.yaml:4:5: briefing.labels: unknown key 'takeawys'; did you mean 'takeaways'?"
    )


def test_a_label_keeps_its_placeholders(here: Path) -> None:
    source = write(here, "  labels:\n    continued: Forts.\n    level: 'Stufe {stufe}'\n")
    code, _, err = run("validate", str(source))
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("notes.yaml:4:16: briefing.labels.continued: 'Forts.' leaves out")
    assert "{title}" in lines[0]
    assert lines[1].startswith(
        "notes.yaml:5:12: briefing.labels.level: unknown placeholder {stufe}"
    )
    assert "{level}" in lines[1]


def test_an_unknown_language_is_a_located_error_listing_the_languages(here: Path) -> None:
    source = write(here, "  lang: tlh\n")
    code, _, err = run("validate", str(source))
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("notes.yaml:3:9: briefing.lang: unknown language 'tlh'")
    for language in ("de (Deutsch)", "en (English)", "fr (français)", "nl (Nederlands)"):
        assert language in first


def test_an_unknown_region_and_an_underscore_are_explained(here: Path) -> None:
    code, _, err = run("validate", str(write(here, "  lang: de-XX\n")))
    assert code == 1 and "unknown region in 'de-XX'" in err and "'de-DE'" in err
    code, _, err = run("validate", str(write(here, "  lang: de_DE\n")))
    assert code == 1 and "write it with a hyphen, as 'de-DE'" in err


def test_an_unknown_lang_option_is_an_error_before_anything_is_built(here: Path) -> None:
    code, _, err = run("build", str(SAMPLE), "--lang", "xx", "-o", "out")
    assert code == 1
    assert err.startswith("Error: --lang xx: unknown language 'xx'; supported languages: ")
    assert not (here / "out").exists()


def test_an_unknown_label_in_a_theme_is_located_in_the_theme(here: Path) -> None:
    theme = here / "themes" / "house"
    shutil.copytree(THEMES / "default", theme)
    with (theme / "theme.yaml").open("a", encoding="utf-8") as file:
        file.write("labels:\n  agenda_: Tagesordnung\n")
    code, _, err = run("build", str(SAMPLE), "-t", "house", "-o", "out")
    assert code == 1
    assert "themes/house/theme.yaml:" in err
    assert "labels: unknown key 'agenda_'; did you mean 'agenda'?" in err
