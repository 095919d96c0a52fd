"""The words of one briefing in its language: the catalogue's messages, the labels its source
and theme override, and the locale's dates, numbers and lists."""

from __future__ import annotations

import datetime as dt
import gettext
import string
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from briefing.i18n import catalogue as catalogues
from briefing.i18n import formats
from briefing.i18n.catalogue import load, po_file
from briefing.i18n.keys import COUNT_KEYS, KEYS, CountKey, Key
from briefing.i18n.tags import DEFAULT_LANG, Language, parse_tag
from briefing.log import warn


class Messages:
    """Fixed words in one language: ``words("takeaways")``, ``words("track_of", number=2,
    total=3)``, ``words.count("sessions_count", 4)``; and the locale's formats."""

    def __init__(
        self,
        language: Language,
        catalogue: gettext.NullTranslations,
        english: gettext.NullTranslations,
        overrides: Mapping[str, str],
    ) -> None:
        self.language = language
        self._catalogue = catalogue
        self._english = english
        self._overrides = dict(overrides)

    @property
    def lang(self) -> str:
        """The language tag documents carry: 'de-DE'."""
        return self.language.tag

    @property
    def rtl(self) -> bool:
        """Whether paragraphs read from the right (Arabic, Hebrew)."""
        return self.language.rtl

    @property
    def locale(self) -> object:
        return self.language.locale

    def template(self, key: Key) -> str:
        """The message of ``key`` with its placeholders unfilled."""
        found = self._overrides.get(key)
        if found is None:
            found = self._catalogue.gettext(key)
            if not found or found == key:
                found = self._english.gettext(key)
        return found

    def __call__(self, key: Key, **fields: object) -> str:
        template = self.template(key)
        return template.format(**fields) if fields else template

    def count(self, key: CountKey, count: int, **fields: object) -> str:
        """The message of ``key`` in the plural form ``count`` takes in this language, the
        count written as the locale writes numbers ('1.500 Vorträge')."""
        template = self._catalogue.ngettext(key, key, count)
        if not template or template == key:
            template = self._english.ngettext(key, key, count)
        return template.format(count=self.number(count), **fields)

    def pieces(self, key: Key) -> list[tuple[str, str | None]]:
        """The message cut at its placeholders, for writers that fill them with something
        other than text (Word's page fields): [('Seite ', 'page'), (' von ', 'pages')]."""
        parsed = string.Formatter().parse(self.template(key))
        return [(literal, name) for literal, name, _, _ in parsed]

    def around(self, key: Key, field: str) -> tuple[str, str]:
        """What the message says before and after ``field``: ('', ': ') for '{label}: {text}'
        cut at 'text' once 'label' is filled in by the caller."""
        template = self.template(key)
        marker = "{" + field + "}"
        before, _, after = template.partition(marker)
        return before, after

    # --- formats -------------------------------------------------------------------------

    def date(self, day: dt.date) -> str:
        return formats.date(day, self.language.locale)

    def number(self, value: float) -> str:
        return formats.number(value, self.language.locale)

    def figure(self, value: float, unit: str | None) -> str:
        """A stat's value with its unit: '25,3 Mio.', '63 %'."""
        return formats.figure(value, unit, self.language.locale)

    def unit_name(self, unit: str) -> str:
        """'million', 'Mio.'."""
        return formats.unit_name(unit, self.language.locale)

    def chart_format(self, unit: str | None) -> str:
        return formats.chart_format(unit, self.language.locale)

    def join(self, items: Sequence[str]) -> str:
        return formats.join(items, self.language.locale)

    def labelled(self, label: str, text: str) -> str:
        """'Notes: ...', 'Notes : ...' (French)."""
        return self("labelled", label=label, text=text)

    def lead(self, label: str) -> str:
        """A label as it leads its text, set apart from it: 'Speakers: ', 'Intervenants : '."""
        before, _ = self.around("labelled", "text")
        return before.replace("{label}", label)


def messages(lang: str = DEFAULT_LANG, *overrides: Mapping[str, str] | None) -> Messages:
    """The words for ``lang`` (a tag such as 'de-DE'), each of ``overrides`` (a theme's
    labels, then a source's) winning over the catalogue and the ones before it. Raises
    tags.LanguageError for a tag briefing has no catalogue for."""
    language = parse_tag(lang)
    merged: dict[str, str] = {}
    for labels in overrides:
        if labels:
            merged.update(labels)
    return Messages(language, catalogue(language.catalogue), catalogue("en"), merged)


def catalogue(folder: str) -> gettext.GNUTranslations:
    """The catalogue of ``folder``, its missing messages said once each."""
    root = catalogues.LOCALE_DIR
    found = load(folder, root)
    if folder != "en":
        _report_missing(folder, root, found)
    return found


@lru_cache(maxsize=32)
def _report_missing(folder: str, root: Path, found: gettext.GNUTranslations) -> None:
    missing = list(missing_keys(found, KEYS, COUNT_KEYS))
    shown = po_file(folder, root)
    english = load("en", root)
    for key in missing:
        text = english.gettext(key) if key in KEYS else english.ngettext(key, key, 2)
        warn(
            f"the {folder!r} catalogue ({shown}) has no message {key!r}; it is written in "
            f"English ({text!r}) until the catalogue has it"
        )


def missing_keys(
    found: gettext.NullTranslations, keys: Iterable[str], count_keys: Iterable[str]
) -> Iterable[str]:
    """The keys ``found`` has no message for (an untranslated or fuzzy one included)."""
    for key in keys:
        text = found.gettext(key)
        if not text or text == key:
            yield key
    for key in count_keys:
        text = found.ngettext(key, key, 1)
        if not text or text == key:
            yield key
