"""The catalogues: every language has every message, keeps each placeholder, has the plural
forms its language needs; a missing message falls back to English with one warning."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from briefing.exporters.markdown import render
from briefing.i18n import COUNT_KEYS, KEYS, Labels, messages
from briefing.i18n import catalogue as catalogues
from briefing.i18n.catalogue import available, po_file
from briefing.i18n.labels import placeholders
from briefing.source import load_briefing
from tests.conftest import SAMPLE

SHIPPED = ("en", "de", "fr", "es", "it", "nl", "pt", "ar", "he")


def _catalog(folder: str, root: Path | None = None) -> object:
    with po_file(folder, root).open("rb") as source:
        return read_po(source, locale=folder)


def test_the_shipped_languages() -> None:
    assert set(SHIPPED) <= available()


def test_the_english_catalogue_holds_exactly_the_keys() -> None:
    catalog = _catalog("en")
    singular = {m.id for m in catalog if m.id and isinstance(m.id, str)}
    counted = {m.id[0] for m in catalog if isinstance(m.id, tuple)}
    assert singular == set(KEYS)
    assert counted == set(COUNT_KEYS)
    assert set(Labels.model_fields) == set(KEYS)  # every plain message can be overridden


@pytest.mark.parametrize("folder", SHIPPED[1:])
def test_every_message_is_translated_with_its_placeholders(folder: str) -> None:
    english = {m.id if isinstance(m.id, str) else m.id[0]: m for m in _catalog("en") if m.id}
    catalog = _catalog(folder)
    plurals = catalog.num_plurals  # type: ignore[attr-defined]
    seen = set()
    for message in catalog:  # type: ignore[attr-defined]
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        seen.add(key)
        assert not message.fuzzy, key
        source = english[key].string
        if isinstance(message.string, tuple):
            assert len(message.string) == plurals, key
            wanted = set(placeholders(source[1])) - {"count"}
            for form in message.string:
                assert form.strip(), key
                # A form may spell its count out ("eine", "جلستان"); every other field stays.
                assert set(placeholders(form)) - {"count"} == wanted, (key, form)
        else:
            assert message.string.strip(), key
            assert sorted(placeholders(message.string)) == sorted(placeholders(source)), key
    assert seen == set(KEYS) | set(COUNT_KEYS)


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", {1: "1 session", 2: "2 sessions", 0: "0 sessions"}),
        ("de-DE", {1: "1 Vortrag", 2: "2 Vorträge", 1500: "1.500 Vorträge"}),
        ("fr-FR", {0: "0 session", 1: "1 session", 2: "2 sessions"}),
        ("es-ES", {1: "1 sesión", 3: "3 sesiones"}),
        ("it-IT", {1: "1 sessione", 3: "3 sessioni"}),
        ("nl-NL", {1: "1 sessie", 3: "3 sessies"}),
        ("pt-PT", {1: "1 sessão", 3: "3 sessões"}),
        ("ar", {1: "جلسة واحدة", 2: "جلستان", 3: "3 جلسات", 11: "11 جلسة", 100: "100 جلسة"}),
        ("he", {1: "מושב אחד", 2: "2 מושבים"}),
    ],
)
def test_counts_take_the_plural_form_of_their_language(lang: str, counts: dict[int, str]) -> None:
    words = messages(lang)
    for count, expected in counts.items():
        assert words.count("sessions_count", count) == expected


def test_a_message_reads_its_position_in_the_deck() -> None:
    words = messages("de-DE")
    assert words("track_of", number=2, total=3) == "Themenblock 2 von 3"
    assert words("session_of", number=3, total=4) == "Vortrag 3 von 4"
    assert words("continued", title="Agenda") == "Agenda (Forts.)"
    assert words.pieces("page_x_of_y") == [("Seite ", "page"), (" von ", "pages")]
    french = messages("fr")
    assert french.labelled("Notes", "x") == "Notes\u202f: x"


def _partial_catalogues(tmp_path: Path, missing: str) -> Path:
    """A copy of the catalogues whose German one lacks the message ``missing``."""
    root = tmp_path / "locale"
    for folder in ("en", "de"):
        target = po_file(folder, root)
        target.parent.mkdir(parents=True)
        shutil.copy(po_file(folder), target)
    german = po_file("de", root)
    text = german.read_text("utf-8")
    start = text.index(f'msgid "{missing}"')
    end = text.index("\n\n", start)
    german.write_text(text[:start] + f'msgid "{missing}"\nmsgstr ""' + text[end:], "utf-8")
    return root


def test_a_missing_message_falls_back_to_english_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings_logged: list[str]
) -> None:
    monkeypatch.setattr(catalogues, "LOCALE_DIR", _partial_catalogues(tmp_path, "takeaways"))
    words = messages("de-DE")
    assert words("takeaways") == "Takeaways"
    assert words("key_points") == "Kernpunkte"
    briefing = load_briefing(SAMPLE).model_copy()
    meta = briefing.meta.model_copy(update={"lang": "de-DE"})
    german = briefing.model_copy(update={"briefing": meta})
    text = render(german) + render(german)  # two outputs, one warning
    messages("de-DE")
    assert "**Takeaways**" in text and "**Kernpunkte**" in text
    about = [w for w in warnings_logged if "takeaways" in w]
    assert len(about) == 1
    assert "'takeaways'" in about[0] and "'de'" in about[0] and "English" in about[0]
    assert len(warnings_logged) == 1


def test_a_compiled_catalogue_is_read_unless_the_po_is_newer(tmp_path: Path) -> None:
    root = _partial_catalogues(tmp_path, "summary")
    german = po_file("de", root)
    compiled = german.with_suffix(".mo")
    compiled.write_bytes(catalogues.compile_po(po_file("de").read_bytes(), "de"))
    # The .mo is as new as the .po: it is read (it has the message this .po lacks).
    assert catalogues.load("de", root).gettext("summary") == "Zusammenfassung"
    catalogues._load.cache_clear()
    older = german.stat().st_mtime - 10
    os.utime(compiled, (older, older))
    # An edited .po is compiled as it is read: the message is missing (gettext gives the id).
    assert catalogues.load("de", root).gettext("summary") == "summary"
