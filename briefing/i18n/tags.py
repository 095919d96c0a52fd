"""Language tags (BCP 47, as ``de-DE``): which languages briefing writes, and what a tag means
for the catalogue, the formats of dates and numbers, and the direction of text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.i18n import catalogue as catalogues

if TYPE_CHECKING:
    from babel import Locale

DEFAULT_LANG = "en"
# A language and, optionally, a region: two letters (DE) or an area's three digits (419).
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:-([A-Za-z]{2}|[0-9]{3}))?$")
# The English catalogue is written in British English ("Organisation"), so a bare "en" has
# British dates ("20 December 2019"); "en-US" gives American ones. The Portuguese catalogue is
# European Portuguese for the same reason.
_FORMATS_OF = {"en": "en_GB", "pt": "pt_PT"}


class LanguageError(ValueError):
    """A language tag briefing cannot write in; the message says which ones it can."""


@dataclass(frozen=True)
class Language:
    """A parsed tag: as documents carry it, its catalogue and the locale formats follow."""

    tag: str  # normalised: "de-DE", "fr", "es-419"
    language: str  # "de"
    catalogue: str  # the catalogue folder: "pt_BR" when there is one, else "pt"
    locale: Locale  # Babel's locale for dates, numbers, lists and plural rules
    rtl: bool  # Arabic, Hebrew: paragraphs read from the right


def codes() -> list[str]:
    """The codes of the languages with a catalogue: 'de', 'en', ..."""
    return [folder for folder in sorted(catalogues.available()) if "_" not in folder]


def supported() -> dict[str, str]:
    """The languages with a catalogue, by code, each with its name in itself."""
    from babel import Locale

    return {code: Locale.parse(code).get_display_name(code) or code for code in codes()}


def listing() -> str:
    """The supported languages as an error message lists them: 'de (Deutsch), en (English)'."""
    return ", ".join(f"{code} ({name})" for code, name in supported().items())


@lru_cache(maxsize=64)
def parse_tag(tag: str) -> Language:
    """The language a tag names; LanguageError when it is malformed or has no catalogue."""
    from babel import Locale, UnknownLocaleError

    text = tag.strip()
    match = _TAG.fullmatch(text)
    if match is None:
        hint = (
            f"write it with a hyphen, as {text.replace('_', '-')!r}"
            if "_" in text and _TAG.fullmatch(text.replace("_", "-"))
            else "give a language code, with a region or without, such as 'de-DE' or 'de'"
        )
        raise LanguageError(
            f"{tag!r} is not a language tag; {hint}; supported languages: {listing()}"
        )
    language, region = match.group(1).lower(), match.group(2)
    region = region.upper() if region else None
    normalised = f"{language}-{region}" if region else language
    folders = catalogues.available()
    if language not in folders:
        raise LanguageError(f"unknown language {normalised!r}; supported languages: {listing()}")
    name = f"{language}_{region}" if region else language
    try:
        locale = Locale.parse(name if region else _FORMATS_OF.get(language, language))
    except (UnknownLocaleError, ValueError):
        raise LanguageError(
            f"unknown region in {normalised!r}; give a region of {language!r} such as "
            f"{_example(language)!r}, or the language alone ({language!r})"
        ) from None
    catalogue = name if region and name in folders else language
    rtl = locale.character_order == "right-to-left"
    return Language(normalised, language, catalogue, locale, rtl)


def _example(language: str) -> str:
    from babel import Locale

    territory = Locale.parse(_FORMATS_OF.get(language, language)).territory
    if territory is None:
        from babel.core import get_global

        territory = get_global("likely_subtags").get(language, f"{language}_XX").split("_")[-1]
    return f"{language}-{territory}"
