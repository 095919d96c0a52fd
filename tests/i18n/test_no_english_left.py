"""Briefings in every language briefing ships: built with ``--lang``, no word of the English
catalogue is left on any slide (text, notes, charts, alt texts), page (body, headers, footers,
captions), in Markdown or in the email (subject, text and HTML), unless the language uses the
word itself (German "Agenda"); dates are the language's, and every run carries its tag."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.i18n import parse_tag
from tests.conftest import SAMPLE, THEMES
from tests.i18n.helpers import (
    catalogue_words,
    deck_runs,
    deck_texts,
    email_parts,
    english_left,
    html_text,
    report_language,
    report_texts,
    source_words,
)

MADEUP = Path(__file__).resolve().parent / "data" / "madeup.yaml"
EPOCH = "1576800000"
LANGUAGES = ("de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-PT", "ar", "he")
SAMPLE_DATE = {
    "de-DE": "20. Dezember 2019",
    "fr-FR": "20 décembre 2019",
    "es-ES": "20 de diciembre de 2019",
    "it-IT": "20 dicembre 2019",
    "nl-NL": "20 december 2019",
    "pt-PT": "20 de dezembro de 2019",
    "ar": "20 ديسمبر 2019",
    "he": "20 בדצמבר 2019",
}


@dataclass(frozen=True)
class Built:
    deck: Path
    report: Path
    markdown: Path
    eml: Path

    def email(self) -> tuple[str, str, str]:
        message, text, html = email_parts(self.eml)
        return str(message["Subject"]), text, html_text(html)


Build = Callable[[Path, str, str], Built]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build a source in a language and density (once per module): deck, report, Markdown,
    and the email as an .eml."""
    made: dict[tuple[Path, str, str], Built] = {}

    def run(source: Path, lang: str, density: str = "summary") -> Built:
        key = (source, lang, density)
        if key in made:
            return made[key]
        out = tmp_path_factory.mktemp(f"{source.stem}-{lang}-{density}")
        runner = CliRunner()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            result = runner.invoke(
                cli,
                ["build", str(source), "-f", "pptx", "-f", "docx", "-f", "md", "--lang", lang,
                 "--density", density, "-o", str(out), "-q"],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            eml = out / "message.eml"
            result = runner.invoke(
                cli,
                ["email", str(source), "--to", "cto@example.com", "--from", "me@example.com",
                 "--lang", lang, "--attach-deck", "--eml", str(eml),
                 "-o", str(out / "mail")],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
        stem = source.stem
        made[key] = Built(out / f"{stem}.pptx", out / f"{stem}.docx", out / f"{stem}.md", eml)
        return made[key]

    return run


def content(source: Path) -> set[str]:
    """Words that come from the source and the theme: written as they are, in any language."""
    return source_words(source, THEMES / "default" / "theme.yaml") | {"default"}


def test_the_made_up_source_holds_no_word_of_any_catalogue() -> None:
    """So that nothing the check looks for is excused as content."""
    made_up = source_words(MADEUP)
    for folder in ("en", "de", "fr", "es", "it", "nl", "pt"):
        assert made_up & catalogue_words(folder) == set(), folder


def test_the_check_finds_english_words(build: Build) -> None:
    """The check itself: an English build, held to German, is full of English words."""
    built = build(MADEUP, "en")
    left = english_left(deck_texts(built.deck), "de", content(MADEUP))
    assert {"takeaways", "key", "points", "watch", "later", "questions"} <= left


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("density", ["summary", "full"])
def test_no_english_is_left_in_the_made_up_briefing(build: Build, lang: str, density: str) -> None:
    built = build(MADEUP, lang, density)
    folder = parse_tag(lang).catalogue
    words = content(MADEUP)
    assert english_left(deck_texts(built.deck), folder, words) == set()
    assert english_left(report_texts(built.report), folder, words) == set()
    assert english_left([built.markdown.read_text("utf-8")], folder, words) == set()
    subject, text, html = built.email()
    assert english_left([subject, text, html], folder, words) == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_is_left_in_the_sample(build: Build, lang: str) -> None:
    built = build(SAMPLE, lang)
    folder = parse_tag(lang).catalogue
    words = content(SAMPLE)
    deck, report = deck_texts(built.deck), report_texts(built.report)
    assert english_left(deck, folder, words) == set()
    assert english_left(report, folder, words) == set()
    markdown = built.markdown.read_text("utf-8")
    assert english_left([markdown], folder, words) == set()
    subject, text, html = built.email()
    assert english_left([subject, text, html], folder, words) == set()
    # The language's dates, everywhere the date is shown.
    date = SAMPLE_DATE[lang]
    for shown in (" ".join(deck), " ".join(report), markdown, text, html):
        assert date in shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_run_carries_the_language(build: Build, lang: str) -> None:
    built = build(SAMPLE, lang)
    runs = deck_runs(built.deck)
    assert len(runs) > 500
    assert {found for _, found in runs} == {lang}
    assert report_language(built.report) == (lang, 0)
    message, _, _ = email_parts(built.eml)
    assert message["Content-Language"] == lang
    html = message.get_body(("html",))
    assert html is not None
    assert f'<html lang="{lang}"' in html.get_content()


def test_a_german_deck_and_report_say_so_in_their_properties(build: Build) -> None:
    built = build(SAMPLE, "de-DE")
    for document in (built.deck, built.report):
        with zipfile.ZipFile(document) as package:
            core = package.read("docProps/core.xml").decode()
        assert "<dc:language>de-DE</dc:language>" in core


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_languages_set_the_paragraph_direction(build: Build, lang: str) -> None:
    built = build(SAMPLE, lang)
    with zipfile.ZipFile(built.deck) as package:
        slide = package.read("ppt/slides/slide4.xml").decode()
        notes = package.read("ppt/notesSlides/briefing-notes4.xml").decode()
    directions = re.findall(r'<a:pPr [^>]*rtl="(\d)"', slide)
    assert directions and set(directions) == {"1"}
    assert '<a:pPr algn="r" rtl="1"/>' in notes
    with zipfile.ZipFile(built.report) as package:
        styles = package.read("word/styles.xml").decode()
    assert re.search(r"<w:pPrDefault><w:pPr>.*<w:bidi/>", styles)
    assert f'w:bidi="{lang}"' in styles
    message, _, _ = email_parts(built.eml)
    html = message.get_body(("html",))
    assert html is not None and f'<html lang="{lang}" dir="rtl">' in html.get_content()


def test_left_to_right_languages_do_not(build: Build) -> None:
    built = build(SAMPLE, "de-DE")
    with zipfile.ZipFile(built.deck) as package:
        slide = package.read("ppt/slides/slide4.xml").decode()
    assert set(re.findall(r'<a:pPr [^>]*rtl="(\d)"', slide)) == {"0"}
